"""Writes of 办实事: register a promise, record progress and evidence, report it done,
confirm (office), send back, cancel.

Every state change: lock the row, check permission, look the move up in workflow.py, save
with update_fields, audit, notify. The member who led a confirmed matter gets a duty record.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from ningju.accounts.models import User
from ningju.core import audit
from ningju.core.errors import DomainError, PermissionDenied
from ningju.core.uploads import MB, validate_upload
from ningju.members.models import Member
from ningju.orgs.models import HandlingUnit
from ningju.performance.models import DutyKind
from ningju.performance.services import duty_record_write

from . import notifications
from .choices import SourceKind, Stage
from .models import Evidence, Matter, ProgressUpdate
from .workflow import EDITABLE, EVIDENCE_OPEN, next_status

# 办实事 has no duty kind of its own; "公益活动" is the closest (see docs).
DUTY_KIND = DutyKind.PRACTICAL_MATTER
EVIDENCE_TYPES = {"jpg", "jpeg", "png", "pdf", "docx"}
EVIDENCE_MAX_BYTES = 10 * MB
EVIDENCE_MAX_COUNT = 20
REASON_MAX = 200


def _require(user: User, perm: str, obj: Any = None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied()


def _lock(matter: Matter) -> Matter:
    return Matter.objects.select_for_update().get(pk=matter.pk)


def _transition(
    matter: Matter, action: str, *, actor: User, fields: list[str], **extra: Any
) -> None:
    old = matter.status
    matter.status = next_status(old, action)
    matter.save(update_fields=["status", "updated_at", *fields])
    audit.record(
        action=f"matter.{action}",
        actor=actor,
        organisation=matter.organisation_id,
        target=matter,
        before={"status": old},
        after={"status": matter.status, **extra},
    )


@dataclass
class MatterData:
    title: str
    description: str
    deadline: date
    owner_member: Member | None = None
    owner_unit: HandlingUnit | None = None
    beneficiaries: str = ""
    location: str = ""
    source_kind: str = SourceKind.OTHER
    source_reference: str = ""
    public_request: Any = None
    reception: Any = None
    is_public: bool = True


def _validate(organisation_id: int, data: MatterData) -> None:
    if not data.title.strip():
        raise DomainError(gettext("请填写实事名称。"), code="invalid", field="title")
    if not data.description.strip():
        raise DomainError(
            gettext("请写明群众诉求和承诺内容。"), code="invalid", field="description"
        )
    if data.owner_member is None and data.owner_unit is None:
        raise DomainError(
            gettext("请指定牵头委员或责任单位（至少一个）。"), code="invalid", field="owner_member"
        )
    for field_name, owner in (("owner_member", data.owner_member), ("owner_unit", data.owner_unit)):
        if owner is not None and owner.organisation_id != organisation_id:
            raise DomainError(gettext("只能指定本委员会的委员或单位。"), field=field_name)
    for field_name, source in (
        ("public_request", data.public_request),
        ("reception", data.reception),
    ):
        if source is not None and source.organisation_id != organisation_id:
            raise DomainError(gettext("来源记录不属于本委员会。"), field=field_name)
    if data.source_kind not in SourceKind.values:
        raise DomainError(gettext("请选择来源。"), code="invalid", field="source_kind")


def _apply(matter: Matter, data: MatterData) -> None:
    matter.title = data.title.strip()[:100]
    matter.description = data.description.strip()
    matter.deadline = data.deadline
    matter.owner_member = data.owner_member
    matter.owner_unit = data.owner_unit
    matter.beneficiaries = data.beneficiaries.strip()[:120]
    matter.location = data.location.strip()[:120]
    matter.source_kind = data.source_kind
    matter.source_reference = data.source_reference.strip()[:200]
    matter.public_request = data.public_request
    matter.reception = data.reception
    matter.is_public = data.is_public


@transaction.atomic
def matter_create(*, acting_user: User, data: MatterData) -> Matter:
    """Register a promise made to people; the owners are told."""
    _require(acting_user, "matters.create")
    organisation_id = acting_user.principal.org
    _validate(organisation_id, data)
    if data.deadline < timezone.localdate():
        raise DomainError(gettext("承诺完成日期不能早于今天。"), code="invalid", field="deadline")
    matter = Matter(organisation_id=organisation_id, created_by=acting_user)
    _apply(matter, data)
    matter.save()
    audit.record(
        action="matter.create",
        actor=acting_user,
        organisation=organisation_id,
        target=matter,
        after=audit.snapshot(matter, ["title", "deadline", "owner_member", "owner_unit", "status"]),
    )
    notifications.created(matter, actor=acting_user)
    return matter


@transaction.atomic
def matter_update(*, acting_user: User, matter: Matter, data: MatterData) -> Matter:
    matter = _lock(matter)
    _require(acting_user, "matters.manage", matter)
    if matter.status not in EDITABLE:
        raise DomainError(gettext("已报办结或已结束的实事不能再修改。"), code="not_editable")
    _validate(matter.organisation_id, data)
    fields = ["title", "deadline", "owner_member", "owner_unit", "is_public"]
    before = audit.snapshot(matter, fields)
    _apply(matter, data)
    matter.save()
    audit.record(
        action="matter.update",
        actor=acting_user,
        organisation=matter.organisation_id,
        target=matter,
        before=before,
        after=audit.snapshot(matter, fields),
    )
    return matter


@transaction.atomic
def matter_progress_add(
    *,
    acting_user: User,
    matter: Matter,
    note: str,
    percent: int,
    stage: str = "",
    happened_on: date | None = None,
) -> ProgressUpdate:
    """A dated progress note; the first one starts the work."""
    matter = _lock(matter)
    _require(acting_user, "matters.work", matter)
    today = timezone.localdate()
    happened_on = happened_on or today
    if not (note or "").strip():
        raise DomainError(gettext("请写明进展情况。"), code="invalid", field="note")
    if not 0 <= percent <= 100:
        raise DomainError(gettext("完成进度应在 0 到 100 之间。"), code="invalid", field="percent")
    if stage and stage not in Stage.values:
        raise DomainError(gettext("请选择阶段。"), code="invalid", field="stage")
    if happened_on > today:
        raise DomainError(gettext("日期不能晚于今天。"), code="invalid", field="happened_on")
    update = ProgressUpdate.objects.create(
        matter=matter,
        happened_on=happened_on,
        note=note.strip()[:1000],
        percent=percent,
        stage=stage,
        author=acting_user,
    )
    matter.percent = percent
    if stage:
        matter.stage = stage
    _transition(matter, "progress", actor=acting_user, fields=["percent", "stage"], percent=percent)
    return update


@transaction.atomic
def matter_evidence_add(
    *, acting_user: User, matter: Matter, file: Any, caption: str = ""
) -> Evidence:
    """A photo or document proving the work; checked by extension and content."""
    matter = _lock(matter)
    _require(acting_user, "matters.work", matter)
    if matter.status not in EVIDENCE_OPEN:
        raise DomainError(gettext("已结束的实事不能再上传佐证。"), code="not_editable")
    if matter.evidence.count() >= EVIDENCE_MAX_COUNT:
        raise DomainError(
            gettext("最多上传 %(max)s 个佐证文件。") % {"max": EVIDENCE_MAX_COUNT},
            code="too_many",
            field="file",
        )
    try:
        kind = validate_upload(file, allowed=EVIDENCE_TYPES, max_bytes=EVIDENCE_MAX_BYTES)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], code="invalid_file", field="file") from exc
    evidence = Evidence(
        matter=matter,
        token=uuid.uuid4(),
        file_name=(getattr(file, "name", "") or "file")[-200:],
        content_type=kind.content_type,
        size=file.size,
        caption=(caption or "").strip()[:100],
        uploaded_by=acting_user,
    )
    file.seek(0)
    evidence.file.save(evidence.file_name, file, save=False)
    evidence.save()
    audit.record(
        action="matter.evidence_add",
        actor=acting_user,
        organisation=matter.organisation_id,
        target=matter,
        after={"file": evidence.file_name, "size": evidence.size},
    )
    return evidence


@transaction.atomic
def matter_report_done(*, acting_user: User, matter: Matter, summary: str) -> Matter:
    """The owner says it is done: a summary and at least one piece of evidence."""
    matter = _lock(matter)
    _require(acting_user, "matters.work", matter)
    summary = (summary or "").strip()
    if not summary:
        raise DomainError(gettext("请写明办结情况。"), code="invalid", field="summary")
    if not matter.evidence.exists():
        raise DomainError(
            gettext("请先上传至少一张照片或一份文件作为办结佐证。"),
            code="evidence_required",
            field="summary",
        )
    matter.completion_summary = summary[:2000]
    matter.reported_at = timezone.now()
    _transition(
        matter, "report_done", actor=acting_user, fields=["completion_summary", "reported_at"]
    )
    notifications.reported(matter, actor=acting_user)
    return matter


@transaction.atomic
def matter_confirm(*, acting_user: User, matter: Matter) -> Matter:
    """The office checked the evidence: completed (and public, unless marked private)."""
    matter = _lock(matter)
    _require(acting_user, "matters.manage", matter)
    now = timezone.now()
    matter.completed_at = now
    matter.completed_on = timezone.localdate(now)
    matter.confirmed_by = acting_user
    matter.percent = 100
    _transition(
        matter,
        "confirm",
        actor=acting_user,
        fields=["completed_at", "completed_on", "confirmed_by", "percent"],
    )
    if matter.owner_member_id and matter.owner_member:
        duty_record_write(
            member=matter.owner_member,
            kind=DUTY_KIND,
            occurred_on=matter.completed_on,
            source=matter,
            title=gettext("为群众办实事：%(title)s") % {"title": matter.title},
        )
    notifications.confirmed(matter, actor=acting_user)
    if matter.is_public:
        _refresh_public_site(matter.organisation_id)
    return matter


def _refresh_public_site(organisation_id: int) -> None:
    """The public home pages (this committee's and the one above, which lists the counties'
    completed matters too) show the new matter at once, not when their cache expires."""
    from ningju.orgs.models import Organisation
    from ningju.portal import caching

    parents = Organisation.objects.filter(pk=organisation_id).values_list("parent_id", flat=True)
    affected = {organisation_id, *[p for p in parents if p]}

    def refresh() -> None:
        for org_id in affected:
            caching.invalidate(org_id)

    transaction.on_commit(refresh)


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(gettext("请写明原因。"), code="invalid", field="reason")
    return reason[:REASON_MAX]


@transaction.atomic
def matter_return(*, acting_user: User, matter: Matter, reason: str) -> Matter:
    matter = _lock(matter)
    _require(acting_user, "matters.manage", matter)
    reason = _reason(reason)
    matter.reported_at = None
    _transition(matter, "return", actor=acting_user, fields=["reported_at"], reason=reason)
    ProgressUpdate.objects.create(
        matter=matter,
        happened_on=timezone.localdate(),
        note=gettext("办结未获确认：%(reason)s") % {"reason": reason},
        percent=matter.percent,
        stage=matter.stage,
        author=acting_user,
    )
    notifications.returned(matter, actor=acting_user, reason=reason)
    return matter


@transaction.atomic
def matter_cancel(*, acting_user: User, matter: Matter, reason: str) -> Matter:
    matter = _lock(matter)
    _require(acting_user, "matters.manage", matter)
    reason = _reason(reason)
    matter.completion_summary = reason
    _transition(matter, "cancel", actor=acting_user, fields=["completion_summary"], reason=reason)
    notifications.cancelled(matter, actor=acting_user, reason=reason)
    return matter
