"""Run by tests/replica/test_router.py in a process configured like a site
with a replica (DATABASE_URL, DATABASE_REPLICA_URLS): makes requests as an
editor and as the public, prints what each saw as JSON.

    python tests/replica/probe.py write ARTICLE_ID NEW_HEADLINE
    python tests/replica/probe.py read ARTICLE_ID
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.test")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

setup_test_environment()


def headline(client: Client, article_id: int) -> str:
    return client.get(f"/api/articles/{article_id}/").json()["headline"]


def found(client: Client, word: str) -> int:
    return len(client.get("/api/articles/", {"q": word}).json()["results"])


def write(article_id: int, new: str) -> dict:
    User.objects.create_superuser("chief", password="pw")
    editor = Client()
    assert editor.login(username="chief", password="pw")
    etag = editor.get(f"/api/articles/{article_id}/")["ETag"]
    response = editor.patch(
        f"/api/articles/{article_id}/",
        {"headline": new},
        content_type="application/json",
        headers={"If-Match": etag},
    )
    public = Client()
    page = public.get(f"/article/{article_id}/")
    return {
        "patch": response.status_code,
        "editor_headline": headline(editor, article_id),
        "editor_found": found(editor, new),
        "public_headline": headline(public, article_id),
        "public_found": found(public, new),
        "public_page_has_new": new in page.content.decode(),
        "public_page_status": page.status_code,
    }


def read(article_id: int, new: str) -> dict:
    public = Client()
    return {
        "public_headline": headline(public, article_id),
        "public_found": found(public, new),
    }


if __name__ == "__main__":
    step, article_id, new = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    print(json.dumps({"write": write, "read": read}[step](article_id, new)))
