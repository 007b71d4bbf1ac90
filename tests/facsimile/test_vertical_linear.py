"""Stacking lone glyphs into vertical lines does work linear in the glyphs.

Not timed: the lines of Python run are counted (deterministic) on invented
pages of n and 2n lone glyphs; twice the glyphs may cost a little over twice
the steps, never four times (each glyph once looked at every run begun).
"""

import sys

from facsimile.geometry import Box
from facsimile.layout import Line
from facsimile.vertical import merge_vertical_runs

WORDS = "春风十里新城旧巷河湖山田家园学校工厂市场道路桥梁灯火书声"


def glyph(k, x, y, h=10):
    return Line(text=WORDS[k % len(WORDS)], box=Box(x, y, x + h, y + h))


def scattered(n):
    """n lone glyphs, none under another (a scatter of one-character lines:
    OCR noise, figures of a table), plus one vertical title."""
    lone = [glyph(k, 20 * (k % 40), 30 * (k // 40)) for k in range(n)]
    title = [glyph(k, -40, 12 * k) for k in range(4)]
    return tuple(lone + title)


def _steps(lines) -> int:
    count = 0

    def trace(frame, event, arg):
        nonlocal count
        count += 1
        return trace

    sys.settrace(trace)
    try:
        merge_vertical_runs(lines)
    finally:
        sys.settrace(None)
    return count


def test_twice_the_glyphs_cost_about_twice_the_work():
    small, large = _steps(scattered(400)), _steps(scattered(800))
    assert large / small < 2.3, f"{small} steps for 400 glyphs, {large} for 800"


def test_the_runs_are_still_found_among_the_scatter():
    merged = merge_vertical_runs(scattered(100))
    verticals = [line for line in merged if line.vertical]
    assert [line.text for line in verticals] == [WORDS[:4]]
    assert len(merged) == 101


def test_a_glyph_joins_the_first_run_it_continues():
    # Two runs end just above one glyph that overlaps both: it joins the run
    # begun first (the leftmost), as it always did.
    left = [glyph(k, 0, 12 * k) for k in range(3)]
    right = [glyph(k, 6, 12 * k) for k in range(3)]
    under = glyph(5, 3, 36)
    merged = merge_vertical_runs(tuple(left + right + [under]))
    texts = sorted(line.text for line in merged if line.vertical)
    assert texts == sorted([WORDS[:3] + WORDS[5], WORDS[:3]])
