"""Test-only middleware: one request at a time.

Browser tests run the live server against the in-memory SQLite test database, whose single
connection is shared by every server thread; a page that fires two requests at once (an htmx
autosave and a submit) would interleave their transactions on it. Real deployments use a
connection per thread and never load this.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

_lock = threading.Lock()


class SerialRequests:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with _lock:
            return self.get_response(request)
