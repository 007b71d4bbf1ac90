"""Bring the search index up to date with the archive, in batches.

Replaces haystack's command of the same name: it shows a progress bar and
resumes an interrupted run from the last batch it committed (progress is
recorded in SearchIndexRun in the same transaction as each batch). The
reindex queue left by write paths is drained first.
"""

import os

from django.core.management.base import BaseCommand
from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from haystack import connections
from tqdm import tqdm

from articles.models import Article
from search.indexing import ARTICLE_CT, articles_index, search_queue_process
from search.models import SearchDocument, SearchIndexRun

# Two processes analyse while this one writes: on two cores, writing and
# analysing then overlap.
DEFAULT_WORKERS = min(2, os.cpu_count() or 1)


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser):
        parser.add_argument("-b", "--batch-size", type=int, default=500)
        parser.add_argument(
            "--restart",
            action="store_true",
            help="start over instead of resuming an interrupted run",
        )
        parser.add_argument(
            "--remove",
            action="store_true",
            help="also drop index entries of articles that no longer exist",
        )
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument(
            "--workers",
            type=int,
            default=DEFAULT_WORKERS,
            help="processes analysing text while this one writes "
            f"(default {DEFAULT_WORKERS}; 0 analyses in this process)",
        )

    def handle(self, *args, batch_size, restart, remove, dry_run, workers, **options):
        verbosity = options["verbosity"]
        queued = 0 if dry_run else search_queue_process(batch_size=batch_size)
        run = (
            None
            if restart
            else SearchIndexRun.objects.filter(
                model=ARTICLE_CT, finished_at__isnull=True
            ).first()
        )
        pending = Article.objects.filter(pk__gt=run.last_pk if run else 0)
        total = pending.count()
        if dry_run:
            self.stdout.write(
                _("would index %(total)d articles (%(queued)d queued)")
                % {"total": total, "queued": queued}
            )
            return
        if run is None:
            SearchIndexRun.objects.filter(
                model=ARTICLE_CT, finished_at__isnull=True
            ).update(finished_at=timezone.now())
            run = SearchIndexRun.objects.create(model=ARTICLE_CT, total=total)
        elif verbosity:
            self.stdout.write(_("resuming after article %(id)s") % {"id": run.last_pk})
        ids = pending.order_by("pk").values_list("pk", flat=True)

        def batches():
            last_pk = run.last_pk
            while batch := list(ids.filter(pk__gt=last_pk)[:batch_size]):
                last_pk = batch[-1]
                yield batch

        def done(batch):
            # In the batch's transaction: a rerun resumes after it.
            run.last_pk = batch[-1]
            run.done += len(batch)
            run.save(update_fields=["last_pk", "done"])
            bar.update(len(batch))

        with tqdm(total=total, unit="article", disable=verbosity < 1) as bar:
            articles_index(batches(), workers=workers, done=done)
        backend = connections["default"].get_backend()
        if hasattr(backend, "bulk_load_end"):  # search.backends' engine
            # Finishes a rebuild_index, even one interrupted earlier.
            backend.bulk_load_end()
        removed = 0
        if remove:
            stale = SearchDocument.objects.filter(django_ct=ARTICLE_CT).exclude(
                # django_id is text (haystack's identifiers are strings).
                django_id__in=Article.objects.annotate(
                    key=Cast("pk", CharField())
                ).values("key")
            )
            for django_id in stale.values_list("django_id", flat=True):
                backend.remove(f"{ARTICLE_CT}.{django_id}")
                removed += 1
        run.finished_at = timezone.now()
        run.save(update_fields=["finished_at"])
        if verbosity:
            message = _("indexed %(done)d articles (%(queued)d from the queue)")
            if remove:
                message = _(
                    "indexed %(done)d articles (%(queued)d from the queue, "
                    "%(removed)d removed)"
                )
            counts = {"done": run.done, "queued": queued, "removed": removed}
            self.stdout.write(self.style.SUCCESS(message % counts))
