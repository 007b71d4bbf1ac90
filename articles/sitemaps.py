"""sitemap.xml: every issue and every article (paginated by Django)."""

from django.contrib.sitemaps import Sitemap

from articles.models import Article, Issue
from articles.reading import article_url, issue_url


class IssueSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Issue.objects.published().order_by("date", "id").only("id", "date")

    def location(self, issue):
        return issue_url(issue)


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return (
            Article.objects.select_related("page__issue")
            .only("id", "sequence", "page__number", "page__issue__date")
            .order_by("id")
        )

    def location(self, article):
        return article_url(article)


SITEMAPS = {"issues": IssueSitemap, "articles": ArticleSitemap}
