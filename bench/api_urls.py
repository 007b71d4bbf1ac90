"""bench/api.py's URLs: the project's, plus the trivial view it compares with."""

from django.http import JsonResponse
from django.urls import path

from newsroom.urls import urlpatterns as project_urlpatterns


def trivial(request):
    """The least a Django JSON view can do, under the same middleware."""
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/trivial/", trivial), *project_urlpatterns]
