"""Excel export of the member directory: the directory's filters, masked unless asked and allowed.

The file uses the import sheet's columns, so an unmasked export can be corrected and imported
again. Every export is audited; an unmasked one is audited a second time with whose data left.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from ningju.core import audit
from ningju.core.errors import PermissionDenied
from ningju.core.masking import mask_address, mask_id_number, mask_phone
from ningju.orgs.models import Organisation, Term

from . import importing, selectors
from .choices import (
    CommitteePosition,
    LeadershipPosition,
    MembershipStatus,
    PoliticalAffiliation,
    Sex,
)
from .models import Membership

EXPORT_PERM = "members.export_members"
REVEAL_PERM = "members.reveal_personal_data"
PERSONAL_FIELDS = ("id_number", "phone", "address")
_POSITION_SUFFIX: dict[str, str] = {
    CommitteePosition.DIRECTOR: "(主任)",
    CommitteePosition.DEPUTY_DIRECTOR: "(副主任)",
}


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    file_name: str
    count: int


def filters_from(cleaned_data: dict[str, Any]) -> selectors.DirectoryFilters:
    """DirectoryFilters from a valid DirectoryFilterForm, exactly as the directory page does."""
    return selectors.DirectoryFilters(
        term_id=getattr(cleaned_data.get("term"), "pk", None),
        sector_id=getattr(cleaned_data.get("sector"), "pk", None),
        committee_id=getattr(cleaned_data.get("committee"), "pk", None),
        affiliation=cleaned_data.get("affiliation") or "",
        ethnicity=cleaned_data.get("ethnicity") or "",
        query=cleaned_data.get("q") or "",
        standing_only=bool(cleaned_data.get("standing")),
    )


def _committees(seat: Membership) -> str:
    return "、".join(
        s.committee.name + _POSITION_SUFFIX.get(s.position, "") for s in seat.seats.all()
    )


def _row(seat: Membership, *, unmasked: bool) -> list[Any]:
    member = seat.member
    personal = {name: getattr(member, name) for name in PERSONAL_FIELDS}
    if not unmasked:
        personal = {
            "id_number": mask_id_number(personal["id_number"]),
            "phone": mask_phone(personal["phone"]),
            "address": mask_address(personal["address"]),
        }
    values = {
        "name": member.name,
        "name_ko": member.name_ko,
        "sex": importing.choice_label(Sex, member.sex),
        "ethnicity": member.ethnicity,
        "birth_date": member.birth_date,
        "political_affiliation": importing.choice_label(
            PoliticalAffiliation, member.political_affiliation
        ),
        "sector": seat.sector.name,
        "education": member.education,
        "work_unit": member.work_unit,
        "job_title": member.job_title,
        **personal,
        "email": member.email,
        "expertise": member.expertise,
        "is_standing_committee": "是" if seat.is_standing_committee else "否",
        "leadership_position": importing.choice_label(LeadershipPosition, seat.leadership_position),
        "committees": _committees(seat),
        "status": importing.choice_label(MembershipStatus, seat.status),
    }
    return [values[column.key] for column in importing.COLUMNS]


def _watermark(user: Any, organisation: Organisation, term: Term | None, unmasked: bool) -> str:
    when = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    who = f"{user.display_name or user.username}（{user.username}）"
    term_text = f"第{term.number}届" if term else ""
    personal = "含完整个人信息，已记入审计日志" if unmasked else "个人信息已脱敏"
    return (
        f"内部资料 注意保密 ｜ {organisation.name}{term_text}委员名录 ｜ 导出人：{who} ｜ "
        f"导出时间：{when} ｜ {personal}"
    )


def export_directory(
    *, user: Any, filters: selectors.DirectoryFilters, unmasked: bool = False
) -> ExportFile:
    """The filtered directory as .xlsx. `unmasked` needs the reveal permission."""
    if not user.has_perm(EXPORT_PERM):
        raise PermissionDenied()
    if unmasked and not user.has_perm(REVEAL_PERM):
        raise PermissionDenied()
    organisation = user.organisation
    seats = list(selectors.membership_directory(user=user, filters=filters))
    term = seats[0].term if seats else selectors.default_term(user)
    if filters.term_id and (term is None or term.pk != filters.term_id):
        term = selectors.terms_visible_to(user).filter(pk=filters.term_id).first()

    workbook, sheet, first = importing.member_workbook(
        organisation, title_line=_watermark(user, organisation, term, unmasked)
    )
    date_column = [column.key for column in importing.COLUMNS].index("birth_date") + 1
    for offset, seat in enumerate(seats):
        for index, value in enumerate(_row(seat, unmasked=unmasked), start=1):
            cell = importing.put(sheet, first + offset, index, value)
            if index == date_column and value:
                cell.number_format = "yyyy-mm-dd"
    stamp = timezone.localtime()
    watermark = sheet["A1"].value
    workbook.properties.creator = user.username
    workbook.properties.lastModifiedBy = user.username
    workbook.properties.title = "委员名录"
    workbook.properties.subject = organisation.name
    workbook.properties.description = watermark
    workbook.properties.keywords = "内部资料 注意保密"
    sheet.oddHeader.center.text = (
        f"内部资料 注意保密 导出人：{user.username} {stamp:%Y-%m-%d %H:%M}"
    )
    sheet.oddFooter.center.text = "&P / &N"
    content = importing.workbook_bytes(workbook)

    member_ids = [seat.member_id for seat in seats]
    with transaction.atomic():
        audit.record(
            action="member.export",
            actor=user,
            organisation=organisation,
            object_type="members.member",
            object_repr="委员名录导出",
            after={
                "count": len(seats),
                "unmasked": unmasked,
                "filters": asdict(filters),
                "term": getattr(term, "pk", None),
            },
        )
        if unmasked:
            audit.record(
                action="member.export_unmasked",
                actor=user,
                organisation=organisation,
                object_type="members.member",
                object_repr="委员名录导出（完整个人信息）",
                after={"count": len(seats), "fields": list(PERSONAL_FIELDS), "members": member_ids},
            )
    suffix = "完整" if unmasked else "脱敏"
    return ExportFile(
        content=content,
        file_name=f"委员名录_{suffix}_{stamp:%Y%m%d-%H%M}.xlsx",
        count=len(seats),
    )
