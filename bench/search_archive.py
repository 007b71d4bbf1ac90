"""The generated archive of bench/search.py: articles recombined from the
sample pages' sentences, headlines, rubrics and names, and the queries."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import re
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]?")
# Articles generated and inserted at a time by load().
LOAD_CHUNK = 5000


def material():
    from articles.parsing import load_profiles, parse_page

    profiles = load_profiles(ROOT / "newsroom" / "publications.toml")
    sentences, headlines, rubrics, names, lengths = [], [], [], set(), []
    for path in sorted((ROOT / "fixtures" / "ocr").glob("*.txt")):
        draft = parse_page(path.read_text(encoding="utf-8"), profiles=profiles)
        for article in draft.articles:
            body = article.body or ""
            lengths.append(max(len(body), 80))
            sentences += [s.strip() for s in SENTENCE.findall(body) if len(s) > 4]
            headlines += [h for h in (article.headline, article.kicker) if h]
            if article.rubric:
                rubrics.append(article.rubric)
            names.update(b.name for b in article.bylines if b.name)
    return sentences, headlines, rubrics, sorted(names), lengths


def generate(n: int, seed: int):
    """Yield (date, page, sequence, kind, rubric, headline, body, names)."""
    sentences, headlines, rubrics, names, lengths = material()
    rng = random.Random(seed)
    start = dt.date(2000, 1, 1)
    kinds = ["news", "news", "news", "feature", "photo"]
    per_day = 24  # 8 pages of 3 articles
    for i in range(n):
        day, slot = divmod(i, per_day)
        date = start + dt.timedelta(days=day * 3)  # ~25 years at 100k
        target = rng.choice(lengths) * rng.uniform(0.6, 1.4)
        body, size = [], 0
        while size < target:
            paragraph = "".join(rng.choice(sentences) for _ in range(rng.randint(2, 5)))
            body.append(paragraph)
            size += len(paragraph)
        yield (
            date,
            slot // 3 + 1,
            slot % 3,
            rng.choice(kinds),
            rng.choice(rubrics) if rubrics and rng.random() < 0.3 else None,
            rng.choice(headlines),
            "\n\n".join(body),
            rng.sample(names, k=min(len(names), rng.randint(0, 2))),
        )


def load(n: int, seed: int) -> float:
    """Insert the generated archive; returns seconds.

    In chunks as generated (memory stays flat at 1,000,000 articles), with
    multi-row inserts (newsroom.bulk) on SQLite and COPY on PostgreSQL:
    model instances and bulk_create made loading a million articles take
    most of an hour."""
    from django.db import connection, transaction

    from articles.models import Article, Byline, Issue, Page, Publication
    from people.models import Person

    t0 = time.perf_counter()
    publication = Publication.objects.create(slug="bench", name="嘉兴日报")
    issues: dict[dt.date, int] = {}
    pages: dict[tuple[dt.date, int], int] = {}
    with transaction.atomic():
        people = {name: Person.objects.create(name=name).pk for name in material()[3]}
        rows = generate(n, seed)
        while chunk := list(itertools.islice(rows, LOAD_CHUNK)):
            dates = sorted({row[0] for row in chunk} - issues.keys())
            issue_rows = [{"publication_id": publication.pk, "date": d} for d in dates]
            issues.update(
                zip(dates, _insert(connection, Issue, issue_rows), strict=True)
            )
            keys = sorted({(row[0], row[1]) for row in chunk} - pages.keys())
            page_rows = [{"issue_id": issues[d], "number": p} for d, p in keys]
            pages.update(zip(keys, _insert(connection, Page, page_rows), strict=True))
            article_ids = _insert(
                connection,
                Article,
                [
                    {
                        "page_id": pages[(d, p)],
                        "sequence": s,
                        "kind": k,
                        "rubric": r,
                        "headline": h,
                        "body": b,
                    }
                    for d, p, s, k, r, h, b, _names in chunk
                ],
            )
            _insert(
                connection,
                Byline,
                [
                    {
                        "article_id": pk,
                        "role": "reporter",
                        "person_id": people[name],
                        "name": name,
                        "position": j,
                    }
                    for pk, row in zip(article_ids, chunk, strict=True)
                    for j, name in enumerate(row[7])
                ],
            )
    return time.perf_counter() - t0


def _insert(connection, model, rows: list[dict]) -> list[int]:
    """Insert rows (dicts by attname; other fields take their defaults) and
    return their new ids, in order."""
    from newsroom.bulk import rows_insert

    if not rows:
        return []
    if connection.vendor != "postgresql":
        return rows_insert(model, rows, returning=True)
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {
        f.attname: f.get_db_prep_save(f.get_default(), connection) for f in fields
    }
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
            "FROM generate_series(1, %s)",
            [table, len(rows)],
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        columns = ", ".join(["id", *(f.column for f in fields)])
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for pk, row in zip(ids, rows, strict=True):
                copy.write_row(
                    [pk, *(row.get(f.attname, defaults[f.attname]) for f in fields)]
                )
    return ids


def queries(seed: int):
    """500 two-word queries and 100 phrase queries from the same vocabulary."""
    from search import analysis

    sentences, *_ = material()
    rng = random.Random(seed + 1)
    words = sorted({w for s in sentences for w in analysis.tokens(s) if len(w) >= 2})
    two_words = [" ".join(rng.sample(words, 2)) for _ in range(500)]
    phrases = []
    while len(phrases) < 100:
        tokens = analysis.tokens(rng.choice(sentences))
        if len(tokens) >= 3:
            i = rng.randrange(len(tokens) - 1)
            phrases.append('"' + " ".join(tokens[i : i + 2]) + '"')
    return two_words, phrases
