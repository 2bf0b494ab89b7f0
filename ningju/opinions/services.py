"""Every 社情民意 state change: permission, transition table, row lock, audit, duty record,
notification. Pages, the API and management commands all call these."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ningju.accounts.models import User
from ningju.core import audit
from ningju.core.errors import DomainError, PermissionDenied
from ningju.core.uploads import validate_upload
from ningju.members.models import Member
from ningju.performance.models import DutyKind, DutyRole
from ningju.performance.services import duty_record_void, duty_record_write

from . import notifications
from .choices import (
    AdoptionLevel,
    AdoptionMode,
    ContributorKind,
    IssueStatus,
    LeaderLevel,
    ReportTarget,
    Status,
)
from .defaults import settings_for
from .models import (
    Adoption,
    Attachment,
    Contributor,
    Instruction,
    IssueCounter,
    JournalIssue,
    Opinion,
    Report,
)
from .workflow import EDITABLE, SCREENABLE, next_status

TITLE_MAX = 120
SOURCE_MAX = 300
REASON_MAX = 1000


def _require(user: User, perm: str, obj: Any = None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied()


def _lock(opinion: Opinion) -> Opinion:
    return Opinion.objects.select_for_update().get(pk=opinion.pk)


def _transition(opinion: Opinion, action: str, *, actor: User | None, **extra: Any) -> None:
    """Move `opinion` through the table and audit the change (the caller holds the lock)."""
    old = opinion.status
    opinion.status = next_status(old, action)
    opinion.save(update_fields=["status", "updated_at", *extra.pop("fields", [])])
    audit.record(
        action=f"opinion.{action}",
        actor=actor,
        organisation=opinion.organisation_id,
        target=opinion,
        before={"status": old},
        after={"status": opinion.status, **extra},
    )


def _member_of(user: User) -> Member:
    member_id = user.principal.member_id
    if not member_id:
        raise DomainError(_("只有本会委员可以撰写社情民意信息。"), code="not_a_member")
    return Member.objects.get(pk=member_id)


def _credited(opinion: Opinion) -> list[Member]:
    return [c.member for c in opinion.contributors.select_related("member")]


def _write_duty(opinion: Opinion, kind: str, occurred: date, suffix: str, title: str) -> None:
    for contributor in opinion.contributors.select_related("member"):
        duty_record_write(
            member=contributor.member,
            kind=kind,
            occurred_on=occurred,
            source=opinion,
            title=title,
            role=DutyRole.FIRST if contributor.is_primary else DutyRole.PARTICIPANT,
            dedupe_suffix=suffix,
        )


# --------------------------------------------------------------------------- drafting


def _clean_text(value: str) -> str:
    return (value or "").replace("\r\n", "\n").strip()


def _check_draft(*, title: str, source_note: str, contributor_kind: str, unit_name: str) -> None:
    if len(title) > TITLE_MAX:
        raise DomainError(
            _("标题不能超过 %(max)s 字。") % {"max": TITLE_MAX}, code="too_long", field="title"
        )
    if len(source_note) > SOURCE_MAX:
        raise DomainError(
            _("信息来源不能超过 %(max)s 字。") % {"max": SOURCE_MAX},
            code="too_long",
            field="source_note",
        )
    if contributor_kind not in ContributorKind.values:
        raise DomainError(_("请选择反映者类型。"), code="invalid", field="contributor_kind")
    if len(unit_name) > 80:
        raise DomainError(_("反映单位名称不能超过 80 字。"), code="too_long", field="unit_name")


@transaction.atomic
def opinion_draft_create(
    *,
    acting_user: User,
    title: str,
    situation: str = "",
    analysis: str = "",
    suggestion: str = "",
    source_note: str = "",
    contributor_kind: str = ContributorKind.MEMBER,
    unit_name: str = "",
) -> Opinion:
    """A member starts a 社情民意 item (also called by the liaison stations to turn a
    reception entry into a pre-filled draft). The member is its first contributor."""
    _require(acting_user, "opinions.create")
    member = _member_of(acting_user)
    title, source_note, unit_name = title.strip(), source_note.strip(), unit_name.strip()
    _check_draft(
        title=title, source_note=source_note, contributor_kind=contributor_kind, unit_name=unit_name
    )
    opinion = Opinion.objects.create(
        organisation_id=acting_user.principal.org,
        created_by=acting_user,
        title=title,
        situation=_clean_text(situation),
        analysis=_clean_text(analysis),
        suggestion=_clean_text(suggestion),
        source_note=source_note,
        contributor_kind=contributor_kind,
        unit_name=unit_name,
    )
    Contributor.objects.create(opinion=opinion, member=member, is_primary=True)
    audit.record(
        action="opinion.draft_create",
        actor=acting_user,
        organisation=opinion.organisation_id,
        target=opinion,
        after={"title": opinion.title, "source_note": source_note},
    )
    return opinion


@transaction.atomic
def opinion_draft_save(
    *,
    acting_user: User,
    opinion: Opinion,
    title: str,
    situation: str = "",
    analysis: str = "",
    suggestion: str = "",
    source_note: str = "",
    contributor_kind: str = ContributorKind.MEMBER,
    unit_name: str = "",
) -> Opinion:
    """Autosave and explicit save of a draft (or of a returned item being revised)."""
    opinion = _lock(opinion)
    _require(acting_user, "opinions.edit_draft", opinion)
    if opinion.status not in EDITABLE:
        raise DomainError(_("该信息已提交，不能再修改。"), code="not_editable")
    title, source_note, unit_name = title.strip(), source_note.strip(), unit_name.strip()
    _check_draft(
        title=title, source_note=source_note, contributor_kind=contributor_kind, unit_name=unit_name
    )
    opinion.title = title
    opinion.situation = _clean_text(situation)
    opinion.analysis = _clean_text(analysis)
    opinion.suggestion = _clean_text(suggestion)
    opinion.source_note = source_note
    opinion.contributor_kind = contributor_kind
    opinion.unit_name = unit_name
    opinion.save()
    return opinion


def validate_for_submission(opinion: Opinion) -> dict[str, str]:
    """Field → message for everything that keeps a draft from being submitted."""
    max_length = settings_for(opinion.organisation_id).max_length
    errors: dict[str, str] = {}
    if not opinion.title.strip():
        errors["title"] = _("请填写标题：一条信息只反映一件事。")
    if not opinion.situation.strip():
        errors["situation"] = _("请写明情况：发生了什么、涉及哪里、影响多大。")
    if not opinion.analysis.strip():
        errors["analysis"] = _("请写出原因分析。")
    if not opinion.suggestion.strip():
        errors["suggestion"] = _("请写出具体建议。")
    if opinion.body_length > max_length:
        errors["suggestion"] = _("正文共 %(n)s 字，超过了 %(max)s 字的上限，请精简。") % {
            "n": opinion.body_length,
            "max": max_length,
        }
    if opinion.contributor_kind != ContributorKind.MEMBER and not opinion.unit_name.strip():
        errors["unit_name"] = _("以单位名义反映时，请填写反映单位名称。")
    return errors


@transaction.atomic
def opinion_submit(*, acting_user: User, opinion: Opinion) -> Opinion:
    opinion = _lock(opinion)
    _require(acting_user, "opinions.edit_draft", opinion)
    next_status(opinion.status, "submit")
    errors = validate_for_submission(opinion)
    if errors:
        field_name, message = next(iter(errors.items()))
        raise DomainError(message, code="invalid_opinion", field=field_name, detail=errors)
    opinion.submitted_at = timezone.now()
    was_returned = opinion.status == Status.RETURNED
    _transition(opinion, "submit", actor=acting_user, fields=["submitted_at"])
    if not was_returned:
        _write_duty(
            opinion,
            DutyKind.OPINION_SUBMITTED,
            timezone.localdate(opinion.submitted_at),
            "",
            opinion.title,
        )
    notifications.submitted(opinion, acting_user)
    return opinion


@transaction.atomic
def opinion_withdraw(*, acting_user: User, opinion: Opinion) -> Opinion:
    opinion = _lock(opinion)
    _require(acting_user, "opinions.edit_draft", opinion)
    was_submitted = opinion.submitted_at is not None
    _transition(opinion, "withdraw", actor=acting_user)
    if was_submitted:
        for member in _credited(opinion):
            duty_record_void(
                member=member, kind=DutyKind.OPINION_SUBMITTED, source=opinion, reason="withdrawn"
            )
    return opinion


# --------------------------------------------------------------------------- attachments


@transaction.atomic
def attachment_add(*, acting_user: User, opinion: Opinion, file: UploadedFile) -> Attachment:
    opinion = _lock(opinion)
    _require(acting_user, "opinions.edit_draft", opinion)
    if opinion.status not in EDITABLE:
        raise DomainError(_("该信息已提交，不能再添加附件。"), code="not_editable", field="file")
    if opinion.attachments.count() >= Attachment.MAX_PER_OPINION:
        raise DomainError(
            _("每条信息最多 %(n)s 个附件。") % {"n": Attachment.MAX_PER_OPINION},
            code="too_many",
            field="file",
        )
    try:
        kind = validate_upload(
            file, allowed=set(Attachment.ALLOWED_TYPES), max_bytes=Attachment.MAX_BYTES
        )
    except ValidationError as exc:
        raise DomainError(exc.messages[0], code="bad_file", field="file") from exc
    attachment = Attachment(
        opinion=opinion,
        original_name=(file.name or "file")[:200],
        content_type=kind.content_type,
        size=file.size or 0,
        uploaded_by=acting_user,
    )
    attachment.file.save("upload", file, save=False)
    attachment.save()
    audit.record(
        action="opinion.attachment_add",
        actor=acting_user,
        organisation=opinion.organisation_id,
        target=opinion,
        after={"file": attachment.original_name, "size": attachment.size},
    )
    return attachment


@transaction.atomic
def attachment_remove(*, acting_user: User, attachment: Attachment) -> None:
    opinion = _lock(attachment.opinion)
    _require(acting_user, "opinions.edit_draft", opinion)
    if opinion.status not in EDITABLE:
        raise DomainError(_("该信息已提交，不能再删除附件。"), code="not_editable")
    name = attachment.original_name
    attachment.file.delete(save=False)
    attachment.delete()
    audit.record(
        action="opinion.attachment_remove",
        actor=acting_user,
        organisation=opinion.organisation_id,
        target=opinion,
        before={"file": name},
    )


# --------------------------------------------------------------------------- screening


def _office_lock(acting_user: User, opinion: Opinion) -> Opinion:
    opinion = _lock(opinion)
    _require(acting_user, "opinions.process", opinion)
    return opinion


def _reason(reason: str, *, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请写明理由，反映人会看到。"), code="reason_required", field=field)
    if len(reason) > REASON_MAX:
        raise DomainError(
            _("理由不能超过 %(max)s 字。") % {"max": REASON_MAX}, code="too_long", field=field
        )
    return reason


@transaction.atomic
def opinion_screen(*, acting_user: User, opinion: Opinion) -> Opinion:
    """The research office takes the item up (筛选)."""
    opinion = _office_lock(acting_user, opinion)
    _transition(opinion, "screen", actor=acting_user)
    return opinion


@transaction.atomic
def opinion_return(*, acting_user: User, opinion: Opinion, reason: str) -> Opinion:
    """退回: back to the contributor with the reason, to revise and submit again."""
    opinion = _office_lock(acting_user, opinion)
    reason = _reason(reason)
    next_status(opinion.status, "return")
    opinion.office_note = reason
    _transition(opinion, "return", actor=acting_user, fields=["office_note"], reason=reason)
    notifications.returned(opinion, reason)
    return opinion


@transaction.atomic
def opinion_decline(*, acting_user: User, opinion: Opinion, reason: str) -> Opinion:
    """未采编: kept on file, not compiled (the submission still counts for the member)."""
    opinion = _office_lock(acting_user, opinion)
    reason = _reason(reason)
    next_status(opinion.status, "decline")
    opinion.office_note = reason
    _transition(opinion, "decline", actor=acting_user, fields=["office_note"], reason=reason)
    notifications.declined(opinion, reason)
    return opinion


@transaction.atomic
def opinion_edit(
    *, acting_user: User, opinion: Opinion, edited_title: str, edited_body: str
) -> Opinion:
    """编辑: the office's version for the journal; the contributor's original stays as it was."""
    opinion = _office_lock(acting_user, opinion)
    edited_title = (edited_title or "").strip()
    edited_body = _clean_text(edited_body)
    errors = {}
    if not edited_title:
        errors["edited_title"] = _("请填写编辑后的标题。")
    elif len(edited_title) > TITLE_MAX:
        errors["edited_title"] = _("标题不能超过 %(max)s 字。") % {"max": TITLE_MAX}
    if not edited_body:
        errors["edited_body"] = _("请填写编辑后的正文。")
    elif len(edited_body) > settings_for(opinion.organisation_id).max_length * 3:
        errors["edited_body"] = _("编辑后的正文过长，请精简。")
    next_status(opinion.status, "edit")
    if errors:
        field_name, message = next(iter(errors.items()))
        raise DomainError(message, code="invalid_edit", field=field_name, detail=errors)
    before = {"edited_title": opinion.edited_title, "edited_body": opinion.edited_body}
    opinion.edited_title, opinion.edited_body = edited_title, edited_body
    _transition(
        opinion,
        "edit",
        actor=acting_user,
        fields=["edited_title", "edited_body"],
        edited_title=edited_title,
        previous=before,
    )
    return opinion


@transaction.atomic
def opinion_merge(*, acting_user: User, opinion: Opinion, into: Opinion) -> Opinion:
    """合并: `opinion` is folded into `into`, whose contributors now include this one's."""
    locked = Opinion.objects.select_for_update().filter(pk__in=[opinion.pk, into.pk]).order_by("pk")
    by_id = {o.pk: o for o in locked}
    opinion, into = by_id[opinion.pk], by_id[into.pk]
    _require(acting_user, "opinions.process", opinion)
    _require(acting_user, "opinions.process", into)
    if opinion.pk == into.pk:
        raise DomainError(_("不能与自身合并。"), code="merge_self", field="into")
    if into.status not in SCREENABLE:
        raise DomainError(
            _("只能并入尚未编入期刊的信息。"), code="merge_target_closed", field="into"
        )
    next_status(opinion.status, "merge")
    opinion.merged_into = into
    _transition(opinion, "merge", actor=acting_user, fields=["merged_into"], into=into.pk)
    existing = set(into.contributors.values_list("member_id", flat=True))
    for contributor in opinion.contributors.all():
        if contributor.member_id not in existing:
            Contributor.objects.create(
                opinion=into, member_id=contributor.member_id, is_primary=False
            )
    audit.record(
        action="opinion.merge_into",
        actor=acting_user,
        organisation=into.organisation_id,
        target=into,
        after={"merged": opinion.pk},
    )
    notifications.merged(opinion, into)
    return opinion


