"""Speed and quality measurements (run as scripts: `python bench/<name>.py`).

A package of its own, outside the installed apps: it imports the project,
never the tests (the tests may import its generators and truth data)."""
