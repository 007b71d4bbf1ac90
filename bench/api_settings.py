"""Settings of bench/api.py's server: production settings with the benchmark's
URLs (the API plus a trivial JSON view to compare it with).

Anonymous throttling is off: every request of the benchmark comes from one
address, and the point is the cost of serving, not the rate limit.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-" + "x" * 60)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")

from newsroom.settings.prod import *  # noqa: E402, F403
from newsroom.settings.prod import REST_FRAMEWORK  # noqa: E402

ROOT_URLCONF = "bench.api_urls"
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
LOGGING = {"version": 1, "disable_existing_loggers": False}
