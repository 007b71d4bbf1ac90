"""Admin: browsing the archive. Corrections go through services (#3); until
then derived and verbatim data is read-only here."""

from django.contrib import admin

from articles.models import (
    Article,
    Byline,
    IngestRun,
    Issue,
    Page,
    PageCredit,
    PageSource,
    Publication,
    TextBlock,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "edition"]
    search_fields = ["name", "slug"]


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["date", "publication", "number", "weekday", "lunar_date"]
    list_filter = ["publication"]
    list_select_related = ["publication"]
    search_fields = ["publication__name", "lunar_date"]
    date_hierarchy = "date"


class PageCreditInline(admin.TabularInline):
    model = PageCredit
    extra = 0
    raw_id_fields = ["person"]


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "issue", "number", "edition", "version"]
    list_filter = ["issue__publication"]
    list_select_related = ["issue"]
    search_fields = ["source__file_name"]
    raw_id_fields = ["issue", "source"]
    readonly_fields = ["source", "warnings", "version"]
    inlines = [PageCreditInline]


@admin.register(PageSource)
class PageSourceAdmin(ReadOnlyAdmin):
    """Verbatim OCR text: never modified, never deleted on its own."""

    list_display = ["file_name", "page", "encoding", "size", "sha256", "ingested_at"]
    list_filter = ["encoding"]
    search_fields = ["file_name", "=sha256"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        # The changelist never shows the text; don't load 20 KB per row.
        if request.resolver_match and request.resolver_match.url_name.endswith(
            "changelist"
        ):
            qs = qs.defer("text")
        return qs


@admin.register(TextBlock)
class TextBlockAdmin(admin.ModelAdmin):
    list_display = [
        "page",
        "sequence",
        "kind",
        "article",
        "position",
        "origin",
        "confidence",
    ]
    list_filter = ["kind", "origin"]
    list_select_related = ["page", "article"]
    search_fields = ["text"]
    raw_id_fields = ["page", "article"]
    readonly_fields = ["start", "end", "machine_text", "version"]


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 0
    raw_id_fields = ["person"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "page", "sequence", "kind", "status", "confidence"]
    list_filter = ["kind", "status"]
    list_select_related = ["page"]
    search_fields = ["headline", "kicker", "rubric"]
    raw_id_fields = ["page"]
    # The body is derived from the blocks; editing it here would be overwritten.
    readonly_fields = ["body", "version"]
    inlines = [BylineInline]


@admin.register(IngestRun)
class IngestRunAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "started_at",
        "status",
        "sources",
        "pages_created",
        "pages_unchanged",
        "pages_replaced",
        "pages_failed",
    ]
    list_filter = ["status"]
