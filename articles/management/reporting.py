"""What the ingest command prints and records at the end: the lines of a
replaced page's report, and the run's final counts."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import IngestRun
from articles.services import IngestOutcome


def replace_report_lines(report) -> list[str]:
    """What a replace kept, remapped and made again, one article a line."""
    labels = {
        "kept": _("kept"),
        "remapped": _("kept, moved onto the new text"),
        "conflict": _("kept, correction where the source changed too: check it"),
        "unmappable": _("kept as it was: its text is not in the new source"),
    }
    lines = []
    for article in report.articles:
        if article.fate == "remade":
            where = (
                _("its text is now in new article {id}").format(id=article.successor)
                if article.successor
                else _("its text is no longer in any article")
            )
            label = _("machine-made, made again ({where})").format(where=where)
        else:
            label = labels[article.fate]
        lines.append(f"  article {article.id} ({article.title}): {label}")
    lost = len(report.lost)
    lines.append(
        _(
            "  {kept} edited article(s) kept, {lost} lost, {new} new machine article(s)"
        ).format(
            kept=sum(a.fate != "remade" for a in report.articles),
            lost=lost,
            new=report.new_articles,
        )
    )
    return lines


def run_finish(
    run: IngestRun,
    counts: dict,
    errors: list[dict[str, str]],
    *,
    sources: int,
    interrupted: bool = False,
) -> None:
    run.sources = sources
    run.pages_created = counts[IngestOutcome.CREATED]
    run.pages_unchanged = counts[IngestOutcome.UNCHANGED]
    run.pages_replaced = counts[IngestOutcome.REPLACED]
    run.pages_failed = len(errors)
    run.errors = errors
    run.finished_at = timezone.now()
    if interrupted:
        run.status = IngestRun.Status.INTERRUPTED
    elif not errors:
        run.status = IngestRun.Status.SUCCEEDED
    elif len(errors) == sources:
        run.status = IngestRun.Status.FAILED
    else:
        run.status = IngestRun.Status.PARTIAL
    run.save()
