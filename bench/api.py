"""API throughput under gunicorn, beside a trivial Django JSON view.

    python bench/api.py --pages 300 --seconds 10
    python bench/api.py --postgres postgres://postgres@127.0.0.1:5432 --cache off

Generates pages from the samples (as bench/ingest.py does) into a fresh
database, ingests them, serves the project with gunicorn as gunicorn.conf.py
deploys it (bound to 127.0.0.1, production settings plus a trivial view,
bench/api_settings.py; the start-up is bench/server.py's, shared with
bench/abuse.py),
then loads, one after the other and for a fixed time each:

- the trivial view (`JsonResponse({"ok": True})` under the same middleware),
- the article list (`/api/articles/`, 50 articles a page), cycling through
  every page of the default listing (the cursors a harvester follows),
- article details (`/api/articles/<id>/`), cycling through every article
  (or the first --hot), so that no run rests on a few hot rows,

twice: with the API's response cache (the normal configuration: a URL
already served at the archive's current revision costs one query; the
per-worker cache is sized to hold every URL, as a shared cache would), then
with the cache off (NEWSROOM_API_CACHE_SECONDS=0: every request queries and
serialises, and nothing is looked up or stored), the worst case of a
harvester that reads each article once (`--cache on|off`: only one of the
two).

With the cache off it also loads two floors (bench/api_urls.py): the trivial
view plus one prepared `SELECT 1` (the price of a round trip to the
database), and the list's own statement for each page of the list, its rows'
stored JSON sent as they are, without the list's links, ETag, validators or
DRF: the most a list that reads its page by that statement could reach on
this machine.

The load generator is bounded: a fixed number of client processes, each with
one keep-alive HTTP/1.1 connection, sending requests back to back for a fixed
time. It prints requests/s and latencies per endpoint and the API's
throughput as a fraction of the trivial view's (target >= 0.5), with the
machine's load average: the clients share the machine with the server, and
so does anything else running, which is why the endpoints are loaded in
interleaved slices and compared within one run.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import multiprocessing as mp
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.scratch import scratch_postgres  # noqa: E402
from bench.server import (  # noqa: E402
    HOST,
    bench_archive,
    gunicorn,
    gunicorn_described,
)


def client(
    port: int, paths: list[str], seconds: float, rounds: int, out: mp.Queue
) -> None:
    """One keep-alive connection, requests back to back until time is up (or,
    with `rounds`, for that many requests)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    latencies, errors, n, hits = [], 0, 0, 0
    started = time.perf_counter()
    deadline = started + seconds
    while (n < rounds) if rounds else (time.perf_counter() < deadline):
        path = paths[n % len(paths)]
        n += 1
        t0 = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Accept": "application/json"})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors += 1
            hits += response.getheader("X-Cache") == "hit"
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=30)
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=30)
            continue
        latencies.append(time.perf_counter() - t0)
    conn.close()
    out.put((latencies, errors, hits, started, time.perf_counter()))


def load(
    port: int, paths: list[str], *, seconds: float, clients: int, rounds: int = 0
) -> dict:
    out: mp.Queue = mp.Queue()
    procs = [
        mp.Process(target=client, args=(port, paths, seconds, rounds, out))
        for _ in range(clients)
    ]
    for p in procs:
        p.start()
    results = [out.get(timeout=seconds + 300) for _ in procs]
    for p in procs:
        p.join()
    # From the first client's first request to the last one's end: process
    # start-up is not counted (perf_counter is the system's monotonic clock).
    elapsed = max(r[4] for r in results) - min(r[3] for r in results)
    latencies = sorted(t for r in results for t in r[0])
    errors = sum(r[1] for r in results)
    hits = sum(r[2] for r in results)
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": len(latencies) / elapsed,
        "elapsed": elapsed,
        "latencies": latencies,
        "hits": hits / len(latencies) if latencies else 0,
        "p50_ms": 1000 * statistics.median(latencies) if latencies else 0,
        "p95_ms": 1000 * latencies[int(len(latencies) * 0.95)] if latencies else 0,
    }


def combine(parts: list[dict]) -> dict:
    requests = sum(p["requests"] for p in parts)
    elapsed = sum(p["elapsed"] for p in parts)
    latencies = sorted(t for p in parts for t in p["latencies"])
    return {
        "requests": requests,
        "errors": sum(p["errors"] for p in parts),
        "rps": requests / elapsed,
        "hits": sum(p["hits"] * p["requests"] for p in parts) / max(requests, 1),
        "p50_ms": 1000 * statistics.median(latencies) if latencies else 0,
        "p95_ms": 1000 * latencies[int(len(latencies) * 0.95)] if latencies else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=12.0, help="per endpoint")
    parser.add_argument(
        "--rounds", type=int, default=4, help="interleaved slices per endpoint"
    )
    parser.add_argument("--clients", type=int, default=4, help="connections")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--hot",
        type=int,
        default=0,
        help="distinct articles the details cycle (default: all)",
    )
    parser.add_argument("--postgres", metavar="SERVER_URL")
    parser.add_argument(
        "--database",
        default="newsroom_api_bench",
        help="prefix of the scratch database on the --postgres server",
    )
    parser.add_argument(
        "--cache",
        choices=["both", "on", "off"],
        default="both",
        help="the API response cache: on, off, or one run each (default)",
    )
    args = parser.parse_args()
    if args.postgres:
        with scratch_postgres(args.postgres, args.database) as database_url:
            run(args, database_url=database_url)
    else:
        run(args, database_url=None)