# --------------------------------------------------------------------------- the journal


@transaction.atomic
def issue_create(
    *, acting_user: User, year: int | None = None, editor_note: str = ""
) -> JournalIssue:
    """A new issue, numbered next in the organisation's year (no gaps, counter row locked)."""
    _require(acting_user, "opinions.manage")
    organisation_id = acting_user.principal.org
    year = year or timezone.localdate().year
    if not 2000 <= year <= 2100:
        raise DomainError(_("年度不正确。"), code="invalid", field="year")
    if len(editor_note) > 300:
        raise DomainError(_("编者按不能超过 300 字。"), code="too_long", field="editor_note")
    counter, _created = IssueCounter.objects.select_for_update().get_or_create(
        organisation_id=organisation_id, year=year
    )
    highest = (
        JournalIssue.objects.filter(organisation_id=organisation_id, year=year).aggregate(
            n=Max("number")
        )["n"]
        or 0
    )
    counter.last = max(counter.last, highest) + 1
    counter.save(update_fields=["last", "updated_at"])
    issue = JournalIssue.objects.create(
        organisation_id=organisation_id,
        year=year,
        number=counter.last,
        editor_note=editor_note.strip(),
        created_by=acting_user,
    )
    audit.record(
        action="opinion.issue_create",
        actor=acting_user,
        organisation=organisation_id,
        target=issue,
        after={"year": year, "number": issue.number},
    )
    return issue


