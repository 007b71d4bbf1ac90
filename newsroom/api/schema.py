"""Additions to the generated OpenAPI schema (drf-spectacular hooks)."""

ERROR_SCHEMA = {"$ref": "#/components/schemas/Error"}
ERROR_COMPONENT = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, for a person."},
        "code": {"type": "string", "description": "What went wrong, for a program."},
        "errors": {
            "type": "object",
            "additionalProperties": True,
            "description": "Messages per field (validation errors only).",
        },
    },
    "required": ["detail", "code"],
}
# Answers any operation can give, besides its own: bad parameters, no or bad
# credentials, no permission, nothing there, an unacceptable Accept header, too
# many anonymous requests.
COMMON_ERRORS = {
    "400": "Invalid parameters or body.",
    "401": "Credentials missing or wrong.",
    "403": "Not allowed.",
    "404": "No such resource (or page of results).",
    "406": "Cannot answer in the format asked for (Accept).",
    "429": "Too many requests from anonymous clients; see Retry-After.",
}
WRITE_ERRORS = {
    "405": "Method not allowed.",
    "412": "If-Match names a representation that is no longer current.",
    "415": "Unsupported body media type.",
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
