"""Ingest of pages with geometry: PDF and ALTO through `manage.py ingest`."""

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from articles.models import Page, TextBlock
from articles.services.ingest import source_ingest

from .conftest import DATA
from .pdfmaker import make_pdf

RUNS = [(20, 20, 18, "FRONT PAGE NEWS")] + [
    run
    for i in range(8)
    for run in (
        (20, 60 + i * 14, 10, f"left {i} text"),
        (210, 60 + i * 14, 10, f"right {i} text"),
    )
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.django_db
def test_a_pdf_page_is_ingested_with_its_image_geometry_and_regions(
    run_command, tmp_path, test_publications
):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "page.pdf").write_bytes(make_pdf(RUNS))
    (folder / "notes.md").write_text("not a page", encoding="utf-8")
    result = run_command(
        "ingest",
        str(folder),
        "--publication",
        "test-gazette",
        "--date",
        "2024-03-05",
        "--page",
        "1",
    )
    assert result.error is None, result.stderr
    page = Page.objects.select_related("source").get()
    source = page.source
    assert source.kind == "pdf" and source.file_name == "page.pdf"
    text = source.text
    assert text.index("left 7") < text.index("right 0")  # columns, not rows
    with default_storage.open(source.image.name) as fh:
        image = Image.open(fh)
        image.load()
    assert image.size == (800, 600)
    assert source.geometry["width"] == 800 and source.geometry["kind"] == "pdf"
    blocks = list(TextBlock.objects.filter(page=page))
    assert blocks
    for block in blocks:
        if text[block.start : block.end].strip():
            x0, y0, x1, y1 = block.region
            assert 0 <= x0 < x1 <= 800 and 0 <= y0 < y1 <= 600


@pytest.mark.django_db
def test_alto_with_its_scan_beside_it(tmp_path, test_publications):
    alto = tmp_path / "p1.xml"
    alto.write_bytes((DATA / "page.alto.xml").read_bytes())
    Image.new("RGB", (500, 400), "white").save(tmp_path / "p1.png")
    result = source_ingest(
        source=alto,
        date_override=dt.date(2024, 3, 5),
        page_override=2,
        publication_override="test-gazette",
    )
    source = result.page.source
    assert source.kind == "alto" and source.image.name.endswith(".png")
    # The ALTO page (1000 × 800) is measured on its 500 × 400 scan.
    assert source.geometry["width"] == 500
    heading = TextBlock.objects.filter(page=result.page).order_by("start").first()
    assert heading.region[2] <= 500


@pytest.mark.django_db
def test_text_pages_are_ingested_as_before(run_command, sample_paths):
    result = run_command("ingest", str(sample_paths[0]))
    assert result.error is None
    source = Page.objects.select_related("source").get().source
    assert source.kind == "text" and source.geometry is None and not source.image
    assert source.text == sample_paths[0].read_text(encoding="utf-8")
    assert not TextBlock.objects.exclude(region=None).exists()


@pytest.mark.django_db
def test_a_replaced_pdf_page_gets_its_blocks_regions(tmp_path, test_publications):
    """`ingest --replace` of a PDF locates the new and the kept blocks on the
    new page image, as a first ingest does."""
    first, second = tmp_path / "a" / "page.pdf", tmp_path / "b" / "page.pdf"
    first.parent.mkdir()
    second.parent.mkdir()
    first.write_bytes(make_pdf(RUNS))
    moved = [(x + 30, y + 40, size, text) for x, y, size, text in RUNS]
    second.write_bytes(make_pdf([*moved, (20, 250, 10, "a new line at the foot")]))
    where = {
        "date_override": dt.date(2024, 3, 5),
        "page_override": 1,
        "publication_override": "test-gazette",
    }
    source_ingest(source=first, **where)
    before = dict(TextBlock.objects.values_list("start", "region"))
    result = source_ingest(source=second, replace=True, **where)
    page = Page.objects.select_related("source").get(pk=result.page.pk)
    assert page.source.file_name == "page.pdf" and "new line" in page.source.text
    blocks = list(TextBlock.objects.filter(page=page))
    located = [b for b in blocks if page.source.text[b.start : b.end].strip()]
    assert located
    width, height = page.source.geometry["width"], page.source.geometry["height"]
    for block in located:
        x0, y0, x1, y1 = block.region
        assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height
    assert dict(TextBlock.objects.values_list("start", "region")) != before


@pytest.mark.django_db
def test_resegmenting_a_pdf_page_reads_its_type_sizes_as_ingest_does(
    tmp_path, test_publications, django_user_model, monkeypatch
):
    import facsimile
    from editing.services import resegment

    source = tmp_path / "page.pdf"
    source.write_bytes(make_pdf(RUNS))
    page = source_ingest(
        source=source,
        date_override=dt.date(2024, 3, 5),
        page_override=1,
        publication_override="test-gazette",
    ).page
    seen = []
    real_parse = resegment.parse_page

    def parse_recorded(*args, **kwargs):
        seen.append(kwargs.get("sizes"))
        return real_parse(*args, **kwargs)

    monkeypatch.setattr(resegment, "parse_page", parse_recorded)
    chief = django_user_model.objects.create_superuser("chief", password="x")
    page.refresh_from_db()
    resegment.page_resegment(user=chief, page=page, expected_version=page.version)
    expected = facsimile.type_sizes(page.source.geometry)
    assert expected and seen == [expected]
