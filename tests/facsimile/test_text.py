"""The composed source: every character in one line span, each with its box."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.parsing import parse_page
from facsimile.geometry import Box
from facsimile.layout import Line, PageLayout, estimate_char_boxes
from facsimile.text import SourceText, compose, type_sizes

CHARS = st.sampled_from(list("新闻报道编辑记者市委会议AB12 ，。"))


@st.composite
def layouts(draw):
    lines = []
    for _ in range(draw(st.integers(0, 25))):
        text = draw(st.text(CHARS, min_size=1, max_size=12))
        x = draw(st.integers(0, 500))
        y = draw(st.integers(0, 700))
        w = draw(st.integers(5, 300))
        h = draw(st.sampled_from([10, 10, 10, 12, 30]))
        lines.append(Line(text=text, box=Box(x, y, x + w, y + h)))
    return PageLayout(width=800, height=800, lines=tuple(lines), kind="ocr-json")


@settings(max_examples=60, deadline=None)
@given(layouts())
def test_every_line_once_and_every_character_boxed(layout):
    source = compose(layout)
    text = source.text
    kept = [ln for ln in layout.lines if ln.text.strip()]
    # Lines cut at a gutter come back as pieces: the non-space characters
    # of the page are all there, each once.
    assert sorted(c for c in text if not c.isspace()) == sorted(
        c for ln in kept for c in ln.text if not c.isspace()
    )
    covered = [0] * len(text)
    for span in source.spans:
        for k in range(span.start, span.end):
            covered[k] += 1
    for k, char in enumerate(text):
        if char.isspace():
            continue
        assert covered[k] == 1
        box = source.char_box(k)
        assert box is not None and box.width > 0


@settings(max_examples=30, deadline=None)
@given(layouts())
def test_geometry_round_trips_through_json(layout):
    source = compose(layout)
    data = json.loads(json.dumps(source.to_dict()))
    again = SourceText.from_dict(source.text, data)
    for k in range(len(source.text)):
        assert again.char_box(k) == source.char_box(k) or (
            again.char_box(k) is not None
            and source.char_box(k) is not None
            and all(
                abs(a - b) < 0.11
                for a, b in zip(
                    again.char_box(k).as_list(),
                    source.char_box(k).as_list(),
                    strict=True,
                )
            )
        )


def test_segmenter_blocks_partition_the_text_and_have_regions():
    # A short page in the shape of a real one; the segmenter partitions the
    # composed text, and each of its blocks has a region on the page.
    rows = ["本报讯 市委召开会议", "会议强调要做好各项工作", "记者 王明"]
    lines = tuple(
        Line(text=t, box=Box(10, 40 + i * 14, 10 + 12 * len(t), 52 + i * 14))
        for i, t in enumerate(rows)
    )
    layout = PageLayout(
        width=400,
        height=300,
        lines=(Line(text="2024年3月5日 星期二", box=Box(10, 5, 250, 17)), *lines),
        kind="ocr-json",
    )
    source = compose(layout)
    draft = parse_page(source.text)
    seen = [0] * len(source.text)
    for block in draft.blocks:
        for k in range(block.start, block.end):
            seen[k] += 1
        if source.text[block.start : block.end].strip():
            assert source.region(block.start, block.end) is not None
    assert all(seen[k] == 1 for k, c in enumerate(source.text) if not c.isspace())


def test_char_boxes_follow_the_usual_advance():
    boxes = estimate_char_boxes("中A 文", Box(0, 0, 290, 10))
    assert boxes[2] is None
    widths = [b.width for b in boxes if b is not None]
    assert widths[0] == widths[2] and widths[1] < widths[0]
    assert boxes[-1].x1 == 290


def test_regions_per_line_and_a_line_break_inside_a_line():
    layout = PageLayout(
        width=100,
        height=100,
        lines=(
            Line(text="甲乙\n丙", box=Box(0, 0, 30, 10)),
            Line(text="丁戊", box=Box(0, 12, 20, 22)),
        ),
        kind="ocr-json",
    )
    source = compose(layout)
    assert source.text == "甲乙 丙\n丁戊"
    first, second = source.boxes(1, 6)
    assert first.x0 == pytest.approx(30 / 3.35) and first.as_list()[1:] == [0, 30, 10]
    assert second.as_list() == [0, 12, 10, 22]
    assert source.region(1, 6).as_list() == [0, 0, 30, 22]
    assert source.char_box(4) is None  # the newline between lines


@settings(max_examples=60, deadline=None)
@given(layouts())
def test_the_partition_holds_when_the_segmenter_reads_type_sizes(layout):
    source = compose(layout)
    sizes = type_sizes(source.to_dict())
    draft = parse_page(source.text, sizes=sizes)
    seen = [0] * len(source.text)
    for block in draft.blocks:
        for k in range(block.start, block.end):
            seen[k] += 1
    assert all(seen[k] == 1 for k, c in enumerate(source.text) if not c.isspace())
    assert all(n <= 1 for n in seen)
