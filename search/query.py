"""Readers' query syntax, parsed into analysed phrases.

    农贸市场 仲旭东          all words (default)
    "文明城市 建设"          a phrase (its words adjacent, in order)
    农贸市场 OR 菜场         either (also |)
    农贸市场 -菜场           without

Every word typed is analysed (search.analysis.tokens) into its words, which
must all match, anywhere: Chinese is typed without spaces, so 平湖文明城市
means what 平湖 文明城市 means. Only quotes ask for the words side by side,
in order ("省党代会"), and a quoted phrase is highlighted as one. Never
raises on odd input: unbalanced quotes close at the end, stray operators are
dropped, and what is left is reported as a problem for the reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from search import analysis

MAX_QUERY_CHARS = 200
MAX_TERMS = 20

_TOKEN = re.compile(r'(-?)"([^"]*)(?:"|$)|(\S+)')


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # analysed tokens
    phrase: bool = False  # quoted: adjacent, in this order; else all, anywhere

    @property
    def highlights(self) -> list[str]:
        """What the highlighter marks: a phrase as one run of text."""
        return ["".join(self.words)] if self.phrase else list(self.words)


@dataclass
class ParsedQuery:
    groups: list[list[Term]] = field(default_factory=list)  # AND of ORs
    excluded: list[Term] = field(default_factory=list)
    problem: str = ""  # told to the reader; the query may still run

    @property
    def is_empty(self) -> bool:
        return not self.groups

    @property
    def words(self) -> list[str]:
        """Every wanted word or phrase, for highlighting."""
        return [w for group in self.groups for term in group for w in term.highlights]


def query_parse(text: str) -> ParsedQuery:
    """Parse a reader's query; never raises."""
    parsed = ParsedQuery()
    text = (text or "").replace("\u201c", '"').replace("\u201d", '"')
    text = text.replace("\uff02", '"').strip()
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        parsed.problem = _(
            "The query is too long; only its first %(n)d characters were used."
        ) % {"n": MAX_QUERY_CHARS}
    pending_or = False
    count = 0
    for match in _TOKEN.finditer(text):
        negated, phrase, bare = match.group(1), match.group(2), match.group(3)
        quoted = bare is None
        if bare is not None:
            if bare in ("OR", "|", "或"):
                pending_or = bool(parsed.groups)
                continue
            negated = "-" if bare.startswith("-") and len(bare) > 1 else ""
            phrase = bare[1:] if negated else bare
        words = tuple(analysis.tokens(phrase))
        if not words:
            continue
        count += 1
        if count > MAX_TERMS:
            parsed.problem += _(
                "Too many search words; only the first %(n)d were used."
            ) % {"n": MAX_TERMS}
            break
        term = Term(words, phrase=quoted and len(words) > 1)
        if negated:
            parsed.excluded.append(term)
        elif pending_or:
            parsed.groups[-1].append(term)
        else:
            parsed.groups.append([term])
        pending_or = False
    if not parsed.groups and parsed.excluded:
        parsed.problem = _(
            "Type at least one word to look for (not only words to leave out)."
        )
        parsed.excluded = []
    return parsed
