"""Login security: the organisation's policy, lockout, password history, dormant accounts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import check_password
from django.db import transaction
from django.utils import timezone

from ningju.core import audit

from .models import LoginAttempt, PasswordHistory, SecurityPolicy, User


def default_policy(organisation_id: int | None = None) -> SecurityPolicy:
    """The model defaults (等保 level-3 practice), unsaved. A new object every time: a form
    bound to it must never change the defaults of everyone else in the process."""
    policy = SecurityPolicy()
    policy.organisation_id = organisation_id  # type: ignore[assignment]
    return policy


def policy_for(organisation_id: int | None) -> SecurityPolicy:
    if organisation_id is None:
        return default_policy()
    found = SecurityPolicy.objects.filter(organisation_id=organisation_id).first()
    return found or default_policy(organisation_id)


def policy_for_user(user: Any) -> SecurityPolicy:
    cached = getattr(user, "_ningju_policy", None)
    if cached is None:
        organisation = getattr(user, "organisation", None) if user is not None else None
        if organisation is not None and "security_policy" in organisation._state.fields_cache:
            # Loaded with the user by the auth backend (select_related): no extra query.
            cached = organisation._state.fields_cache["security_policy"] or default_policy(
                organisation.pk
            )
        else:
            cached = policy_for(getattr(user, "organisation_id", None))
        if user is not None:
            user._ningju_policy = cached
    return cached


@dataclass(frozen=True)
class Lockout:
    locked: bool
    until: datetime | None = None

    @property
    def minutes_left(self) -> int:
        if not self.until:
            return 0
        return max(1, int((self.until - timezone.now()).total_seconds() // 60) + 1)


def _failures_since_success(qs: Any, window_start: datetime) -> list[datetime]:
    last_success = (
        qs.filter(succeeded=True, created_at__gte=window_start)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    failures = qs.filter(succeeded=False, created_at__gte=last_success or window_start)
    return list(failures.order_by("-created_at").values_list("created_at", flat=True)[:50])


def lockout_status(*, username: str, ip_address: str | None) -> Lockout:
    """Locked when the account, or the address, failed `threshold` times within the window.

    The account's own policy decides; an unknown username is judged by the default policy so
    probing for names gives the same answers as attacking a real one.
    """
    user = User.objects.filter(username__iexact=username).only("organisation_id").first()
    policy = policy_for(user.organisation_id if user else None)
    window = timedelta(minutes=policy.lockout_minutes)
    start = timezone.now() - window
    for qs in (
        LoginAttempt.objects.filter(username__iexact=username),
        LoginAttempt.objects.filter(ip_address=ip_address) if ip_address else None,
    ):
        if qs is None:
            continue
        failures = _failures_since_success(qs, start)
        if len(failures) >= policy.lockout_threshold:
            return Lockout(True, failures[policy.lockout_threshold - 1] + window)
    return Lockout(False)


def record_attempt(*, username: str, ip_address: str | None, succeeded: bool) -> None:
    LoginAttempt.objects.create(username=username[:150], ip_address=ip_address, succeeded=succeeded)


def is_dormant(user: User) -> bool:
    policy = policy_for_user(user)
    reference = user.last_login or user.date_joined
    return reference < timezone.now() - timedelta(days=policy.dormant_days)


@transaction.atomic
def disable_dormant(user: User) -> None:
    if not user.is_active:
        return
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit.record(
        action="account.dormant_disabled",
        organisation=user.organisation_id,
        target=user,
        before={"is_active": True},
        after={"is_active": False, "last_login": user.last_login},
    )


def disable_all_dormant() -> int:
    count = 0
    for user in User.objects.filter(is_active=True).select_related("organisation"):
        if is_dormant(user):
            disable_dormant(user)
            count += 1
    return count


def password_expired(user: User) -> bool:
    if user.must_change_password:
        return True
    policy = policy_for_user(user)
    changed = user.password_changed_at or user.date_joined
    return changed < timezone.now() - timedelta(days=policy.max_age_days)


def password_was_used(user: User, raw_password: str) -> bool:
    policy = policy_for_user(user)
    if user.pk is None or policy.history_count == 0:
        return False
    if user.password and check_password(raw_password, user.password):
        return True
    recent = PasswordHistory.objects.filter(user=user)[: max(policy.history_count - 1, 0)]
    return any(check_password(raw_password, h.password) for h in recent)


@transaction.atomic
def password_changed(*, user: User) -> None:
    """Call after `user.set_password(...)`: remembers the hash and restarts the clock."""
    policy = policy_for_user(user)
    user.password_changed_at = timezone.now()
    user.must_change_password = False
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])
    PasswordHistory.objects.create(user=user, password=user.password)
    keep = PasswordHistory.objects.filter(user=user).values_list("id", flat=True)[
        : max(policy.history_count, 1)
    ]
    PasswordHistory.objects.filter(user=user).exclude(id__in=list(keep)).delete()
    audit.record(
        action="account.password_changed",
        actor=user,
        organisation=user.organisation_id,
        target=user,
    )
