"""Export the archive, or one date of it, as JSON or plain text.

    manage.py export [--format json|text] [--date YYYY-MM-DD] [--output FILE]

The export is written issue by issue as it is read, so the whole archive never
has to fit in memory. JSON is shaped {"issues": [...]}, one issue per line.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.selectors import issue_export_json, issue_export_text


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value}") from None


class Command(BaseCommand):
    help = "Export issues as JSON or plain text."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "text"], default="json")
        parser.add_argument("--date", type=_date, help="Only the issues of this date.")
        parser.add_argument(
            "--output", metavar="FILE", help="Write here instead of standard output."
        )

    def handle(self, *args, **options):
        export = issue_export_json if options["format"] == "json" else issue_export_text
        chunks = export(date=options["date"])
        output = options["output"]
        if output in (None, "-"):
            for chunk in chunks:
                self.stdout.write(chunk, ending="")
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
            self.stdout.write(self.style.SUCCESS(f"Wrote {target}"))
