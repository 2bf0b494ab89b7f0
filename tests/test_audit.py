"""The audit trail: appended on every change, chained, and tamper-evident."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from ningju.core import audit
from ningju.core.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db


def _raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_chain_of_real_changes_verifies(world: factories.World) -> None:
    assert AuditEvent.objects.count() > 10
    result = audit.verify()
    assert result.ok
    assert result.checked == AuditEvent.objects.count()
    call_command("audit", "verify")


def test_edited_record_is_named(world: factories.World) -> None:
    target = AuditEvent.objects.order_by("sequence")[4]
    _raw("UPDATE core_auditevent SET action = %s WHERE id = %s", ["member.nothing", target.pk])
    result = audit.verify()
    assert not result.ok
    assert result.first_bad_sequence == target.sequence
    with pytest.raises(CommandError, match=f"#{target.sequence}"):
        call_command("audit", "verify")


def test_deleted_record_is_named(world: factories.World) -> None:
    target = AuditEvent.objects.order_by("sequence")[6]
    _raw("DELETE FROM core_auditevent WHERE id = %s", [target.pk])
    result = audit.verify()
    assert not result.ok
    assert result.first_bad_sequence == target.sequence


def test_deleted_last_record_is_detected(world: factories.World) -> None:
    last = AuditEvent.objects.order_by("-sequence").first()
    assert last is not None
    _raw("DELETE FROM core_auditevent WHERE id = %s", [last.pk])
    result = audit.verify()
    assert not result.ok
    assert result.first_bad_sequence == last.sequence


def test_edited_before_after_payload_is_detected(world: factories.World) -> None:
    event = AuditEvent.objects.filter(action="member.create").first()
    assert event is not None
    _raw("UPDATE core_auditevent SET after = %s WHERE id = %s", ['{"name": "x"}', event.pk])
    assert audit.verify().first_bad_sequence == event.sequence


def test_application_cannot_edit_or_delete(world: factories.World) -> None:
    event = AuditEvent.objects.first()
    assert event is not None
    event.action = "changed"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().update(action="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


def test_login_success_and_failure_are_audited(world: factories.World, client) -> None:  # type: ignore[no-untyped-def]
    client.post("/accounts/login/", {"username": "member", "password": "wrong-password"})
    client.post("/accounts/login/", {"username": "member", "password": factories.PASSWORD})
    failed = AuditEvent.objects.filter(action="auth.login_failed").first()
    assert failed is not None
    assert failed.success is False
    assert failed.actor_username == "member"
    assert failed.ip_address == "127.0.0.1"
    ok = AuditEvent.objects.filter(action="auth.login").first()
    assert ok is not None
    assert ok.actor_id == world["member"].pk
    assert audit.verify().ok


def test_encrypted_values_never_enter_the_trail(world: factories.World) -> None:
    for event in AuditEvent.objects.filter(action="member.create"):
        text = str(event.after)
        assert "13812345678" not in text
        assert "[encrypted]" in text
