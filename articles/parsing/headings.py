"""Which lines of an article's heading are rubric, kicker, headline, subtitle.

Conventions of the Chinese press:

- a subtitle (副题) starts with a dash (——) or names the genre of the piece
  (`…综述`, `…述要`, `…之二`) and stands under the headline;
- a kicker (引题) stands above the headline: a clause leading into it
  (`…时强调`) or parallel phrases set apart by a space;
- a rubric (栏目) is a short column label above everything;
- a headline wrapped over narrow lines is one headline, and a title a PDF
  extractor drew twice (a shadow) is one title;
- with heading levels marked (markdown), the most prominent level is the
  headline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import classify as cl
from .draft import BlockKind
from .normalise import visible_length

_WRAP_MAX = 12
_GENRE = re.compile(
    r"(?:综述|述评|述要|侧记|纪实|手记|札记|巡礼|回眸|简评|调查|访谈|实录|速写|"
    r"之[一二三四五六七八九十]+)$"
)
_COLUMN_TAG = re.compile(r"^(.{4,}?)\s*[(\uff08]([^()\uff08\uff09]{2,8})[)\uff09]$")
_RUBRIC_MAX = 14
_RUBRIC_MAX_PLAIN = 8
_FULL_DECK = 3  # rubric, kicker, headline


@dataclass(frozen=True, slots=True)
class HeadingLine:
    text: str  # cleaned heading text
    level: int = 0


@dataclass(slots=True)
class Heading:
    kinds: list[BlockKind] = field(default_factory=list)  # one per line
    texts: list[str] = field(default_factory=list)
    rubric: str | None = None
    kicker: str | None = None
    headline: str | None = None
    subtitle: str | None = None
    confidence: float = 1.0


def assign(
    lines: list[HeadingLine], *, markdown: bool, rubrics: frozenset[str] = frozenset()
) -> Heading:
    heading = Heading(
        kinds=[BlockKind.HEADLINE] * len(lines), texts=[line.text for line in lines]
    )
    dashed = [k for k, line in enumerate(lines) if cl.starts_with_dash(line.text)]
    dashed_set = set(dashed)
    plain = [k for k in range(len(lines)) if k not in dashed_set]
    if not plain:
        plain, dashed = dashed, []
    groups = _groups(lines, plain, markdown=markdown)
    headline_at = _headline_at(lines, groups, markdown=markdown, dashed=bool(dashed))
    headline_level = lines[groups[headline_at][0]].level
    subtitles: list[str] = []
    for k, group in enumerate(groups):
        text = _title_text(lines, group)
        if k == headline_at:
            kind = BlockKind.HEADLINE
            heading.headline = text
        elif k > headline_at:
            kind = BlockKind.SUBTITLE
            subtitles.append(text)
        elif (
            text in rubrics
            or (k == 0 and headline_at >= 2)
            or _rubric_like(
                text,
                level=lines[group[0]].level,
                headline_level=headline_level,
                limit=_RUBRIC_MAX if markdown or dashed else _RUBRIC_MAX_PLAIN,
            )
        ):
            kind = BlockKind.RUBRIC
            heading.rubric = text
        else:
            kind = BlockKind.KICKER
            heading.kicker = text
        for k2 in group:
            heading.kinds[k2] = kind
    heading.subtitle = " ".join(subtitles) or None
    if heading.headline and (tag := _COLUMN_TAG.match(heading.headline)):
        # `某某某（话说新农村）`: the column's name set after the headline.
        heading.headline = tag.group(1).strip()
        heading.rubric = heading.rubric or tag.group(2)
    for k in dashed:
        heading.kinds[k] = BlockKind.SUBTITLE
        heading.texts[k] = cl.normalise_subtitle_dash(lines[k].text)
        heading.subtitle = heading.texts[k]
    if len(groups) > 1 and headline_at:
        heading.confidence = 0.8
    return heading


def _groups(lines: list[HeadingLine], plain: list[int], *, markdown: bool):
    groups: list[list[int]] = []
    for k in plain:
        text = lines[k].text
        if (
            groups
            and not markdown
            and _continues_wrap(lines[groups[-1][-1]].text, text)
        ):
            groups[-1].append(k)
        elif groups and _is_shadow(lines, groups, text):
            groups[-1].append(k)
        else:
            groups.append([k])
    return groups


# A title drawn twice is drawn beside itself: its shadow is looked for in the
# few lines above it only (a deck of any length is read in linear time).
_SHADOW_LOOKBACK = 4


def _is_shadow(lines: list[HeadingLine], groups: list[list[int]], text: str) -> bool:
    """A title drawn twice: its text is already in the titles just above it."""
    key = "".join(text.split())
    if len(key) < 4:
        return False
    above = [k for g in groups[-_SHADOW_LOOKBACK:] for k in g][-_SHADOW_LOOKBACK:]
    before = "".join("".join(lines[k].text.split()) for k in above)
    return key in before


def _headline_at(
    lines: list[HeadingLine], groups: list[list[int]], *, markdown: bool, dashed: bool
) -> int:
    if markdown and any(lines[g[0]].level for g in groups):
        marked = [k for k, g in enumerate(groups) if lines[g[0]].level]
        return min(marked, key=lambda k: (lines[groups[k][0]].level, k))
    last = len(groups) - 1
    if dashed:
        return last
    if len(groups) >= 2 and cl.KICKER_CUES.search(lines[groups[0][-1]].text):
        return 1
    if last >= 1 and _GENRE.search(_title_text(lines, groups[last])):
        return last - 1  # headline, then a subtitle naming the genre
    if last >= _FULL_DECK:
        # A deck holds one rubric and one kicker at most (a kicker wrapped
        # over two lines is one group): under rubric, kicker and headline,
        # a fourth line is the subtitle (or a caption set beside it).
        return _FULL_DECK - 1
    return last  # kickers (and a rubric) over the headline


def _title_text(lines: list[HeadingLine], group: list[int]) -> str:
    texts = [lines[k].text for k in group]
    kept = [texts[0]]
    for text in texts[1:]:
        key = "".join(text.split())
        recent = kept[-_SHADOW_LOOKBACK:]
        if key not in "".join("".join(t.split()) for t in recent):
            kept.append(text)
    return "".join(kept)


def _continues_wrap(last: str, text: str) -> bool:
    return (
        visible_length(last) <= _WRAP_MAX
        and visible_length(text) <= visible_length(last)
        and " " not in last
        and " " not in text
        and not cl.KICKER_CUES.search(last)
    )


def _rubric_like(text: str, *, level: int, headline_level: int, limit: int) -> bool:
    # A kicker is a clause leading into the headline (ending 强调/指出…) or two
    # parallel phrases set apart by a space, set one size below the headline;
    # a column label is a short phrase, set much smaller when sizes are marked.
    if cl.KICKER_CUES.search(text) or " " in text or visible_length(text) > limit:
        return False
    if level and headline_level:
        return level - headline_level >= 2
    return True
