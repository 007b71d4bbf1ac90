"""The page image's pyramid levels (facsimile.pyramid) in Django's storage,
next to the image: `pages/<image stem>.levels/<factor>.jpg`.

They are written when the image is stored (at ingest, off the request
path) and named after the image's stored name, so a replaced page, whose
new source has a new image, has new levels; the Image API reads a level
only through `open_level`, which says None when it is missing (an image
stored before levels were made is then read whole).
"""

from __future__ import annotations

from django.core.files.base import ContentFile

from facsimile.pyramid import make_levels


def level_name(image_name: str, factor: int) -> str:
    stem = image_name.rsplit(".", 1)[0]
    return f"{stem}.levels/{factor}.jpg"


def levels_store(storage, image_name: str, data: bytes) -> list[str]:
    """Write the levels of the image stored as `image_name` (its bytes
    `data`); a level left under the same name is overwritten."""
    names = []
    for factor, body in make_levels(data).items():
        name = level_name(image_name, factor)
        if storage.exists(name):
            storage.delete(name)
        names.append(storage.save(name, ContentFile(body)))
    return names


def open_level(storage, image_name: str, factor: int):
    """The level's file, open for reading, or None if it is not stored."""
    try:
        return storage.open(level_name(image_name, factor), "rb")
    except FileNotFoundError:
        return None
