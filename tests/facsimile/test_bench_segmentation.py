"""bench/segmentation.py --from-sources: the text comes from the facsimile readers."""

import json

from bench.segmentation import load_source_pages
from facsimile import read_source


def test_pages_are_read_from_their_ocr_json_and_scan(dev):
    gold = json.loads((dev / "gold.json").read_text(encoding="utf-8"))
    scanned = next(p for p in gold["pages"] if p.get("ocr_json"))
    plain = (dev / scanned["file"]).read_text(encoding="utf-8")
    no_source = {**scanned, "pdf": None, "ocr_json": None, "file": "other.txt"}

    pages = load_source_pages(dev, [(scanned, plain), (no_source, "text")])

    assert [page["file"] for page, _ in pages] == [scanned["file"]]
    expected = read_source(
        (dev / scanned["ocr_json"]).read_bytes(),
        image=(dev / scanned["image"]).read_bytes(),
    ).text.text
    assert pages[0][1] == expected
    assert pages[0][1] != plain  # geometry order, not the naive .txt
