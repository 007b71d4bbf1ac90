"""What SECURITY.md says of production holds (#15 item 8): the production
settings refuse to start without a secret key and allowed hosts, pass
`check --deploy`, and every file, test and variable the document names
exists."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
# 60 characters, 26 distinct: what check --deploy asks of a secret key.
KEY = "".join(chr(ord("a") + (i * 7) % 26) for i in range(60))


def check(tmp_path, *args: str, **variables: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings.prod",
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
        **variables,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_production_refuses_to_start_without_a_key_or_hosts(tmp_path):
    no_key = check(tmp_path, DJANGO_ALLOWED_HOSTS="archive.example.org")
    assert no_key.returncode != 0 and "DJANGO_SECRET_KEY" in no_key.stderr
    short = check(
        tmp_path, DJANGO_SECRET_KEY="short", DJANGO_ALLOWED_HOSTS="archive.example.org"
    )
    assert short.returncode != 0 and "DJANGO_SECRET_KEY" in short.stderr
    no_hosts = check(tmp_path, DJANGO_SECRET_KEY=KEY)
    assert no_hosts.returncode != 0 and "DJANGO_ALLOWED_HOSTS" in no_hosts.stderr


def test_production_passes_check_deploy(tmp_path):
    done = check(
        tmp_path,
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=KEY,
        DJANGO_ALLOWED_HOSTS="archive.example.org",
    )
    assert done.returncode == 0, done.stderr


def test_every_file_and_test_the_document_names_exists():
    for name in re.findall(r"`(test_\w+\.py)`", DOC):
        assert list(ROOT.glob(f"tests/**/{name}")), name
    for path in re.findall(r"`((?:newsroom|articles|people|editing)/[\w/.]+)`", DOC):
        assert (ROOT / path).exists(), path


def test_every_variable_the_document_names_is_read_by_the_settings():
    source = "".join(
        path.read_text(encoding="utf-8")
        for folder in ("newsroom", "articles", "people", "editing", "search")
        for path in (ROOT / folder).rglob("*.py")
    )
    variables = set(re.findall(r"`((?:DJANGO|NEWSROOM)_[A-Z_]+)", DOC))
    assert variables
    for variable in sorted(variables):
        assert f'"{variable}"' in source, variable
