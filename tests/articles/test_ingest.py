"""Ingest: `manage.py ingest` and the services behind it.

These tests hold whatever the parser decides about a page: they compare the
database with the parser's draft of the same text, and check what the
persistence side promises (verbatim sources, idempotency, atomic failures).
"""

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import (
    Article,
    IngestRun,
    Issue,
    Page,
    PageSource,
    Publication,
    TextBlock,
)
from articles.parsing import FURNITURE_KINDS, compose_body, decode_source, parse_page
from articles.parsing.decoding import DecodedSource
from articles.services import (
    IngestOutcome,
    article_body_sync,
    page_ingest,
    publication_profiles,
    source_ingest,
)
from people.models import Person
from tests.factories import page_draft

pytestmark = pytest.mark.django_db

RUN_LABEL = "articles.IngestRun"


def draft_of(path):
    text = decode_source(path.read_bytes(), name=path.name).text
    return parse_page(text, profiles=publication_profiles(), source_name=path.name)


def ingest_draft(draft, **kwargs):
    """page_ingest a hand-built draft, as if it came from a UTF-8 file."""
    data = draft.source.encode("utf-8")
    kwargs.setdefault("file_name", "page.txt")
    return page_ingest(
        draft=draft,
        source=DecodedSource(text=draft.source, encoding="utf-8"),
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        **kwargs,
    )


# --- the sample pages -------------------------------------------------------


def test_ingest_samples(run_command, sample_paths):
    result = run_command("ingest", *sample_paths)

    assert result.error is None, result.stderr
    assert "2 created" in result.stdout
    run = IngestRun.objects.get()
    assert run.status == IngestRun.Status.SUCCEEDED
    assert (run.sources, run.pages_created, run.pages_failed) == (2, 2, 0)
    assert run.finished_at is not None
    assert Page.objects.count() == 2
    for path in sample_paths:
        draft = draft_of(path)
        source = PageSource.objects.get(file_name=path.name)
        page = source.page
        assert page.source == source
        assert source.run == run
        assert source.text == draft.source
        assert source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert (source.encoding, source.size) == ("utf-8", path.stat().st_size)
        assert page.blocks.count() == len(draft.blocks)
        assert page.articles.count() == len(draft.articles)
        assert page.credits.count() == len(draft.credits)
        assert page.warnings == list(draft.warnings)
        assert page.issue.date == draft.meta.date
        assert page.issue.number == draft.meta.number
        assert page.issue.publication.slug == draft.meta.publication


def test_blocks_partition_the_verbatim_source(run_command, sample_paths):
    run_command("ingest", *sample_paths)

    for page in Page.objects.select_related("source"):
        text = page.source.text
        covered = [False] * len(text)
        previous_end = 0
        for block in page.blocks.order_by("sequence"):
            assert previous_end <= block.start <= block.end <= len(text)
            covered[block.start : block.end] = [True] * (block.end - block.start)
            previous_end = block.end
            assert block.text == block.machine_text
        lost = [c for c, hit in zip(text, covered, strict=True) if not hit]
        assert "".join(lost).strip() == ""


def test_articles_match_the_draft(run_command, sample_paths):
    run_command("ingest", *sample_paths)

    for path in sample_paths:
        draft = draft_of(path)
        page = PageSource.objects.get(file_name=path.name).page
        articles = list(page.articles.order_by("sequence"))
        for article, expected in zip(articles, draft.articles, strict=True):
            assert (
                article.kind,
                article.rubric,
                article.kicker,
                article.headline,
                article.subtitle,
                article.body,
            ) == (
                expected.kind,
                expected.rubric,
                expected.kicker,
                expected.headline,
                expected.subtitle,
                expected.body,
            )
            bylines = [(b.role, b.name or None) for b in article.bylines.all()]
            assert bylines == [(c.role, c.name) for c in expected.bylines]
            blocks = article.blocks.order_by("position")
            assert [b.sequence for b in blocks] == list(expected.blocks)
        credits = [(c.role, c.name or None) for c in page.credits.all()]
        assert credits == [(c.role, c.name) for c in draft.credits]


