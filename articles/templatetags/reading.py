"""Readable URLs in templates: {{ issue|issue_url }}, {{ article|article_url }}."""

from django import template

from articles import reading

register = template.Library()

register.filter("issue_url", reading.issue_url)
register.filter("page_url", reading.page_url)
register.filter("article_url", reading.article_url)


@register.filter
def date_url(date):
    from django.urls import reverse

    return reverse("issue-detail", args=[date.year, date.month, date.day])
