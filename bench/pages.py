"""Pages made from the samples' material for measurements (and tests)."""

from __future__ import annotations

from pathlib import Path

from articles.parsing import parse_page

ROOT = Path(__file__).resolve().parents[1]


def big_page_text(*, blocks: int = 200) -> str:
    """A 2022-06-28 front page grown to at least `blocks` blocks by appending
    the article text of both sample pages again (header lines left out)."""
    from articles.services import publication_profiles

    root = ROOT / "fixtures" / "ocr"
    samples = [p.read_text(encoding="utf-8") for p in sorted(root.glob("*.txt"))]
    bodies = ["\n".join(s.splitlines()[8:]) for s in samples]
    text, k = samples[0], 0
    while len(parse_page(text, profiles=publication_profiles()).blocks) < blocks:
        text += "\n\n" + bodies[k % len(bodies)]
        k += 1
    return text
