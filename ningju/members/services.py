"""Writes for member records. Every change is audited; views and imports call these."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from pypinyin import lazy_pinyin

from ningju.accounts.models import User
from ningju.core import audit, crypto
from ningju.core.errors import DomainError, NotFoundOrForbidden, PermissionDenied
from ningju.orgs.models import Organisation, SpecialCommittee, Term

from .choices import CommitteePosition, LeadershipPosition, MembershipStatus
from .models import CommitteeSeat, Member, Membership

PROFILE_FIELDS = [
    "name",
    "name_ko",
    "sex",
    "ethnicity",
    "birth_date",
    "political_affiliation",
    "education",
    "work_unit",
    "job_title",
    "id_number",
    "phone",
    "address",
    "email",
    "expertise",
    "biography",
]
MEMBERSHIP_FIELDS = ["sector", "is_standing_committee", "leadership_position", "status"]


@dataclass
class MemberData:
    """Validated values for one member in one term (from a form or a spreadsheet row)."""

    name: str
    sex: str
    ethnicity: str
    political_affiliation: str
    sector_id: int
    name_ko: str = ""
    birth_date: date | None = None
    education: str = ""
    work_unit: str = ""
    job_title: str = ""
    id_number: str = ""
    phone: str = ""
    address: str = ""
    email: str = ""
    expertise: str = ""
    biography: str = ""
    is_standing_committee: bool = False
    leadership_position: str = LeadershipPosition.NONE
    status: str = MembershipStatus.ACTIVE
    committees: dict[int, str] = field(default_factory=dict)  # committee id → position


def name_sort_key(name: str) -> str:
    """Chinese names sort by pinyin (拼音排序), as printed member lists do."""
    return " ".join(lazy_pinyin(name)).lower()[:120]


def _apply_profile(member: Member, data: MemberData) -> None:
    for name in PROFILE_FIELDS:
        setattr(member, name, getattr(data, name))
    member.id_number = member.id_number.strip().upper()
    member.name_sort_key = name_sort_key(member.name)
    member.id_number_index = crypto.blind_index(member.id_number, purpose="id_number")
    member.phone_index = crypto.blind_index(member.phone, purpose="phone")


def _check_staff(acting_user: User, organisation: Organisation) -> None:
    if not acting_user.has_perm("members.add_member") or (
        acting_user.principal.organisation_id != organisation.pk
    ):
        raise PermissionDenied()


def _check_id_unique(organisation: Organisation, member: Member) -> None:
    if not member.id_number_index:
        return
    clash = Member.objects.filter(
        organisation=organisation, id_number_index=member.id_number_index
    ).exclude(pk=member.pk)
    if clash.exists():
        raise DomainError(_msg_duplicate_id(), code="duplicate_id_number", field="id_number")


def _msg_duplicate_id() -> str:
    from django.utils.translation import gettext

    return gettext("本组织已有使用该身份证号的委员。")


def _sync_seats(membership: Membership, committees: dict[int, str]) -> None:
    valid = set(
        SpecialCommittee.objects.filter(
            organisation_id=membership.member.organisation_id, pk__in=committees
        ).values_list("pk", flat=True)
    )
    membership.seats.exclude(committee_id__in=valid).delete()
    existing = {seat.committee_id: seat for seat in membership.seats.all()}
    for committee_id in valid:
        position = committees[committee_id] or CommitteePosition.MEMBER
        seat = existing.get(committee_id)
        if seat is None:
            CommitteeSeat.objects.create(
                membership=membership, committee_id=committee_id, position=position
            )
        elif seat.position != position:
            seat.position = position
            seat.save(update_fields=["position", "updated_at"])


def _seat_snapshot(membership: Membership) -> dict[str, str]:
    return {str(s.committee_id): s.position for s in membership.seats.all()}


@transaction.atomic
def member_create(
    *, acting_user: User, organisation: Organisation, term: Term, data: MemberData
) -> Member:
    """Create a member and their seat in `term`."""
    _check_staff(acting_user, organisation)
    if term.organisation_id != organisation.pk:
        raise NotFoundOrForbidden()
    member = Member(organisation=organisation)
    _apply_profile(member, data)
    _check_id_unique(organisation, member)
    member.save()
    membership = Membership.objects.create(
        member=member,
        term=term,
        sector_id=data.sector_id,
        is_standing_committee=data.is_standing_committee,
        leadership_position=data.leadership_position,
        status=data.status,
    )
    _sync_seats(membership, data.committees)
    audit.record(
        action="member.create",
        actor=acting_user,
        organisation=organisation,
        target=member,
        after={
            **audit.snapshot(member, PROFILE_FIELDS),
            **audit.snapshot(membership, MEMBERSHIP_FIELDS),
            "committees": _seat_snapshot(membership),
        },
    )
    return member


@transaction.atomic
def member_update(*, acting_user: User, member: Member, term: Term, data: MemberData) -> Member:
    """Change a member's profile and their seat in `term` (created if missing)."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    if not acting_user.has_perm("members.change_member", member):
        raise NotFoundOrForbidden()
    if term.organisation_id != member.organisation_id:
        raise NotFoundOrForbidden()
    membership = Membership.objects.filter(member=member, term=term).first()
    before: dict[str, Any] = audit.snapshot(member, PROFILE_FIELDS)
    if membership is not None:
        before |= audit.snapshot(membership, MEMBERSHIP_FIELDS)
        before["committees"] = _seat_snapshot(membership)
    old_secret = (member.id_number, member.phone, member.address)
    _apply_profile(member, data)
    _check_id_unique(member.organisation, member)
    member.save()
    if membership is None:
        membership = Membership(member=member, term=term)
    membership.sector_id = data.sector_id
    membership.is_standing_committee = data.is_standing_committee
    membership.leadership_position = data.leadership_position
    membership.status = data.status
    membership.save()
    _sync_seats(membership, data.committees)
    after = audit.snapshot(member, PROFILE_FIELDS) | audit.snapshot(membership, MEMBERSHIP_FIELDS)
    after["committees"] = _seat_snapshot(membership)
    for name, old in zip(("id_number", "phone", "address"), old_secret, strict=True):
        # Encrypted values show as "[encrypted]" both sides; say whether they changed.
        after[name] = "[changed]" if getattr(member, name) != old else after[name]
    changed_before = {k: v for k, v in before.items() if after.get(k) != v}
    changed_after = {k: after[k] for k in changed_before}
    if changed_after:
        audit.record(
            action="member.update",
            actor=acting_user,
            organisation=member.organisation_id,
            target=member,
            before=changed_before,
            after=changed_after,
        )
    if member.user_id:
        User.objects.filter(pk=member.user_id).update(display_name=member.name)
    return member


@dataclass(frozen=True)
class RevealedPersonalData:
    id_number: str
    phone: str
    address: str


def personal_data_reveal(*, acting_user: User, member: Member) -> RevealedPersonalData:
    """Return the unmasked values and write the "查看明文" audit record."""
    if not acting_user.has_perm("members.reveal_personal_data", member):
        raise NotFoundOrForbidden()
    audit.record(
        action="member.reveal_personal_data",
        actor=acting_user,
        organisation=member.organisation_id,
        target=member,
        after={"fields": ["id_number", "phone", "address"]},
    )
    return RevealedPersonalData(member.id_number, member.phone, member.address)
