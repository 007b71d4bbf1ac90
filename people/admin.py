from django.contrib import admin
from django.db.models import Count

from .models import Organisation, Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    """People named in bylines and credits; searched by the bylines'
    autocomplete."""

    list_display = ["name", "bylines", "credits", "id"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                byline_count=Count("bylines", distinct=True),
                credit_count=Count("page_credits", distinct=True),
            )
        )

    @admin.display(description="bylines", ordering="byline_count")
    def bylines(self, person):
        return person.byline_count

    @admin.display(description="credits", ordering="credit_count")
    def credits(self, person):
        return person.credit_count


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "id"]
    search_fields = ["name"]
