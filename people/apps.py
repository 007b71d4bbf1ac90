from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = pgettext_lazy("app", "People")
