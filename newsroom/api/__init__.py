"""The API's shared plumbing: what every app's API builds on.

Base viewset with ETags and the revision cache (`views.ReadViewSet`,
`conditional`), pagination, the filter backend and ordering, link fields,
JSON errors and the 404/500 handlers, the JSON renderer, schema hooks,
permissions and the one router (`urls`). Each app's `api/` package keeps its
own serializers, filters and views and imports only from here, never from
another app's API. It lives in the project package (as the HackSoft example
keeps `api/` beside `config/`) because it is the project's, not a domain's,
and has no models to make it an app.
"""