def _lock_issue(issue: JournalIssue) -> JournalIssue:
    return JournalIssue.objects.select_for_update().get(pk=issue.pk)


@transaction.atomic
def opinion_compile(*, acting_user: User, opinion: Opinion, issue: JournalIssue) -> Opinion:
    """编入期刊: an edited item goes into an issue that is still being edited."""
    issue = _lock_issue(issue)
    opinion = _office_lock(acting_user, opinion)
    _require(acting_user, "opinions.process", issue)
    if issue.status != IssueStatus.EDITING:
        raise DomainError(
            _("%(issue)s已印发，不能再编入。") % {"issue": issue},
            code="issue_closed",
            field="issue",
        )
    next_status(opinion.status, "compile")
    last = issue.opinions.aggregate(n=Max("issue_position"))["n"] or 0
    opinion.issue, opinion.issue_position = issue, last + 1
    _transition(
        opinion, "compile", actor=acting_user, fields=["issue", "issue_position"], issue=issue.pk
    )
    return opinion


@transaction.atomic
def opinion_uncompile(*, acting_user: User, opinion: Opinion) -> Opinion:
    """Take an item out of an issue that has not been published yet."""
    opinion = _office_lock(acting_user, opinion)
    if opinion.issue is not None and opinion.issue.status != IssueStatus.EDITING:
        raise DomainError(_("本期已印发，不能再撤出。"), code="issue_closed")
    next_status(opinion.status, "uncompile")
    old_issue = opinion.issue_id
    opinion.issue, opinion.issue_position = None, 0
    _transition(
        opinion, "uncompile", actor=acting_user, fields=["issue", "issue_position"], issue=old_issue
    )
    return opinion


