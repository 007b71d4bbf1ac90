"""API reads while an anonymous client posts: cache hits and p95 must not move.

    python bench/abuse.py --pages 100 --seconds 15 --rate 10
    python bench/abuse.py --postgres postgres://postgres@127.0.0.1:5432

Loopback only and bounded: the server (gunicorn as deployed, production
settings as in bench/api.py, started by bench/server.py) is bound to
127.0.0.1, every phase lasts --seconds, the poster sends at most --rate
requests a second (and at most rate x seconds in all), and the readers are
--clients keep-alive connections.

Three phases on the same warmed server, in --rounds interleaved slices (so
that whatever else runs on the machine weighs on the three alike):

1. **quiet**: the readers cycle through article details (cached, as a
   server that has been up for a while has them) and the article list;
2. **gets** (the yardstick): the same readers, while one anonymous client
   GETs `/`, `/search/` and the admin login --rate times a second;
3. **posts**: the same readers, while that client, with a valid CSRF
   cookie, POSTs to the same three in turn (the login with a wrong
   password), --rate times a second.

The server has the machine's cores to share with its clients, so serving
the anonymous client's pages costs readers some time whatever the method:
the posts phase is compared with the gets phase, not only with quiet.

It prints, per phase, the readers' requests/s, p50/p95 and share of cache
hits (the X-Cache header), the anonymous client's status codes, the archive
revision before and after (it must not move), and the ratios. Before the
fix (the revision bumped by any successful POST) cache hits fell from 100 %
to ~20-50 % and p95 rose 2-7x.
"""

from __future__ import annotations

import argparse
import collections
import http.client
import multiprocessing as mp
import os
import re
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.api import combine, load  # noqa: E402
from bench.scratch import scratch_postgres  # noqa: E402
from bench.server import (  # noqa: E402
    HOST,
    Archive,
    bench_archive,
    gunicorn,
    gunicorn_described,
)

REVISION = (
    "from articles.models import ArchiveRevision as R; "
    "print((R.objects.first() or R()).revision)"
)


def _csrf(conn: http.client.HTTPConnection) -> str:
    conn.request("GET", "/admin/login/")
    response = conn.getresponse()
    response.read()
    cookie = response.getheader("Set-Cookie", "")
    match = re.search(r"csrftoken=([^;]+)", cookie)
    if not match:
        raise SystemExit("no CSRF cookie from /admin/login/")
    return match.group(1)


def poster(port: int, rate: float, seconds: float, out: mp.Queue, method: str) -> None:
    """An anonymous client: POSTs (or GETs) in turn /, /search/, the admin login."""
    assert HOST == "127.0.0.1"
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    token = _csrf(conn)
    headers = {
        "Cookie": f"csrftoken={token}",
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": f"http://{HOST}:{port}/",
    }
    targets = [
        ("/", {"q": "x"}),
        ("/search/", {"q": "平湖"}),
        ("/admin/login/", {"username": "nobody", "password": "wrong"}),
    ]
    statuses: collections.Counter = collections.Counter()
    started = time.perf_counter()
    limit = int(rate * seconds)
    for n in range(limit):
        due = started + n / rate
        if due > started + seconds:
            break
        time.sleep(max(0.0, due - time.perf_counter()))
        path, form = targets[n % len(targets)]
        body = urllib.parse.urlencode({**form, "csrfmiddlewaretoken": token})
        try:
            if method == "GET":
                conn.request("GET", f"{path}?{urllib.parse.urlencode(form)}")
            else:
                conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            statuses[f"{path} {response.status}"] += 1
        except (OSError, http.client.HTTPException):
            statuses[f"{path} error"] += 1
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=30)
    out.put(dict(statuses))


def _revision(archive: Archive) -> int:
    return int(archive.manage("shell", "-c", REVISION).split()[-1])


