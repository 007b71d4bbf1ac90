from django.apps import AppConfig


class EditingConfig(AppConfig):
    """The workbench and the editors' operations; no models of its own."""

    name = "editing"
    verbose_name = "Editing"
