"""The public pages: directory, person and organisation, with constant query
counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from people.models import Organisation, Person
from people.services import mention_confirm

pytestmark = pytest.mark.django_db


@pytest.fixture
def ingested(run_command, sample_paths):
    for path in sample_paths:
        assert run_command("ingest", path).error is None


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_person_page(client, ingested):
    person = Person.objects.get(name="仲旭东")
    n, html = count_queries(client, person.get_absolute_url())
    assert "市委书记" in html and "2022年6月28日" in html  # the timeline
    assert "深化全国文明城市巩固工作" in html  # an article naming him
    assert "戴振" in html  # named with him
    assert "机器识别" in html  # machine-made is shown as such
    assert "编辑已确认" not in html
    assert n <= 12
    mention = person.mentions.first()
    mention_confirm(mention=mention)
    assert "编辑已确认" in count_queries(client, person.get_absolute_url())[1]


def test_person_page_lists_articles_written(client, ingested):
    person = Person.objects.get(name="居丹荔")
    _, html = count_queries(client, person.get_absolute_url())
    assert "平湖上榜全国农村 创新创业典型" in html


def test_person_page_queries_do_not_grow(client, ingested):
    small = Person.objects.get(name="柯卫明")  # one article
    big = Person.objects.get(name="仲旭东")  # three articles, two dates
    n_small, _ = count_queries(client, small.get_absolute_url())
    n_big, _ = count_queries(client, big.get_absolute_url())
    assert n_small == n_big


def test_organisation_page(client, ingested):
    org = Organisation.objects.get(name="市人大常委会")
    n, html = count_queries(client, org.get_absolute_url())
    assert "柯卫明" in html and "副主任" in html
    assert "市人大党组" in html  # its article's headline
    small = Organisation.objects.get(name="农业农村部")
    assert count_queries(client, small.get_absolute_url())[0] == n


def test_directory_search_and_filters(client, ingested):
    url = reverse("person-list")
    n_all, html = count_queries(client, url)
    assert "仲旭东" in html and "华婷婷" in html
    _, html = count_queries(client, url + "?q=仲")
    assert "仲旭东" in html and "华婷婷" not in html
    _, html = count_queries(client, url + "?office=副市长")
    assert "戴建忠" in html and "仲旭东" not in html
    _, html = count_queries(client, url + "?role=byline")
    assert "华婷婷" in html and "仲旭东" not in html
    org = Organisation.objects.get(name="市人大常委会")
    _, html = count_queries(client, url + f"?organisation={org.pk}")
    assert "柯卫明" in html and "戴建忠" not in html


def test_directory_query_count_is_constant(client, ingested):
    url = reverse("person-list")
    n, _ = count_queries(client, url)
    Person.objects.bulk_create([Person(name=f"人{i}") for i in range(30)])
    assert count_queries(client, url)[0] == n
    orgs = reverse("organisation-list")
    n, html = count_queries(client, orgs + "?q=党组")
    assert "市政协党组" in html and "农业农村部" not in html
    Organisation.objects.bulk_create([Organisation(name=f"机构{i}") for i in range(30)])
    assert count_queries(client, orgs)[0] == n


def test_unknown_person_is_404(client, db):
    assert client.get(reverse("person-detail", args=[999])).status_code == 404
