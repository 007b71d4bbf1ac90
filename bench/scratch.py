"""A throwaway PostgreSQL database for a benchmark run."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator


@contextlib.contextmanager
def scratch_postgres(server_url: str, prefix: str) -> Iterator[str]:
    """Create a database on `server_url`, yield its URL, drop it afterwards."""
    import psycopg

    name = f"{prefix}_{os.getpid()}"
    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    try:
        yield f"{server_url}/{name}"
    finally:
        with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE {name} WITH (FORCE)")


def local_server_pid(database_url: str) -> int | None:
    """The PostgreSQL server's main process (postmaster), when the server runs
    on this machine and /proc shows it; None otherwise (another machine, or
    another container)."""
    import psycopg

    with psycopg.connect(database_url) as conn:
        (backend,) = conn.execute("SELECT pg_backend_pid()").fetchone()
        try:
            # The backend still runs while this connection is open.
            with open(f"/proc/{backend}/stat") as fh:
                name, rest = fh.read().rsplit(")", 1)
            parent = int(rest.split()[1])
            with open(f"/proc/{parent}/comm") as fh:
                parent_name = fh.read().strip()
        except (OSError, ValueError, IndexError):
            return None
    # A process of that number here that is not a server's backend belongs
    # to another machine's numbering (a server in another container).
    if "postgres" not in name or "postgres" not in parent_name:
        return None
    return parent
