"""The catalogues are complete and compiled from their current text: every
zh_Hans msgid is translated, and django.mo says what django.po says (a .po
edited without `python -m newsroom.translations` fails here)."""

import gettext
from pathlib import Path

import pytest

from newsroom.translations import entries, untranslated

LOCALE = Path(__file__).resolve().parent.parent / "newsroom" / "locale"


def test_every_chinese_message_is_translated():
    assert untranslated(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po") == []


@pytest.mark.parametrize("language", ["zh_Hans", "en"])
def test_compiled_catalogue_matches_its_source(language):
    folder = LOCALE / language / "LC_MESSAGES"
    with open(folder / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    checked = 0
    for entry in entries(folder / "django.po"):
        if entry["msgid_plural"] or not entry["msgstr"][0] or entry["fuzzy"]:
            continue
        if entry["msgctxt"]:
            got = compiled.pgettext(entry["msgctxt"], entry["msgid"])
        else:
            got = compiled.gettext(entry["msgid"])
        assert got == entry["msgstr"][0], entry["msgid"]
        checked += 1
    assert checked > (100 if language == "zh_Hans" else -1)
