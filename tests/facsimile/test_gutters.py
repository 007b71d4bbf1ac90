"""Gutters in a scan: white channels between columns of type, not word spaces."""

import numpy as np

from facsimile.geometry import Box
from facsimile.gutters import ink_gutters, split_line, tighten
from facsimile.layout import Line


def page_with_two_columns(gutter: int = 20, rows: int = 9) -> np.ndarray:
    """White page, rows of 'type' (dark bars with small gaps) in two columns."""
    page = np.full((rows * 24 + 40, 500), 255, np.uint8)
    for r in range(rows):
        y = 20 + r * 24
        for x in range(20, 480, 20):
            if (
                240 - gutter // 2 <= x < 240 + gutter // 2
                or 240 - gutter // 2 < x + 16 <= 240 + gutter // 2
            ):
                continue
            page[y : y + 16, x : x + 16] = 0
    return page


def test_a_gutter_is_found_in_a_line_read_across_two_columns():
    page = page_with_two_columns()
    cuts = ink_gutters(page, Box(20, 20 + 4 * 24, 480, 36 + 4 * 24))
    assert len(cuts) == 1 and 225 <= cuts[0] <= 255


def test_no_gutter_in_open_space_or_in_a_single_column():
    page = np.full((200, 500), 255, np.uint8)
    page[90:106, 20:200] = 0
    page[90:106, 260:480] = 0  # one line with a wide space, nothing around
    assert ink_gutters(page, Box(20, 90, 480, 106)) == []
    dense = page_with_two_columns(gutter=0)
    assert ink_gutters(dense, Box(20, 116, 480, 132)) == []


def test_split_line_by_char_boxes_and_tighten():
    line = Line(text="甲乙 丙丁", box=Box(0, 0, 100, 10))
    left, right = split_line(line, [50])
    assert (left.text, right.text) == ("甲乙", "丙丁")
    assert left.box.x1 <= 50 <= right.box.x0
    page = np.full((20, 100), 255, np.uint8)
    page[5:15, 30:70] = 0
    assert tighten(page, Box(0, 0, 100, 20)).as_list() == [30, 0, 70, 20]
