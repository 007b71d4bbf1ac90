"""The API's schema in the reader's language (#12 item 3): descriptions,
help texts and titles through gettext, so /api/schema/ asked for in Chinese
describes the API in Chinese, and in English when asked for English."""

import re

import pytest

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")
# Written by drf-spectacular itself, which has no Chinese catalogue.
THEIRS = {'Token-based authentication with required prefix "Token"'}


def texts(schema, keys=("description", "title", "summary")) -> set[str]:
    found = set()
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key in keys and isinstance(value, str):
                found.add(value)
            else:
                found |= texts(value, keys)
    elif isinstance(schema, list):
        for value in schema:
            found |= texts(value, keys)
    return found


def schema(client, language: str) -> dict:
    response = client.get(
        "/api/schema/", {"format": "json"}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200
    return response.json()


def test_schema_in_chinese_has_no_english_description(client):
    chinese = schema(client, "zh-hans")
    english = [t for t in texts(chinese) if t and not CJK.search(t)]
    assert sorted(set(english) - THEIRS) == []
    assert chinese["info"]["title"] == "Newsroom 报纸档案 API"
    operation = chinese["paths"]["/api/articles/"]["get"]
    assert operation["description"].startswith("文章。")
    q = next(p for p in operation["parameters"] if p["name"] == "q")
    assert q["description"].startswith("全文检索")
    assert (
        "机器生成"
        in next(p for p in operation["parameters"] if p["name"] == "status")[
            "description"
        ]
    )


def test_schema_in_english_when_asked(client):
    english = schema(client, "en")
    operation = english["paths"]["/api/articles/"]["get"]
    assert operation["description"].startswith("Articles.")
    assert not any(CJK.search(t) for t in texts(english["info"]))
