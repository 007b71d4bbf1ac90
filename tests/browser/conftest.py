"""Playwright driving Debian's chromium against pytest-django's live_server.

No browser download: the system chromium is used. A failing test leaves a
screenshot of every open page under test-artifacts/.
"""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls
# from the test body are still synchronous and safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser, request):
    """Make browser contexts (one per editor); screenshots if the test fails."""
    contexts = []

    def make():
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(10_000)
        if "test_chinese" not in request.module.__name__:
            # These tests find controls by their English msgids; the Chinese
            # default is what test_chinese.py checks.
            context.add_cookies(
                [
                    {
                        "name": "django_language",
                        "value": "en",
                        "domain": host,
                        "path": "/",
                    }
                    for host in ("localhost", "127.0.0.1")
                ]
            )
        contexts.append(context)
        return context

    yield make
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        for i, context in enumerate(contexts):
            for j, page in enumerate(context.pages):
                page.screenshot(
                    path=str(ARTIFACTS / f"{request.node.name}-{i}-{j}.png"),
                    full_page=True,
                )
    for context in contexts:
        context.close()


@pytest.fixture(params=["desktop", "phone"])
def page(request, browser):
    """A reader's page, JavaScript off, on a desktop and a phone-sized screen."""
    size = (
        {"width": 1280, "height": 900}
        if request.param == "desktop"
        else {"width": 375, "height": 740}
    )
    context = browser.new_context(viewport=size, java_script_enabled=False)
    page = context.new_page()
    page.viewport_name = request.param
    yield page
    if getattr(request.node, "rep_call", None) and request.node.rep_call.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(
            path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True
        )
    context.close()
