"""NUL in any parameter is stripped (query string) or a 400 (form fields,
cookies, token, path), never a 500, on both databases.

Finding: on PostgreSQL `?q=%00` on /people/ and /organisations/ (and
`office=%00`) answered 500 (DataError: PostgreSQL text cannot hold NUL).
"""

import re

import django_filters
import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from articles.models import Article, Issue, Page
from people.models import Organisation, Person
from search.forms import ArticleSearchForm

pytestmark = pytest.mark.django_db

NUL = "\x00"
# Parameters the site's views read themselves (people/views.py, articles/views.py).
VIEW_PARAMETERS = {"q", "office", "organisation", "role", "page", "date", "format"}
SKIPPED_NAMESPACES = {"admin"}


def _filter_parameters() -> set[str]:
    names: set[str] = set()
    pending = [django_filters.FilterSet]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        names.update(getattr(cls, "base_filters", {}))
    return names


def _all_parameters() -> list[str]:
    assert get_resolver().url_patterns  # imports every view, so every FilterSet
    pagination = {"cursor", "page_size", "ordering", "limit", "offset"}
    return sorted(
        VIEW_PARAMETERS
        | set(ArticleSearchForm.base_fields)
        | _filter_parameters()
        | pagination
    )


def _named_patterns(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = pattern.namespace
            if namespace in SKIPPED_NAMESPACES:
                continue
            yield from _named_patterns(
                pattern.url_patterns, f"{prefix}{namespace}:" if namespace else prefix
            )
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name, pattern


def _public_urls() -> list[str]:
    issue = Issue.objects.order_by("date").first()
    page = Page.objects.filter(issue=issue).order_by("number").first()
    article = Article.objects.filter(page=page).order_by("sequence").first()
    values = {
        "year": issue.date.year,
        "month": issue.date.month,
        "day": issue.date.day,
        "page": page.number,
        "sequence": article.sequence,
    }
    ids = {
        "article": article.pk,
        "person": Person.objects.order_by("pk").first().pk,
        "organisation": Organisation.objects.order_by("pk").first().pk,
        "issue": issue.pk,
        "page": page.pk,
    }
    urls = set()
    for name, pattern in _named_patterns(get_resolver().url_patterns):
        kwargs = {}
        for key in pattern.pattern.converters:
            if key == "pk":
                kind = next((k for k in ids if k in name), "article")
                kwargs[key] = ids[kind]
            else:
                kwargs[key] = values.get(key, 1)
        try:
            urls.add(reverse(name, kwargs=kwargs))
        except Exception:  # e.g. a DRF route with a format suffix
            continue
    return sorted(urls)


def test_nul_in_any_parameter_of_any_public_url_is_refused(client, archive):
    parameters = _all_parameters()
    urls = _public_urls()
    assert "/people/" in urls and "/api/articles/" in urls and len(urls) > 20
    failures = []
    for url in urls:
        for parameter in parameters:
            response = client.get(url, {parameter: NUL})
            if response.status_code >= 500 or (
                response.status_code != 400 and NUL in response.content.decode()
            ):
                failures.append((url, parameter, response.status_code))
        response = client.get(url, {f"x{NUL}": "1"})
        if response.status_code >= 500:
            failures.append((url, "a NUL in a parameter's name", response.status_code))
    assert not failures


@pytest.mark.parametrize(
    "url", ["/people/", "/organisations/", "/search/", "/api/articles/"]
)
def test_the_findings_are_answered_without_the_nul(client, archive, url):
    plain = client.get(url, {"q": "平湖", "office": "书记"})
    response = client.get(url, {"q": f"{NUL}平湖", "office": f"书记{NUL}"})
    assert response.status_code == plain.status_code == 200
    # The header's language switch carries a fresh CSRF token on every page.
    assert _without_tokens(response.content) == _without_tokens(plain.content)


def _without_tokens(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", content)


def test_nul_in_a_form_field_cookie_token_or_path(client, archive, viewer):
    assert (
        client.post(reverse("admin:login"), {"username": f"v{NUL}", "password": "x"})
    ).status_code == 400
    assert (
        client.post(reverse("api-token"), {"username": f"v{NUL}", "password": "x"})
    ).status_code == 400
    client.cookies["sessionid"] = f"abcdefgh{NUL}"
    assert client.get("/admin/").status_code == 400
    client.cookies.clear()
    assert (
        client.get("/api/articles/", HTTP_AUTHORIZATION=f"Token abc{NUL}")
    ).status_code == 400
    assert client.get(f"/api/publications/x{NUL}/").status_code in (400, 404)
