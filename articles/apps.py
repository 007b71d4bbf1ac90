from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = pgettext_lazy("app", "Articles")

    def ready(self):
        # Before any page is cut: the ingest's workers fork with it.
        from django.conf import settings

        from newsroom.jieba_speedup import jieba_speedup_install

        if getattr(settings, "NEWSROOM_JIEBA_FAST", True):
            jieba_speedup_install()
