"""A vertical name beside a vertical headline is read right after the headline."""

from facsimile.geometry import Box
from facsimile.layout import Line
from facsimile.order import reading_order

LH = 10


def text_line(text, x0, y0, x1, h=LH):
    return Line(text=text, box=Box(x0, y0, x1, y0 + h))


def vertical(text, x0, y0, width):
    return Line(
        text=text,
        box=Box(x0, y0, x0 + width, y0 + width * len(text)),
        vertical=True,
    )


def ordered(lines):
    pool, blocks = reading_order(lines, line_height=LH)
    return [pool[i].text for block in blocks for i in block]


def test_a_vertical_name_follows_its_headline_not_the_subhead_before_it():
    # Body column at x 0..200 with a subhead inside it; a vertical headline
    # at the right edge, its author's name (smaller) just left of it.
    body = [text_line(f"正文{i}。", 0, 12 * i, 200) for i in range(10)]
    subhead = text_line("分题小标题", 40, 120, 160, h=14)
    more = [text_line(f"续文{i}。", 0, 140 + 12 * i, 200) for i in range(3)]
    headline = vertical("标题竖排在右侧", 240, 0, 24)
    name = vertical("甲乙丙", 220, 40, 10)
    order = ordered([*body, subhead, *more, headline, name])
    assert order.index("甲乙丙") == order.index("标题竖排在右侧") + 1


def test_a_vertical_name_away_from_any_headline_stays_put():
    body = [text_line(f"正文{i}。", 0, 12 * i, 200) for i in range(10)]
    headline = vertical("标题竖排在右侧", 400, 0, 24)
    name = vertical("甲乙丙", 220, 200, 10)  # below the headline's foot
    order = ordered([*body, headline, name])
    assert order.index("甲乙丙") != order.index("标题竖排在右侧") + 1