@transaction.atomic
def issue_publish(
    *, acting_user: User, issue: JournalIssue, published_on: date | None = None
) -> JournalIssue:
    """印发: the issue is final; each item counts as 本级编发 for its contributors."""
    issue = _lock_issue(issue)
    _require(acting_user, "opinions.process", issue)
    if issue.status != IssueStatus.EDITING:
        raise DomainError(_("本期已经印发。"), code="issue_closed")
    opinions = list(issue.opinions.select_for_update().order_by("issue_position"))
    if not opinions:
        raise DomainError(_("本期还没有编入任何信息，不能印发。"), code="issue_empty")
    issue.status = IssueStatus.PUBLISHED
    issue.published_on = published_on or timezone.localdate()
    issue.save(update_fields=["status", "published_on", "updated_at"])
    audit.record(
        action="opinion.issue_publish",
        actor=acting_user,
        organisation=issue.organisation_id,
        target=issue,
        after={"published_on": issue.published_on, "opinions": [o.pk for o in opinions]},
    )
    for opinion in opinions:
        _write_duty(
            opinion,
            DutyKind.OPINION_ADOPTED,
            issue.published_on,
            "journal",
            _("%(title)s（编入《社情民意》%(issue)s）")
            % {"title": opinion.display_title, "issue": issue},
        )
        notifications.published(opinion, issue)
    return issue


