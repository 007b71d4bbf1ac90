"""Every stage of the parser does work linear in the page, whatever its shape.

Not timed: the lines of Python the parser runs are counted (deterministic)
on invented pages of n and 2n lines of one pathological shape each; twice
the lines may cost a little over twice the steps, never four times.
bench/pathological.py prints the times.
"""

import sys

import pytest

from articles.parsing import parse_page

WORDS = "春风十里新城旧巷河湖山田家园学校工厂市场道路桥梁灯火书声"


def _phrase(k: int, length: int) -> str:
    return "".join(WORDS[(k * 7 + i * 3) % len(WORDS)] for i in range(length))


SHAPES = {
    # one article of long lines cut mid-sentence before a free-standing word
    # (each cut looks for its continuation further on)
    "running text": lambda n: (
        "# 标题\n" + "\n".join("在" + _phrase(k, 58) + "的" for k in range(n))
    ),
    # a run of short lines with no punctuation: one huge title deck
    "short lines": lambda n: "\n".join(_phrase(k, 8) for k in range(n)),
    # dashed subtitles among them
    "dashed lines": lambda n: (
        "\n".join(("——" if k % 3 == 0 else "") + _phrase(k, 8) for k in range(n))
        + "\n本报讯 "
        + "字" * 50
        + "。"
    ),
    # one character a line, each in its own text box
    "single characters": lambda n: "\n\n".join(WORDS[k % len(WORDS)] for k in range(n)),
    # headings and news items
    "headings": lambda n: "".join(
        f"# 标题第{k}条\n本报讯 会议召开。\n" for k in range(n // 2)
    ),
    # datelines inside one article
    "datelines": lambda n: (
        "标题\n"
        + "\n".join(("本报讯 " if k % 2 else "") + _phrase(k, 30) for k in range(n))
    ),
    # narrow hard-wrapped column
    "wrapped column": lambda n: "\n".join(
        _phrase(k, 14) + ("。" if k % 7 == 6 else "") for k in range(n)
    ),
    # bylines and names
    "bylines": lambda n: "\n".join(
        ("■记者 王小明" if k % 2 else f"标题{k}") for k in range(n)
    ),
}


def _steps(text: str) -> int:
    """Lines of Python executed to parse `text` (loops inside loops show)."""
    count = 0

    def trace(frame, event, arg):
        nonlocal count
        count += 1
        return trace

    sys.settrace(trace)
    try:
        parse_page(text)
    finally:
        sys.settrace(None)
    return count


@pytest.mark.parametrize("shape", SHAPES, ids=list(SHAPES))
def test_twice_the_lines_cost_about_twice_the_work(shape):
    make = SHAPES[shape]
    parse_page(make(50))  # warm up: jieba's dictionary, regexes, caches
    small, large = _steps(make(400)), _steps(make(800))
    assert large / small < 2.3, f"{small} steps for 400 lines, {large} for 800"
