"""The files an ingest is given: folders walked for page files, paths that
are missing or not regular files, and file names made safe to print."""

from __future__ import annotations

import os
from pathlib import Path

import facsimile
from facsimile.read import DESCRIBES_IMAGE, IMAGE_SUFFIXES
from newsroom.hygiene import escape_for_terminal

# Parsing is pure CPU work; writing is this process's. One core is left for it.


def path_shown(path: Path) -> str:
    """A path as printed and stored: control characters and bytes that are
    not UTF-8 escaped, so a name can neither forge an output line nor break
    the database's text."""
    return escape_for_terminal(os.fsdecode(path))


def paths_collect(paths: list[Path]) -> tuple[list[Path], list[Path], list[Path]]:
    """The files to ingest (folders walked for page files, sorted), the paths
    that do not exist, and those that are not regular files (FIFOs, devices,
    sockets: reading one would hang or never end).

    Page files: text (*.txt), PDF, scans, ALTO/hOCR XML and OCR JSON (what
    each is, is then told from its bytes). A scan lying beside an ALTO, hOCR
    or JSON file of the same name is that file's image, not a page of its own.
    """
    files: list[Path] = []
    missing: list[Path] = []
    refused: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = page_files(path)
        elif path.exists():
            found = [path]
        else:
            missing.append(path)
            continue
        for file in found:
            if not file.is_file():
                refused.append(file)
            elif file.resolve() not in seen:
                seen.add(file.resolve())
                files.append(file)
    return files, missing, refused


def page_files(folder: Path) -> list[Path]:
    candidates = sorted(
        p
        for p in folder.rglob("*")
        if not p.is_dir()  # FIFOs and devices too: refused by the caller
        and p.suffix.lower() in facsimile.EXTENSIONS
        and p.suffix.lower() != ".md"
    )
    described = {
        (p.parent, p.name.split(".")[0])
        for p in candidates
        if p.suffix.lower() in DESCRIBES_IMAGE
    }
    return [
        p
        for p in candidates
        if not (
            p.suffix.lower() in IMAGE_SUFFIXES
            and (p.parent, p.name.split(".")[0]) in described
        )
    ]
