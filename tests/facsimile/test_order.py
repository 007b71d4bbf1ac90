"""Reading order from boxes: columns, spanning headlines, L-shapes, merged lines."""

from facsimile.geometry import Box
from facsimile.layout import Line, PageLayout
from facsimile.order import reading_order
from facsimile.text import compose

LH = 10


def line(text, x0, y0, x1, h=LH):
    return Line(text=text, box=Box(x0, y0, x1, y0 + h))


def ordered(lines):
    pool, blocks = reading_order(lines, line_height=LH)
    return [pool[i].text for block in blocks for i in block]


def column(name, x0, y0, n, width=90):
    return [line(f"{name}{i}", x0, y0 + i * 12, x0 + width) for i in range(n)]


def test_columns_under_a_spanning_headline_then_the_next_story():
    lines = [
        *column("a", 0, 40, 5),
        *column("b", 100, 40, 5),
        line("H1", 0, 0, 190, h=30),
        line("H2", 0, 110, 190, h=30),
        *column("c", 0, 150, 3),
        *column("d", 100, 150, 3),
    ]
    assert ordered(lines) == [
        "H1", "a0", "a1", "a2", "a3", "a4", "b0", "b1", "b2", "b3", "b4",
        "H2", "c0", "c1", "c2", "d0", "d1", "d2",
    ]  # fmt: skip


def test_a_headline_reaching_into_the_first_column():
    # Column a runs the full height; the headline of b/c starts over the
    # end of a's lines: no straight channel, Breuel's rules order it.
    lines = [
        *column("a", 0, 0, 10),
        line("H", 80, 50, 290, h=30),
        *column("b", 100, 90, 2),
        *column("c", 200, 90, 2),
    ]
    a = [f"a{i}" for i in range(10)]
    assert ordered(lines) == [*a, "H", "b0", "b1", "c0", "c1"]


def test_a_headline_comes_before_the_lead_column_beside_it():
    # The article's first column starts level with its headline, which is
    # set over the other columns: the headline is read first.
    lines = [
        *column("a", 0, 0, 8),
        line("H", 80, 10, 290, h=30),
        *column("b", 100, 50, 4),
        *column("c", 200, 50, 4),
    ]
    assert ordered(lines)[:2] == ["H", "a0"]
    assert ordered(lines)[-1] == "c3"


def test_a_vertical_title_heads_the_column_it_stands_beside():
    title = [line(ch, 100, 10 + k * 25, 120, h=20) for k, ch in enumerate("竖排标题")]
    lines = (*column("a", 0, 0, 8), *title, *column("b", 130, 0, 8))
    text = compose(PageLayout(width=300, height=200, lines=lines, kind="pdf")).text
    assert text.startswith("竖排标题\n\na0\na1")
    assert text.index("a7") < text.index("b0")


def test_body_lines_merged_across_a_gutter_are_cut():
    # OCR read rows 2 and 5 across both columns as one line.
    lines = []
    for i in range(8):
        if i in (2, 5):
            lines.append(line("左" * 9 + "右" * 9, 0, i * 12, 190))
        else:
            lines += [line("左" * 9, 0, i * 12, 90), line("右" * 9, 100, i * 12, 190)]
    out = ordered(lines)
    assert out == ["左" * 9] * 8 + ["右" * 9] * 8


def test_a_headline_across_the_gutter_is_never_cut():
    lines = [
        line("标题" * 8, 0, 0, 190, h=30),
        *column("a", 0, 40, 6),
        *column("b", 100, 40, 6),
    ]
    out = ordered(lines)
    assert out[0] == "标题" * 8 and len(out) == 13


def test_rows_inside_a_block_left_to_right():
    lines = [
        line("second", 47, 1, 90),
        line("first", 0, 0, 45),
        line("third", 0, 12, 90),
    ]
    assert ordered(lines) == ["first", "second", "third"]


def test_compose_separates_blocks_and_paragraphs():
    lines = (
        line("标题", 0, 0, 190, h=30),
        line("甲", 0, 40, 90),
        line("乙", 0, 52, 90),
        line("丙", 0, 80, 90),  # a white band of 1.8 lines: a new paragraph
    )
    layout = PageLayout(width=200, height=100, lines=lines, kind="ocr-json")
    assert compose(layout).text == "标题\n\n甲\n乙\n\n丙"


def test_empty_page():
    assert ordered([]) == []
    layout = PageLayout(width=10, height=10, lines=(), kind="ocr-json")
    assert compose(layout).text == ""
