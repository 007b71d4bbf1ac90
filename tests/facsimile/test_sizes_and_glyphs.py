"""Type sizes for the segmenter; glyphs printed twice; words set wide apart.

Invented lines and boxes (no text of the sample or development pages).
"""

from facsimile.geometry import Box
from facsimile.gutters import _split
from facsimile.layout import Line
from facsimile.pdf import _overprinted, _Printed
from facsimile.text import type_sizes


def _geometry(*lines):
    return {
        "lines": [
            {"start": start, "end": end, "box": list(box), **extra}
            for start, end, box, extra in lines
        ]
    }


def test_type_size_is_the_narrow_side_in_body_line_heights():
    geometry = _geometry(
        (0, 8, (0, 0, 400, 40), {}),  # a headline: four times body type
        (9, 30, (0, 50, 200, 60), {}),
        (31, 52, (0, 62, 200, 72), {}),
        (53, 60, (300, 0, 310, 90), {}),  # a caption set vertically, body type
        (61, 66, (320, 0, 340, 100), {"vertical": True}),  # a vertical title
    )
    assert [size for _, _, size in type_sizes(geometry)] == [4.0, 1.0, 1.0, 1.0, 2.0]
    assert type_sizes({"lines": []}) == ()


def test_a_glyph_printed_twice_is_read_once_even_in_another_line():
    seen = _Printed()
    first = Box(100, 100, 140, 140)
    assert not _overprinted("春", first, seen)
    assert _overprinted("春", Box(101, 100.5, 141, 140.5), seen)  # a hair apart
    assert not _overprinted("春", Box(180, 100, 220, 140), seen)  # printed again
    assert not _overprinted("风", Box(100, 100, 140, 140), seen)  # another glyph


def _spaced(text: str, x: float = 0.0, gap: float = 30.0) -> Line:
    chars, boxes = [], []
    for char in text:
        chars.append(char)
        if char == " ":
            boxes.append(None)
            x += gap
        else:
            boxes.append(Box(x, 0, x + 10, 10))
            x += 10
    return Line(text="".join(chars), box=Box(0, 0, x, 10), chars=tuple(boxes))


def test_short_words_set_wide_apart_are_one_line():
    names = _spaced("周 宁 林小溪 何远山")  # a letter-spaced name, then two more
    assert [p.text for p in _split(names, 10.0, None)] == [names.text]


def test_two_columns_read_as_one_line_are_cut():
    across = _spaced("山谷里的村庄迎来了第一条公路 村民们说出门再也不难了")
    assert [p.text for p in _split(across, 10.0, None)] == [
        "山谷里的村庄迎来了第一条公路",
        "村民们说出门再也不难了",
    ]
