"""The site and the workbench in Chinese (#12 item 3): a scan of each page's
visible text (and what screen readers read: aria-label, placeholder, title)
for ASCII words that are not the archive's own content, a URL or the name of
a format. A screenshot of each page is kept in test-artifacts/chinese/."""

import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, Page, PageSource, Publication, TextBlock
from people.models import Organisation, Person
from tests.browser.conftest import ARTIFACTS
from tests.conftest import FIXTURES_DIR

pytestmark = pytest.mark.django_db(transaction=True)

# Names of formats and protocols, search syntax, the language switch's own
# name for English, the citation standard's [N] (newspaper).
ALLOWED = {"OCR", "Atom", "RSS", "JSON", "API", "URL", "PDF", "OR", "English"}
# The workbench: key names, the admin's framework name and the editor's login.
KEYS = {"Ctrl", "Shift", "Alt", "Enter", "Esc", "Escape", "Home", "End", "Tab"}
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
URLISH = re.compile(r"(https?://|/)\S*|\S+\.(txt|xml|atom|json)\b")

TEXT_OF_PAGE = """() => {
  const parts = [document.title, document.body.innerText];
  const labelled = '[aria-label],[placeholder],[title],img[alt]';
  for (const el of document.querySelectorAll(labelled)) {
    for (const name of ['aria-label', 'placeholder', 'title', 'alt']) {
      if (el.hasAttribute(name)) parts.push(el.getAttribute(name));
    }
  }
  return parts.join('\\n');
}"""


def content_words() -> set[str]:
    """ASCII words in the archive's own text (articles, names, editions):
    content, not labels."""
    texts = []
    for model, fields in (
        (Article, ["headline", "kicker", "subtitle", "rubric", "body"]),
        (TextBlock, ["text", "machine_text"]),
        (PageSource, ["text"]),  # the workbench shows the verbatim source
        (Page, ["edition"]),
        (Publication, ["name", "edition"]),
        (Person, ["name"]),
        (Organisation, ["name"]),
    ):
        for row in model.objects.values_list(*fields):
            texts.extend(str(v) for v in row if v)
    return {w for text in texts for w in WORD.findall(text)}


def english_left(text: str, allowed: set[str]) -> list[str]:
    text = URLISH.sub(" ", text)
    return sorted({w for w in WORD.findall(text) if w not in allowed})


@pytest.fixture
def archive(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("ingest", *sorted(FIXTURES_DIR.glob("*.txt")), verbosity=0)
    call_command("update_index", verbosity=0)
    return Article.objects.select_related("page__issue").order_by("id").first()


def site_urls(article) -> list[str]:
    d = article.page.issue.date
    person = Person.objects.order_by("id").first()
    organisation = Organisation.objects.order_by("id").first()
    return [
        "/",
        "/calendar/",
        f"/{d.year}/",
        f"/{d:%Y/%m/%d}/",
        f"/{d:%Y/%m/%d}/1/",
        article.get_absolute_url(),
        "/search/?q=平湖文明城市",
        '/search/?q="文明城市"&kind=news',
        "/people/",
        person.get_absolute_url(),
        "/organisations/",
        organisation.get_absolute_url(),
        f"/{d.year}/01/01/",  # no issue: the nearest ones
        "/no/such/page/",
    ]


def scan(page, url: str, name: str, allowed: set[str]) -> list[str]:
    page.goto(url)
    folder = ARTIFACTS / "chinese"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    return english_left(page.evaluate(TEXT_OF_PAGE), allowed)


def test_reading_site_has_no_english_label(live_server, new_context, archive):
    allowed = ALLOWED | content_words()
    context = new_context()  # chromium asks for English (en-US): Chinese anyway
    page = context.new_page()
    found = {}
    for i, url in enumerate(site_urls(archive)):
        words = scan(page, live_server.url + url, f"site-{i:02d}", allowed)
        if words:
            found[url] = words
    assert found == {}
    # The switch to English works, and then the labels are English.
    page.goto(live_server.url + "/")
    page.click("form.language button[value=en]")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Calendar" in page.inner_text("header")


def test_workbench_has_no_english_label(live_server, new_context, archive):
    User.objects.create_superuser("chief", password="secret-pw")
    allowed = ALLOWED | KEYS | {"Django", "CHIEF"} | content_words()
    context = new_context()
    page = context.new_page()
    bench = reverse("admin:articles_page_workbench", args=[archive.page_id])
    page.goto(f"{live_server.url}{reverse('admin:login')}?next={bench}")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "secret-pw")
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert scan(page, live_server.url + bench, "workbench", allowed) == []
