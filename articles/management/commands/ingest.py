"""Ingest OCR text files of newspaper pages into the archive.

    manage.py ingest PATH... [--publication SLUG|NAME] [--date YYYY-MM-DD] [--page N]
                             [--replace [--user USERNAME]] [--dry-run] [--queue]
    manage.py ingest --status RUN

Folders are walked recursively for page files (text, PDF, scans, ALTO,
hOCR, OCR JSON; told apart by their bytes). Files are written in batches, one
transaction each, with a savepoint per file (then the new pages' content,
written for the whole batch at once): a bad file writes nothing and is
reported on one line (`FILE: problem`) on stderr, and the command exits
non-zero. A page's warnings are printed under its file name, one per line.
Rerunning on the same files changes nothing. Every run (except a dry run) is
recorded as an IngestRun with its counts.

`--replace` gives a page already ingested its new source and keeps the
editors' work on it (see editing.services.replace); it prints what each of
the page's articles becomes (kept, moved onto the new text, made again), and
so does `--replace --dry-run`, writing nothing.

With --queue the files are sent to Celery workers (`celery -A newsroom
worker`, on this or other machines) and the command prints the run's id;
`--status RUN` shows its progress, failed files and summary.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import datetime as dt
import functools
import gc
import itertools
import multiprocessing
import os
import traceback
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from tqdm import tqdm

from articles.management import queued
from articles.management.files import path_shown, paths_collect
from articles.management.indexing import BatchIndexer
from articles.management.reporting import replace_report_lines, run_finish
from articles.services import (
    IngestOutcome,
    PreparedSource,
    archive_changes_batched,
    archive_statistics_refresh,
    publication_get_or_create,
    publication_known,
    publication_profiles,
    source_ingest,
    source_prepare,
)
from articles.services.filling import pages_fill
from articles.services.publications import publications_remembered
from articles.services.runs import ingest_run_start
from search import indexing as search_indexing

# Parsing, finding names and analysing the search documents is pure CPU work,
# nearly twice one jieba pass over each page; writing, this process's, costs
# less (bench/ingest.py). So a worker per core: the workers are the
# bottleneck, and a writer ahead of them only waits.
DEFAULT_WORKERS = max(1, min(4, os.cpu_count() or 1))
# Pages written in one transaction (a savepoint each), after which their
# search documents are sent to the workers (~8 articles a page).
BATCH_PAGES = 100
# How many pages may be parsed ahead of the writer: bounds memory on big runs.
PREPARE_WINDOW = 32
# The workers' scheduling priority below the writer's (os.nice), where
# the operating system has one. The writer is the one serial stage: with
# every core busy, an equal share of them slows it and, with it, the run.
WORKER_NICENESS = 5


def _hints() -> dict[str, str]:
    """How to fix what the ingest service refuses, by the error's code: the
    service says what is wrong; the options to fix it are this command's."""
    return {
        "no_publication": _("use --publication SLUG or NAME"),
        "no_date": _("use --date"),
        "changed_source": _("use --replace to replace it"),
        "unknown_publication": _(
            "--publication NAME creates it, or add it in the admin"
        ),
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


@contextlib.contextmanager
def _worker_pool(files: list[Path], *, workers: int) -> Iterator[Executor | None]:
    """Forked processes that parse the pages and analyse their search
    documents while this one writes; they inherit the loaded parser and jieba
    dictionary. None where fork is unavailable, or for a handful of files:
    the work then stays in this process."""
    if (
        workers < 1
        or len(files) < 4
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        yield None
        return
    context = multiprocessing.get_context("fork")
    # What is loaded now (Django, the parser's tables, jieba's dictionary)
    # lives as long as the run: out of the collector's sight, neither this
    # process nor the forked ones scan it again (~2% of a worker's time) or
    # copy its pages to do so.
    gc.freeze()
    try:
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_worker_start
        ) as pool:
            yield pool
    finally:
        gc.unfreeze()


def _worker_start() -> None:
    if hasattr(os, "nice"):
        os.nice(WORKER_NICENESS)


def _prepare_all(
    files: list[Path], *, pool: Executor | None, profiles, max_bytes: int
) -> Iterator[tuple[Path, PreparedSource | PrepareFailure]]:
    """(path, prepared page) in file order, parsed by the pool's processes
    (or this one), at most PREPARE_WINDOW ahead of the writer."""
    prepare = functools.partial(_prepare_one, profiles=profiles, max_bytes=max_bytes)
    if pool is None:
        for path in files:
            yield path, prepare(path)
        return
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
        parser.add_argument("paths", nargs="*", type=Path, metavar="PATH")
        parser.add_argument(
            "--publication",
            metavar="SLUG|NAME",
            help="Publication of pages whose masthead is not recognised: its slug "
            "or name; a new name creates the publication.",
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
            "--user",
            metavar="USERNAME",
            help="Who replaces a page's source, for its history (--replace).",
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
            help="Processes parsing pages and analysing their search documents "
            "while this one writes them "
            f"(default {DEFAULT_WORKERS}; 0 parses in this process).",
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Send the files to Celery workers (celery -A newsroom worker) "
            "and print the run's id instead of ingesting them here.",
        )
        parser.add_argument(
            "--status",
            type=int,
            metavar="RUN",
            help="Show the progress, failures and summary of ingest run RUN.",
        )

    def handle(self, *args, **options):
        if options["status"] is not None:
            return queued.run_status(
                self, options["status"], verbosity=options["verbosity"]
            )
        if not options["paths"]:
            raise CommandError("Give the files or folders to ingest (PATH).")
        dry_run = options["dry_run"]
        options["user"] = _user(options["user"])
        if options["publication"]:
            options["publication"] = self._publication(options["publication"], dry_run)
        files, missing, refused = paths_collect(options["paths"])
        run_options = {
            "paths": [path_shown(p) for p in options["paths"]],
            "publication": options["publication"],
            "date": options["date"].isoformat() if options["date"] else None,
            "page": options["page"],
            "replace": options["replace"],
        }
        if options["queue"]:
            return queued.run_enqueue(
                self, (files, missing + refused), options, run_options=run_options
            )
        verbosity = options["verbosity"]
        run = None if dry_run else ingest_run_start(options=run_options)
        counts = dict.fromkeys(IngestOutcome, 0)
        errors = [
            {"file": path_shown(path), "problem": "no such file or folder"}
            for path in missing
        ] + [
            {"file": path_shown(path), "problem": _("not a regular file")}
            for path in refused
        ]
        sources = len(files) + len(errors)
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
                    run_finish(
                        run,
                        counts,
                        errors,
                        sources=len(files) + len(missing),
                        interrupted=True,
                    )
            raise
        if run is not None:
            run_finish(run, counts, errors, sources=sources)
        if counts[IngestOutcome.CREATED] or counts[IngestOutcome.REPLACED]:
            archive_statistics_refresh()

        summary = (
            f"{'Dry run, nothing written: ' if dry_run else ''}"
            f"{sources} files: "
            f"{counts[IngestOutcome.CREATED]} created, "
            f"{counts[IngestOutcome.UNCHANGED]} unchanged, "
            f"{counts[IngestOutcome.REPLACED]} replaced, {len(errors)} failed"
            f"{f' (ingest run {run.pk})' if run else ''}."
        )
        if errors:
            raise CommandError(summary)
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(summary))

    def _publication(self, wanted: str, dry_run: bool) -> str:
        """The slug of the publication named `wanted` (slug or name); a new
        name creates the publication (not in a dry run), and says so."""
        known = publication_known(wanted)
        if known is not None:
            return known
        if dry_run:
            self.stdout.write(
                _("Publication %(name)s is new: it would be created.")
                % {"name": wanted}
            )
            return wanted
        try:
            publication, _created = publication_get_or_create(wanted)
        except ValidationError as exc:
            raise CommandError(_problem(exc)) from exc
        self.stdout.write(
            _(
                "New publication %(name)s (slug %(slug)s) created; its masthead "
                "patterns can be added in the admin."
            )
            % {"name": publication.name, "slug": publication.slug}
        )
        return publication.slug

    def _ingest_all(self, files, run, options, counts, errors) -> None:
        """Ingest the files in batches of BATCH_PAGES pages, each batch in one
        transaction with a savepoint per file (a bad file writes nothing of
        itself), then bring the search index up to date."""
        with _worker_pool(files, workers=options["workers"]) as pool:
            # Before the pages are parsed: the workers fork with the names.
            indexer = BatchIndexer(pool)
            prepared = _prepare_all(
                files,
                pool=pool,
                profiles=publication_profiles(),
                max_bytes=settings.NEWSROOM_MAX_SOURCE_BYTES,
            )
            self._write_all(prepared, len(files), indexer, run, options, counts, errors)
            indexer.finish()

    def _write_all(self, prepared, total, indexer, run, options, counts, errors):
        """Write the prepared pages in batches, one transaction each; the
        search documents of each batch are analysed while the next is written."""
        # disable=None: tqdm draws only on a terminal, keeping logs clean.
        with tqdm(
            prepared,
            total=total,
            unit="page",
            file=_RawStream(self.stderr),
            disable=True if options["verbosity"] == 0 else None,
        ) as progress:
            pages = iter(progress)
            while True:
                # Kept for a retry; filled lazily: pages are filed as the
                # workers parse them.
                batch: list = []
                taken = _kept(itertools.islice(pages, BATCH_PAGES), batch)
                before = dict(counts), len(errors)
                try:
                    self._write_batch(taken, progress, run, options, counts, errors)
                except _FillFailed:
                    # Not one page's data (checked before), yet: the batch
                    # again, page by page, each filled in its own savepoint.
                    counts.update(before[0])
                    del errors[before[1] :]
                    self._write_batch(
                        batch, progress, run, options, counts, errors, bulk=False
                    )
                if not batch:
                    return
                indexer.batch_written()

    def _write_batch(self, batch, progress, run, options, counts, errors, bulk=True):
        """One batch in one transaction: each file filed in its savepoint,
        then (`bulk`) the content of all its new pages in one statement per
        table (articles.services.filling)."""
        # The archive's revision is bumped once, after the commit: a bump in
        # the transaction would lock its row for the batch.
        fills = [] if bulk and not options["dry_run"] else None
        with (
            archive_changes_batched(),
            transaction.atomic(),
            publications_remembered(),
        ):
            self._ingest_batch(batch, progress, run, options, counts, errors, fills)
            if fills:
                try:
                    with transaction.atomic():
                        pages_fill(fills)
                except (ValidationError, DatabaseError) as exc:
                    raise _FillFailed from exc

    def _ingest_batch(self, batch, progress, run, options, counts, errors, fills):
        """Ingest each file of a batch (each in its savepoint: source_ingest is
        atomic), tallying outcomes and errors; new pages' content is left in
        `fills` (unless None). Returns how many files."""
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
                    user=options["user"],
                    fills=fills,
                )
            except ValidationError as exc:
                error = {"file": path_shown(path), "problem": _problem(exc)}
            except Exception as exc:
                # A parser bug on one page must not stop a batch of thousands.
                if verbosity >= 2:
                    progress.write(traceback.format_exc(), file=err)
                error = {
                    "file": path_shown(path),
                    "problem": f"unexpected error: {type(exc).__name__}: {exc}",
                }
            else:
                counts[result.outcome] += 1
                self._page_report(progress, out, path, result, verbosity)
                continue
            errors.append(error)
            progress.write(self._error_line(error), file=err)
        return seen

    def _page_report(self, progress, out, path, result, verbosity) -> None:
        """The file's outcome, and its page's warnings one per line under it
        (a weekday or lunar date disagreeing with the date, overrides...)."""
        warnings = (
            [] if result.outcome == IngestOutcome.UNCHANGED else result.page.warnings
        )
        if verbosity >= 2 or (verbosity >= 1 and warnings):
            progress.write(f"{path_shown(path)}: {result.outcome}", file=out)
        report = result.report
        if report is not None and verbosity >= 1:
            if not (verbosity >= 2 or warnings):
                progress.write(f"{path_shown(path)}: {result.outcome}", file=out)
            for line in replace_report_lines(report):
                progress.write(line, file=out)
        if verbosity >= 1:
            for warning in warnings:
                line = _("  warning: {warning}").format(warning=warning)
                progress.write(self.style.WARNING(line), file=out)

    def _error_line(self, error: dict[str, str]) -> str:
        return self.style.ERROR(f"{error['file']}: {error['problem']}")


class _FillFailed(Exception):
    """The batch's content could not be written in bulk."""


def _kept(items, into: list):
    """`items`, each appended to `into` as it is taken."""
    for item in items:
        into.append(item)
        yield item


def _user(username: str | None):
    if username is None:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(_("No user named {name!r}.").format(name=username))
    return user
