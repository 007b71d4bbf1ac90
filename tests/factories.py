"""factory_boy factories for the archive, and hand-built parser drafts.

`page_draft()` builds a PageDraft without the parser, for tests of the
persistence side that must not depend on what the parser makes of a page.
"""

import datetime as dt
import hashlib

import factory

from articles.models import (
    Article,
    Byline,
    Issue,
    Page,
    PageCredit,
    PageSource,
    Publication,
    TextBlock,
)
from articles.parsing import (
    ArticleDraft,
    ArticleKind,
    Block,
    BlockKind,
    Credit,
    IssueMeta,
    PageDraft,
    Role,
)
from people.models import (
    Mention,
    OfficeHolding,
    Organisation,
    PeopleChange,
    Person,
    PersonAlias,
)


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"gazette-{n}")
    name = factory.Sequence(lambda n: f"测试报{n}")
    edition = "城市版"


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Issue

    publication = factory.SubFactory(PublicationFactory)
    date = factory.Sequence(lambda n: dt.date(2020, 1, 1) + dt.timedelta(days=n))
    weekday = factory.LazyAttribute(lambda o: o.date.isoweekday())
    lunar_date = ""
    number = factory.Sequence(lambda n: 1000 + n)


class PageFactory(factory.django.DjangoModelFactory):
    """A page with a current source."""

    class Meta:
        model = Page
        skip_postgeneration_save = True  # with_source saves what it changes

    issue = factory.SubFactory(IssueFactory)
    number = 1
    edition = "城市版"

    @factory.post_generation
    def with_source(page, create, extracted, **kwargs):
        if create and page.source_id is None:
            page.source = PageSourceFactory(page=page)
            page.save(update_fields=["source"])


class PageSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PageSource

    page = factory.SubFactory(PageFactory)
    text = factory.Sequence(lambda n: f"标题{n}\n\n本报讯 正文{n}。\n")
    sha256 = factory.LazyAttribute(
        lambda o: hashlib.sha256(o.text.encode("utf-8")).hexdigest()
    )
    file_name = factory.Sequence(lambda n: f"page-{n}.txt")
    encoding = "utf-8"
    size = factory.LazyAttribute(lambda o: len(o.text.encode("utf-8")))


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    page = factory.SubFactory(PageFactory)
    sequence = factory.Sequence(lambda n: n)
    kind = ArticleKind.NEWS
    headline = factory.Sequence(lambda n: f"标题{n}")
    body = "本报讯 正文。"


class TextBlockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TextBlock

    page = factory.SubFactory(PageFactory)
    sequence = factory.Sequence(lambda n: n)
    start = 0
    end = 0
    kind = BlockKind.BODY
    machine_text = "正文。"
    text = factory.SelfAttribute("machine_text")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"记者{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"单位{n}")


class BylineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Byline

    article = factory.SubFactory(ArticleFactory)
    role = Role.REPORTER
    person = factory.SubFactory(PersonFactory)
    name = factory.SelfAttribute("person.name")


class PageCreditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PageCredit

    page = factory.SubFactory(PageFactory)
    role = Role.EDITOR
    person = factory.SubFactory(PersonFactory)
    name = factory.SelfAttribute("person.name")


def full_issue(**kwargs) -> Issue:
    """An issue with one page carrying a credit, furniture and a bylined article."""
    issue = IssueFactory(**kwargs)
    page = PageFactory(issue=issue)
    PageCreditFactory(page=page)
    TextBlockFactory(page=page, sequence=0, kind=BlockKind.MASTHEAD, text="测试报")
    article = ArticleFactory(page=page, sequence=0)
    TextBlockFactory(page=page, sequence=1, article=article, position=0)
    BylineFactory(article=article)
    return issue


def page_draft(
    *,
    date: dt.date | None = dt.date(2021, 3, 1),
    number: int | None = 100,
    page: int | None = 1,
    publication: str | None = None,
    body: str = "今天上午，市里召开会议。",
) -> PageDraft:
    """A small, well-formed page draft: masthead, one bylined article, credits."""
    lines = ["测试报", "# 会议召开", "■记者 张三", f"本报讯 {body}", "编辑/李四"]
    source = "\n".join(lines) + "\n"
    spans = []
    offset = 0
    for line in lines:
        spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    kinds = [
        BlockKind.MASTHEAD,
        BlockKind.HEADLINE,
        BlockKind.BYLINE,
        BlockKind.BODY,
        BlockKind.CREDIT,
    ]
    texts = ["测试报", "会议召开", "记者 张三", f"本报讯 {body}", "编辑/李四"]
    blocks = tuple(
        Block(
            start=start,
            end=end,
            kind=kind,
            text=text,
            article=0
            if kind in (BlockKind.HEADLINE, BlockKind.BYLINE, BlockKind.BODY)
            else None,
        )
        for (start, end), kind, text in zip(spans, kinds, texts, strict=True)
    )
    article = ArticleDraft(
        kind=ArticleKind.NEWS,
        blocks=(1, 2, 3),
        headline="会议召开",
        bylines=(Credit(Role.REPORTER, "张三"),),
        body=f"本报讯 {body}",
    )
    return PageDraft(
        source=source,
        meta=IssueMeta(
            publication=publication,
            publication_name=None,
            date=date,
            weekday=date.isoweekday() if date else None,
            number=number,
            page=page,
        ),
        blocks=blocks,
        articles=(article,),
        credits=(Credit(Role.EDITOR, "李四"),),
    )


class MentionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mention

    article = factory.SubFactory(ArticleFactory)
    kind = Mention.Kind.PERSON
    person = factory.SubFactory(PersonFactory)
    field = "body"
    start = 0
    end = factory.LazyAttribute(lambda o: len(o.text))
    text = factory.LazyAttribute(lambda o: o.person.name if o.person else "某机构")
    title = "副主任"
    rule = "office"
    confidence = 0.9


class OfficeHoldingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficeHolding

    person = factory.SubFactory(PersonFactory)
    office = "副主任"
    organisation = factory.SubFactory(OrganisationFactory)
    article = factory.SubFactory(ArticleFactory)
    date = factory.LazyAttribute(lambda o: o.article.page.issue.date)


def people_rows() -> None:
    """A person with an alias, a mention, an office and a recorded change."""
    mention = MentionFactory()
    PersonAlias.objects.create(person=mention.person, name=mention.person.name + "甲")
    OfficeHoldingFactory(person=mention.person, article=mention.article)
    PeopleChange.objects.create(action="confirm", person=mention.person)
