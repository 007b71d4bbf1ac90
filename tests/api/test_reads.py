"""Reading the archive: representations, links, the export shape."""

import pytest

from articles.models import Issue
from articles.selectors import issue_export_data
from tests.api.conftest import ids

pytestmark = pytest.mark.django_db


def test_root_lists_every_resource(api):
    data = api.get("/api/").json()

    assert set(data) == {
        "publications",
        "issues",
        "pages",
        "articles",
        "blocks",
        "people",
        "organisations",
        "changes",
    }


def test_issue_detail_is_the_export_json_with_links(api, archive):
    response = api.get(f"/api/issues/{archive.issue_a.pk}/")

    assert response.status_code == 200
    data = response.json()
    export = issue_export_data(
        issue=Issue.objects.for_export().get(pk=archive.issue_a.pk)
    )
    # Every key and value of the export is there, unchanged, plus ids/urls.
    for key in ("publication", "date", "weekday", "lunar_date", "number"):
        assert data[key] == export[key]
    assert [p["number"] for p in data["pages"]] == [1, 2]
    for page, exported in zip(data["pages"], export["pages"], strict=True):
        assert page["url"].endswith(f"/api/pages/{page['id']}/")
        for article, exp_article in zip(
            page["articles"], exported["articles"], strict=True
        ):
            assert article["url"].endswith(f"/api/articles/{article['id']}/")
            del article["url"]
            assert article == exp_article
        del page["id"], page["url"]
        assert page == exported
    assert data["publication_link"]["url"].startswith("http://testserver/api/")


def test_article_list_is_light_and_detail_complete(api, archive):
    listed = api.get("/api/articles/").json()["results"]
    row = next(r for r in listed if r["id"] == archive.news.pk)

    assert "body" not in row and "blocks" not in row
    assert row["headline"] == "深化全国文明城市巩固工作"
    assert row["date"] == "2022-06-28"
    assert row["issue"] == {
        "id": archive.issue_a.pk,
        "url": f"http://testserver/api/issues/{archive.issue_a.pk}/",
    }
    assert row["bylines"][0]["name"] == "华婷婷"
    assert row["bylines"][0]["person"]["id"] == archive.reporter.pk
    assert row["has_corrections"] is True
    assert row["snippet"] is None

    detail = api.get(row["url"]).json()
    assert detail["body"] == archive.news.body
    assert [b["text"] for b in detail["blocks"]] == [archive.news.body, "一堂生动党课"]
    assert detail["publication"] == "嘉兴日报·平湖版"
    assert detail["people"] == [] and detail["organisations"] == []
    notice = api.get(f"/api/articles/{archive.notice.pk}/").json()
    assert notice["organisations"] == [{"name": "平湖市图书馆"}]


def test_page_detail_has_credits_source_and_articles(api, archive):
    data = api.get(f"/api/pages/{archive.page_a1.pk}/").json()

    assert data["credits"][0]["name"] == "戴琰"
    assert data["source"]["sha256"] == archive.page_a1.source.sha256
    assert [a["id"] for a in data["articles"]] == [archive.news.pk]
    text = api.get(data["source"]["text_url"])
    assert text["Content-Type"].startswith("text/plain")
    assert text.content.decode() == archive.page_a1.source.text
    blocks = api.get(data["blocks_url"]).json()["results"]
    assert {b["page"]["id"] for b in blocks} == {archive.page_a1.pk}
    assert len(blocks) == 3


def test_block_detail_shows_the_machine_text_beside_the_correction(api, archive):
    block = archive.news.blocks.get(position=1)

    data = api.get(f"/api/blocks/{block.pk}/").json()

    assert data["machine_text"] == "-堂生动党课"
    assert data["text"] == "一堂生动党课"
    assert data["corrected"] is True
    assert data["article"]["id"] == archive.news.pk


def test_people_and_organisations(api, archive):
    person = api.get(f"/api/people/{archive.reporter.pk}/").json()
    assert person["byline_count"] == 1
    assert ids(api.get(person["articles_url"])) == [archive.news.pk]

    org = api.get(f"/api/organisations/{archive.organisation.pk}/").json()
    assert ids(api.get(org["articles_url"])) == [archive.notice.pk]
    assert ids(api.get("/api/people/", {"q": "婷"})) == [archive.reporter.pk]


def test_publications(api, archive):
    data = api.get("/api/publications/").json()["results"]

    assert [p["slug"] for p in data] == ["pinghu"]


def test_errors_are_json_with_a_message(api, archive):
    missing = api.get("/api/articles/999999/")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "No such resource.", "code": "not_found"}

    bad = api.get("/api/articles/", {"date_after": "yesterday"})
    assert bad.status_code == 400
    body = bad.json()
    assert body["code"] == "invalid"
    assert body["detail"].startswith("date_after: ")
    assert "date_after" in body["errors"]


def test_schema_and_docs(api, client):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/articles/" in paths and "/api/export/json/" in paths
    assert client.get("/api/docs/").status_code == 200
    assert client.get("/api/redoc/").status_code == 200


def test_browsable_api_is_kept(client, archive):
    response = client.get("/api/articles/", HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert "深化全国文明城市巩固工作" in response.content.decode()
