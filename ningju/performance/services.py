"""The one writer of duty records. Other modules call it inside their transitions."""

from __future__ import annotations

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from ningju.core import audit
from ningju.members.models import Member

from .models import DutyRecord, DutyRole


def _key(kind: str, source: models.Model, member: Member, suffix: str) -> str:
    return f"{kind}:{source._meta.label_lower}:{source.pk}:{member.pk}:{suffix}"[:200]


@transaction.atomic
def duty_record_write(
    *,
    member: Member,
    kind: str,
    occurred_on: date,
    source: models.Model,
    title: str,
    role: str = DutyRole.SOLE,
    dedupe_suffix: str = "",
) -> DutyRecord:
    """Record that `member` did `kind` because of `source`; calling again changes nothing."""
    key = _key(kind, source, member, dedupe_suffix)
    record, created = DutyRecord.objects.get_or_create(
        dedupe_key=key,
        defaults={
            "organisation_id": member.organisation_id,
            "member": member,
            "kind": kind,
            "role": role,
            "occurred_on": occurred_on,
            "title": title[:200],
            "source_type": ContentType.objects.get_for_model(source),
            "source_id": str(source.pk),
        },
    )
    if not created and record.is_void:
        record.is_void = False
        record.void_reason = ""
        record.save(update_fields=["is_void", "void_reason", "updated_at"])
    return record


@transaction.atomic
def duty_record_void(
    *, member: Member, kind: str, source: models.Model, reason: str, dedupe_suffix: str = ""
) -> None:
    """Withdraw a record (e.g. the proposal was withdrawn); the row stays for the audit."""
    record = DutyRecord.objects.filter(dedupe_key=_key(kind, source, member, dedupe_suffix)).first()
    if record is None or record.is_void:
        return
    record.is_void = True
    record.void_reason = reason[:200]
    record.save(update_fields=["is_void", "void_reason", "updated_at"])
    audit.record(
        action="duty_record.void",
        organisation=record.organisation_id,
        target=record,
        after={"reason": reason},
    )
