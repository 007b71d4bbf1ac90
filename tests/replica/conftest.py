"""A throwaway PostgreSQL primary and its streaming replica, for the router.

Made with the server binaries on this machine (initdb, pg_basebackup -R, two
`postgres` processes on free ports, data in a temporary folder), as the
unprivileged `postgres` user when the tests run as root. Skipped, saying
why, only where those binaries are absent.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

PG_BIN_DIRS = sorted(
    Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name)
)
SERVER_USER = "postgres"


def _pg_bin() -> Path | None:
    wanted = os.environ.get("NEWSROOM_PG_BIN")
    candidates = [Path(wanted)] if wanted else PG_BIN_DIRS[::-1]
    for folder in candidates:
        if all((folder / tool).exists() for tool in ("initdb", "pg_basebackup")):
            return folder
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Cluster:
    bin: Path
    base: Path
    as_user: list[str]

    def run(self, tool: str, *args: str) -> None:
        subprocess.run(
            [*self.as_user, str(self.bin / tool), *args],
            check=True,
            capture_output=True,
            cwd=self.base,
        )

    def start(self, name: str, port: int) -> None:
        data = self.base / name
        with (data / "postgresql.conf").open("a") as conf:
            conf.write(f"\nport = {port}\n")
        self.run(
            "pg_ctl",
            "-D",
            str(data),
            "-l",
            str(self.base / f"{name}.log"),
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self, name: str) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.run("pg_ctl", "-D", str(self.base / name), "-m", "immediate", "stop")


@dataclass
class StreamingPair:
    primary_url: str  # server URLs, without a database name
    replica_url: str


@pytest.fixture(scope="session")
def streaming_pair():
    bin_dir = _pg_bin()
    if bin_dir is None:
        pytest.skip(
            "PostgreSQL server binaries (initdb, pg_basebackup) not found under "
            "/usr/lib/postgresql/*/bin (set NEWSROOM_PG_BIN): no replica to test"
        )
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        try:
            server = pwd.getpwnam(SERVER_USER)
        except KeyError:
            pytest.skip(f"running as root and no {SERVER_USER!r} user to run as")
        as_user = ["runuser", "-u", SERVER_USER, "--"]
    base = Path(tempfile.mkdtemp(prefix="newsroom-replica-"))
    if as_user:
        os.chown(base, server.pw_uid, server.pw_gid)
    cluster = Cluster(bin_dir, base, as_user)
    primary_port, replica_port = _free_port(), _free_port()
    try:
        cluster.run(
            "initdb",
            "-D",
            str(base / "primary"),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        with (base / "primary" / "postgresql.conf").open("a") as conf:
            conf.write(
                "\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{base}'\n"
                "wal_level = replica\nmax_wal_senders = 4\nhot_standby = on\n"
                "fsync = off\nsynchronous_commit = off\nshared_buffers = 32MB\n"
            )
        cluster.start("primary", primary_port)
        cluster.run(
            "pg_basebackup",
            "-D",
            str(base / "replica"),
            "-R",
            "-X",
            "stream",
            "-h",
            "127.0.0.1",
            "-p",
            str(primary_port),
            "-U",
            "postgres",
        )
        cluster.start("replica", replica_port)
        yield StreamingPair(
            primary_url=f"postgres://postgres@127.0.0.1:{primary_port}",
            replica_url=f"postgres://postgres@127.0.0.1:{replica_port}",
        )
    finally:
        cluster.stop("replica")
        cluster.stop("primary")
        shutil.rmtree(base, ignore_errors=True)
