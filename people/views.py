"""Public pages of people and organisations: directories and detail pages.

Thin views: the selectors fetch everything in a fixed number of queries.
"""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import Organisation, Person
from .selectors import (
    organisation_directory,
    organisation_page_data,
    person_directory,
    person_page_data,
)

PER_PAGE = 50


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def person_list(request: HttpRequest) -> HttpResponse:
    """The directory of people: search by name, filter by office or role."""
    filters = {
        "query": request.GET.get("q", "").strip() or None,
        "office": request.GET.get("office", "").strip() or None,
        "organisation": _int_or_none(request.GET.get("organisation")),
        "role": request.GET.get("role") or None,
    }
    people = person_directory(**filters)
    page_obj = Paginator(people, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "people/person_list.html", {"page_obj": page_obj, "filters": filters}
    )


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Who a person is: offices over time, articles written and naming them."""
    person = get_object_or_404(Person, pk=pk)
    return render(request, "people/person_detail.html", person_page_data(person=person))


def organisation_list(request: HttpRequest) -> HttpResponse:
    """The directory of organisations, searched by name."""
    query = request.GET.get("q", "").strip() or None
    organisations = organisation_directory(query=query)
    page_obj = Paginator(organisations, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "people/organisation_list.html",
        {"page_obj": page_obj, "filters": {"query": query}},
    )


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An organisation: its offices and people over time, its articles."""
    organisation = get_object_or_404(Organisation, pk=pk)
    return render(
        request,
        "people/organisation_detail.html",
        organisation_page_data(organisation=organisation),
    )
