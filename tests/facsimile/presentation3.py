"""A Presentation 3 document checked against the specification's schema.

iiif-prezi3's pydantic models are generated (datamodel-codegen) from the
JSON schema the IIIF presentation validator uses (iiif_3_0.json, which no
package registry carries): with them a wrong `type`, an `id` that is not a
URL, a `navDate` without its time zone, an annotation without `target` or a
language map with a malformed tag is refused. Rules of that schema the
generation lost are checked here as the schema states them: a Canvas has
`items` and width and height (or a duration), both or neither, each an
integer above 0 (its `required`, `anyOf`, `dependencies` and `dimension`);
a label is a language map (the models turn a plain string into one); a
TextualBody has a `value`.
"""

from __future__ import annotations

from iiif_prezi3 import Manifest


class SchemaError(AssertionError):
    pass


def validate_manifest(document: dict) -> None:
    """Raise (pydantic's ValidationError or SchemaError) unless `document`
    is a valid Presentation 3 Manifest."""
    Manifest.model_validate(document)
    _label(document)
    for canvas in document["items"]:
        _label(canvas)
        _canvas(canvas)
        for page in canvas.get("annotations", []):
            for annotation in page["items"]:
                body = annotation["body"]
                if body.get("type") == "TextualBody" and "value" not in body:
                    raise SchemaError(f"{annotation['id']}: TextualBody without value")


def _canvas(canvas: dict) -> None:
    if not canvas.get("items"):
        raise SchemaError(f"{canvas['id']}: a Canvas must have items")
    if ("width" in canvas) != ("height" in canvas):
        raise SchemaError(f"{canvas['id']}: width and height go together")
    if "width" not in canvas and "duration" not in canvas:
        raise SchemaError(f"{canvas['id']}: no width and height, nor duration")
    for key in ("width", "height"):
        value = canvas.get(key, 1)
        if not isinstance(value, int) or value <= 0:
            raise SchemaError(f"{canvas['id']}: {key} {value!r} is not a dimension")


def _label(resource: dict) -> None:
    if "label" in resource and not isinstance(resource["label"], dict):
        raise SchemaError(f"{resource['id']}: label is not a language map")
