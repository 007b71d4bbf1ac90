"""Waiting for other processes (workers, a replica) in tests."""

import time

import pytest


def wait_for(condition, *, seconds: float, what: str, interval: float = 0.2):
    """Poll until `condition()` is truthy and return it; fail saying `what`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"timed out after {seconds:.0f} s waiting for {what}")
