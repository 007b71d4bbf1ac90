"""The Celery application: `celery -A newsroom worker` runs the archive's tasks.

Only queued work needs it (`manage.py ingest PATH --queue`, articles.tasks):
the site, the API and the plain ingest command never import Celery, so the
default set-up needs no broker. A worker needs the code, DATABASE_URL and
CELERY_BROKER_URL (newsroom.settings.base); it reads the same settings as
manage.py.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.dev")

app = Celery("newsroom")
# Every CELERY_* Django setting, e.g. CELERY_BROKER_URL -> broker_url.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
