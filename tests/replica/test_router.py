"""The database router against a real streaming replica (conftest.py).

A site process is configured with the throwaway primary as DATABASE_URL and
its replica in DATABASE_REPLICA_URLS. With the replica's replay paused, an
editor's change is on the primary only: the public (site, API, search) still
sees the replica's old state, the editor sees the change; once replay
resumes, everyone does. Commands (migrate, ingest) and writes work because
they never reach the read-only replica.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from tests.waiting import wait_for

ROOT = Path(__file__).resolve().parents[2]
DATABASE = "newsroom_replica"
NEW_HEADLINE = "复制延迟期间的新标题"


def _site_env(pair) -> dict:
    return dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="newsroom.settings.test",
        DATABASE_URL=f"{pair.primary_url}/{DATABASE}",
        DATABASE_REPLICA_URLS=f"{pair.replica_url}/{DATABASE}",
    )


def _run(env, *args) -> str:
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _caught_up(primary, replica) -> bool:
    (lsn,) = primary.execute("SELECT pg_current_wal_lsn()").fetchone()
    (behind,) = replica.execute(
        "SELECT pg_wal_lsn_diff(%s, pg_last_wal_replay_lsn())", [lsn]
    ).fetchone()
    return behind <= 0


def test_public_reads_replica_editor_reads_own_write(streaming_pair):
    pair = streaming_pair
    with psycopg.connect(f"{pair.primary_url}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        admin.execute(f"CREATE DATABASE {DATABASE}")
    env = _site_env(pair)
    manage = str(ROOT / "manage.py")
    # Both write and read the primary (select_for_update, upserts): the
    # replica would refuse them.
    _run(env, manage, "migrate", "-v0")
    _run(env, manage, "ingest", str(ROOT / "fixtures" / "ocr"), "-v0")

    with (
        psycopg.connect(f"{pair.primary_url}/{DATABASE}", autocommit=True) as primary,
        psycopg.connect(f"{pair.replica_url}/{DATABASE}", autocommit=True) as replica,
    ):
        wait_for(lambda: _caught_up(primary, replica), seconds=60, what="replay")
        (article_id, old), *_ = primary.execute(
            "SELECT id, headline FROM articles_article WHERE headline <> '' "
            "ORDER BY id LIMIT 1"
        ).fetchall()
        replica.execute("SELECT pg_wal_replay_pause()")
        wait_for(
            lambda: (
                replica.execute("SELECT pg_get_wal_replay_pause_state()").fetchone()[0]
                == "paused"
            ),
            seconds=30,
            what="replay to pause",
        )

        seen = json.loads(
            _run(env, "tests/replica/probe.py", "write", str(article_id), NEW_HEADLINE)
        )
        assert seen == {
            "patch": 200,
            # The editor reads the primary: their own change, found by search.
            "editor_headline": NEW_HEADLINE,
            "editor_found": 1,
            # The public reads the replica, which has not replayed it yet.
            "public_headline": old,
            "public_found": 0,
            "public_page_has_new": False,
            "public_page_status": 200,
        }
        replica.execute("SELECT pg_wal_replay_resume()")
        wait_for(lambda: _caught_up(primary, replica), seconds=60, what="replay")

    seen = json.loads(
        _run(env, "tests/replica/probe.py", "read", str(article_id), NEW_HEADLINE)
    )
    assert seen == {"public_headline": NEW_HEADLINE, "public_found": 1}


@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_a_write_pins_the_writer_to_the_primary(method, settings, rf, monkeypatch):
    """The cookie that keeps a writer on the primary for a few seconds."""
    from django.http import HttpResponse

    from newsroom import db_router

    monkeypatch.setattr(db_router, "replica_aliases", lambda: ["replica_0"])
    seen = []

    def view(request):
        seen.append(db_router.read_alias())
        return HttpResponse()

    middleware = db_router.PrimaryPinMiddleware(view)
    response = middleware(rf.generic(method, "/"))
    pin = response.cookies[db_router.PIN_COOKIE]
    assert pin["max-age"] == settings.NEWSROOM_PRIMARY_PIN_SECONDS
    middleware(rf.get("/"))
    pinned = rf.get("/")
    pinned.COOKIES[db_router.PIN_COOKIE] = "1"
    middleware(pinned)
    signed_in = rf.get("/", HTTP_AUTHORIZATION="Token x")
    middleware(signed_in)
    assert seen == ["default", "replica_0", "default", "default"]
    assert db_router.read_alias() == "default"  # outside a request
