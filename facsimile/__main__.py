"""Read a page source and print its text in reading order (or its geometry).

python -m facsimile page.pdf [--page N] [--image scan.jpg] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .read import SourceError, read_source


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m facsimile", description=__doc__)
    parser.add_argument("source", type=Path)
    parser.add_argument(
        "--image", type=Path, help="the scan an ALTO/hOCR/JSON file describes"
    )
    parser.add_argument("--page", type=int, default=1, help="page of the file, from 1")
    parser.add_argument(
        "--json", action="store_true", help="print the geometry as JSON"
    )
    args = parser.parse_args(argv)
    try:
        page = read_source(
            args.source.read_bytes(),
            image=args.image.read_bytes() if args.image else None,
            page=args.page - 1,
        )
    except SourceError as exc:
        print(f"{args.source}: {exc}", file=sys.stderr)
        return 1
    if args.json:
        data = {"text": page.text.text, **page.text.to_dict()}
        print(json.dumps(data, ensure_ascii=False))
    else:
        print(page.text.text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
