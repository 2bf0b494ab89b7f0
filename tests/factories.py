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


# ------------------------------------------------- proposals on a plain `world` (matrix rows)

# (officer, signer) of ensure_proposal_setup's units, in the same order.
UNIT_STAFF = (("unit_officer", "unit_signer"), ("unit2_officer", "unit2_signer"))
UNIT2_NAME = "延边州卫生健康委员会"


def ensure_proposal_setup(w: World) -> list[HandlingUnit]:
    """Give a plain `world` what `proposal_world()` adds (default categories and reasons,
    sessions, the 提案委员会 with `pdirector` as its director, a second handling unit with
    `unit2_officer` and `unit2_signer`). Idempotent: later calls only look things up.
    Returns the prefecture's two handling units: [the world's own unit, the second one]."""
    from ningju.orgs.models import Session
    from ningju.proposals.defaults import install_defaults

    if not User.objects.filter(username="pdirector").exists():
        for org in (w.prefecture, w.county):
            install_defaults(org)
        for org, opens, closes in (
            (w.prefecture, date(2026, 1, 10), date(2026, 1, 14)),
            (w.county, date(2026, 1, 6), date(2026, 1, 9)),
        ):
            Session.objects.create(
                term=Term.objects.get(organisation=org, is_current=True),
                number=5,
                opens_on=opens,
                closes_on=closes,
            )
        committee = SpecialCommittee.objects.get(organisation=w.prefecture, name="提案委员会")
        committee.is_proposal_committee = True
        committee.save()
        member(
            w.prefecture,
            "王静慧",
            username="pdirector",
            committees={committee.pk: CommitteePosition.DIRECTOR},
        )
        unit2 = HandlingUnit.objects.create(
            organisation=w.prefecture, name=UNIT2_NAME, short_name="州卫健委", kind="government"
        )
        for username, role in zip(
            UNIT_STAFF[1], (Role.UNIT_OFFICER, Role.UNIT_SIGNER), strict=True
        ):
            account_services.role_grant(
                acting_user=None,
                user=user(w.prefecture, username, AccountKind.UNIT),
                role=role,
                handling_unit=unit2,
            )
    for username in ("pdirector", *UNIT_STAFF[1]):
        if username not in w.users:
            w.users[username] = User.objects.get(username=username)
    first = HandlingUnit.objects.filter(organisation=w.prefecture).order_by("id").first()
    return [first, HandlingUnit.objects.get(organisation=w.prefecture, name=UNIT2_NAME)]  # type: ignore[list-item]


@dataclass
class ProposalState:
    """A proposal built by `proposal_in_state`, with its lead and co-handling assignment and
    the lead unit's reply where the state has them."""

    proposal: object
    lead: object = None
    co: object = None
    reply: object = None


PROPOSAL_STATES = (
    "draft",  # by `author`: only the author can see it (even with `joint`)
    "cosigning",  # joint, `cosigner` invited and not yet answered
    "submitted",  # waiting for 初审 by the office
    "in_review",  # passed 初审, waiting for 复审 by a proposal leader
    "registered",  # 立案, not yet assigned
    "handling",  # assigned: lead unit, plus the other unit co-handling if `co`
    "objected",  # the lead unit asked to be taken off
    "extension_requested",  # the lead unit asked for more time
    "reply_draft",  # the lead unit's officer saved a reply letter
    "reply_cosigning",  # sent to the co-handling unit for 会签 (needs `co`)
    "reply_awaiting_signer",  # co-signed (if `co`), waiting for the lead unit's signer
    "reply_submitted",  # signed, waiting for the office's review
    "replied",  # reply approved: the proposers may rate it
)


