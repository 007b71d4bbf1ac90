"""Admin: browsing the archive, and the page workbench where editors correct
segmentation through the services (the editing app: editing.views)."""

from functools import partial

from django.contrib import admin
from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from articles.models import (
    Article,
    Byline,
    IngestRun,
    IngestRunFile,
    Issue,
    Page,
    PageChange,
    PageChangeRow,
    PageCredit,
    PageSource,
    Publication,
    TextBlock,
)
from articles.services.listings import listings_refresh
from newsroom.admin import ArchiveModelAdmin
from search.services import article_ids_matching

# A broader search is narrowed by its words or the list's filters.
ADMIN_SEARCH_HITS = 1000


def _corrected_rows():
    return PageChangeRow.objects.filter(
        article_id=OuterRef("pk"),
        model=PageChangeRow.Model.TEXT_BLOCK,
        change__operation=PageChange.Operation.CORRECT,
        change__undone_by__isnull=True,
    )


class _CorrectedFilter(admin.SimpleListFilter):
    """Yes/no on `corrected()`, a condition on the listed rows."""

    title = _("corrected")
    parameter_name = "corrected"
    labels = (_("Corrected"), _("Not corrected"))

    def corrected(self):
        raise NotImplementedError

    def lookups(self, request, model_admin):
        return [("yes", self.labels[0]), ("no", self.labels[1])]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(self.corrected())
        if self.value() == "no":
            return queryset.exclude(self.corrected())
        return queryset


class CorrectedFilter(_CorrectedFilter):
    """Articles whose text an editor corrected (corrections not undone)."""

    def corrected(self):
        return Exists(_corrected_rows())


class BlockCorrectedFilter(_CorrectedFilter):
    labels = (_("Corrected"), _("As the machine read it"))

    def corrected(self):
        return ~Q(text=F("machine_text"))


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ThroughWorkbenchAdmin(ReadOnlyAdmin):
    """Segmentation rows change only through the workbench's services, which
    record history; here they can be browsed."""

    @admin.display(description=_("Workbench"))
    def workbench(self, obj):
        url = reverse("admin:articles_page_workbench", args=[obj.page_id])
        return format_html('<a href="{}">{}</a>', url, _("open"))


@admin.register(Publication)
class PublicationAdmin(ArchiveModelAdmin):
    """A paper's name, edition, masthead patterns and standing rubrics: what
    the parser needs to recognise its pages, editable without a programmer."""

    list_display = ["name", "slug", "edition", "masthead_patterns"]
    search_fields = ["name", "slug"]
    fields = ["name", "slug", "edition", "masthead_patterns", "rubrics"]


@admin.register(Issue)
class IssueAdmin(ArchiveModelAdmin):
    list_display = ["date", "publication", "number", "weekday", "lunar_date", "pages"]
    list_filter = ["publication", "weekday"]
    list_select_related = ["publication"]
    search_fields = ["publication__name", "lunar_date", "=number"]
    date_hierarchy = "date"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(page_count=Count("pages"))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and "date" in form.changed_data:
            # The database deleted the pages' entries in the API's listing.
            pages = form.instance.pages.values_list("pk", flat=True)
            listings_refresh(page_ids=list(pages))

    @admin.display(description=_("pages"), ordering="page_count")
    def pages(self, issue):
        return issue.page_count


