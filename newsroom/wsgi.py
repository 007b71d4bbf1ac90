"""WSGI entry point. Defaults to production settings, which refuse to start
unless configured, so a server never runs with development settings by accident.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.prod")

application = get_wsgi_application()
