"""Append to and verify the SM3-chained audit trail.

Each record's hash covers its own content and the previous record's hash, so editing or
deleting any row (even directly in the database) breaks every later link. The chain head
row is locked while appending, so several app servers sharing one database still produce
a single, gap-free sequence.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from . import crypto, request_context
from .models import AuditChainHead, AuditEvent

GENESIS = "0" * 64


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _canonical(event: AuditEvent) -> bytes:
    occurred = event.occurred_at.astimezone(UTC).isoformat(timespec="microseconds")
    payload = {
        "sequence": event.sequence,
        "occurred_at": occurred,
        "actor_id": event.actor_id,
        "actor_username": event.actor_username,
        "organisation_id": event.organisation_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "before": event.before,
        "after": event.after,
        "ip_address": event.ip_address,
        "success": event.success,
        "previous_hash": event.previous_hash,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def compute_hash(event: AuditEvent) -> str:
    return crypto.sm3_hex(_canonical(event))


def record(
    *,
    action: str,
    actor: Any = None,
    organisation: Any = None,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    success: bool = True,
    ip_address: str | None = None,
) -> AuditEvent:
    """Append one audit record. Call inside the transaction of the change it describes."""
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or str(target.pk)
        object_repr = object_repr or str(target)[:200]
    if ip_address is None:
        ip_address = request_context.current().ip_address
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
        event = AuditEvent(
            sequence=head.sequence + 1,
            occurred_at=timezone.now(),
            actor=user,
            actor_username=getattr(user, "username", "")
            if user
            else (actor if isinstance(actor, str) else ""),
            organisation_id=getattr(organisation, "pk", organisation),
            action=action,
            object_type=object_type,
            object_id=str(object_id)[:64],
            object_repr=object_repr[:200],
            before=_jsonable(before) if before is not None else None,
            after=_jsonable(after) if after is not None else None,
            ip_address=ip_address,
            success=success,
            previous_hash=head.last_hash,
        )
        event.hash = compute_hash(event)
        event.save(force_insert=True)
        head.sequence = event.sequence
        head.last_hash = event.hash
        head.save(update_fields=["sequence", "last_hash"])
    return event


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """Field values for an audit before/after; encrypted fields are never copied in clear."""
    from .fields import EncryptedTextField

    data: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if isinstance(field, EncryptedTextField):
            data[name] = "[encrypted]" if getattr(instance, name) else ""
        elif field.many_to_many:
            data[name] = (
                sorted(getattr(instance, name).values_list("pk", flat=True)) if instance.pk else []
            )
        else:
            data[name] = _jsonable(getattr(instance, getattr(field, "attname", name)))
    return data


@dataclass(frozen=True)
class VerificationResult:
    ok: bool
    checked: int
    first_bad_sequence: int | None = None
    problem: str = ""


def _events() -> Iterator[AuditEvent]:
    return AuditEvent.objects.order_by("sequence").iterator(chunk_size=2000)


def verify() -> VerificationResult:
    """Walk the chain from the start; report the first record that does not fit."""
    expected_sequence = 1
    previous = GENESIS
    checked = 0
    for event in _events():
        if event.sequence != expected_sequence:
            return VerificationResult(False, checked, expected_sequence, "missing (deleted) record")
        if event.previous_hash != previous:
            return VerificationResult(False, checked, event.sequence, "broken link to previous")
        if compute_hash(event) != event.hash:
            return VerificationResult(False, checked, event.sequence, "content changed")
        previous = event.hash
        expected_sequence += 1
        checked += 1
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and (head.sequence != checked or head.last_hash != previous):
        return VerificationResult(False, checked, checked + 1, "missing (deleted) record")
    return VerificationResult(True, checked)
