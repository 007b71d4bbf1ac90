"""The site, the admin, the workbench and the API docs work under the
Content-Security-Policy: chromium reports no violation and no console error,
and what each page draws with JavaScript is there. (The header itself:
tests/security/test_csp.py; here because the browser fixtures are.)"""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from articles.models import Article, Page

pytestmark = pytest.mark.django_db(transaction=True)

WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} ${event.blockedURI} at ${event.sourceFile}:` +
      `${event.lineNumber} ${event.sample}`
  );
});
"""


@pytest.fixture
def archive_in_db(run_command, sample_paths):
    for path in sample_paths:
        assert run_command("ingest", path).error is None


def _visit(ui, url, ready: str | None = None) -> list[str]:
    problems: list[str] = []
    ui.on(
        "console",
        lambda msg: (
            problems.append(f"console {msg.type}: {msg.text}")
            # ERR_FAILED: a request to another origin this test aborted.
            if msg.type == "error" and "net::ERR_FAILED" not in msg.text
            else None
        ),
    )
    ui.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    response = ui.goto(url)
    assert response.status == 200, url
    if ready:
        ui.wait_for_selector(ready, timeout=20_000)
    ui.wait_for_load_state("networkidle")
    problems += [f"CSP: {v}" for v in ui.evaluate("window.__cspViolations")]
    return problems


def test_no_csp_violation_anywhere(live_server, new_context, archive_in_db):
    User.objects.create_superuser("boss", password="secret-pw")
    page = Page.objects.order_by("pk").first()
    article = Article.objects.filter(page=page).order_by("sequence").first()
    context = new_context()
    context.add_init_script(WATCH)
    # No other origin is reachable here, nor needed: the policy allows none,
    # and a request to one fails fast instead of waiting for the network.
    context.route(
        lambda url: not url.startswith(live_server.url), lambda route: route.abort()
    )
    login = context.new_page()
    login.goto(f"{live_server.url}{reverse('admin:login')}")
    login.fill("#id_username", "boss")
    login.fill("#id_password", "secret-pw")
    with login.expect_navigation():
        login.click("input[type=submit]")

    date = page.issue.date
    visits = [
        ("/", None),
        (f"/{date:%Y/%m/%d}/", None),
        (f"/{date:%Y/%m/%d}/{page.number}/", None),
        (f"/article/{article.pk}/", None),
        ("/search/?q=平湖", None),
        ("/people/", None),
        ("/admin/", None),
        ("/admin/articles/article/", "#result_list"),
        (f"/admin/articles/page/{page.pk}/change/", None),
        (reverse("admin:articles_page_workbench", args=[page.pk]), ".wb-block"),
        ("/api/", None),
        ("/api/docs/", ".swagger-ui .info"),
        ("/api/redoc/", "h1"),
    ]
    problems = {}
    for url, ready in visits:
        ui = context.new_page()
        found = _visit(ui, live_server.url + url, ready)
        if found:
            problems[url] = found
        ui.close()
    assert not problems, "\n".join(
        f"{u}: {p}" for u, ps in problems.items() for p in ps
    )


def test_workbench_confirmations_still_ask(live_server, new_context, archive_in_db):
    User.objects.create_superuser("boss", password="secret-pw")
    page = Page.objects.order_by("pk").first()
    context = new_context()
    ui = context.new_page()
    ui.goto(f"{live_server.url}{reverse('admin:login')}")
    ui.fill("#id_username", "boss")
    ui.fill("#id_password", "secret-pw")
    with ui.expect_navigation():
        ui.click("input[type=submit]")
    ui.goto(live_server.url + reverse("admin:articles_page_workbench", args=[page.pk]))
    version = page.version
    asked = []

    def dismiss(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    ui.once("dialog", dismiss)
    ui.click("button:has-text('Re-run segmentation')")
    ui.wait_for_timeout(300)

    assert asked and "Re-run" in asked[0]
    page.refresh_from_db()
    assert page.version == version  # dismissed: nothing was sent
