"""The generated archive of bench/search.py: articles recombined from the
sample pages' sentences, headlines, rubrics and names, and the queries."""

from __future__ import annotations

import datetime as dt
import random
import re
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]?")


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
    """Insert the generated archive with bulk_create; returns seconds."""
    from django.db import transaction

    from articles.models import Article, Byline, Issue, Page, Publication
    from people.models import Person

    t0 = time.perf_counter()
    publication = Publication.objects.create(slug="bench", name="嘉兴日报")
    rows = list(generate(n, seed))
    people = {}
    with transaction.atomic():
        for name in sorted({name for row in rows for name in row[7]}):
            people[name] = Person.objects.create(name=name)
        issues = {
            d: Issue(publication=publication, date=d)
            for d in sorted({row[0] for row in rows})
        }
        Issue.objects.bulk_create(issues.values(), batch_size=2000)
        pages = {
            (d, p): Page(issue=issues[d], number=p)
            for d, p in sorted({(row[0], row[1]) for row in rows})
        }
        Page.objects.bulk_create(pages.values(), batch_size=2000)
        for start in range(0, len(rows), 5000):
            chunk = rows[start : start + 5000]
            articles = Article.objects.bulk_create(
                Article(
                    page=pages[(d, p)],
                    sequence=s,
                    kind=k,
                    rubric=r,
                    headline=h,
                    body=b,
                )
                for d, p, s, k, r, h, b, _names in chunk
            )
            Byline.objects.bulk_create(
                Byline(
                    article=a,
                    role="reporter",
                    person=people[name],
                    name=name,
                    position=j,
                )
                for a, row in zip(articles, chunk, strict=True)
                for j, name in enumerate(row[7])
            )
    return time.perf_counter() - t0


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
