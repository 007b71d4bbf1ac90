"""Search hits on the page image, as Chronicling America shows them: the
reader comes from a search to the page and sees where the words are printed.

The words are found in the page's verbatim source by the search's own
highlighter (search.highlight), and each match is boxed by the source's
geometry (facsimile.SourceText: the glyph boxes of the lines it touches).
"""

from __future__ import annotations

from articles.models import PageSource

MAX_HITS = 300  # boxes drawn at most: a common word on a broadsheet page


def page_hits(source_id: int, query: str, width: float, height: float) -> list[dict]:
    """Boxes ({"left", "top", "width", "height"} in percent of the image) of
    the query's words on the page, one per line a match touches. One query
    (the geometry: the boxes need every glyph's); none for an empty query."""
    from articles.reading import percent_box
    from facsimile import SourceText
    from search.highlight import highlight_spans
    from search.query import query_parse

    words = query_parse(query).words
    if not words:
        return []
    source = PageSource.objects.only("text", "geometry").filter(pk=source_id).first()
    if source is None or not (source.geometry or {}).get("lines"):
        return []
    located = SourceText.from_dict(source.text, source.geometry)
    boxes = []
    for start, stop in highlight_spans(source.text, words):
        boxes += located.boxes(start, stop)
        if len(boxes) >= MAX_HITS:
            break
    return [
        percent_box((b.x0, b.y0, b.x1, b.y1), width, height) for b in boxes[:MAX_HITS]
    ]
