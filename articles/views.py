"""A plain home page listing issues and their articles (#4 builds the real site)."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from articles.models import Issue

ISSUES_PER_PAGE = 20


def home(request: HttpRequest) -> HttpResponse:
    """Newest issues first, each with its pages' article titles."""
    issues = Issue.objects.for_listing().order_by("-date", "publication__name", "id")
    page_obj = Paginator(issues, ISSUES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "home.html", {"page_obj": page_obj})
