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


def untranslated(po_file: Path) -> list[str]:
    """msgids of `po_file` with an empty msgstr or marked fuzzy (a small
    reader of makemessages' output: no dependency for one check)."""
    problems, msgid, fuzzy, key = [], "", False, None
    entries = po_file.read_text(encoding="utf-8").split("\n\n")
    for entry in entries[1:]:  # the first is the header
        lines = [line for line in entry.splitlines() if not line.startswith("#~")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        key, values = None, {}
        for line in lines:
            if line.startswith(("msgid", "msgstr", "msgctxt")):
                key, _, rest = line.partition(" ")
                values[key] = rest.strip('"')
            elif line.startswith('"') and key:
                values[key] += line.strip('"')
        msgid = values.get("msgid", "")
        strings = [v for k, v in values.items() if k.startswith("msgstr")]
        if msgid and (fuzzy or not all(strings)):
            problems.append(msgid)
    return problems


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
