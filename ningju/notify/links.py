"""Where a notification may point: a path on this site, never another host."""

from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme


def is_local_path(url: str) -> bool:
    """True for "/proposals/12/"; False for "https://…", "//host/…", "/\\host" and the like."""
    if not url.startswith("/") or url.startswith(("//", "/\\")):
        return False
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return False
    return url_has_allowed_host_and_scheme(url, allowed_hosts=None)
