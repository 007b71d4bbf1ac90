"""Django's PostgreSQL backend, with a health check that costs no round trip.

With CONN_HEALTH_CHECKS, Django asks a persistent connection whether it still
works before the first query of each request. The stock check sends
`SELECT 1` and waits for the answer: a round trip to the server on every
request, about a fifth of an API read. A connection idle between requests
has nothing to hear from a live server; one that shut down, restarted or
dropped the connection has sent its farewell or closed the socket, and the
socket is then readable. So the check asks the kernel (a poll with no wait)
and only sends `SELECT 1` when the server has said something.
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        if self.connection is None or self.connection.closed:
            return False
        if not hasattr(select, "poll"):  # Windows: the stock check
            return super().is_usable()
        poller = select.poll()
        poller.register(self.connection.fileno(), select.POLLIN)
        if poller.poll(0):
            # Usually the server's goodbye (the stock check then fails);
            # perhaps a notice, which it reads and passes.
            return super().is_usable()
        return True
