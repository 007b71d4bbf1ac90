"""Swagger UI and Redoc come entirely from the project's own static files:
no script, style, font or image from another host (#12 item 9)."""

import re

import pytest
from django.contrib.staticfiles import finders


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_api_docs_load_nothing_from_outside(client, url, db):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
    assert "validator.swagger.io" not in html
    refs = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert refs
    for ref in refs:
        assert not re.match(r"(https?:)?//", ref), ref
        if ref.startswith("/static/"):
            assert finders.find(ref.removeprefix("/static/")), ref
    if url == "/api/docs/":
        # The split view serves Swagger UI's settings as a script of its own
        # (no inline script under the Content-Security-Policy).
        scripts = "".join(
            client.get(ref).content.decode()
            for ref in refs
            if ref.startswith("/api/") and ref != url
        )
        assert re.search(r"\"validatorUrl\": null", html + scripts)
