"""Admin: editors confirm or reject machine-found mentions, merge duplicate
people and organisations, split homonyms. Every act goes through a service,
which records it as a PeopleChange."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from articles.models import Byline, PageCredit
from newsroom.admin import ArchiveModelAdmin

from .models import (
    Mention,
    MentionStatus,
    OfficeHolding,
    Organisation,
    PeopleChange,
    Person,
    PersonAlias,
)
from .services import (
    mention_review,
    organisation_merge,
    organisation_update,
    person_alias_add,
    person_alias_remove,
    person_merge,
    person_split,
    person_update,
)

CONTEXT_CHARS = 15  # shown on either side of a mention


def _count_for_person(model):
    rows = (
        model.objects.filter(person=OuterRef("pk"))
        .order_by()
        .values("person")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    extra = 0


@admin.register(Person)
class PersonAdmin(ArchiveModelAdmin):
    list_display = [
        "name",
        "id",
        "mention_count",
        "confirmed_count",
        "byline_count",
        "credit_count",
    ]
    search_fields = ["name", "aliases__name"]
    inlines = [PersonAliasInline]
    actions = ["merge_into_earliest"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _mentions=Count("mentions", distinct=True),
                _confirmed=Count(
                    "mentions",
                    filter=Q(mentions__status=MentionStatus.CONFIRMED),
                    distinct=True,
                ),
                # Subqueries, not joins: joining bylines and credits beside the
                # mentions would multiply the rows counted.
                _bylines=_count_for_person(Byline),
                _credits=_count_for_person(PageCredit),
            )
            .order_by("name", "id")  # the annotation drops Meta.ordering
        )

    @admin.display(ordering="_mentions", description=_("mentions"))
    def mention_count(self, obj):
        return obj._mentions

    @admin.display(ordering="_confirmed", description=_("confirmed"))
    def confirmed_count(self, obj):
        return obj._confirmed

    @admin.display(ordering="_bylines", description=_("bylines"))
    def byline_count(self, obj):
        return obj._bylines

    @admin.display(ordering="_credits", description=_("credits"))
    def credit_count(self, obj):
        return obj._credits

    def save_model(self, request, obj, form, change):
        # Through the service, which records the rename in PeopleChange.
        if not change:
            return super().save_model(request, obj, form, change)
        person_update(person=obj, name=obj.name, note=obj.note, user=request.user)

    def save_formset(self, request, form, formset, change):
        """Aliases are added and removed through the services (recorded)."""
        if formset.model is not PersonAlias:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        person = form.instance
        for alias in formset.deleted_objects:
            person_alias_remove(alias=alias, user=request.user)
        for alias, _fields in formset.changed_objects:
            old = PersonAlias.objects.get(pk=alias.pk)
            person_alias_remove(alias=old, user=request.user)
            person_alias_add(person=person, name=alias.name, user=request.user)
        for alias in formset.new_objects:
            person_alias_add(person=person, name=alias.name, user=request.user)

    @admin.action(
        description=_("Merge selected people into the earliest of them"),
        # The others are deleted: both permissions.
        permissions=["change", "delete"],
    )
    def merge_into_earliest(self, request, queryset):
        people = list(queryset.order_by("id"))
        try:
            person_merge(target=people[0], others=people[1:], user=request.user)
        except ValidationError as exc:
            self.message_user(request, "; ".join(exc.messages), messages.ERROR)
            return
        self.message_user(
            request,
            gettext("Merged %(n)d into %(name)s (#%(id)s).")
            % {"n": len(people) - 1, "name": people[0].name, "id": people[0].pk},
        )


@admin.register(Organisation)
class OrganisationAdmin(ArchiveModelAdmin):
    list_display = ["name", "id"]
    search_fields = ["name"]
    actions = ["merge_into_earliest"]

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        organisation_update(organisation=obj, name=obj.name, user=request.user)

    @admin.action(
        description=_("Merge selected organisations into the earliest"),
        permissions=["change", "delete"],
    )
    def merge_into_earliest(self, request, queryset):
        orgs = list(queryset.order_by("id"))
        try:
            organisation_merge(target=orgs[0], others=orgs[1:], user=request.user)
        except ValidationError as exc:
            self.message_user(request, "; ".join(exc.messages), messages.ERROR)
            return
        self.message_user(
            request,
            gettext("Merged %(n)d into %(name)s.")
            % {"n": len(orgs) - 1, "name": orgs[0].name},
        )


@admin.register(Mention)
class MentionAdmin(ArchiveModelAdmin):
    list_display = [
        "text",
        "kind",
        "named",
        "title",
        "marked_context",
        "status",
        "confidence",
        "rule",
        "article_link",
    ]
    list_filter = ["status", "kind", "rule", "field"]
    list_select_related = ["person", "organisation", "article"]
    search_fields = ["text", "title", "person__name", "organisation__name"]
    autocomplete_fields = ["person", "organisation"]
    raw_id_fields = ["article"]
    readonly_fields = ["status", "reviewed_by", "reviewed_at", "marked_context"]
    actions = ["confirm", "reject", "split_off"]

    def has_split_permission(self, request) -> bool:
        """Splitting moves mentions to a person it creates."""
        return self.has_change_permission(request) and request.user.has_perm(
            "people.add_person"
        )

    @admin.display(description=_("context"))
    def marked_context(self, obj):
        """The mention marked in its text, as the editor checks it."""
        text = getattr(obj.article, obj.field, None) or ""
        if text[obj.start : obj.end] != obj.text:
            return gettext("(text changed since)")
        before = text[max(0, obj.start - CONTEXT_CHARS) : obj.start]
        after = text[obj.end : obj.end + CONTEXT_CHARS]
        return format_html("…{}<mark>{}</mark>{}…", before, obj.text, after)

    @admin.display(description=_("article"))
    def article_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', obj.article.get_absolute_url(), obj.article_id
        )

    @admin.action(description=_("Confirm selected mentions"), permissions=["change"])
    def confirm(self, request, queryset):
        done = mention_review(
            mentions=queryset, status=MentionStatus.CONFIRMED, user=request.user
        )
        self.message_user(
            request,
            ngettext("Confirmed %(n)d mention.", "Confirmed %(n)d mentions.", len(done))
            % {"n": len(done)},
        )

    @admin.action(description=_("Reject selected mentions"), permissions=["change"])
    def reject(self, request, queryset):
        done = mention_review(
            mentions=queryset, status=MentionStatus.REJECTED, user=request.user
        )
        self.message_user(
            request,
            ngettext("Rejected %(n)d mention.", "Rejected %(n)d mentions.", len(done))
            % {"n": len(done)},
        )

    @admin.action(
        description=_("Split selected mentions off to a new person (homonym)"),
        permissions=["split"],
    )
    def split_off(self, request, queryset):
        mentions = list(
            queryset.filter(kind=Mention.Kind.PERSON).select_related("person")
        )
        by_person: dict[int, list[Mention]] = {}
        for mention in mentions:
            by_person.setdefault(mention.person_id, []).append(mention)
        for group in by_person.values():
            new = person_split(
                person=group[0].person, mentions=group, user=request.user
            )
            self.message_user(
                request,
                gettext("Split %(n)d mentions off to #%(id)s.")
                % {"n": len(group), "id": new.pk},
            )


@admin.register(OfficeHolding)
class OfficeHoldingAdmin(ArchiveModelAdmin):
    list_display = ["person", "office", "organisation", "date", "article"]
    list_select_related = ["person", "organisation", "article"]
    list_filter = ["office"]
    search_fields = ["person__name", "office", "organisation__name"]
    autocomplete_fields = ["person", "organisation"]
    raw_id_fields = ["article", "mention"]
    date_hierarchy = "date"


@admin.register(PeopleChange)
class PeopleChangeAdmin(admin.ModelAdmin):
    """The history of editorial acts: read-only."""

    list_display = ["created_at", "action", "person", "organisation", "user"]
    list_filter = ["action"]
    list_select_related = ["person", "organisation", "user"]
    readonly_fields = [
        "action",
        "person",
        "organisation",
        "details",
        "user",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
