"""The database search backend on PostgreSQL: a GIN-indexed tsvector
(search_vector) of each document's words and pairs of neighbouring words,
title words weighted A, scored by ts_rank_cd."""

from __future__ import annotations

from itertools import chain

import numpy as np

from newsroom.bulk import rows_copy

# Searches read the request's database (newsroom.db_router).
from newsroom.db_router import read_connection as connection
from search import analysis
from search.backends import pg_index
from search.backends.base import DatabaseSearchBackend, ids_parsed

MAX_TSVECTOR_POSITION = 16383  # PostgreSQL clamps positions there
# With RUM and filters, at most this many windows of best matches are asked
# for (the filtered-out ones are dropped after).
RUM_MAX_WINDOWS = 4

# A query's matches (id list); when they will be ranked, with the likely
# ranking in the same round trip: the newest `window` matches scored by
# ts_rank_cd (GIN), or the best RUM_MAX_WINDOWS windows out of the RUM
# index's ordered scan (forced: the planner prefers a bitmap scan and a sort
# that reads every match's vector).
MATCH = (
    "SET LOCAL enable_seqscan = off; "
    "SELECT string_agg(id::text, ' ') FROM search_vector "
    "WHERE vector @@ {query}::tsquery; "
    "SET LOCAL enable_seqscan TO DEFAULT"
)
# With the newest window's scores comes its likely first page: the rows a
# search shows (base._results) of the best `page` in the order base._order
# gives them (score, date, id, each descending); the page is read again
# only when filters or models left a gap in it. The matches are one sorted
# array whose last `window` are the newest: for a query matching 60,000 of
# 100,000 articles, 19 ms instead of 32 for a set of rows scanned again and
# sorted for its newest.
MATCH_NEWEST_RANKED = (
    "SET LOCAL enable_seqscan = off; "
    "WITH matched AS MATERIALIZED (SELECT array_agg(id ORDER BY id) AS ids "
    "FROM search_vector WHERE vector @@ {query}::tsquery), "
    "newest AS (SELECT v.id, ts_rank_cd(v.vector, {query}::tsquery) AS score "
    "FROM matched m JOIN search_vector v "
    "ON v.id = ANY(m.ids[greatest(1, cardinality(m.ids) - {window} + 1):])) "
    "SELECT (SELECT array_to_string(ids, ' ') FROM matched), r.ids, r.scores, "
    "(SELECT json_agg(json_build_array(p.id, p.django_ct, p.django_id, "
    "p.title, p.date, p.display)) FROM (SELECT d.* FROM newest n "
    "JOIN search_searchdocument d ON d.id = n.id WHERE n.score >= COALESCE("
    "(SELECT score FROM newest ORDER BY score DESC OFFSET {page} - 1 LIMIT 1), 0) "
    "ORDER BY n.score DESC, d.date DESC NULLS LAST, d.id DESC "
    "LIMIT {page}) AS p) "
    "FROM (SELECT array_agg(id ORDER BY id) AS ids, "
    "array_agg(score ORDER BY id) AS scores FROM newest) AS r; "
    "SET LOCAL enable_seqscan TO DEFAULT"
)
MATCH_RUM_BEST = (
    "SET LOCAL enable_seqscan = off; "
    "SELECT string_agg(id::text, ' ') FROM search_vector "
    "WHERE vector @@ {query}::tsquery; "
    "SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off; "
    "SELECT id FROM search_vector WHERE vector @@ {query}::tsquery "
    "ORDER BY vector <=> {query}::tsquery LIMIT "
    + str(RUM_MAX_WINDOWS)
    + " * {window}; "
    "SET LOCAL enable_seqscan TO DEFAULT; SET LOCAL enable_bitmapscan TO DEFAULT; "
    "SET LOCAL enable_sort TO DEFAULT"
)


