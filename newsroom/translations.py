"""Regenerate and compile the translation catalogues (README "Translations").

    python -m newsroom.translations          # makemessages + compilemessages
    python -m newsroom.translations --check  # also fail on untranslated zh_Hans

Every msgid is English; the catalogues are newsroom/locale/{zh_Hans,en}/
LC_MESSAGES/django.po (one project catalogue: the apps' templates, Python
code and commands), compiled to django.mo beside them and shipped in the wheel.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

LOCALES = ["zh_Hans", "en"]
# Not part of the shipped product (or not ours).
IGNORE = [".venv", "venv", "var", "build", "dist", "tests", "bench", "node_modules"]


def _unquote(text: str) -> str:
    return (
        text.strip()
        .removeprefix('"')
        .removesuffix('"')
        .encode()
        .decode("unicode_escape")
        .encode("latin-1")
        .decode("utf-8")
    )


def entries(po_file: Path) -> list[dict]:
    """The entries of a catalogue as makemessages writes it: msgctxt, msgid,
    msgid_plural, msgstr (a list) and fuzzy (a small reader: no dependency)."""
    found = []
    for block in po_file.read_text(encoding="utf-8").split("\n\n")[1:]:
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        if not lines:
            continue
        entry = {"msgctxt": None, "msgid": "", "msgid_plural": None, "msgstr": []}
        entry["fuzzy"] = any(
            line.startswith("#,") and "fuzzy" in line for line in lines
        )
        key = None
        for line in lines:
            if line.startswith("#"):
                continue
            if line.startswith('"'):
                value = _unquote(line)
            else:
                key, _, rest = line.partition(" ")
                value = _unquote(rest)
                if key.startswith("msgstr"):
                    entry["msgstr"].append("")
            if key and key.startswith("msgstr"):
                entry["msgstr"][-1] += value
            elif key:
                entry[key] = (entry.get(key) or "") + value
        if entry["msgid"]:
            found.append(entry)
    return found


def untranslated(po_file: Path) -> list[str]:
    """msgids of `po_file` with an empty msgstr or marked fuzzy."""
    return [
        e["msgid"]
        for e in entries(po_file)
        if e["fuzzy"] or not all(e["msgstr"]) or not e["msgstr"]
    ]


def main(argv: list[str]) -> int:
    root = Path(__file__).resolve().parent.parent
    os.chdir(root)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.dev")
    import django
    from django.core.management import call_command

    django.setup()
    ignore = IGNORE + [f"{name}/*" for name in IGNORE]
    for domain in ("django", "djangojs"):
        if domain == "djangojs" and not any(root.glob("*/static/**/*.js")):
            continue
        call_command(
            "makemessages",
            locale=LOCALES,
            domain=domain,
            ignore_patterns=ignore,
            add_location="file",
            verbosity=0,
        )
    call_command("compilemessages", locale=LOCALES, ignore_patterns=ignore, verbosity=0)
    locale = root / "newsroom" / "locale"
    missing = untranslated(locale / "zh_Hans" / "LC_MESSAGES" / "django.po")
    for msgid in missing:
        print(f"zh_Hans: untranslated or fuzzy: {msgid}")
    print(f"catalogues compiled; {len(missing)} zh_Hans messages need a translation")
    return 1 if missing and "--check" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
