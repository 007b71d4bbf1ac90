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