def _require_published(opinion: Opinion) -> None:
    if opinion.issue is None or opinion.issue.status != IssueStatus.PUBLISHED:
        raise DomainError(
            _("所在期刊尚未印发：请先印发本期，再登记报送、采用或批示。"),
            code="issue_not_published",
        )


@transaction.atomic
def opinion_report(
    *,
    acting_user: User,
    opinion: Opinion,
    targets: Iterable[str],
    reported_on: date | None = None,
) -> list[Report]:
    """报送: record that the item went to each target (targets already recorded are kept)."""
    opinion = _office_lock(acting_user, opinion)
    wanted = [t for t in dict.fromkeys(targets) if t]
    if not wanted:
        raise DomainError(_("请至少选择一个报送对象。"), code="targets_required", field="targets")
    unknown = [t for t in wanted if t not in ReportTarget.values]
    if unknown:
        raise DomainError(_("报送对象不正确。"), code="invalid", field="targets")
    next_status(opinion.status, "report")
    _require_published(opinion)
    reported_on = reported_on or timezone.localdate()
    done = set(opinion.reports.values_list("target", flat=True))
    rows = [
        Report.objects.create(
            opinion=opinion, target=t, reported_on=reported_on, recorded_by=acting_user
        )
        for t in wanted
        if t not in done
    ]
    if not rows:
        raise DomainError(_("所选对象都已报送过。"), code="already_reported", field="targets")
    _transition(opinion, "report", actor=acting_user, targets=[r.target for r in rows])
    notifications.reported(opinion, [str(r.get_target_display()) for r in rows])
    return rows


