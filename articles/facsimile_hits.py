"""Search hits on the page image, as Chronicling America shows them: the
reader comes from a search to the page (or to an article, its clipping) and
sees where the words are printed.

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

    return [percent_box(b, width, height) for b in _hit_boxes(source_id, query)]


def clipping_hits(source_id: int, query: str, region) -> list[dict]:
    """The boxes of the query's words that show in `region` ([x0, y0, x1,
    y1] of the page image: an article's clipping), cut at its edges, in
    percent of the region. One query, as page_hits."""
    from articles.reading import percent_box

    x0, y0, x1, y1 = region
    hits = []
    for b in _hit_boxes(source_id, query):
        cut = max(b[0], x0), max(b[1], y0), min(b[2], x1), min(b[3], y1)
        if cut[2] > cut[0] and cut[3] > cut[1]:
            shifted = (cut[0] - x0, cut[1] - y0, cut[2] - x0, cut[3] - y0)
            hits.append(percent_box(shifted, x1 - x0, y1 - y0))
    return hits


def _hit_boxes(source_id: int, query: str) -> list[tuple[float, ...]]:
    """The query's matches on the page, boxed in image pixels (at most
    MAX_HITS)."""
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
    return [(b.x0, b.y0, b.x1, b.y1) for b in boxes[:MAX_HITS]]
