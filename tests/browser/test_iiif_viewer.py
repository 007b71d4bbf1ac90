"""An issue's IIIF manifest opens in a stock viewer: Mirador 3, from the npm
registry, vendored for this test only (tests/browser/iiif_viewer: package.json
and its lock; `npm ci --prefix tests/browser/iiif_viewer`, which .ci/run
does and where its absence fails the test; elsewhere it is skipped).

The viewer runs on a page of another origin (a server of the test's own), as
it would on a library's site: the manifest, info.json and image requests
cross origins, so the CORS headers are tested too.
"""

import functools
import io
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.urls import reverse
from PIL import Image

from articles.models import Article, TextBlock
from tests.browser.conftest import ARTIFACTS
from tests.facsimile.conftest import page_source  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

MIRADOR = Path(__file__).parent / "iiif_viewer/node_modules/mirador/dist/mirador.min.js"
VIEWER_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Mirador</title><script src="/mirador.min.js"></script></head>
<body><div id="viewer" style="position:absolute;inset:0"></div><script>
Mirador.viewer({id: "viewer", windows: [{manifestId: "%s"}],
                window: {sideBarOpenByDefault: true},
                // The recipe's article text is "supplementing" (Mirador 3
                // lists commenting and tagging by default).
                annotations: {filteredMotivations: ["commenting", "supplementing"]}});
</script></body></html>"""


@pytest.fixture
def viewer_origin(tmp_path):
    """A server of its own for the viewer's page and Mirador's file: another
    origin on the loopback (chromium lets no page from elsewhere fetch from
    a loopback address, the live server's)."""
    folder = tmp_path / "viewer"
    folder.mkdir()
    (folder / "mirador.min.js").symlink_to(MIRADOR)
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(autouse=True)
def mirador():
    if not MIRADOR.exists():
        missing = "Mirador is not installed: npm ci --prefix tests/browser/iiif_viewer"
        if os.environ.get("NEWSROOM_REQUIRE_AXE"):  # .ci/run installs both
            pytest.fail(missing)
        pytest.skip(missing)


def test_the_issue_manifest_opens_in_mirador(
    page_source,  # noqa: F811
    live_server,
    new_context,
    viewer_origin,
):
    blocks = list(TextBlock.objects.filter(page=page_source.page).order_by("sequence"))
    article = Article.objects.create(
        page=page_source.page, sequence=1, kind="news", headline="Headline H"
    )
    TextBlock.objects.filter(pk__in=[b.pk for b in blocks[:3]]).update(article=article)
    manifest = live_server.url + reverse(
        "iiif-manifest", args=[page_source.page.issue_id]
    )
    ui = new_context().new_page()
    images, failures = [], []
    ui.on(
        "response",
        lambda r: images.append(r) if "/iiif/" in r.url and ".jpg" in r.url else None,
    )
    ui.on("requestfailed", lambda r: failures.append((r.url, r.failure)))
    folder, origin = viewer_origin
    (folder / "index.html").write_text(VIEWER_PAGE % manifest, encoding="utf-8")
    ui.goto(f"{origin}/index.html")
    # The manifest's label is the window's title; its canvas, "Page 1".
    ui.get_by_text("2024-03-05").first.wait_for(timeout=20_000)
    ui.wait_for_function("document.querySelector('#viewer canvas') !== null")
    ui.wait_for_load_state("networkidle")
    assert images and all(r.status == 200 for r in images), [
        (r.url, r.status) for r in images
    ]
    assert not failures, failures
    ARTIFACTS.mkdir(exist_ok=True)
    ui.screenshot(path=str(ARTIFACTS / "mirador-manifest.png"))
    # The page image was drawn: the scan's red quarter shows in the viewer
    # (a screenshot: the canvas itself, drawn from another origin, is tainted).
    shot = Image.open(io.BytesIO(ui.locator("#viewer canvas").first.screenshot()))
    rgb = shot.convert("RGB").tobytes()
    red = sum(1 for i in range(0, len(rgb), 3) if rgb[i] > 150 and rgb[i + 1] < 80)
    assert red > 1000
    # The article is an annotation of the canvas, listed with its text.
    ui.get_by_role("tab", name="Annotations").click()
    ui.get_by_text("Headline H").first.wait_for()
