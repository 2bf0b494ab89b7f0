"""Build test worlds through the real services, so tests see what users would."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date

from ningju.accounts import services as account_services
from ningju.accounts.choices import AccountKind, Role
from ningju.accounts.models import User
from ningju.members import services as member_services
from ningju.members.choices import CommitteePosition, LeadershipPosition
from ningju.members.models import Member
from ningju.members.validators import id_check_digit
from ningju.orgs.models import (
    HandlingUnit,
    Office,
    Organisation,
    Sector,
    SpecialCommittee,
    Term,
)

PASSWORD = "Qz8!test-password"
_seq = itertools.count(1)


def valid_id_number(birth: str = "19700501", *, area: str = "222401", male: bool = True) -> str:
    serial = next(_seq) % 500 * 2 + (1 if male else 0)
    first17 = f"{area}{birth}{serial:03d}"
    return first17 + id_check_digit(first17)


def organisation(code: str, name: str, parent: Organisation | None = None) -> Organisation:
    org = Organisation.objects.create(
        code=code,
        name=name,
        short_name=name[:10],
        region=name,
        level="county" if parent else "prefecture",
        parent=parent,
    )
    Term.objects.create(organisation=org, number=14, starts_on=date(2022, 1, 10), is_current=True)
    Term.objects.create(organisation=org, number=13, starts_on=date(2017, 1, 10))
    for i, sector in enumerate(["中共", "民盟", "经济界", "医药卫生界"]):
        Sector.objects.create(organisation=org, name=sector, kind="profession", sort_order=i)
    for i, committee in enumerate(["提案委员会", "经济委员会"]):
        SpecialCommittee.objects.create(organisation=org, name=committee, sort_order=i)
    for i, (office, kind) in enumerate([("提案委员会办公室", "proposal"), ("办公室", "general")]):
        Office.objects.create(organisation=org, name=office, kind=kind, sort_order=i)
    HandlingUnit.objects.create(organisation=org, name=f"{name}教育局", kind="government")
    return org


def user(org: Organisation, username: str, kind: str = AccountKind.STAFF) -> User:
    return account_services.user_create(
        acting_user=None,
        organisation=org,
        username=username,
        display_name=username,
        kind=kind,
        password=PASSWORD,
        must_change_password=False,
    )


def member(
    org: Organisation,
    name: str,
    *,
    username: str | None = None,
    standing: bool = False,
    position: str = LeadershipPosition.NONE,
    committees: dict[int, str] | None = None,
    phone: str = "13812345678",
    id_number: str | None = None,
    ethnicity: str = "朝鲜族",
    affiliation: str = "cdl",
    sector: Sector | None = None,
) -> Member:
    staff = _setup_staff(org)
    term = Term.objects.get(organisation=org, is_current=True)
    data = member_services.MemberData(
        name=name,
        sex="male",
        ethnicity=ethnicity,
        political_affiliation=affiliation,
        sector_id=(sector or Sector.objects.filter(organisation=org).first()).pk,  # type: ignore[union-attr]
        id_number=id_number if id_number is not None else valid_id_number(),
        phone=phone,
        address="吉林省延吉市河南街道光明路12号",
        is_standing_committee=standing,
        leadership_position=position,
        committees=committees or {},
        work_unit="延边大学",
    )
    created = member_services.member_create(
        acting_user=staff, organisation=org, term=term, data=data
    )
    if username:
        created.user = user(org, username, kind=AccountKind.MEMBER)
        created.save(update_fields=["user"])
    return created


def _setup_staff(org: Organisation) -> User:
    """A hidden staff account used to create members through the service."""
    username = f"setup-{org.code}"
    existing = User.objects.filter(username=username).first()
    if existing:
        return existing
    staff = user(org, username)
    account_services.role_grant(
        acting_user=None,
        user=staff,
        role=Role.OFFICE_STAFF,
        office=Office.objects.filter(organisation=org).first(),
    )
    staff.forget_principal()
    return staff


@dataclass
class World:
    prefecture: Organisation
    county: Organisation
    users: dict[str, User] = field(default_factory=dict)

    def __getitem__(self, key: str) -> User:
        return self.users[key]


ROLE_USERS = (
    "member",
    "standing",
    "chair",
    "director",
    "staff",
    "unit_officer",
    "unit_signer",
    "editor",
    "public",
    "sysadmin",
    "secadmin",
    "auditor",
    "county_staff",
    "county_member",
)


def world() -> World:
    prefecture = organisation("yanbian", "延边州政协")
    county = organisation("yanji", "延吉市政协", parent=prefecture)
    w = World(prefecture=prefecture, county=county)
    economy = SpecialCommittee.objects.get(organisation=prefecture, name="经济委员会")
    member(
        prefecture, "金哲洙", username="member", committees={economy.pk: CommitteePosition.MEMBER}
    )
    member(prefecture, "朴英顺", username="standing", standing=True)
    member(
        prefecture, "康芳", username="chair", position=LeadershipPosition.CHAIR, affiliation="cpc"
    )
    member(
        prefecture,
        "李东浩",
        username="director",
        committees={economy.pk: CommitteePosition.DIRECTOR},
    )
    member(county, "崔明日", username="county_member")
    staff = user(prefecture, "staff")
    account_services.role_grant(
        acting_user=None,
        user=staff,
        role=Role.OFFICE_STAFF,
        office=Office.objects.get(organisation=prefecture, kind="proposal"),
    )
    county_staff = user(county, "county_staff")
    account_services.role_grant(
        acting_user=None,
        user=county_staff,
        role=Role.OFFICE_STAFF,
        office=Office.objects.get(organisation=county, kind="general"),
    )
    unit = HandlingUnit.objects.get(organisation=prefecture)
    for username, role in (("unit_officer", Role.UNIT_OFFICER), ("unit_signer", Role.UNIT_SIGNER)):
        account_services.role_grant(
            acting_user=None,
            user=user(prefecture, username, AccountKind.UNIT),
            role=role,
            handling_unit=unit,
        )
    account_services.role_grant(
        acting_user=None, user=user(prefecture, "editor"), role=Role.PORTAL_EDITOR
    )
    for username, role in (
        ("sysadmin", Role.SYSTEM_ADMIN),
        ("secadmin", Role.SECURITY_ADMIN),
        ("auditor", Role.AUDIT_ADMIN),
    ):
        account_services.role_grant(
            acting_user=None, user=user(prefecture, username, AccountKind.ADMIN), role=role
        )
    user(prefecture, "public", AccountKind.PUBLIC)
    for username in ROLE_USERS:
        w.users[username] = User.objects.get(username=username)
    return w


# --------------------------------------------------------------------------- proposals


@dataclass
class ProposalWorld:
    """`world` plus what the proposal chain needs: a plenary session, the 提案委员会 and its
    director (`pdirector`), a second handling unit with an officer and signer (`unit2_*`),
    and the default categories, refusal reasons and result categories."""

    base: World
    session: object
    units: list[HandlingUnit]

    def __getitem__(self, key: str) -> User:
        return self.base.users[key]

    @property
    def prefecture(self) -> Organisation:
        return self.base.prefecture

    @property
    def county(self) -> Organisation:
        return self.base.county


def proposal_world() -> ProposalWorld:
    from ningju.orgs.models import Session
    from ningju.proposals.defaults import install_defaults

    w = world()
    for org in (w.prefecture, w.county):
        install_defaults(org)
    term = Term.objects.get(organisation=w.prefecture, is_current=True)
    session = Session.objects.create(
        term=term, number=5, opens_on=date(2026, 1, 10), closes_on=date(2026, 1, 14)
    )
    county_term = Term.objects.get(organisation=w.county, is_current=True)
    Session.objects.create(
        term=county_term, number=5, opens_on=date(2026, 1, 6), closes_on=date(2026, 1, 9)
    )
    proposal_committee = SpecialCommittee.objects.get(organisation=w.prefecture, name="提案委员会")
    proposal_committee.is_proposal_committee = True
    proposal_committee.save()
    member(
        w.prefecture,
        "王静慧",
        username="pdirector",
        committees={proposal_committee.pk: CommitteePosition.DIRECTOR},
    )
    w.users["pdirector"] = User.objects.get(username="pdirector")
    unit2 = HandlingUnit.objects.create(
        organisation=w.prefecture,
        name="延边州卫生健康委员会",
        short_name="州卫健委",
        kind="government",
    )
    for username, role in (
        ("unit2_officer", Role.UNIT_OFFICER),
        ("unit2_signer", Role.UNIT_SIGNER),
    ):
        account_services.role_grant(
            acting_user=None,
            user=user(w.prefecture, username, AccountKind.UNIT),
            role=role,
            handling_unit=unit2,
        )
        w.users[username] = User.objects.get(username=username)
    units = [HandlingUnit.objects.filter(organisation=w.prefecture).order_by("id").first(), unit2]
    return ProposalWorld(base=w, session=session, units=units)  # type: ignore[arg-type]
