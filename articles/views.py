"""A plain home page and article page (#4 builds the real reading site)."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from articles.models import Article, Issue

ISSUES_PER_PAGE = 20


def home(request: HttpRequest) -> HttpResponse:
    """Newest issues first, each with its pages' article titles."""
    issues = Issue.objects.for_listing().order_by("-date", "publication__name", "id")
    page_obj = Paginator(issues, ISSUES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "home.html", {"page_obj": page_obj})


def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One article as readers see it: the editors' corrected text."""
    article = get_object_or_404(Article.objects.for_reading(), pk=pk)
    paragraphs = [p for p in article.body.split("\n\n") if p]
    return render(
        request,
        "articles/article_detail.html",
        {"article": article, "paragraphs": paragraphs},
    )
