"""bench/ingest.py's CPU figures count what ran and ended during the run:
a process tree's exited members (a PostgreSQL server's backends, which end
with their connections) as well as its live ones. Without them the server's
share, and the ceiling it gives, would read low."""

import os
import subprocess
import sys
import textwrap
import time

import psycopg
import pytest
from django.db import connection

from bench.proctree import tree_cpu_seconds
from bench.scratch import local_server_pid

BURN = 0.4  # CPU seconds the measured work spends

# A parent that, when told, forks a child which spends BURN seconds of CPU,
# waits for it (its time then counts in the parent's cutime) and idles.
PARENT = textwrap.dedent(
    f"""
    import os, sys, time
    print("ready", flush=True)
    sys.stdin.readline()
    pid = os.fork()
    if pid == 0:
        start = time.process_time()
        while time.process_time() - start < {BURN}:
            pass
        os._exit(0)
    os.waitpid(pid, 0)
    print("done", flush=True)
    time.sleep(60)
    """
)


def test_a_trees_cpu_includes_its_children_that_have_exited():
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert parent.stdout.readline() == "ready\n"
        before = tree_cpu_seconds(parent.pid)
        parent.stdin.write("go\n")
        parent.stdin.flush()
        assert parent.stdout.readline() == "done\n"
        spent = tree_cpu_seconds(parent.pid) - before
    finally:
        parent.kill()
        parent.wait()
    assert BURN * 0.9 <= spent < BURN + 0.3


@pytest.mark.django_db
def test_the_local_postgresql_servers_cpu_includes_closed_connections():
    if connection.vendor != "postgresql":
        pytest.skip("the database server's CPU is read only for PostgreSQL")
    settings = connection.settings_dict
    conninfo = psycopg.conninfo.make_conninfo(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
        dbname=settings["NAME"],
    )
    server = local_server_pid(conninfo)
    if server is None:
        pytest.skip("the PostgreSQL server does not run on this machine")
    before = tree_cpu_seconds(server)
    with psycopg.connect(conninfo) as conn:  # a backend of its own, then gone
        (backend, seconds) = conn.execute(
            "SELECT pg_backend_pid(), extract(epoch FROM clock_timestamp() - now()) "
            "FROM (SELECT count(*) FROM generate_series(1, 6000000)) AS s"
        ).fetchone()
    # Read once the server has waited for the ended backend.
    deadline = time.monotonic() + 10
    while os.path.exists(f"/proc/{backend}") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not os.path.exists(f"/proc/{backend}")
    spent = tree_cpu_seconds(server) - before
    assert float(seconds) > 0.1  # the query did take time to count
    # Half its wall time at least: a busy machine can stretch the wall time.
    assert spent >= 0.5 * float(seconds)