def _slice(port, paths, args, *, abuse: str | None) -> tuple[dict, dict]:
    """The readers' figures and the anonymous client's answers, for one slice
    (--seconds / --rounds) of a phase."""
    seconds = args.seconds / args.rounds
    out: mp.Queue = mp.Queue()
    posting = None
    if abuse:
        posting = mp.Process(target=poster, args=(port, args.rate, seconds, out, abuse))
        posting.start()
    reads = load(port, paths, seconds=seconds, clients=args.clients)
    answered = out.get(timeout=seconds + 60) if posting else {}
    if posting:
        posting.join()
    return reads, answered


def _phases(port, paths, args) -> dict[str, dict]:
    phases = {"quiet": None, "gets": "GET", "posts": "POST"}
    parts: dict[str, list] = {name: [] for name in phases}
    answered = {name: collections.Counter() for name in phases}
    for _ in range(args.rounds):
        for name, abuse in phases.items():
            reads, statuses = _slice(port, paths, args, abuse=abuse)
            parts[name].append(reads)
            answered[name].update(statuses)
    return {
        name: {**combine(parts[name]), "posts": dict(answered[name])} for name in phases
    }


def run(args: argparse.Namespace, *, database_url: str | None) -> None:
    with bench_archive(
        pages=args.pages, seed=args.seed, database_url=database_url
    ) as archive:
        ids = archive.ids
        paths = archive.list_paths + [f"/api/articles/{pk}/" for pk in ids]
        load_before = os.getloadavg()
        with gunicorn(archive.env, cache="bench-abuse") as port:
            for _ in range(8):  # every URL cached in every worker
                warm = load(port, paths, seconds=0, clients=4, rounds=len(paths))
                if warm["hits"] >= 0.99:
                    break
            revision_before = _revision(archive)
            figures = _phases(port, paths, args)
            revision_after = _revision(archive)
        load_after = os.getloadavg()
    quiet, control, abused = figures["quiet"], figures["gets"], figures["posts"]

    print(f"database        {'PostgreSQL' if database_url else 'SQLite'}")
    print(f"archive         {args.pages} pages, {len(ids)} articles, {len(paths)} URLs")
    print(
        f"load average    before {' '.join(f'{x:.2f}' for x in load_before)}, "
        f"after {' '.join(f'{x:.2f}' for x in load_after)}"
    )
    print(
        f"server          {gunicorn_described()} on {HOST}; "
        f"{args.clients} reading clients, {args.seconds:.0f} s a phase in "
        f"{args.rounds} interleaved slices; "
        f"poster {args.rate:g}/s"
    )
    for name, r in (("quiet", quiet), ("gets", control), ("posts", abused)):
        print(
            f"{name:8} reads {r['rps']:7.1f} req/s  p50 {r['p50_ms']:6.1f} ms  "
            f"p95 {r['p95_ms']:6.1f} ms  cache hits {100 * r['hits']:5.1f}%  "
            f"errors {r['errors']}"
        )
    print(f"gets answered   {control['posts']}")
    print(f"posts answered  {abused['posts']}")
    print(f"revision        before {revision_before}, after {revision_after}")
    print(
        f"ratio           hits posts/quiet "
        f"{abused['hits'] / max(quiet['hits'], 1e-9):.2f} (target 1.00); "
        f"p95 posts/gets {abused['p95_ms'] / control['p95_ms']:.2f} (target ~1: "
        "posting costs readers no more than the same pages read); "
        f"p95 posts/quiet {abused['p95_ms'] / quiet['p95_ms']:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=15.0, help="per phase")
    parser.add_argument("--rate", type=float, default=10.0, help="posts a second")
    parser.add_argument("--clients", type=int, default=2, help="reading clients")
    parser.add_argument(
        "--rounds", type=int, default=3, help="interleaved slices per phase"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--postgres", metavar="SERVER_URL")
    args = parser.parse_args()
    if not 0 < args.rate <= 50 or not 0 < args.seconds <= 120:
        parser.error("bounded: --rate in (0, 50], --seconds in (0, 120]")
    if not 1 <= args.rounds <= 10:
        parser.error("bounded: --rounds in [1, 10]")
    if args.postgres:
        with scratch_postgres(args.postgres, "newsroom_bench_abuse") as url:
            run(args, database_url=url)
    else:
        run(args, database_url=None)


if __name__ == "__main__":
    main()
