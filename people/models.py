"""People and organisations named on the pages.

Names are not unique: two reporters can share a name. Telling homonyms apart
and recording mentions come later; for now a name printed in a byline or a
credit line resolves to the earliest person of that name.
"""

from django.db import models


class Person(models.Model):
    name = models.CharField(max_length=100, db_index=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    name = models.CharField(max_length=200, db_index=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name
