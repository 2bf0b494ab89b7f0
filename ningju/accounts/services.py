"""Writes for accounts and role grants, with the 三员分立 rule enforced here."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ningju.core import audit, crypto
from ningju.core.errors import DomainError, NotFoundOrForbidden, PermissionDenied
from ningju.orgs.models import HandlingUnit, Office, Organisation

from .choices import ADMIN_ROLES, GRANTABLE_ROLES, UNIT_ROLES, AccountKind, Role
from .models import PasswordHistory, RoleGrant, SecurityPolicy, User


def _require(acting_user: User | None, perm: str) -> None:
    if acting_user is not None and not acting_user.has_perm(perm):
        raise PermissionDenied()


@transaction.atomic
def user_create(
    *,
    acting_user: User | None,
    organisation: Organisation,
    username: str,
    display_name: str,
    kind: str,
    password: str,
    phone: str = "",
    must_change_password: bool = True,
    validate_password_policy: bool = True,
) -> User:
    """Create an account. `acting_user=None` is for set-up commands (demo, first admin)."""
    if not validate_password_policy and acting_user is not None:
        raise PermissionDenied()
    _require(acting_user, "accounts.manage_users")
    if acting_user is not None and acting_user.principal.organisation_id != organisation.pk:
        raise PermissionDenied()
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("该用户名已被使用。"), code="username_taken", field="username")
    user = User(
        username=username,
        display_name=display_name,
        organisation=organisation,
        kind=kind,
        phone=phone,
        phone_index=crypto.blind_index(phone, purpose="phone"),
        must_change_password=must_change_password,
    )
    try:
        if validate_password_policy:
            validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), code="weak_password", field="password") from exc
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.save()
    PasswordHistory.objects.create(user=user, password=user.password)
    audit.record(
        action="account.create",
        actor=acting_user,
        organisation=organisation,
        target=user,
        after={"username": username, "kind": kind, "display_name": display_name},
    )
    return user


@transaction.atomic
def user_set_active(*, acting_user: User, user: User, active: bool) -> User:
    _require(acting_user, "accounts.manage_users")
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.organisation_id != acting_user.principal.organisation_id:
        raise NotFoundOrForbidden()
    if user.pk == acting_user.pk:
        raise DomainError(_("不能停用自己的账号。"), code="cannot_disable_self")
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit.record(
        action="account.activate" if active else "account.deactivate",
        actor=acting_user,
        organisation=user.organisation_id,
        target=user,
        before={"is_active": not active},
        after={"is_active": active},
    )
    return user


def _business_roles(user: User) -> set[str]:
    roles = set(user.role_grants.values_list("role", flat=True)) - ADMIN_ROLES
    if hasattr(user, "member"):
        roles.add(Role.MEMBER)
    return roles


@transaction.atomic
def role_grant(
    *,
    acting_user: User | None,
    user: User,
    role: str,
    office: Office | None = None,
    handling_unit: HandlingUnit | None = None,
) -> RoleGrant:
    """Grant a role in the user's own organisation.

    三员分立: an administrator holds exactly one of the three administrator roles and no
    business role, so no single account can both act and erase the traces of acting.
    """
    _require(acting_user, "accounts.manage_roles")
    if acting_user is not None and user.organisation_id != acting_user.principal.organisation_id:
        raise NotFoundOrForbidden()
    if role not in GRANTABLE_ROLES:
        raise DomainError(_("该角色由委员档案决定，不能手工授予。"), code="role_not_grantable")
    if user.organisation_id is None:
        raise DomainError(_("账号未归属任何组织。"), code="no_organisation")
    existing = set(user.role_grants.values_list("role", flat=True))
    if role in ADMIN_ROLES and (existing - {role} or _business_roles(user)):
        raise DomainError(
            _("三员分立：管理员账号只能担任一种管理员角色，且不能兼任业务角色。"),
            code="separation_of_duties",
        )
    if role not in ADMIN_ROLES and existing & ADMIN_ROLES:
        raise DomainError(_("三员分立：管理员账号不能兼任业务角色。"), code="separation_of_duties")
    if role == Role.OFFICE_STAFF and (
        office is None or office.organisation_id != user.organisation_id
    ):
        raise DomainError(_("请选择本组织的工作机构。"), code="office_required", field="office")
    if role in UNIT_ROLES and (
        handling_unit is None or handling_unit.organisation_id != user.organisation_id
    ):
        raise DomainError(
            _("请选择本组织的承办单位。"), code="unit_required", field="handling_unit"
        )
    grant, created = RoleGrant.objects.get_or_create(
        user=user,
        organisation_id=user.organisation_id,
        role=role,
        defaults={
            "office": office if role == Role.OFFICE_STAFF else None,
            "handling_unit": handling_unit if role in UNIT_ROLES else None,
            "granted_by": acting_user,
        },
    )
    if created:
        audit.record(
            action="role.grant",
            actor=acting_user,
            organisation=user.organisation_id,
            target=user,
            after={
                "role": role,
                "office": getattr(office, "pk", None),
                "handling_unit": getattr(handling_unit, "pk", None),
            },
        )
    user.forget_principal()
    return grant


@transaction.atomic
def role_revoke(*, acting_user: User, grant: RoleGrant) -> None:
    _require(acting_user, "accounts.manage_roles")
    if grant.organisation_id != acting_user.principal.organisation_id:
        raise NotFoundOrForbidden()
    if grant.user_id == acting_user.pk and grant.role == Role.SECURITY_ADMIN:
        raise DomainError(_("不能撤销自己的安全管理员角色。"), code="cannot_revoke_self")
    audit.record(
        action="role.revoke",
        actor=acting_user,
        organisation=grant.organisation_id,
        target=grant.user,
        before={"role": grant.role},
    )
    grant.delete()


@transaction.atomic
def preferences_update(
    *, user: User, language: str | None = None, large_text: bool | None = None
) -> User:
    fields: list[str] = []
    before: dict[str, object] = {}
    if language is not None and language != user.preferred_language:
        before["preferred_language"] = user.preferred_language
        user.preferred_language = language
        fields.append("preferred_language")
    if large_text is not None and large_text != user.large_text:
        before["large_text"] = user.large_text
        user.large_text = large_text
        fields.append("large_text")
    if fields:
        user.save(update_fields=fields)
        audit.record(
            action="account.preferences",
            actor=user,
            organisation=user.organisation_id,
            target=user,
            before=before,
            after={f: getattr(user, f) for f in fields},
        )
    return user


def account_kind_for_role(role: str) -> str:
    if role in ADMIN_ROLES:
        return AccountKind.ADMIN
    if role in UNIT_ROLES:
        return AccountKind.UNIT
    return AccountKind.STAFF


@transaction.atomic
def security_policy_update(*, acting_user: User, changes: dict[str, object]) -> SecurityPolicy:
    """The security admin sets the login and password rules of their organisation."""
    _require(acting_user, "accounts.manage_policy")
    organisation_id = acting_user.principal.org
    policy, _created = SecurityPolicy.objects.select_for_update().get_or_create(
        organisation_id=organisation_id
    )
    before = {name: getattr(policy, name) for name in changes}
    for name, value in changes.items():
        setattr(policy, name, value)
    policy.full_clean()
    policy.save()
    changed = {k: v for k, v in changes.items() if before[k] != v}
    if changed:
        audit.record(
            action="security.policy_update",
            actor=acting_user,
            organisation=organisation_id,
            target=policy,
            before={k: before[k] for k in changed},
            after=changed,
        )
    return policy
