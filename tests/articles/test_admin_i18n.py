"""The admin and the workbench in Chinese (#12 item 3): our models' names,
their fields and their choices through gettext, not Django's English
defaults taken from the class and field names."""

import re

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from articles.models import Article, PageChange, TextBlock
from editing.services import text_block_correct
from people.models import Mention, MentionStatus

pytestmark = pytest.mark.django_db

OUR_APPS = {"articles", "people"}


def test_admin_index_names_our_models_in_chinese(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    for name in ("文本块", "版面修改", "导入批次", "任职记录", "提及", "报纸"):
        assert name in html, name
    for english in ("Text blocks", "Page changes", "Ingest runs", "Office holdings"):
        assert english not in html, english


def test_every_model_and_field_of_our_apps_has_a_chinese_name():
    untranslated = []
    with translation.override("zh-hans"):
        for model in apps.get_models():
            meta = model._meta
            if meta.app_label not in OUR_APPS:
                continue
            names = [meta.verbose_name, meta.verbose_name_plural]
            names += [f.verbose_name for f in meta.get_fields() if f.concrete]
            untranslated += [
                f"{meta.label}: {name}"
                for name in map(str, names)
                if re.search(r"[A-Za-z]{3,}", name.replace("SHA-256", ""))
            ]
    assert untranslated == []


def test_article_change_form_labels_and_choices_in_chinese(admin_client, sample_page):
    article = Article.objects.filter(page=sample_page).first()
    html = admin_client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    ).content.decode()
    assert "主题" in html and "引题" in html and "机器置信度" in html
    assert "Headline" not in html and "Confidence" not in html
    changelist = admin_client.get(reverse("admin:articles_article_changelist"))
    assert "机器生成" in changelist.content.decode()  # the status filter


def test_workbench_shows_statuses_operations_and_kinds_in_chinese(
    client, editor, sample_page
):
    block = TextBlock.objects.filter(page=sample_page, article__isnull=False).first()
    text_block_correct(
        user=editor,
        block=block,
        text=block.text + "。",
        expected_version=sample_page.version,
    )
    assert Mention.objects.filter(
        article__page=sample_page, status=MentionStatus.MACHINE
    ).exists()
    client.force_login(editor)
    html = client.get(
        reverse("admin:articles_page_workbench", args=[sample_page.pk])
    ).content.decode()
    assert re.search(r"\((人物|机构), 机器识别", html)
    assert ", machine" not in html
    assert '<span class="wb-op">更正</span>' in html
    # Kinds and roles are chosen by their labels; the values stay English.
    assert '<option value="kicker" selected>引题</option>' in html
    assert re.search(r'<option value="news"( selected)?>新闻</option>', html)
    assert re.search(r'<option value="reporter"( selected)?>记者</option>', html)
    assert PageChange.objects.get().operation == "correct"  # the value stays