def _lexeme(word: str) -> str:
    if "'" in word or "\\" in word:
        word = word.replace("\\", "\\\\").replace("'", "''")
    return f"'{word}'"


def _tsquery(expr) -> str:
    """A text expression as a tsquery.

    A phrase is matched by the pairs of neighbouring words the documents were
    indexed with (search.analysis.pairs): one lexeme for two words, which the
    GIN index answers alone. Matching the words with <-> has to read every
    candidate's vector (300 ms for two common words in 100,000 articles), and
    the engines' relevance scores, run over all matches of each term or
    phrase for its rarity, pay that again.
    """
    kind = expr[0]
    if kind == "phrase":
        words = expr[1]
        if len(words) == 1:
            return _lexeme(words[0])
        pairs = [_lexeme(pair) for pair in analysis.pairs(words)]
        if len(pairs) == 1:
            return pairs[0]
        # Pairs sit at their first word's position: adjacent pairs, adjacent
        # words. Checked among the few documents that have every pair.
        return f"({' & '.join(pairs)} & ({' <-> '.join(pairs)}))"
    if kind == "not":
        return f"!{_tsquery(expr[1])}"
    joiner = " & " if kind == "and" else " | "
    return "(" + joiner.join(_tsquery(e) for e in expr[1]) + ")"


def _separators(weight: str) -> list[str]:
    # What follows a lexeme at position n and opens the next: "':12A '".
    return [f"':{n}{weight} '" for n in range(MAX_TSVECTOR_POSITION + 1)]


_SEPARATORS = {"": _separators(""), "A": _separators("A")}


def _tsvector(title_words: list[str], body_words: list[str]) -> str:
    """A tsvector of the words, and of each pair of neighbours at the first
    one's position (title words weighted A).

    One entry per occurrence ('党代会':3 '党代会':17): PostgreSQL merges a
    lexeme's entries and keeps its first 256 positions on input, in C, at
    half the cost of grouping them here (which took longer than jieba). The
    text is joined in C from the words and ready-made separators (a Python
    loop making each entry was a quarter of the analysis).
    """
    parts = [
        *_entries(title_words, 1, "A"),
        *_entries(body_words, len(title_words) + 1, ""),
    ]
    return " ".join(part for part in parts if part)


def _entries(words: list[str], start: int, weight: str) -> tuple[str, str]:
    """The words' entries and their pairs', from position `start`."""
    if not words:
        return "", ""
    table = _SEPARATORS[weight]
    separators = table[start : min(start + len(words), MAX_TSVECTOR_POSITION)]
    if len(separators) < len(words):  # PostgreSQL clamps further positions
        separators += [table[MAX_TSVECTOR_POSITION]] * (len(words) - len(separators))
    text = "".join(words)
    if "'" in text or "\\" in text:  # rare: quoted one by one
        marks = [sep[2:-2] for sep in separators]
        pairs = analysis.pairs(words)
        return (
            " ".join(f"{_lexeme(w)}:{m}" for w, m in zip(words, marks, strict=True)),
            " ".join(f"{_lexeme(p)}:{m}" for p, m in zip(pairs, marks, strict=False)),
        )
    # "'w1':1 'w2':2 '" less its last two characters.
    singles = (
        "'" + "".join(chain.from_iterable(zip(words, separators, strict=True)))[:-2]
    )
    if len(words) < 2:
        return singles, ""
    pairs = "".join(
        chain.from_iterable(zip(words, words[1:], separators, strict=False))
    )
    return singles, "'" + pairs[:-2]


def _next_rows(cursor) -> None:
    """Move to the next result of a multi-statement execute that has rows."""
    while cursor.nextset():
        if cursor.description is not None:
            return
    raise RuntimeError("no further result with rows")


