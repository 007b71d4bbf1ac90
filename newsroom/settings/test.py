"""Test runs: fast password hashing, an in-memory cache, no secrets."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "django-insecure-test-only"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# bench/search.py's baseline: stock haystack Whoosh backend with jieba's
# ChineseAnalyzer (search/whoosh_baseline.py), in a temporary folder.
if env.str("NEWSROOM_BENCH_WHOOSH", default=""):  # noqa: F405
    HAYSTACK_CONNECTIONS = {
        "default": {
            "ENGINE": "search.whoosh_baseline.ChineseWhooshEngine",
            "PATH": env.str("NEWSROOM_BENCH_WHOOSH"),  # noqa: F405
        }
    }
