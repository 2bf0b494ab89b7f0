"""Domain errors: a stable code plus a translatable message, shown next to the field."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    code = "domain_error"
    default_message: str | Promise = _("操作未能完成。")

    def __init__(
        self,
        message: str | Promise | None = None,
        *,
        code: str | None = None,
        field: str | None = None,
        detail: dict | None = None,
    ) -> None:
        self.message = message if message is not None else self.default_message
        if code:
            self.code = code
        self.field = field
        self.detail = detail or {}
        super().__init__(str(self.message))


class NotFoundOrForbidden(DomainError):
    """Outsiders get the same answer for "missing" and "forbidden"."""

    code = "not_found"
    default_message = _("找不到该记录，或您无权查看。")


class PermissionDenied(DomainError):
    code = "forbidden"
    default_message = _("您没有权限执行此操作。")


class TransitionNotAllowed(DomainError):
    code = "transition_not_allowed"
    default_message = _("当前状态下不能执行此操作。")
