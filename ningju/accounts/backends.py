"""Password authentication without Django's model permissions.

Ningju's permissions are django-rules predicates over roles (see each app's rules.py);
the auth_permission tables are not used, so asking them would only cost two queries on
every failed permission check.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from ningju.core.middleware import client_ip

from . import security
from .models import User


class PasswordBackend(ModelBackend):
    def authenticate(
        self,
        request: Any,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        """Password check with the per-account and per-IP lockout and dormant accounts.

        A locked attempt raises PermissionDenied, which makes Django stop trying other
        backends and send `user_login_failed` (so it is audited); the login form reads the
        reason from the request to explain it.
        """
        username = username or kwargs.get(User.USERNAME_FIELD) or ""
        ip_address = client_ip(request) if request is not None else None
        lockout = security.lockout_status(username=username, ip_address=ip_address)
        if lockout.locked:
            if request is not None:
                request.ningju_lockout = lockout
            raise PermissionDenied
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and security.is_dormant(user):
            security.disable_dormant(user)
            if request is not None:
                request.ningju_dormant = True
            user = None
        security.record_attempt(
            username=username, ip_address=ip_address, succeeded=user is not None
        )
        return user

    def get_user(self, user_id: Any) -> User | None:
        user = (
            User.objects.select_related("organisation", "organisation__security_policy")
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return False

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return False
