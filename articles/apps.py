from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = pgettext_lazy("app", "Articles")