def test_body_is_composed_from_the_blocks(run_command, sample_paths):
    run_command("ingest", *sample_paths)

    for article in Article.objects.all():
        blocks = article.blocks.order_by("position")
        assert article.body == compose_body(
            (b.kind, b.text, b.joins_previous) for b in blocks
        )
        assert article_body_sync(article=article).body == article.body


def test_furniture_never_belongs_to_an_article(run_command, sample_paths):
    run_command("ingest", *sample_paths)

    furniture = TextBlock.objects.furniture()
    assert not furniture.filter(article__isnull=False).exists()
    assert set(furniture.values_list("kind", flat=True)) <= set(FURNITURE_KINDS)


def test_bylines_and_credits_resolve_people(run_command, sample_paths):
    run_command("ingest", *sample_paths)

    named = [
        *Article.objects.values_list("bylines__name", "bylines__person__name"),
        *Page.objects.values_list("credits__name", "credits__person__name"),
    ]
    for name, person_name in named:
        if name:
            assert person_name == name
    names = list(Person.objects.values_list("name", flat=True))
    assert len(names) == len(set(names)), "one person per name, even across pages"


def test_ingest_uses_bulk_inserts(sample_paths):
    publication_profiles()  # load the configuration outside the count
    path = sample_paths[0]
    with CaptureQueriesContext(connection) as queries:
        source_ingest(source=path)
    blocks = TextBlock.objects.count()
    assert blocks > 40
    # About thirty queries whatever the size of the page, none per block and
    # none per name (people, aliases, organisations, mentions, office facts).
    # On PostgreSQL rows are COPYed, and a table whose new ids are needed
    # takes one statement more (its ids are drawn first: newsroom.bulk).
    assert len(queries) < 36, [q["sql"][:80] for q in queries]


# --- reruns and replacements --------------------------------------------------


def test_rerun_changes_nothing(run_command, sample_paths, row_counts):
    run_command("ingest", *sample_paths)
    before = row_counts(exclude=(RUN_LABEL,))

    result = run_command("ingest", *sample_paths)

    assert result.error is None
    assert "0 created, 2 unchanged" in result.stdout
    assert row_counts(exclude=(RUN_LABEL,)) == before
    run = IngestRun.objects.order_by("id").last()
    assert (run.pages_created, run.pages_unchanged, run.status) == (
        0,
        2,
        IngestRun.Status.SUCCEEDED,
    )


def test_changed_source_is_refused_without_replace(
    run_command, sample_paths, row_counts, tmp_path
):
    original = sample_paths[0]
    changed = tmp_path / original.name
    changed.write_bytes(original.read_bytes() + "\n补充一句话。\n".encode())
    run_command("ingest", original)
    before = row_counts(exclude=(RUN_LABEL,))

    result = run_command("ingest", changed)

    assert result.error is not None
    (line,) = result.error_lines
    assert line.startswith(f"{changed}: ")
    assert "different source" in line and "--replace" in line
    assert row_counts(exclude=(RUN_LABEL,)) == before
    run = IngestRun.objects.order_by("id").last()
    assert run.status == IngestRun.Status.FAILED
    assert run.errors == [{"file": str(changed), "problem": line.split(": ", 1)[1]}]


def test_replace_keeps_the_old_source(run_command, sample_paths, tmp_path):
    original = sample_paths[0]
    changed = tmp_path / "rescanned.txt"
    changed.write_bytes(original.read_bytes() + "\n补充一句话。\n".encode())
    run_command("ingest", original)
    page = Page.objects.get()
    old_source = page.source
    old_article_ids = set(page.articles.values_list("id", flat=True))

    result = run_command("ingest", changed, replace=True)

    assert result.error is None, result.stderr
    assert "1 replaced" in result.stdout
    page.refresh_from_db()
    assert page.version == 2
    assert page.source.file_name == "rescanned.txt"
    assert set(page.sources.all()) == {old_source, page.source}
    assert PageSource.objects.get(pk=old_source.pk).text == old_source.text
    draft = draft_of(changed)
    assert page.blocks.count() == len(draft.blocks)
    assert page.articles.count() == len(draft.articles)
    assert not Article.objects.filter(id__in=old_article_ids).exists()
    assert max(page.blocks.values_list("end", flat=True)) <= len(page.source.text)

    # The same replacement again is now a no-op.
    assert "1 unchanged" in run_command("ingest", changed, replace=True).stdout


