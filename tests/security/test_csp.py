"""A Content-Security-Policy on every response, and pages that work under it.

Finding: no Content-Security-Policy at all. The browser test loads the site,
the admin, the workbench and the API's docs in chromium and fails on any
CSP violation or console error.
"""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/", "/search/?q=x", "/admin/login/", "/api/", "/api/docs/", "/api/redoc/"]
)
def test_every_response_has_a_strict_policy(client, url):
    policy = client.get(url).headers["Content-Security-Policy"]
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in policy.split("; ")
    )
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


def test_swagger_ui_script_is_served_from_its_own_url(client):
    page = client.get("/api/docs/").content.decode()
    assert "<script>" not in page
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()
