"""Publications are data: seeded from the file, editable in the admin, named
or created on the command line; a page of an unknown paper is refused with
its masthead quoted. The pages here are invented."""

import datetime as dt

import pytest
from django.contrib.auth.models import User

from articles.models import Article, Byline, Issue, Page, Publication
from articles.parsing import Role
from articles.services import (
    publication_find,
    publication_get_or_create,
    publication_profiles,
)

pytestmark = pytest.mark.django_db

UNKNOWN_PAPER = """\
东海晨报
2024年3月7日 星期四 第5版

海边步道全线贯通

本报讯 全长十二公里的海边步道昨日全线贯通，沿途新建驿站六座。

让城市更有温度

韩雪松

城市的温度体现在细节之中，一条无障碍通道、一张休息长椅，都能让行人感到被尊重。

（作者为某大学城市规划系教授）
"""


@pytest.fixture
def page_file(tmp_path):
    path = tmp_path / "donghai_20240307_p05.txt"
    path.write_text(UNKNOWN_PAPER, encoding="utf-8")
    return path


def test_the_seed_file_creates_rows_and_never_overwrites_them():
    profiles = publication_profiles()  # the seeds are profiles before rows
    assert not Publication.objects.exists()
    row = publication_find("嘉兴日报·平湖版".split("·")[0]) or publication_find(
        profiles[0].slug
    )
    assert row.slug == profiles[0].slug
    assert row.masthead_patterns and any(p.slug == row.slug for p in profiles)
    row.masthead_patterns = ["^一个编辑改过的$"]
    row.save()
    (profile,) = [p for p in publication_profiles() if p.slug == row.slug]
    assert profile.masthead_patterns == ("^一个编辑改过的$",)
    assert Publication.objects.filter(slug=row.slug).count() == 1


def test_a_page_of_an_unknown_paper_is_refused_quoting_its_masthead(
    run_command, page_file
):
    result = run_command("ingest", page_file)
    assert result.error is not None
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"{page_file}: no publication identified: the masthead 「东海晨报」 "
        "matches none (use --publication SLUG or NAME)"
    ]
    assert not Page.objects.exists()


def test_publication_by_name_is_created_and_the_date_found_on_the_page(
    run_command, page_file
):
    result = run_command("ingest", page_file, publication="东海晨报")
    assert result.error is None, result.stderr
    assert "New publication 东海晨报" in result.stdout
    publication = Publication.objects.get(name="东海晨报")
    issue = Issue.objects.get(publication=publication)
    assert issue.date == dt.date(2024, 3, 7)  # no --date: the page prints it
    assert Page.objects.get(issue=issue).number == 5
    # The commentary's author, printed alone under its headline.
    byline = Byline.objects.get(article__headline="让城市更有温度")
    assert (byline.role, byline.name) == (Role.AUTHOR, "韩雪松")

    # Named again, by name or by slug: the same publication, nothing new.
    for wanted in ("东海晨报", publication.slug):
        again = run_command("ingest", page_file, publication=wanted)
        assert again.error is None and "New publication" not in again.stdout
    assert Publication.objects.filter(name="东海晨报").count() == 1


def test_masthead_patterns_added_in_the_admin_identify_the_paper(
    client, run_command, page_file
):
    publication, created = publication_get_or_create("东海晨报")
    assert created
    admin = User.objects.create_superuser("chief", password="pw")
    client.force_login(admin)
    response = client.post(
        f"/admin/articles/publication/{publication.pk}/change/",
        {
            "name": "东海晨报",
            "slug": publication.slug,
            "edition": "",
            "masthead_patterns": '["^东海晨报$", "第\\\\s*\\\\d+\\\\s*版"]',
            "rubrics": "[]",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    result = run_command("ingest", page_file)  # no --publication
    assert result.error is None, result.stderr
    assert Issue.objects.get().publication == publication
    assert Article.objects.count() == 2


def test_a_bad_masthead_pattern_is_refused_in_the_admin(client):
    publication, _ = publication_get_or_create("南湖晚报")
    client.force_login(User.objects.create_superuser("chief", password="pw"))
    response = client.post(
        f"/admin/articles/publication/{publication.pk}/change/",
        {
            "name": "南湖晚报",
            "slug": publication.slug,
            "edition": "",
            "masthead_patterns": '["(unclosed"]',
            "rubrics": "[]",
        },
    )
    assert response.status_code == 200  # the form again, with the error
    publication.refresh_from_db()
    assert publication.masthead_patterns == []


def test_a_new_publication_is_an_archive_change():
    from articles.selectors import archive_revision

    before = archive_revision()[0]
    publication_get_or_create("西岭周报")
    assert archive_revision()[0] > before
