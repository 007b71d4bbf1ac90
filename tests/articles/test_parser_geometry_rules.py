"""Rules that need the page's geometry (type sizes, text boxes): invented pages."""

from articles.parsing import parse_page

BODY = (
    "本报讯 昨日下午，市海关在口岸查获一批走私电子产品，"
    "共计三百余件，案值约五十万元，两名嫌疑人被当场控制。\n"
)


def _sizes(text: str, sizes: dict[str, float]) -> list[tuple[int, int, float]]:
    """(start, end, size) of each line of `text`: the given size, else 1."""
    out, offset = [], 0
    for line in text.split("\n"):
        out.append((offset, offset + len(line), sizes.get(line, 1.0)))
        offset += len(line) + 1
    return out


def _page(name_block: str) -> str:
    return (
        "口岸查获走私电子产品\n\n"
        + BODY
        + "\n海关表示已追查其上线\n\n"
        + name_block
        + "\n团伙。他续指，两人均无业，案件仍在调查中。\n"
    )


def test_a_name_like_line_running_on_into_a_caption_is_no_byline():
    # Three characters cut from a caption (they look like a surname and a
    # given name) with the caption's next line right under them, no white
    # band between: not a byline, so no article starts above it.
    text = _page("陈员将\n嫌犯押上\n警车带走。\n")
    sizes = _sizes(text, {"口岸查获走私电子产品": 3.0})
    draft = parse_page(text, sizes=sizes)
    assert [a.headline for a in draft.articles] == ["口岸查获走私电子产品"]


def test_a_name_on_a_line_of_its_own_is_still_a_byline():
    # The same name set apart (a white band under it) is a byline.
    text = _page("陈员将\n\n嫌犯押上警车带走。\n")
    sizes = _sizes(text, {"口岸查获走私电子产品": 3.0})
    draft = parse_page(text, sizes=sizes)
    assert len(draft.articles) == 2
    assert draft.articles[1].bylines


def _chart_page(under_label: str) -> str:
    return (
        "口岸查获走私电子产品\n\n"
        + BODY
        + "\n历年客量\n\n"
        + under_label
        + "\n海关表示，今年以来口岸查获的走私案件较去年同期增加近三成，"
        "将继续加强巡查。\n"
    )


def test_a_display_label_over_an_infographics_labels_is_no_headline():
    # A chart's title in display type; under it, in its own text box, the
    # chart's labels: short lines, no sentence punctuation.
    text = _chart_page("旅客人次\n2021年\n2022年\n2023年\n")
    sizes = _sizes(text, {"口岸查获走私电子产品": 3.0, "历年客量": 2.5})
    draft = parse_page(text, sizes=sizes)
    assert [a.headline for a in draft.articles] == ["口岸查获走私电子产品"]
    assert "将继续加强巡查" in draft.articles[0].body


def test_a_display_line_over_running_text_is_still_a_headline():
    # The same display line over a paragraph of sentences opens an article.
    text = _chart_page("本报讯 口岸旅客人次逐年回升，今年已超过疫情前水平。\n")
    sizes = _sizes(text, {"口岸查获走私电子产品": 3.0, "历年客量": 2.5})
    draft = parse_page(text, sizes=sizes)
    assert [a.headline for a in draft.articles] == ["口岸查获走私电子产品", "历年客量"]
