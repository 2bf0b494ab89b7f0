"""Who is acting and from where, for code far from the request (audit, notifications)."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestInfo:
    ip_address: str | None = None
    user_agent: str = ""


_current: ContextVar[RequestInfo | None] = ContextVar("ningju_request_info", default=None)


def set_current(info: RequestInfo | None) -> object:
    return _current.set(info)


def reset(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]


def current() -> RequestInfo:
    return _current.get() or RequestInfo()