class PageCreditInline(admin.TabularInline):
    model = PageCredit
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Page)
class PageAdmin(ArchiveModelAdmin):
    list_display = [
        "__str__",
        "issue",
        "number",
        "edition",
        "articles",
        "version",
        "workbench",
    ]
    list_filter = ["issue__publication", "number", "edition"]
    list_select_related = ["issue"]
    search_fields = ["source__file_name", "issue__lunar_date"]
    date_hierarchy = "issue__date"
    raw_id_fields = ["issue", "source"]
    readonly_fields = ["source", "warnings", "version"]
    inlines = [PageCreditInline]

    def get_urls(self):
        from editing.views import workbench_action, workbench_view

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

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and {"issue", "number", "edition"} & set(form.changed_data):
            # The database deleted its articles' entries in the API's listing.
            listings_refresh(page_ids=[form.instance.pk])

    @admin.display(description=_("articles"), ordering="article_count")
    def articles(self, page):
        return page.article_count

    @admin.display(description=_("Workbench"))
    def workbench(self, page):
        url = reverse("admin:articles_page_workbench", args=[page.pk])
        return format_html('<a href="{}">{}</a>', url, _("open"))


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
class TextBlockAdmin(ThroughWorkbenchAdmin):
    list_display = [
        "text_start",
        "kind",
        "article",
        "page",
        "sequence",
        "position",
        "origin",
        "confidence",
        "workbench",
    ]
    list_filter = ["kind", "origin", BlockCorrectedFilter, "page__number"]
    list_select_related = ["page", "article"]
    search_fields = ["text", "machine_text"]
    date_hierarchy = "page__issue__date"

    @admin.display(description=_("text"))
    def text_start(self, block):
        return block.text[:40]


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Article)
class ArticleAdmin(ThroughWorkbenchAdmin):
    list_display = [
        "__str__",
        "rubric",
        "date",
        "page",
        "kind",
        "status",
        "corrections",
        "confidence",
        "workbench",
    ]
    list_filter = ["status", "kind", CorrectedFilter, "page__number", "rubric"]
    list_select_related = ["page__issue"]
    # The search box asks the site's search engine (get_search_results).
    search_fields = ["headline"]
    # Lazy: in the language of each request, not of the import.
    search_help_text = format_lazy(
        _(
            "As on the site: words (all must match), “a phrase”, A OR B, -word. "
            "At most the {n} most relevant articles."
        ),
        n=ADMIN_SEARCH_HITS,
    )
    date_hierarchy = "page__issue__date"
    inlines = [BylineInline]

    def get_search_results(self, request, queryset, search_term):
        # Through haystack, like the site and the API: Chinese words, not
        # substrings, and traditional characters or stray spaces still match.
        if not search_term.strip():
            return queryset, False
        ids = article_ids_matching(search_term, limit=ADMIN_SEARCH_HITS)
        return queryset.filter(pk__in=ids), False

    def get_queryset(self, request):
        rows = _corrected_rows().values("article_id")
        corrections = rows.annotate(n=Count("change_id", distinct=True)).values("n")
        return super().get_queryset(request).annotate(correction_count=corrections)

    @admin.display(description=_("date"), ordering="page__issue__date")
    def date(self, article):
        return article.page.issue.date

    @admin.display(description=_("corrections"), ordering="correction_count")
    def corrections(self, article):
        return article.correction_count or 0


class PageChangeRowInline(admin.TabularInline):
    model = PageChangeRow
    extra = 0
    can_delete = False
    readonly_fields = ["model", "object_id", "article_id", "before", "after"]


@admin.register(PageChange)
class PageChangeAdmin(ReadOnlyAdmin):
    """The editors' history: browse it here, undo it from the workbench."""

    list_display = ["created_at", "user", "operation", "page", "summary", "undone"]
    list_filter = ["operation", "user"]
    list_select_related = ["user", "page", "undone_by"]
    search_fields = ["summary", "user__username"]
    date_hierarchy = "created_at"
    inlines = [PageChangeRowInline]

    @admin.display(boolean=True)
    def undone(self, change):
        return hasattr(change, "undone_by")


class IngestRunFileInline(admin.TabularInline):
    """The failed files of a queued run (`ingest --queue`), with their problem."""

    model = IngestRunFile
    extra = 0
    can_delete = False
    readonly_fields = ["file_name", "status", "problem", "worker", "finished_at"]
    fields = readonly_fields
    verbose_name_plural = _("failed files")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(status=IngestRunFile.Status.FAILED)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(IngestRun)
class IngestRunAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "started_at",
        "status",
        "progress",
        "sources",
        "pages_created",
        "pages_unchanged",
        "pages_replaced",
        "pages_failed",
    ]
    list_filter = ["status"]
    inlines = [IngestRunFileInline]

    def get_queryset(self, request):
        # A queued run's progress is counted from its files, in this one query.
        return (
            super()
            .get_queryset(request)
            .annotate(
                files_total=Count("files"),
                files_done=Count(
                    "files", filter=~Q(files__status=IngestRunFile.Status.QUEUED)
                ),
            )
        )

    @admin.display(description=_("progress"))
    def progress(self, run):
        if not run.files_total:  # ingested in one process: see the counts
            return "—"
        return f"{run.files_done}/{run.files_total}"
