"""axe-core (WCAG 2.1 A and AA rules) in Debian's chromium on every kind of
page: the reading site, the API's browsable root and its docs, and the
editors' workbench, at a desktop and a phone width. Any critical or serious
violation fails the test.

axe-core is a test dependency from the npm registry, installed by
`npm ci --prefix tests/browser/axe` (.ci/run does it, and there its absence
fails the test); elsewhere without it the test is skipped, never passed.
"""

import json
import os
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from articles.models import Article, Issue, Page
from people.models import Organisation, Person
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_workbench import log_in, make_editor

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
SIZES = {"desktop": (1280, 900), "phone": (375, 740)}
RUN_AXE = r"""async () => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
  });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, count: v.nodes.length,
    sample: v.nodes.slice(0, 40).map(
      n => n.target.join(" ") + " :: "
           + n.failureSummary.split("\n").slice(1, 2).join("")),
  }));
}"""


def axe_violations(page) -> list[dict]:
    """The serious and critical violations axe finds on the loaded page."""
    if not AXE.exists():
        missing = "axe-core is not installed: npm ci --prefix tests/browser/axe"
        if os.environ.get("NEWSROOM_REQUIRE_AXE"):  # set by .ci/run
            pytest.fail(missing)
        pytest.skip(missing)
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(RUN_AXE)
    return [v for v in found if v["impact"] in ("serious", "critical")]


def public_urls() -> list[str]:
    article = Article.objects.order_by("pk").first()
    page = Page.objects.select_related("issue").order_by("pk").first()
    issue: Issue = page.issue
    person = Person.objects.order_by("pk").first()
    organisation = Organisation.objects.order_by("pk").first()
    day = issue.date
    return [
        "/",
        reverse("calendar"),
        reverse("calendar-year", args=[day.year]),
        f"/{day:%Y/%m/%d}/",
        f"/{day:%Y/%m/%d}/{page.number}/",
        article.get_absolute_url(),
        "/search/?q=平湖",
        reverse("person-list"),
        reverse("organisation-list"),
        *([person.get_absolute_url()] if person else []),
        *([organisation.get_absolute_url()] if organisation else []),
        "/api/",
        "/api/docs/",
        "/api/redoc/",
    ]


@pytest.fixture
def archive(run_command, sample_paths):
    result = run_command("ingest", *sample_paths)
    assert result.error is None, result.stderr


def report(found: dict[str, list[dict]]) -> str:
    """One line per page (rule x elements, and the total), then the details."""
    lines = [
        f"AXE {url}: {sum(v['count'] for v in vs)} elements: "
        + ", ".join(f"{v['id']} x{v['count']}" for v in vs)
        for url, vs in found.items()
    ]
    return "\n".join(lines) + "\n" + json.dumps(found, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("size", SIZES)
def test_public_pages_and_api_have_no_serious_violations(
    archive, live_server, browser, size
):
    width, height = SIZES[size]
    # axe is injected as an inline script, which our Content-Security-Policy
    # forbids (rightly): the test's own script bypasses it.
    context = browser.new_context(
        viewport={"width": width, "height": height}, bypass_csp=True
    )
    page = context.new_page()
    found = {}
    try:
        for url in public_urls():
            page.goto(live_server.url + url)
            page.wait_for_load_state("networkidle")
            violations = axe_violations(page)
            if not page.locator("html").get_attribute("lang"):
                violations.append({"id": "html-lang (ours)", "count": 1})
            if violations:
                found[url] = violations
    finally:
        context.close()
    assert not found, report(found)


@pytest.mark.parametrize("size", SIZES)
def test_workbench_has_no_serious_violations(
    archive, live_server, browser, size, new_context
):
    make_editor("editor")
    page = Page.objects.order_by("pk").first()
    workbench = reverse("admin:articles_page_workbench", args=[page.pk])
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000}, bypass_csp=True
    )
    ui = log_in(context, live_server, "editor", workbench)
    ui.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    violations = axe_violations(ui)
    ARTIFACTS.mkdir(exist_ok=True)  # to look at: test-artifacts/workbench-*.png
    ui.screenshot(path=str(ARTIFACTS / f"workbench-{size}.png"))
    assert User.objects.filter(username="editor").exists()
    assert not violations, report({workbench: violations})
