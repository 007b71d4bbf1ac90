"""The admin's base for models editors change by hand."""

from django.contrib import admin

from articles.services.archive import archive_changed


class ArchiveModelAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves and deletions record the archive's change
    (articles.services.archive), as every service does: cached API answers
    are never stale after an edit in the admin. Actions call services, which
    record it themselves."""

    def save_related(self, request, form, formsets, change):
        # After save_model and the inlines: once per saved form.
        super().save_related(request, form, formsets, change)
        archive_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        archive_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        archive_changed()