@transaction.atomic
def issue_report(
    *,
    acting_user: User,
    issue: JournalIssue,
    targets: Iterable[str],
    reported_on: date | None = None,
) -> int:
    """报送本期: every item of a published issue goes to the chosen targets."""
    issue = _lock_issue(issue)
    _require(acting_user, "opinions.process", issue)
    targets = list(targets)
    if issue.status != IssueStatus.PUBLISHED:
        raise DomainError(_("本期尚未印发，不能报送。"), code="issue_not_published")
    count = 0
    for opinion in issue.opinions.order_by("issue_position"):
        try:
            count += len(
                opinion_report(
                    acting_user=acting_user,
                    opinion=opinion,
                    targets=targets,
                    reported_on=reported_on,
                )
            )
        except DomainError as exc:
            if exc.code != "already_reported":
                raise
    if count == 0:
        raise DomainError(_("所选对象都已报送过。"), code="already_reported", field="targets")
    return count


def _parse_choice(value: str, choices: Any, field: str, message: str) -> str:
    if value not in choices.values:
        raise DomainError(message, code="invalid", field=field)
    return value


def _not_future(day: date | None, field: str) -> date:
    day = day or timezone.localdate()
    if day > timezone.localdate():
        raise DomainError(_("日期不能晚于今天。"), code="future_date", field=field)
    return day


@transaction.atomic
def opinion_adopt(
    *,
    acting_user: User,
    opinion: Opinion,
    level: str,
    body: str,
    mode: str = AdoptionMode.SINGLE,
    adopted_on: date | None = None,
    note: str = "",
) -> Adoption:
    """采用: a body took the item up; its contributors get a duty record and the news."""
    opinion = _office_lock(acting_user, opinion)
    level = _parse_choice(level, AdoptionLevel, "level", _("请选择采用层级。"))
    mode = _parse_choice(mode, AdoptionMode, "mode", _("请选择采用方式。"))
    body = (body or "").strip()
    if not body:
        raise DomainError(_("请填写采用单位，例如“省政协办公厅”。"), code="required", field="body")
    if len(body) > 80 or len(note) > 300:
        raise DomainError(
            _("内容过长，请精简。"), code="too_long", field="body" if len(body) > 80 else "note"
        )
    adopted_on = _not_future(adopted_on, "adopted_on")
    next_status(opinion.status, "adopt")
    _require_published(opinion)
    adoption = Adoption.objects.create(
        opinion=opinion,
        level=level,
        body=body,
        mode=mode,
        adopted_on=adopted_on,
        note=note.strip(),
        recorded_by=acting_user,
    )
    _transition(
        opinion, "adopt", actor=acting_user, adoption=adoption.pk, level=level, body=body, mode=mode
    )
    _write_duty(
        opinion,
        DutyKind.OPINION_ADOPTED,
        adopted_on,
        f"adoption-{adoption.pk}",
        _("%(title)s（%(body)s%(mode)s）")
        % {"title": opinion.display_title, "body": body, "mode": adoption.get_mode_display()},
    )
    notifications.adopted(opinion, adoption)
    return adoption


