"""Authentication events go to the audit trail (Django sends these, not our services)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import audit


@receiver(user_logged_in, dispatch_uid="ningju_audit_login")
def audit_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit.record(action="auth.login", actor=user, organisation=user.organisation_id, target=user)


@receiver(user_logged_out, dispatch_uid="ningju_audit_logout")
def audit_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit.record(
            action="auth.logout", actor=user, organisation=user.organisation_id, target=user
        )


@receiver(user_login_failed, dispatch_uid="ningju_audit_login_failed")
def audit_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    audit.record(
        action="auth.login_failed",
        actor=str(credentials.get("username", ""))[:150],
        object_type="accounts.user",
        object_repr=str(credentials.get("username", ""))[:200],
        success=False,
    )
