"""Ingest OCR text files of newspaper pages into the archive.

    manage.py ingest PATH... [--publication SLUG] [--date YYYY-MM-DD] [--page N]
                             [--replace] [--dry-run]

Folders are walked recursively for *.txt files. Files are written in batches,
one transaction each, with a savepoint per file: a bad file writes nothing and
is reported on one line
(`FILE: problem`) on stderr, and the command exits non-zero. Rerunning on the
same files changes nothing. Every run (except a dry run) is recorded as an
IngestRun with its counts.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import datetime as dt
import functools
import itertools
import multiprocessing
import os
import traceback
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from articles.models import IngestRun
from articles.services import (
    IngestOutcome,
    PreparedSource,
    archive_statistics_refresh,
    publication_profiles,
    source_ingest,
    source_prepare,
)
from search import indexing as search_indexing

# Parsing is pure CPU work; writing is this process's. One core is left for it.
DEFAULT_WORKERS = max(1, min(4, (os.cpu_count() or 1) - 1))
# Pages written in one transaction (a savepoint each), after which the search
# index is brought up to date (~8 articles a page).
BATCH_PAGES = 100
# How many pages may be parsed ahead of the writer: bounds memory on big runs.
PREPARE_WINDOW = 16


def _hints() -> dict[str, str]:
    """How to fix what the ingest service refuses, by the error's code: the
    service says what is wrong; the options to fix it are this command's."""
    return {
        "no_publication": _("use --publication"),
        "no_date": _("use --date"),
        "changed_source": _("use --replace to replace it"),
        "unknown_publication": _("add it to %(file)s")
        % {"file": Path(settings.NEWSROOM_PUBLICATIONS_FILE).name},
    }


def _problem(exc: ValidationError) -> str:
    """One line for a refused file: each problem with its hint."""
    if hasattr(exc, "error_dict"):
        return "; ".join(exc.messages)
    hints = _hints()
    parts = []
    for error in exc.error_list:
        (message,) = error.messages
        hint = hints.get(error.code)
        parts.append(f"{message} ({hint})" if hint else message)
    return "; ".join(parts)


@dataclass(frozen=True, slots=True)
class PrepareFailure:
    problem: str
    traceback: str = ""


def _prepare_one(
    path: Path, *, profiles, max_bytes: int
) -> PreparedSource | PrepareFailure:
    # Runs in a worker process: errors come back as values, not exceptions.
    try:
        return source_prepare(source=path, profiles=profiles, max_bytes=max_bytes)
    except ValidationError as exc:
        return PrepareFailure(_problem(exc))
    except Exception as exc:  # a parser bug on one page must not stop a batch
        return PrepareFailure(
            f"unexpected error: {type(exc).__name__}: {exc}", traceback.format_exc()
        )


def _prepare_all(
    files: list[Path], *, workers: int, profiles, max_bytes: int
) -> Iterator[tuple[Path, PreparedSource | PrepareFailure]]:
    """(path, prepared page) in file order, parsed by `workers` processes.

    Forked workers inherit the loaded parser and jieba dictionary; where fork
    is unavailable, or for a handful of files, parsing stays in this process.
    """
    prepare = functools.partial(_prepare_one, profiles=profiles, max_bytes=max_bytes)
    if (
        workers < 1
        or len(files) < 4
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        for path in files:
            yield path, prepare(path)
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        queued = iter(files)
        pending = collections.deque(
            (path, pool.submit(prepare, path))
            for path in itertools.islice(queued, PREPARE_WINDOW)
        )
        while pending:
            path, future = pending.popleft()
            following = next(queued, None)
            if following is not None:
                pending.append((following, pool.submit(prepare, following)))
            yield path, future.result()


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value}") from None


def _page_number(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"not a page number: {value}")
    return int(value)


class _RawStream:
    """Lets tqdm draw through a command's OutputWrapper, which would otherwise
    end every write (every redraw of the bar) with a newline."""

    def __init__(self, wrapper: OutputWrapper):
        self._wrapper = wrapper

    def write(self, text: str) -> None:
        self._wrapper.write(text, ending="")

    def flush(self) -> None:
        self._wrapper.flush()

    def isatty(self) -> bool:
        return self._wrapper.isatty()


