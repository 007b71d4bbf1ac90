"""Export the archive, or one date of it, as JSON, JSON Lines or plain text.

    manage.py export [--format json|jsonl|text] [--date YYYY-MM-DD] [--output FILE]

The export is written issue by issue as it is read, so the whole archive never
has to fit in memory. `json` is one document, {"issues": [...]}; `jsonl` is
one issue per line, each line a JSON document. Piped into a reader that stops
early (`| head -1`), the command stops quietly.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from articles.selectors import (
    issue_export_json,
    issue_export_jsonl,
    issue_export_text,
)

EXPORTS = {
    "json": issue_export_json,
    "jsonl": issue_export_jsonl,
    "text": issue_export_text,
}


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value}") from None


class Command(BaseCommand):
    help = "Export issues as JSON, JSON Lines or plain text."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=list(EXPORTS), default="json")
        parser.add_argument("--date", type=_date, help="Only the issues of this date.")
        parser.add_argument(
            "--output", metavar="FILE", help="Write here instead of standard output."
        )

    def handle(self, *args, **options):
        chunks = EXPORTS[options["format"]](date=options["date"])
        output = options["output"]
        if output in (None, "-"):
            self._stream(chunks)
            return
        # Write beside the target and rename, so a failed export never leaves
        # a truncated file where a good one is expected.
        target = Path(output)
        partial = target.with_name(target.name + ".part")
        try:
            with open(partial, "w", encoding="utf-8") as fh:
                for chunk in chunks:
                    fh.write(chunk)
            partial.replace(target)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise CommandError(f"{output}: {exc.strerror or exc}") from exc
        if options["verbosity"] >= 1:
            self.stdout.write(self.style.SUCCESS(_("Wrote {file}").format(file=target)))

    def _stream(self, chunks) -> None:
        """Write to standard output, stopping quietly when the reader is gone."""
        try:
            for chunk in chunks:
                self.stdout.write(chunk, ending="")
                # Each issue goes out now, so a closed pipe is noticed here
                # and not in the interpreter's flush at exit.
                self.stdout.flush()
        except BrokenPipeError:
            # What is still buffered can never be written: point standard
            # output at /dev/null so Python's exit does not report it.
            if self.stdout._out is sys.stdout:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
                os.close(devnull)
