"""gunicorn's settings for Newsroom, read from the working directory
(`gunicorn newsroom.wsgi`) or named with `-c gunicorn.conf.py`; any of them
may be overridden on the command line or in GUNICORN_CMD_ARGS.

The work of a request is Python on the CPU (the API's reads, the site's
templates): threads of one process would take turns at its interpreter
lock. So: one thread a process, two processes a core (one computes while
the other waits on the database), and the threaded worker class all the
same, for what only it does among the stock workers, keeping clients'
connections alive between requests (API harvesters, browsers).
On the 2-core development machine (bench/api.py, BENCHMARKS.md) 4 x 1 and
2 x 2 served the uncached article list at the same rate within the noise of
runs (708-750 against 709-783 requests a second).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count()))
keepalive = 5  # seconds an idle connection is kept