@transaction.atomic
def opinion_instruct(
    *,
    acting_user: User,
    opinion: Opinion,
    leader_level: str,
    leader_title: str = "",
    instructed_on: date | None = None,
    text: str = "",
    scan: UploadedFile | None = None,
    is_confidential: bool = False,
) -> Instruction:
    """批示: a leader's instruction, as text and/or a scanned page; confidential ones are
    shown only to office staff and the contributors."""
    opinion = _office_lock(acting_user, opinion)
    leader_level = _parse_choice(
        leader_level, LeaderLevel, "leader_level", _("请选择批示领导层级。")
    )
    text = _clean_text(text)
    leader_title = (leader_title or "").strip()
    if not text and scan is None:
        raise DomainError(_("请填写批示内容，或上传批示扫描件。"), code="required", field="text")
    if len(text) > 3000 or len(leader_title) > 60:
        raise DomainError(_("内容过长，请精简。"), code="too_long", field="text")
    instructed_on = _not_future(instructed_on, "instructed_on")
    next_status(opinion.status, "instruct")
    _require_published(opinion)
    instruction = Instruction(
        opinion=opinion,
        leader_level=leader_level,
        leader_title=leader_title,
        instructed_on=instructed_on,
        text=text,
        is_confidential=is_confidential,
        recorded_by=acting_user,
    )
    if scan is not None:
        try:
            kind = validate_upload(
                scan, allowed=set(Instruction.ALLOWED_TYPES), max_bytes=Instruction.MAX_BYTES
            )
        except ValidationError as exc:
            raise DomainError(exc.messages[0], code="bad_file", field="scan") from exc
        instruction.scan_name = (scan.name or "scan")[:200]
        instruction.scan_content_type = kind.content_type
        instruction.scan.save("upload", scan, save=False)
    instruction.save()
    _transition(
        opinion,
        "instruct",
        actor=acting_user,
        instruction=instruction.pk,
        leader_level=leader_level,
        confidential=is_confidential,
    )
    _write_duty(
        opinion,
        DutyKind.OPINION_INSTRUCTED,
        instructed_on,
        f"instruction-{instruction.pk}",
        _("%(title)s（%(level)s）")
        % {"title": opinion.display_title, "level": instruction.get_leader_level_display()},
    )
    notifications.instructed(opinion, instruction)
    return instruction


# --------------------------------------------------------------------------- year-end notice


def year_notices_send(*, organisation_id: int, year: int) -> int:
    """年终通报: tell each contributor of the year their figures, once per member and year.
    Returns how many were sent (running it again sends nothing more)."""
    from .models import YearNotice
    from .statistics import member_figures

    sent = 0
    figures = member_figures(organisation_id=organisation_id, year=year)
    members = Member.objects.filter(pk__in=list(figures)).select_related("user")
    for member in members:
        if member.user is None or not member.user.is_active:
            continue
        with transaction.atomic():
            notice, created = YearNotice.objects.get_or_create(
                member=member,
                year=year,
                defaults={"organisation_id": organisation_id, "figures": figures[member.pk]},
            )
            if not created:
                continue
            notifications.year_notice(member.user, organisation_id, year, figures[member.pk])
            audit.record(
                action="opinion.year_notice",
                organisation=organisation_id,
                target=notice,
                after=figures[member.pk],
            )
            sent += 1
    return sent
