"""The facsimile package is pure: no Django, so it runs without settings."""

import subprocess
import sys


def test_importing_every_module_loads_no_django():
    code = (
        "import sys, pkgutil, importlib, facsimile\n"
        "for m in pkgutil.iter_modules(facsimile.__path__):\n"
        "    importlib.import_module('facsimile.' + m.name)\n"
        "print(any(name.split('.')[0] == 'django' for name in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_the_command_prints_the_reading_order(tmp_path, capsys):
    from facsimile.__main__ import main

    from .conftest import DATA

    assert main([str(DATA / "page.alto.xml")]) == 0
    assert capsys.readouterr().out.startswith("测试标题横跨两栏\n\n左栏")
    assert main([str(DATA / "page.alto.xml"), "--json"]) == 0
    assert '"kind": "alto"' in capsys.readouterr().out
    bad = tmp_path / "x.txt"
    bad.write_text("plain", encoding="utf-8")
    assert main([str(bad)]) == 1
