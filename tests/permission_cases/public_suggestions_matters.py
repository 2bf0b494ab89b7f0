"""Public pages of 微建议 and 办实事: open to everyone, signed in or not.

The forms' behaviour (consent, honeypot, rate limit, bad input) is tested in
tests/test_suggestions.py; these rows pin that nobody is sent to sign in."""

from __future__ import annotations

from tests.matrix import ALL, Case


def _public(name: str, path: str, status: int = 200, method: str = "get") -> Case:
    return Case(name, lambda w: path, ALL, status, method, ok_status=status, anonymous=status)


CASES = [
    _public("public suggestions", "/suggestions/"),
    _public("public suggestion form", "/suggestions/new/"),
    _public("public suggestion sent", "/suggestions/sent/"),
    _public("public completed matters", "/matters/done/"),
]
