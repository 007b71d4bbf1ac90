"""The REST API of the archive (issue #5): read for everyone, write for editors."""
