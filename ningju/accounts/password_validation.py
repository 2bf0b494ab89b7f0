"""Password rules (等保 level 3): length, character classes and history from the policy."""

from __future__ import annotations

import string
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .security import password_was_used, policy_for_user


def character_classes(password: str) -> int:
    return sum(
        (
            any(c in string.ascii_uppercase for c in password),
            any(c in string.ascii_lowercase for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )


class NotUsernameValidator:
    def validate(self, password: str, user: Any = None) -> None:
        username = (getattr(user, "username", "") or "").lower()
        if username and username in password.lower():
            raise ValidationError(_("密码不能包含用户名。"), code="password_contains_username")

    def get_help_text(self) -> str:
        return _("密码不能包含用户名。")


class PolicyValidator:
    def validate(self, password: str, user: Any = None) -> None:
        policy = policy_for_user(user)
        errors = []
        if len(password) < policy.min_length:
            errors.append(
                ValidationError(
                    _("密码至少需要 %(min)s 个字符。") % {"min": policy.min_length},
                    code="password_too_short",
                )
            )
        if character_classes(password) < policy.required_classes:
            errors.append(
                ValidationError(
                    _("密码须包含大写字母、小写字母、数字、符号中的至少 %(n)s 类。")
                    % {"n": policy.required_classes},
                    code="password_too_simple",
                )
            )
        if user is not None and password_was_used(user, password):
            errors.append(
                ValidationError(
                    _("不能使用最近 %(n)s 次用过的密码。") % {"n": policy.history_count},
                    code="password_reused",
                )
            )
        if errors:
            raise ValidationError(errors)

    def get_help_text(self) -> str:
        return _("至少 8 个字符，包含大写字母、小写字母、数字、符号中的至少 3 类。")
