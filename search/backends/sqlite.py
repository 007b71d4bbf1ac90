"""The database search backend on SQLite: an FTS5 table (search_fts) of
each document's words and pairs of neighbouring words, title and body apart,
scored by bm25."""

from __future__ import annotations

import numpy as np

# Searches read the request's database (newsroom.db_router).
from newsroom.db_router import read_connection as connection
from search import analysis
from search.backends.base import DatabaseSearchBackend, ids_parsed

# FTS5 scores every match above the window's first id, filtered out or not:
# past this many times the window, the window shrinks to bound that.
SCORED_MAX_WINDOWS = 4


def _fts5(expr) -> str:
    """A text expression as an FTS5 query. A phrase is matched by its pairs
    of neighbouring words (see _tsquery for why)."""
    kind = expr[0]
    if kind == "phrase":
        words = expr[1] if len(expr[1]) == 1 else analysis.pairs(expr[1])
        return '"' + " ".join(w.replace('"', '""') for w in words) + '"'
    if kind == "not":  # only under AND: rendered by the caller
        raise ValueError("unary NOT")
    parts = [e for e in expr[1] if e[0] != "not"]
    negs = [e[1] for e in expr[1] if e[0] == "not"]
    sql = f" {kind.upper()} ".join(f"({_fts5(e)})" for e in parts)
    if negs and kind == "and" and parts:
        sql = f"({sql}) NOT ({' OR '.join(f'({_fts5(n)})' for n in negs)})"
    return sql


class SQLiteSearchBackend(DatabaseSearchBackend):
    """FTS5 (search_fts: title, body, title_pairs, body_pairs)."""

    vendor = "sqlite"
    insert_sql = (
        "INSERT INTO search_fts (rowid, title, body, title_pairs, body_pairs) "
        "VALUES (%s, %s, %s, %s, %s)"
    )
    delete_sql = "DELETE FROM search_fts WHERE rowid IN ({})"

    def engine_text(self, title: list[str], body: list[str]) -> tuple:
        return (
            " ".join(title),
            " ".join(body),
            " ".join(analysis.pairs(title)),
            " ".join(analysis.pairs(body)),
        )

    def match_ids(self, text, ranked: bool = False) -> np.ndarray:
        if text is None:
            return self.all_ids()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT group_concat(rowid, ' ') FROM search_fts "
                "WHERE search_fts MATCH %s",
                [_fts5(text)],
            )
            return ids_parsed(cursor.fetchone()[0])

    def score_window(self, window: np.ndarray, matched: np.ndarray) -> np.ndarray:
        size = self.rank_window()
        if len(matched) > size * SCORED_MAX_WINDOWS:
            # The range from the window's first id holds filtered-out matches
            # too: past SCORED_MAX_WINDOWS windows of them, it starts later.
            window = window[window >= matched[-size * SCORED_MAX_WINDOWS]]
        return window

    def scores(self, text, window: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        # FTS5 looks a rowid list up one rowid at a time (a full match
        # each: seconds); a rowid range it seeks. Title words (and pairs)
        # weigh three times body words.
        return self.rows_scored(
            "SELECT rowid, -bm25(search_fts, 3.0, 1.0, 3.0, 1.0) FROM search_fts "
            "WHERE search_fts MATCH %s AND rowid >= %s",
            [_fts5(text), int(window[0])],
        )
