"""Read replicas: which database a query goes to.

With DATABASE_REPLICA_URLS set (newsroom.settings.base), the reads of an
anonymous safe request (the public site, API GETs, search) go to a replica.
Everything else reads and writes the primary ("default"):

- writes (a replica refuses them anyway);
- any request that writes (POST, PATCH, ...), and the writer's next requests
  for NEWSROOM_PRIMARY_PIN_SECONDS (a cookie): they see their own change even
  before the replicas have replayed it;
- signed-in people (a session cookie or an Authorization header): editors at
  the workbench always read what they just wrote;
- everything outside a request: commands, Celery tasks, the shell, whose reads
  often decide a write (`select_for_update`, upserts).
"""

from __future__ import annotations

import contextvars
import random
from collections.abc import Iterator

from django.conf import settings
from django.db import connections

PRIMARY = "default"
PIN_COOKIE = "newsroom_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

# The database the current request reads: one replica for the whole request,
# so that its queries see one state of the archive.
_read_db = contextvars.ContextVar("newsroom_read_db", default=PRIMARY)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica_")]


def read_alias() -> str:
    """The database the current context's reads go to (raw SQL uses this too)."""
    return _read_db.get()


class _ReadConnection:
    """`django.db.connection` for raw reads (the search engine's SQL): the
    connection of read_alias()."""

    def __getattr__(self, name):
        return getattr(connections[read_alias()], name)


read_connection = _ReadConnection()


class ReplicaRouter:
    """Reads to a replica where the request allows it, writes to the primary."""

    def db_for_read(self, model, **hints):
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            # Related rows come from where their parent came from.
            return instance._state.db
        return read_alias()

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every alias holds the same archive

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # Replicas get their schema by replication.
        return db == PRIMARY


def _needs_primary(request) -> bool:
    return (
        request.method not in SAFE_METHODS
        or PIN_COOKIE in request.COOKIES
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or "HTTP_AUTHORIZATION" in request.META
    )


def _streamed_from(alias: str, content: Iterator) -> Iterator:
    # A streamed body (exports) is produced after the view has returned.
    token = _read_db.set(alias)
    try:
        yield from content
    finally:
        _read_db.reset(token)


class PrimaryPinMiddleware:
    """Lets a request read from replicas unless it must see the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        replicas = replica_aliases()
        if not replicas:
            return self.get_response(request)
        alias = PRIMARY if _needs_primary(request) else random.choice(replicas)
        token = _read_db.set(alias)
        try:
            response = self.get_response(request)
        finally:
            _read_db.reset(token)
        if alias != PRIMARY and response.streaming:
            response.streaming_content = _streamed_from(
                alias, response.streaming_content
            )
        if request.method not in SAFE_METHODS and response.status_code < 400:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.NEWSROOM_PRIMARY_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
            )
        return response
