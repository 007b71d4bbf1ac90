"""Per-publication configuration: what is specific to one paper is data, not code."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class PublicationProfile:
    slug: str
    name: str
    edition: str | None = None
    # Lines matching any of these (regular expressions) in the page header are
    # masthead; two or more matches identify the publication.
    masthead_patterns: tuple[str, ...] = ()
    # Standing column labels (栏目) of this paper.
    rubrics: tuple[str, ...] = ()

    def masthead_hits(self, text: str) -> int:
        # Patterns are per line: ^ and $ anchor at each line of the header.
        return sum(
            1 for p in self.masthead_patterns if re.search(p, text, re.MULTILINE)
        )

    def is_masthead_line(self, line: str) -> bool:
        return any(re.search(p, line) for p in self.masthead_patterns)


def load_profiles(path: str | Path) -> tuple[PublicationProfile, ...]:
    """Read `[[publication]]` tables from a TOML file."""
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    return tuple(
        PublicationProfile(
            slug=entry["slug"],
            name=entry["name"],
            edition=entry.get("edition"),
            masthead_patterns=tuple(entry.get("masthead_patterns", ())),
            rubrics=tuple(entry.get("rubrics", ())),
        )
        for entry in data.get("publication", ())
    )


def detect_profile(
    header: str, profiles: tuple[PublicationProfile, ...]
) -> PublicationProfile | None:
    """The profile whose masthead patterns match the page header best (≥ 2 hits)."""
    scored = [(p.masthead_hits(header), p) for p in profiles]
    scored = [(hits, p) for hits, p in scored if hits >= 2]
    if not scored:
        return None
    return max(scored, key=lambda pair: pair[0])[1]
