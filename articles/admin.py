"""Admin: browsing the archive, and the page workbench where editors correct
segmentation through the services (articles.workbench)."""

from functools import partial

from django.contrib import admin
from django.urls import path, reverse
from django.utils.html import format_html

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
    list_display = ["__str__", "issue", "number", "edition", "version", "workbench"]
    list_filter = ["issue__publication"]
    list_select_related = ["issue"]
    search_fields = ["source__file_name"]
    raw_id_fields = ["issue", "source"]
    readonly_fields = ["source", "warnings", "version"]
    inlines = [PageCreditInline]

    def get_urls(self):
        from articles.workbench import workbench_action, workbench_view

        view = self.admin_site.admin_view
        return [
            path(
                "<int:object_id>/workbench/",
                view(partial(workbench_view, model_admin=self)),
                name="articles_page_workbench",
            ),
            path(
                "<int:object_id>/workbench/do/",
                view(partial(workbench_action, model_admin=self)),
                name="articles_page_workbench_action",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="Workbench")
    def workbench(self, page):
        url = reverse("admin:articles_page_workbench", args=[page.pk])
        return format_html('<a href="{}">open</a>', url)


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
