"""Empty the search index and index every article again (see update_index).

Replaces haystack's command of the same name; an interrupted rebuild is
finished by `update_index`, which resumes where it stopped.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from haystack import connections

from search.management.commands.update_index import DEFAULT_WORKERS


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser):
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive"
        )
        parser.add_argument("-b", "--batch-size", type=int, default=500)
        parser.add_argument(
            "--workers",
            type=int,
            default=DEFAULT_WORKERS,
            help=f"processes analysing text (default {DEFAULT_WORKERS})",
        )

    def handle(self, *args, interactive, batch_size, workers, **options):
        if interactive:
            answer = input("This empties the search index. Continue? [y/N] ")
            if answer.strip().lower() not in ("y", "yes"):
                raise CommandError("cancelled")
        backend = connections["default"].get_backend()
        backend.clear()
        if hasattr(backend, "bulk_load_begin"):  # search.backends' engine
            backend.bulk_load_begin()
        call_command(
            "update_index",
            batch_size=batch_size,
            workers=workers,
            restart=True,
            verbosity=options["verbosity"],
            stdout=self.stdout,
            stderr=self.stderr,
        )
