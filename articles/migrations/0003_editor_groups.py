"""The editors' groups: "Editor" corrects segmentation and text, "Reviewer"
also confirms articles and re-runs the automatic segmentation."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW = [
    "view_publication",
    "view_issue",
    "view_page",
    "view_pagesource",
    "view_textblock",
    "view_article",
    "view_byline",
    "view_pagecredit",
    "view_ingestrun",
    "view_pagechange",
]
EDITOR = [*VIEW, "change_textblock", "change_article", "change_byline"]
REVIEWER = [*EDITOR, "confirm_article", "resegment_page"]
PEOPLE = ["view_person", "view_organisation", "change_person"]


def create_groups(apps, schema_editor):
    # Permissions are normally created after migrate; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (("Editor", EDITOR), ("Reviewer", REVIEWER)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="articles", codename__in=codenames
            ),
            *Permission.objects.filter(
                content_type__app_label="people", codename__in=PEOPLE
            ),
        )


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["Editor", "Reviewer"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_page_history"),
        ("people", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
