"""Record every successful write request as a change of the archive.

Editorial writes all arrive as requests (admin, workbench, API), so this is the
one place that sees them all, whatever service or model they touch, bulk
updates included. The API's cache and Last-Modified depend on it; ingests
record their own changes (articles.services.archive_changed).
"""

from articles.services import archive_revision_bump

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class ArchiveChangeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in SAFE_METHODS and response.status_code < 400:
            # The view's transactions have committed (ATOMIC_REQUESTS, if
            # ever set, wraps the view only): bump now.
            archive_revision_bump()
        return response
