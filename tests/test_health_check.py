"""newsroom.postgresql's health check: a live connection passes without a
word to the server; one the server has dropped fails, and the next query
reconnects."""

import tempfile
import time

import pytest
from django.db import connection, connections
from django.db.backends.postgresql import base as stock

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="newsroom.postgresql's check"
    ),
]


@pytest.fixture
def other():
    """A second connection to the test database, as a request would hold."""
    wrapper = connections.create_connection("default")
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def traffic(wrapper, check) -> tuple[bool, bytes]:
    """The protocol messages (libpq's trace) exchanged while `check` runs."""
    pgconn = wrapper.connection.pgconn
    with tempfile.TemporaryFile() as trace:
        pgconn.trace(trace.fileno())
        try:
            result = check(wrapper)
        finally:
            pgconn.untrace()
        trace.seek(0)
        return result, trace.read()


def test_a_live_connection_passes_without_a_round_trip(other):
    assert traffic(other, type(other).is_usable) == (True, b"")
    # The stock check (SELECT 1) shows in the trace: the trace would see one.
    usable, messages = traffic(other, stock.DatabaseWrapper.is_usable)
    assert usable and b"SELECT 1" in messages


def test_a_dropped_connection_fails_and_the_next_query_reconnects(other):
    pid = other.connection.info.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    deadline = time.monotonic() + 10
    while other.is_usable() and time.monotonic() < deadline:
        time.sleep(0.01)  # the server's goodbye takes a moment to arrive
    assert not other.is_usable()
    # As at the start of a request: the failed check closes it, and the
    # request's first query opens a new one.
    other.health_check_enabled, other.health_check_done = True, False
    other.close_if_health_check_failed()
    assert other.connection is None
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid
