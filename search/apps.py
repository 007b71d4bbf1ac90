from django.apps import AppConfig
from django.core import checks


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self):
        checks.register(search_engine_check)


def search_engine_check(app_configs, **kwargs):
    """The site's and the API's search need an engine that tokenises Chinese."""
    from search.services import engine_configured

    if engine_configured():
        return []
    return [
        checks.Warning(
            "HAYSTACK_CONNECTIONS['default'] is haystack's simple engine, which "
            "does not tokenise Chinese: searches will find nothing.",
            hint="Use search.backends.DatabaseSearchEngine (the default).",
            id="search.W001",
        )
    ]
