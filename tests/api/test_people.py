"""People and organisations in the API (#12 item 7): dated offices with their
source articles, aliases, mention and byline counts; lists filtered by office
and organisation; conditional requests and a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.parsing import Role
from people.models import MentionStatus, PersonAlias
from tests.api.conftest import add_article, ids
from tests.factories import (
    BylineFactory,
    MentionFactory,
    OfficeHoldingFactory,
    OrganisationFactory,
    PersonFactory,
)


@pytest.fixture
def offices(archive):
    """The reporter holds an office in the organisation, read in two articles
    of two issues; a second person holds another office there; a rejected
    find is left out everywhere."""
    reporter, library = archive.reporter, archive.organisation
    PersonAlias.objects.create(person=reporter, name="华婷")
    for article in (archive.news, archive.notice):
        mention = MentionFactory(article=article, person=reporter, title="馆长")
        OfficeHoldingFactory(
            person=reporter,
            office="馆长",
            organisation=library,
            article=article,
            mention=mention,
        )
    other = PersonFactory(name="某副馆长")
    OfficeHoldingFactory(
        person=other, office="副馆长", organisation=library, article=archive.notice
    )
    rejected = MentionFactory(
        article=archive.photo, person=reporter, status=MentionStatus.REJECTED
    )
    OfficeHoldingFactory(
        person=reporter,
        office="市长",
        organisation=OrganisationFactory(name="某市政府"),
        article=archive.photo,
        mention=rejected,
    )
    return other


def test_person_detail_has_offices_aliases_and_counts(api, archive, offices):
    data = api.get(f"/api/people/{archive.reporter.pk}/").json()
    assert data["aliases"] == ["华婷"]
    assert data["mention_count"] == 2  # the rejected find is not counted
    assert data["byline_count"] == 1
    [office] = data["offices"]  # 市长 came from a rejected find
    assert office["office"] == "馆长"
    assert office["organisation"]["id"] == archive.organisation.pk
    assert office["organisation"]["name"] == "平湖市图书馆"
    assert (office["first"], office["last"]) == ("2022-06-28", "2023-01-05")
    assert [a["id"] for a in office["articles"]] == [
        archive.news.pk,
        archive.notice.pk,
    ]
    assert office["articles"][0]["url"].endswith(f"/api/articles/{archive.news.pk}/")
    assert office["articles"][0]["date"] == "2022-06-28"


def test_organisation_detail_has_offices_and_counts(api, archive, offices):
    data = api.get(f"/api/organisations/{archive.organisation.pk}/").json()
    assert data["mention_count"] == 1
    holders = [(o["person"]["name"], o["office"]) for o in data["offices"]]
    assert holders == [("华婷婷", "馆长"), ("某副馆长", "副馆长")]
    assert all(o["articles"] for o in data["offices"])


def test_lists_filter_by_office_and_organisation(api, archive, offices):
    library = archive.organisation.pk
    assert ids(api.get("/api/people/", {"office": "馆长"})) == sorted(
        [archive.reporter.pk, offices.pk],
        key=lambda pk: {archive.reporter.pk: "华婷婷", offices.pk: "某副馆长"}[pk],
    )
    assert ids(api.get("/api/people/", {"office": "副馆长"})) == [offices.pk]
    assert ids(api.get("/api/people/", {"organisation": library})) == ids(
        api.get("/api/people/", {"office": "馆长"})
    )
    assert ids(api.get("/api/people/", {"office": "市长"})) == []  # rejected
    assert ids(api.get("/api/organisations/", {"office": "副馆长"})) == [library]
    bad = api.get("/api/people/", {"organisation": "x"})
    assert bad.status_code == 400


def test_people_details_are_conditional(api, archive, offices):
    url = f"/api/people/{archive.reporter.pk}/"
    first = api.get(url)
    again = api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    org = api.get(f"/api/organisations/{archive.organisation.pk}/")
    assert (
        api.get(
            f"/api/organisations/{archive.organisation.pk}/",
            HTTP_IF_NONE_MATCH=org["ETag"],
        ).status_code
        == 304
    )


def _queries(api, url, settings):
    settings.NEWSROOM_API_CACHE_SECONDS = 0
    with CaptureQueriesContext(connection) as queries:
        assert api.get(url).status_code == 200
    return len(queries)


def test_no_n_plus_one(api, archive, offices, settings):
    person_url = f"/api/people/{archive.reporter.pk}/"
    org_url = f"/api/organisations/{archive.organisation.pk}/"
    before = (_queries(api, person_url, settings), _queries(api, org_url, settings))
    for n in range(5):  # more offices, articles, aliases, bylines
        article = add_article(archive.page_b1, sequence=n + 1, headline=f"稿{n}")
        OfficeHoldingFactory(
            person=archive.reporter,
            office=f"职务{n}",
            organisation=archive.organisation,
            article=article,
        )
        PersonAlias.objects.create(person=archive.reporter, name=f"别名{n}")
        BylineFactory(article=article, role=Role.REPORTER, person=archive.reporter)
    after = (_queries(api, person_url, settings), _queries(api, org_url, settings))
    assert after == before
    assert before[0] <= 4 and before[1] <= 3
