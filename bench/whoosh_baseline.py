"""The yardstick of bench/search.py: haystack's stock Whoosh backend with
jieba's ChineseAnalyzer on text fields (the usual recipe). Not used by the
site (bench/search_settings.py switches to it)."""

from haystack.backends.whoosh_backend import (
    WhooshEngine,
    WhooshSearchBackend,
)
from jieba.analyse import ChineseAnalyzer
from whoosh.fields import TEXT


class ChineseWhooshBackend(WhooshSearchBackend):
    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        for name, field in list(schema.items()):
            if isinstance(field, TEXT):
                schema.remove(name)
                schema.add(
                    name,
                    TEXT(
                        stored=field.stored,
                        analyzer=ChineseAnalyzer(),
                        field_boost=field.format.field_boost,
                        sortable=True,
                    ),
                )
        return content_field_name, schema


class ChineseWhooshEngine(WhooshEngine):
    backend = ChineseWhooshBackend
