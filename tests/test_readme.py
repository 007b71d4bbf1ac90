"""The README's reading-site URL examples and its editor-account steps are
right (#12 item 9): each example answers on the ingested samples, the article
example names the article it shows, and the account steps make an editor."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from articles.models import Article

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()
pytestmark = pytest.mark.django_db


def reading_site_rows() -> list[tuple[str, str]]:
    section = README.split("## The reading site", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (`[^|]+) \| (.*) \|$", section, re.M)
    return [(cell.replace("`", ""), what) for cell, what in rows]


def test_readme_url_examples_answer(client, run_command, sample_paths):
    assert run_command("ingest", *sample_paths).error is None
    checked = 0
    for urls, _what in reading_site_rows():
        for url in re.findall(r"/[^\s,`]*", urls):
            if "<" in url or "…" in url or url.startswith("/article/"):
                continue  # placeholders
            response = client.get(url)
            assert response.status_code == 200, url
            checked += 1
    assert checked >= 6


def test_readme_article_example_is_the_article_it_says(
    client, run_command, sample_paths
):
    assert run_command("ingest", *sample_paths).error is None
    [(url, what)] = [row for row in reading_site_rows() if row[0].count("/") == 6]
    page_number, sequence = map(int, url.strip("/").split("/")[-2:])
    ordinal = {"first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4}
    said = re.search(r"the (first|second|third|fourth|fifth) on the page", what)
    assert said, what
    articles = list(
        Article.objects.filter(page__number=page_number, page__issue__date="2022-06-28")
        .order_by("sequence")
        .values_list("sequence", "headline")
    )
    assert articles[ordinal[said.group(1)]][0] == sequence
    headline = articles[ordinal[said.group(1)]][1]
    assert headline in client.get(url).content.decode()


def test_readme_editor_account_command_makes_an_editor():
    command = re.search(r'manage\.py shell -c "([^"]+)"', README).group(1)
    exec(command.replace("'…'", "'a-long-pass-phrase'"), {})  # noqa: S102
    user = User.objects.get(username="wang")
    assert user.is_staff and user.has_perm("articles.change_textblock")
    assert user.groups.filter(name="Editor").exists()
    assert "createsuperuser" in README