def proposal_in_state(
    w: World,
    state: str,
    *,
    lead: int = 0,
    co: bool = True,
    author: str = "member",
    cosigner: str = "standing",
    joint: bool | None = None,
) -> ProposalState:
    """A new prefecture proposal in `state`, driven there through the services only.
    `lead` is the index (in ensure_proposal_setup's list) of the lead unit; with `co` the
    other unit co-handles it. `joint` (default: only for "cosigning") names `cosigner` as
    co-signer; the invitation goes out on submission."""
    from datetime import timedelta

    from ningju.proposals import services
    from ningju.proposals.choices import AssignmentRole, HandlingMode, ReviewOutcome
    from ningju.proposals.models import Category, ResultCategory

    if state not in PROPOSAL_STATES:
        raise ValueError(f"unknown proposal state {state!r}")
    if state == "reply_cosigning" and not co:
        raise ValueError("reply_cosigning needs a co-handling unit")
    units = ensure_proposal_setup(w)
    joint = state == "cosigning" if joint is None else joint
    category = Category.objects.filter(organisation=w.prefecture, parent__isnull=False).first()
    cosigner_member = Member.objects.get(user=w[cosigner]) if joint else None
    proposal = services.draft_create(
        acting_user=w[author],
        data=services.DraftData(
            title="关于加快长白山人参产业高质量发展的建议",
            situation="延边人参种植面积大，但精深加工不足。",
            analysis="品牌分散，缺少龙头企业带动。",
            suggestions="一是统一区域品牌；二是建设精深加工园区。",
            category_id=category.pk if category else None,
            proposer_type="joint" if joint else "individual",
            cosigner_ids=[cosigner_member.pk] if cosigner_member else [],
        ),
    )
    result = ProposalState(proposal=proposal)

    def done() -> ProposalState:
        for obj in (result.proposal, result.lead, result.co, result.reply):
            if obj is not None:
                obj.refresh_from_db()  # type: ignore[attr-defined]
        return result

    if state == "draft":
        return done()
    services.submit(acting_user=w[author], proposal=proposal)
    if state in ("cosigning", "submitted"):
        return done()
    services.review(
        acting_user=w["staff"],
        proposal=proposal,
        decision=services.ReviewDecision(ReviewOutcome.PASS),
    )
    if state == "in_review":
        return done()
    services.review(
        acting_user=w["pdirector"],
        proposal=proposal,
        decision=services.ReviewDecision(ReviewOutcome.REGISTER),
    )
    if state == "registered":
        return done()
    lead_unit, other_unit = units[lead], units[1 - lead]
    created = services.assign(
        acting_user=w["staff"],
        proposal=proposal,
        mode=HandlingMode.LEAD,
        lead_unit_id=lead_unit.pk,
        co_unit_ids=[other_unit.pk] if co else [],
    )
    result.lead = next(a for a in created if a.role == AssignmentRole.LEAD)
    result.co = next((a for a in created if a.role == AssignmentRole.CO), None)
    if state == "handling":
        return done()
    officer, signer = UNIT_STAFF[lead]
    assignment = result.lead
    if state == "objected":
        services.objection_raise(
            acting_user=w[officer], assignment=assignment, reason="该事项不属于本单位职责。"
        )
        return done()
    if state == "extension_requested":
        services.extension_request(
            acting_user=w[officer],
            assignment=assignment,
            until=assignment.due_on + timedelta(days=30),  # type: ignore[attr-defined]
            reason="需要会同多个部门调研。",
        )
        return done()
    result.reply = services.reply_save(
        acting_user=w[officer],
        assignment=assignment,  # type: ignore[arg-type]
        data=services.ReplyData(
            body="经研究，我局已将该建议列入明年工作计划，具体措施如下。" * 2,
            result_category_id=ResultCategory.objects.get(organisation=w.prefecture, code="B").pk,
            publicity="public",
        ),
    )
    if state == "reply_draft":
        return done()
    services.reply_send(acting_user=w[officer], reply=result.reply)
    if state == "reply_cosigning":
        return done()
    if co:
        services.reply_cosign(
            acting_user=w[UNIT_STAFF[1 - lead][0]], reply=result.reply, agreed=True, comment=""
        )
    if state == "reply_awaiting_signer":
        return done()
    services.reply_sign(acting_user=w[signer], reply=result.reply, approve=True)
    if state == "reply_submitted":
        return done()
    services.reply_review(acting_user=w["staff"], reply=result.reply, approve=True)
    return done()
