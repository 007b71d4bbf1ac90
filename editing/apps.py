from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class EditingConfig(AppConfig):
    """The workbench and the editors' operations; no models of its own."""

    name = "editing"
    verbose_name = pgettext_lazy("app", "Editing")
