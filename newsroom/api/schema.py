"""Additions to the generated OpenAPI schema (drf-spectacular hooks), in the
reader's language."""

from django.utils.translation import gettext_lazy as _

ERROR_SCHEMA = {"$ref": "#/components/schemas/Error"}
ERROR_COMPONENT = {
    "type": "object",
    "properties": {
        "detail": {
            "type": "string",
            "description": _("What went wrong, for a person."),
        },
        "code": {"type": "string", "description": _("What went wrong, for a program.")},
        "errors": {
            "type": "object",
            "additionalProperties": True,
            "description": _("Messages per field (validation errors only)."),
        },
    },
    "required": ["detail", "code"],
}
# Answers any operation can give, besides its own: bad parameters, no or bad
# credentials, no permission, nothing there, an unacceptable Accept header, too
# many anonymous requests.
COMMON_ERRORS = {
    "400": _("Invalid parameters or body."),
    "401": _("Credentials missing or wrong."),
    "403": _("Not allowed."),
    "404": _("No such resource (or page of results)."),
    "406": _("Cannot answer in the format asked for (Accept)."),
    "429": _("Too many requests from anonymous clients; see Retry-After."),
}
WRITE_ERRORS = {
    "405": _("Method not allowed."),
    "412": _("If-Match names a representation that is no longer current."),
    "415": _("Unsupported body media type."),
}


def add_error_responses(result, generator, request, public):
    """Document the JSON errors every operation may answer with."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = (
        ERROR_COMPONENT
    )
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            errors = dict(COMMON_ERRORS)
            if method in ("post", "put", "patch", "delete"):
                errors.update(WRITE_ERRORS)
            for status, description in errors.items():
                operation["responses"].setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": ERROR_SCHEMA}},
                    },
                )
    return result