# --- bad inputs: a clear line per file, nothing written -----------------------

NO_DATE_PAGE = "测试报\n\n# 会议召开\n\n本报讯 今天上午，市里召开会议。\n"
UNKNOWN_PAPER_PAGE = "# 会议召开\n\n本报讯 2021年3月1日上午，市里召开会议。\n"


@pytest.mark.parametrize(
    ("content", "options", "problem"),
    [
        pytest.param(b"", {}, "empty file", id="empty"),
        pytest.param(b" \r\n\t\n", {}, "empty file", id="whitespace"),
        pytest.param(
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50, {}, "binary", id="binary"
        ),
        pytest.param(b"\xff\xfe\x80\x81" * 200, {}, "undecodable", id="undecodable"),
        pytest.param(
            "文字。".encode() * 400, {}, "larger than the limit", id="too-large"
        ),
        pytest.param(
            NO_DATE_PAGE.encode(),
            {"publication": "test-gazette"},
            "no date found",
            id="no-date",
        ),
        pytest.param(
            UNKNOWN_PAPER_PAGE.encode(),
            {},
            "no publication identified",
            id="no-publication",
        ),
        # A new name given with --publication creates the paper
        # (tests/articles/test_publications.py).
    ],
)
def test_bad_input_is_reported_and_writes_nothing(
    run_command,
    row_counts,
    settings,
    tmp_path,
    test_publications,
    content,
    options,
    problem,
):
    settings.NEWSROOM_MAX_SOURCE_BYTES = 1000
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    before = row_counts(exclude=(RUN_LABEL,))

    result = run_command("ingest", path, **options)

    assert result.error is not None and "1 failed" in result.error
    (line,) = result.error_lines
    assert line.startswith(f"{path}: ")
    assert problem in line
    assert row_counts(exclude=(RUN_LABEL,)) == before
    run = IngestRun.objects.get()
    assert (run.status, run.pages_failed) == (IngestRun.Status.FAILED, 1)
    assert run.errors[0]["file"] == str(path)


def test_duplicate_issue_number_on_another_date(run_command, sample_paths, row_counts):
    path = sample_paths[0]
    run_command("ingest", path)
    issue = Issue.objects.get()
    assert issue.number is not None, "the sample prints its serial number"
    before = row_counts(exclude=(RUN_LABEL,))

    other_day = issue.date + dt.timedelta(days=1)
    result = run_command("ingest", path, "--date", other_day.isoformat())

    (line,) = result.error_lines
    assert line.startswith(f"{path}: duplicate issue")
    assert issue.date.isoformat() in line
    assert row_counts(exclude=(RUN_LABEL,)) == before


def test_issue_number_disagreement_is_refused(row_counts, test_publications):
    ingest_draft(page_draft(number=100, page=1, publication="test-gazette"))
    before = row_counts()

    with pytest.raises(ValidationError, match="issue number disagrees"):
        ingest_draft(page_draft(number=101, page=2, publication="test-gazette"))

    assert row_counts() == before


def test_pages_of_one_issue_share_it(test_publications):
    first = ingest_draft(page_draft(number=None, page=1, publication="test-gazette"))
    second = ingest_draft(
        page_draft(number=100, page=2, publication="test-gazette", body="另一篇。")
    )

    assert first.page.issue == second.page.issue
    issue = Issue.objects.get()
    assert issue.number == 100, "a later page fills in what an earlier one lacked"
    assert Publication.objects.get().name == "测试报"


def test_overrides_win_and_are_noted(test_publications):
    result = ingest_draft(
        page_draft(date=dt.date(2021, 3, 1), page=1, publication=None),
        publication_override="test-gazette",
        date_override=dt.date(2021, 3, 2),
        page_override=3,
    )

    page = result.page
    assert result.outcome is IngestOutcome.CREATED
    assert (page.issue.date, page.number) == (dt.date(2021, 3, 2), 3)
    assert page.issue.publication.slug == "test-gazette"
    assert any("2021-03-01" in warning for warning in page.warnings)
    assert any("page 3 given" in warning for warning in page.warnings)


def test_one_bad_file_does_not_stop_the_others(run_command, sample_paths, tmp_path):
    folder = tmp_path / "pages"
    (folder / "nested").mkdir(parents=True)
    for path in sample_paths:
        (folder / "nested" / path.name).write_bytes(path.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "notes.md").write_text("not a page")

    result = run_command("ingest", folder, tmp_path / "missing.txt")

    assert "2 created" in result.error and "2 failed" in result.error
    assert sorted(result.error_lines) == sorted(
        [
            f"{folder / 'empty.txt'}: empty file",
            f"{tmp_path / 'missing.txt'}: no such file or folder",
        ]
    )
    assert Page.objects.count() == 2
    run = IngestRun.objects.get()
    assert (run.status, run.sources, run.pages_created, run.pages_failed) == (
        IngestRun.Status.PARTIAL,
        4,
        2,
        2,
    )


@pytest.mark.parametrize("workers", [0, 2])
def test_parsing_in_worker_processes_gives_the_same_result(
    run_command, sample_paths, tmp_path, settings, workers
):
    settings.NEWSROOM_MAX_SOURCE_BYTES = 100_000
    for path in sample_paths:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01PK\x03\x04" * 100)
    (tmp_path / "huge.txt").write_bytes("版".encode() * 50_000)

    result = run_command("ingest", tmp_path, workers=workers)

    assert "2 created" in result.error and "3 failed" in result.error
    assert sorted(result.error_lines) == [
        f"{tmp_path / 'binary.txt'}: binary file (contains NUL bytes)",
        f"{tmp_path / 'empty.txt'}: empty file",
        f"{tmp_path / 'huge.txt'}: larger than the limit (150,000 bytes > 100,000)",
    ]
    assert sorted(PageSource.objects.values_list("file_name", flat=True)) == sorted(
        p.name for p in sample_paths
    )
    assert TextBlock.objects.count() == sum(
        len(draft_of(p).blocks) for p in sample_paths
    )


# --- encodings and dry runs ----------------------------------------------------


@pytest.mark.parametrize(
    ("encode", "encoding"),
    [
        (lambda text: text.encode("gb18030"), "gb18030"),
        (lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"), "utf-8-sig"),
    ],
    ids=["gb18030", "utf-8-bom"],
)
def test_other_encodings_ingest_alike(
    run_command, sample_paths, tmp_path, encode, encoding
):
    original = sample_paths[0]
    text = original.read_text(encoding="utf-8")
    copy = tmp_path / original.name
    copy.write_bytes(encode(text))

    result = run_command("ingest", copy)

    assert result.error is None, result.stderr
    source = PageSource.objects.get()
    assert (source.encoding, source.text) == (encoding, text)
    assert source.sha256 == hashlib.sha256(copy.read_bytes()).hexdigest()
    assert source.page.blocks.count() == len(draft_of(original).blocks)


def test_dry_run_writes_nothing(run_command, sample_paths, row_counts):
    before = row_counts()

    result = run_command("ingest", *sample_paths, dry_run=True)

    assert result.error is None
    assert "Dry run" in result.stdout and "2 created" in result.stdout
    assert row_counts() == before

    assert "2 created" in run_command("ingest", *sample_paths).stdout


def test_dry_run_still_reports_bad_files(run_command, row_counts, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")

    result = run_command("ingest", path, dry_run=True)

    assert result.error_lines == [f"{path}: empty file"]
    assert row_counts() == {label: 0 for label in row_counts()}


def test_verbosity_zero_prints_no_summary(run_command, sample_paths):
    result = run_command("ingest", *sample_paths, verbosity=0)

    assert (result.error, result.stdout, result.stderr) == (None, "", "")


def test_interrupted_run_is_recorded_as_interrupted(
    run_command, sample_paths, monkeypatch
):
    def interrupt(**kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("articles.management.commands.ingest.source_ingest", interrupt)

    with pytest.raises(KeyboardInterrupt):
        run_command("ingest", *sample_paths)

    run = IngestRun.objects.get()
    assert (run.status, run.finished_at is not None) == (
        IngestRun.Status.INTERRUPTED,
        True,
    )
