"""The parser's rules are conventions of the press, never text of the pages
they were developed on.

No headline, kicker, subtitle, rubric, name or opening of the sample pages
(fixtures/ocr) or the development pages (tests/fixtures/dev) appears in the
parser's code or its configuration, and no run of eight Chinese characters
of those pages does either. The invented test pages of the conventions are
held to the same rule.
"""

import json
import re
from pathlib import Path

import pytest

from tests.articles.test_parser_samples import ARTICLES_2020, ARTICLES_2022

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "tests" / "fixtures" / "dev"
CJK = re.compile(r"[\u3400-\u9fff]")
WINDOW = 8

CODE = sorted((ROOT / "articles" / "parsing").rglob("*.py"))
# The configuration names the sample paper's masthead (that is what it is
# for), so it is held to the gold strings only, not to runs of page text.
CONFIG = ROOT / "newsroom" / "publications.toml"
RULES = [*CODE, CONFIG]
INVENTED = [
    ROOT / "tests" / "articles" / "test_parser_conventions.py",
    ROOT / "tests" / "articles" / "test_parser_rules.py",
    ROOT / "tests" / "articles" / "test_parser_conventions_more.py",
]


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _grams(text: str) -> set[str]:
    chars = "".join(CJK.findall(text))
    return {chars[i : i + WINDOW] for i in range(len(chars) - WINDOW + 1)}


def gold_strings() -> set[str]:
    strings: set[str] = set()
    for fields, opening in ARTICLES_2022 + ARTICLES_2020:
        strings |= {fields[k] for k in ("rubric", "kicker", "headline", "subtitle")}
        strings |= {name for _, name in fields["bylines"]}
        strings.add(opening[:12])
    gold = json.loads((DEV / "gold.json").read_text(encoding="utf-8"))
    for page in gold["pages"]:
        strings |= {f.split(" (")[0] for f in page["furniture"]}
        for article in page["articles"]:
            for key in ("headline", "kicker", "subtitle", "rubric", "body_start"):
                strings.add(article.get(key))
            strings.add(article.get("affiliation"))
            strings |= set(article["names"]) | set(article.get("captions", ()))
    return {_squeeze(s) for s in strings if s and len(_squeeze(s)) >= 2}


def page_grams() -> set[str]:
    pages = sorted(DEV.glob("*.txt")) + sorted(
        (ROOT / "fixtures" / "ocr").glob("*.txt")
    )
    grams: set[str] = set()
    for path in pages:
        grams |= _grams(path.read_text(encoding="utf-8"))
    return grams


@pytest.fixture(scope="module")
def rules_text():
    return "\n".join(p.read_text(encoding="utf-8") for p in RULES)


def test_the_dev_pages_are_in_the_repository():
    assert len(list(DEV.glob("*.txt"))) == 6


def test_no_gold_string_in_the_rules(rules_text):
    squeezed = _squeeze(rules_text)
    # A two-character name could be any two characters of a long file; names
    # are checked as words of three or more characters.
    found = [s for s in gold_strings() if len(s) >= 3 and s in squeezed]
    assert found == []


@pytest.mark.parametrize("path", CODE + INVENTED, ids=lambda p: p.name)
def test_no_run_of_page_text_in_rules_or_invented_pages(path):
    grams = page_grams()
    shared = _grams(path.read_text(encoding="utf-8")) & grams
    assert shared == set()