def run(args: argparse.Namespace, *, database_url: str | None) -> None:
    modes = {"on": ["cached"], "off": ["uncached"], "both": ["cached", "uncached"]}
    with bench_archive(
        pages=args.pages, seed=args.seed, database_url=database_url
    ) as archive:
        ids = archive.ids
        paths = {
            "trivial view": ["/bench/trivial/"],
            "article list": archive.list_paths,
            "article detail": [
                f"/api/articles/{pk}/" for pk in ids[: args.hot or None]
            ],
        }
        # The floors (bench/api_urls.py) cache nothing: loaded once, with
        # the cache off.
        floors = {
            "floor: SELECT 1": ["/bench/select-one/"],
            "floor: list SQL": [statement_path(p) for p in archive.list_paths],
        }
        load = {"before": os.getloadavg()}
        results = {
            mode: serve_and_load(
                archive.env,
                paths if mode == "cached" else {**paths, **floors},
                args,
                cache_seconds=300 if mode == "cached" else 0,
            )
            for mode in modes[args.cache]
        }
        load["after"] = os.getloadavg()

    print(f"database        {'PostgreSQL' if database_url else 'SQLite'}")
    print(
        f"archive         {args.pages} pages, {len(ids)} articles; cycling "
        f"{len(paths['article list'])} list pages, "
        f"{len(paths['article detail'])} details"
    )
    print(
        "load average    "
        + ", ".join(
            f"{when} {' '.join(f'{x:.2f}' for x in figures)}"
            for when, figures in load.items()
        )
    )
    print(
        f"server          {gunicorn_described()}, 127.0.0.1; "
        f"{args.clients} keep-alive clients, {args.seconds:.0f} s per endpoint "
        f"in {args.rounds} interleaved slices"
    )
    for mode, figures in results.items():
        trivial = figures["trivial view"]["rps"]
        print(f"-- API response cache {'on' if mode == 'cached' else 'off'}")
        for name, r in figures.items():
            print(
                f"{name:15} {r['rps']:8.1f} req/s  p50 {r['p50_ms']:6.1f} ms  "
                f"p95 {r['p95_ms']:6.1f} ms  errors {r['errors']}  "
                f"cache hits {100 * r['hits']:3.0f}%  "
                f"({r['rps'] / trivial:.2f}x trivial)"
            )
    for mode, figures in results.items():
        trivial = figures["trivial view"]["rps"]
        if "floor: list SQL" in figures:
            print(
                f"floors          one round trip "
                f"{figures['floor: SELECT 1']['rps'] / trivial:.2f}x, the list's "
                f"statement alone {figures['floor: list SQL']['rps'] / trivial:.2f}x "
                "the trivial view (the list's one statement, none of its other work)"
            )
        print(
            f"ratio           list {figures['article list']['rps'] / trivial:.2f}x, "
            f"detail {figures['article detail']['rps'] / trivial:.2f}x the trivial "
            f"view (cache {'on' if mode == 'cached' else 'off'}; target >= 0.5)"
        )


def statement_path(list_path: str) -> str:
    """The list-statement floor's URL for a page of the list: the date and
    offset its cursor holds (DRF's cursor: base64 of a query string). Only
    for the pages the crawl follows: forward, at the default page size."""
    query = parse_qs(urlsplit(list_path).query)
    if set(query) - {"cursor"}:
        raise ValueError(f"the floor reads default pages only: {list_path}")
    if "cursor" not in query:
        return "/bench/list-statement/"
    cursor = parse_qs(base64.b64decode(query["cursor"][0]).decode())
    if "r" in cursor:
        raise ValueError(f"the floor reads forward pages only: {list_path}")
    after = cursor.get("p", [""])[0]
    return f"/bench/list-statement/?after={after}&offset={cursor.get('o', ['0'])[0]}"


def serve_and_load(env, paths, args, *, cache_seconds: int) -> dict:
    """Start gunicorn, warm every path once per worker, load each endpoint."""
    with gunicorn(env, cache="bench-api", cache_seconds=cache_seconds) as port:
        # Warm-up: imports, connections, and (cache on) each URL in each
        # worker, as a server that has been up for a while would have.
        # The default cache is per worker: repeat until every worker has
        # seen every URL (or give up after a few rounds).
        for endpoint in paths.values():
            for _ in range(8):
                warm = load(
                    port,
                    endpoint,
                    seconds=0,
                    clients=args.clients,
                    rounds=len(endpoint),
                )
                if cache_seconds == 0 or warm["hits"] >= 0.99:
                    break
        # Interleaved slices, so that the figures compare endpoints under the
        # same load from whatever else runs on the machine.
        slices: dict[str, list[dict]] = {name: [] for name in paths}
        for _ in range(args.rounds):
            for name, endpoint in paths.items():
                slices[name].append(
                    load(
                        port,
                        endpoint,
                        seconds=args.seconds / args.rounds,
                        clients=args.clients,
                    )
                )
        return {name: combine(parts) for name, parts in slices.items()}


if __name__ == "__main__":
    main()