class Command(BaseCommand):
    help = "Ingest OCR text files (or folders of them) as newspaper pages."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument(
            "--publication",
            metavar="SLUG",
            help="Publication of pages whose masthead is not recognised.",
        )
        parser.add_argument(
            "--date", type=_date, help="Issue date (YYYY-MM-DD) for all the files."
        )
        parser.add_argument(
            "--page", type=_page_number, help="Page number for all the files."
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace the source of a page already ingested from another file "
            "(the old source is kept).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Parse and check everything, write nothing.",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=DEFAULT_WORKERS,
            help="Processes parsing pages while this one writes them "
            f"(default {DEFAULT_WORKERS}; 0 parses in this process).",
        )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        dry_run = options["dry_run"]
        files, missing = _collect(options["paths"])
        run_options = {
            "paths": [str(p) for p in options["paths"]],
            "publication": options["publication"],
            "date": options["date"].isoformat() if options["date"] else None,
            "page": options["page"],
            "replace": options["replace"],
        }
        run = None if dry_run else IngestRun.objects.create(options=run_options)
        counts = dict.fromkeys(IngestOutcome, 0)
        errors = [
            {"file": str(path), "problem": "no such file or folder"} for path in missing
        ]
        for error in errors:
            tqdm.write(self._error_line(error), file=_RawStream(self.stderr))

        try:
            # The search index is brought up to date in batches, not after
            # every page: its queue is durable, so an interrupted run leaves
            # the rest for `manage.py update_index`.
            with search_indexing.indexing_deferred():
                self._ingest_all(files, run, options, counts, errors)
            search_indexing.search_queue_process(workers=options["workers"])
        except BaseException:
            # Interrupted (Ctrl-C, lost database): the run must not stay "running".
            if run is not None:
                # Best effort: the database may be what failed.
                with contextlib.suppress(Exception):
                    _run_finish(
                        run,
                        counts,
                        errors,
                        sources=len(files) + len(missing),
                        interrupted=True,
                    )
            raise
        if run is not None:
            _run_finish(run, counts, errors, sources=len(files) + len(missing))
        if counts[IngestOutcome.CREATED] or counts[IngestOutcome.REPLACED]:
            archive_statistics_refresh()

        summary = (
            f"{'Dry run, nothing written: ' if dry_run else ''}"
            f"{len(files) + len(missing)} files: "
            f"{counts[IngestOutcome.CREATED]} created, "
            f"{counts[IngestOutcome.UNCHANGED]} unchanged, "
            f"{counts[IngestOutcome.REPLACED]} replaced, {len(errors)} failed"
            f"{f' (ingest run {run.pk})' if run else ''}."
        )
        if errors:
            raise CommandError(summary)
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(summary))

    def _ingest_all(self, files, run, options, counts, errors) -> None:
        """Ingest the files in batches of BATCH_PAGES pages, each batch in one
        transaction with a savepoint per file (a bad file writes nothing of
        itself), then bring the search index up to date."""
        prepared = _prepare_all(
            files,
            workers=options["workers"],
            profiles=publication_profiles(),
            max_bytes=settings.NEWSROOM_MAX_SOURCE_BYTES,
        )
        # disable=None: tqdm draws only on a terminal, keeping logs clean.
        with tqdm(
            prepared,
            total=len(files),
            unit="page",
            file=_RawStream(self.stderr),
            disable=True if options["verbosity"] == 0 else None,
        ) as progress:
            pages = iter(progress)
            while True:
                # islice is lazy: pages are written as the workers parse them.
                batch = itertools.islice(pages, BATCH_PAGES)
                with transaction.atomic():
                    written = self._ingest_batch(
                        batch, progress, run, options, counts, errors
                    )
                if not written:
                    return
                # Analysed in worker processes, as the pages were.
                search_indexing.search_queue_process(workers=options["workers"])

    def _ingest_batch(self, batch, progress, run, options, counts, errors) -> int:
        """Ingest each file of a batch (each in its savepoint: source_ingest is
        atomic), tallying outcomes and errors; returns how many files."""
        verbosity = options["verbosity"]
        err, out = _RawStream(self.stderr), _RawStream(self.stdout)
        seen = 0
        for path, source in batch:
            seen += 1
            try:
                if isinstance(source, PrepareFailure):
                    if verbosity >= 2 and source.traceback:
                        progress.write(source.traceback, file=err)
                    raise ValidationError(source.problem)
                result = source_ingest(
                    source=source,
                    run=run,
                    publication_override=options["publication"],
                    date_override=options["date"],
                    page_override=options["page"],
                    replace=options["replace"],
                    dry_run=options["dry_run"],
                )
            except ValidationError as exc:
                error = {"file": str(path), "problem": _problem(exc)}
            except Exception as exc:
                # A parser bug on one page must not stop a batch of thousands.
                if verbosity >= 2:
                    progress.write(traceback.format_exc(), file=err)
                error = {
                    "file": str(path),
                    "problem": f"unexpected error: {type(exc).__name__}: {exc}",
                }
            else:
                counts[result.outcome] += 1
                if verbosity >= 2:
                    progress.write(f"{path}: {result.outcome}", file=out)
                continue
            errors.append(error)
            progress.write(self._error_line(error), file=err)
        return seen

    def _error_line(self, error: dict[str, str]) -> str:
        return self.style.ERROR(f"{error['file']}: {error['problem']}")


def _run_finish(
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
        run.status = IngestRun.Status.FAILED
    elif not errors:
        run.status = IngestRun.Status.SUCCEEDED
    elif len(errors) == sources:
        run.status = IngestRun.Status.FAILED
    else:
        run.status = IngestRun.Status.PARTIAL
    run.save()


def _collect(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """The files to ingest (folders walked for *.txt, sorted) and missing paths."""
    files: list[Path] = []
    missing: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".txt"
            )
        elif path.exists():
            found = [path]
        else:
            missing.append(path)
            continue
        for file in found:
            if file.resolve() not in seen:
                seen.add(file.resolve())
                files.append(file)
    return files, missing