class PostgresSearchBackend(DatabaseSearchBackend):
    """tsvector + GIN (search_vector: id, vector)."""

    vendor = "postgresql"
    insert_sql = "INSERT INTO search_vector (id, vector) VALUES (%s, %s::tsvector)"
    delete_sql = "DELETE FROM search_vector WHERE id IN ({})"

    def engine_text(self, title: list[str], body: list[str]) -> tuple:
        return (_tsvector(title, body),)

    def engine_rows_insert(self, rows: list[tuple]) -> None:
        # COPY: each vector is parsed by PostgreSQL once, with no statement
        # or parameters around it.
        with connection.cursor() as cursor:
            rows_copy(cursor, "COPY search_vector (id, vector) FROM STDIN", rows)

    def match_ids(self, text, ranked: bool = False) -> np.ndarray:
        if text is None:
            return self.all_ids()
        query = _tsquery(text)
        # The planner prices @@ as cheap and scans a small table (a few
        # thousand documents) instead of the text index, but each row's @@
        # reads its 12 KB vector: 40 ms instead of 1 for 3,000 documents.
        # Statements without parameters go in one round trip, and run as one
        # transaction when none is open (so SET LOCAL holds).
        literal = "'" + query.replace("'", "''") + "'"
        with connection.cursor() as cursor:
            kind = pg_index.text_index(cursor, connection.alias)
            if not ranked:
                statement = MATCH
            elif kind == pg_index.RUM:
                statement = MATCH_RUM_BEST
            else:
                statement = MATCH_NEWEST_RANKED
            cursor.execute(
                statement.format(
                    query=literal,
                    window=self.rank_window(),
                    page=max(1, int(getattr(self, "_page_end", 0) or 0)),
                )
            )
            _next_rows(cursor)  # the (first) SELECT's result
            if not ranked:
                return ids_parsed(cursor.fetchone()[0])
            if kind == pg_index.RUM:
                matched = ids_parsed(cursor.fetchone()[0])
                _next_rows(cursor)  # the best, in the index's order
                best = np.array([pk for (pk,) in cursor.fetchall()], dtype=np.int64)
                self._ranked = (query, best, None)
                return matched
            matched_text, newest, scores, page = cursor.fetchone()
        if getattr(self, "_page_end", None):
            self._page_rows = {row[0]: tuple(row) for row in page or ()}
        self._ranked = (
            query,
            np.array(newest or [], dtype=np.int64),
            np.array(scores or [], dtype=np.float64),
        )
        return ids_parsed(matched_text, ordered=True)  # array_agg's ORDER BY

    def relevance(self, text, ids: np.ndarray, matched: np.ndarray):
        query, found, scores = getattr(self, "_ranked", None) or (None, None, None)
        self._ranked = None
        if query != _tsquery(text):  # not ranked with the match
            return super().relevance(text, ids, matched)
        if scores is None:
            # RUM ranked every match in its index (positions are kept
            # there) and handed over the best first, reading no vector.
            best = found[np.isin(found, ids)][: self.rank_window()]
            return best, np.arange(len(best), 0, -1, dtype=np.float64)
        window = self.score_window(ids[-self.rank_window() :], matched)
        if np.isin(window, found).all():  # no filter left a gap in it
            keep = np.isin(found, window)
            return found[keep], scores[keep]
        return self.scores(text, window)

    def scores(self, text, window: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        # By primary key: the window's ids are known to match, and @@ would
        # read each vector a second time.
        return self.rows_scored(
            "SELECT id, ts_rank_cd(vector, %s::tsquery) FROM search_vector "
            "WHERE id = ANY(%s)",
            [_tsquery(text), window.tolist()],
        )

    def bulk_load_begin(self) -> None:
        """Before indexing everything into an empty index (rebuild_index): the
        text index goes, to be built once at the end, which is twice as fast as
        growing it row by row."""
        with connection.cursor() as cursor:
            pg_index.text_index_drop(cursor)

    def bulk_load_end(self) -> None:
        """After a bulk load, or to finish one that was interrupted: idempotent."""
        pg_index.text_index_ensure(parallel=True)
