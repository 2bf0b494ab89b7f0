"""A year of proposals for the demo: every state of the chain, driven through the services.

The services stamp real times with `timezone.now()`; the demo moves that clock along a
realistic calendar (plenary in January, 交办 in February, replies in spring and summer…) so
pages show believable dates and deadlines relative to today.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

from django.db import transaction
from django.utils import timezone

from ningju.accounts import services as account_services
from ningju.accounts.choices import AccountKind, Role
from ningju.accounts.models import RoleGrant, User
from ningju.core import audit
from ningju.core.errors import DomainError
from ningju.members.choices import CommitteePosition
from ningju.members.models import CommitteeSeat, Member
from ningju.orgs.models import HandlingUnit, Office, Organisation, Session, SpecialCommittee
from ningju.proposals import services as s
from ningju.proposals.choices import (
    AssignmentRole,
    HandlingMode,
    ReviewOutcome,
    Status,
)
from ningju.proposals.defaults import install_defaults
from ningju.proposals.models import (
    Category,
    Proposal,
    ProposalSettings,
    RefusalReason,
    ResultCategory,
)

TOPICS = json.loads((Path(__file__).parent / "data" / "proposal_topics.json").read_text("utf-8"))
OPENERS = ["", "进一步", "切实", "统筹", "着力"]


@contextmanager
def clock(moment: datetime) -> Iterator[None]:
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


class ProposalDemo:
    def __init__(self, organisation: Organisation, *, count: int, seed: int, today: date) -> None:
        self.org = organisation
        self.count = count
        self.rng = random.Random(seed)
        self.today = today
        self.created = 0

    # -- actors -----------------------------------------------------------------------

    def _account(self, username: str, display_name: str, kind: str) -> User:
        """A working account for a demo actor that nobody can sign in to (no password)."""
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                display_name=display_name,
                organisation=self.org,
                kind=kind,
                password_changed_at=timezone.now(),
            )
            user.set_unusable_password()  # also skips the slow password hashing
            user.save()
            audit.record(
                action="account.create",
                organisation=self.org,
                target=user,
                after={"username": username, "kind": kind, "demo": True},
            )
        return user

    def _member_user(self, member: Member) -> User:
        if member.user_id:
            return member.user  # type: ignore[return-value]
        user = self._account(f"m{member.pk}", member.name, AccountKind.MEMBER)
        member.user = user
        member.save(update_fields=["user"])
        return user

    def prepare(self) -> None:
        install_defaults(self.org)
        committee = SpecialCommittee.objects.filter(
            organisation=self.org, name="提案委员会"
        ).first()
        if committee is not None and not committee.is_proposal_committee:
            committee.is_proposal_committee = True
            committee.save(update_fields=["is_proposal_committee"])
        self.settings = ProposalSettings.objects.get(organisation=self.org)
        if self.org.parent_id is not None and self.settings.review_levels != 1:
            # County committees review in one step: their 提案委 office registers directly.
            self.settings.review_levels = 1
            self.settings.save(update_fields=["review_levels"])
        grant = (
            RoleGrant.objects.filter(
                organisation=self.org,
                role=Role.OFFICE_STAFF,
                office__kind__in=["proposal", "general"],
            )
            .select_related("user")
            .first()
        )
        if grant is not None:
            self.office = grant.user
        else:
            office = Office.objects.filter(organisation=self.org, kind="proposal").first()
            self.office = self._account(f"{self.org.code}-tiban", "提案委办公室", AccountKind.STAFF)
            account_services.role_grant(
                acting_user=None, user=self.office, role=Role.OFFICE_STAFF, office=office
            )
        self.director: User | None = None
        seat = (
            CommitteeSeat.objects.filter(
                committee=committee,
                position=CommitteePosition.DIRECTOR,
                membership__term__is_current=True,
            )
            .select_related("membership__member")
            .first()
            if committee
            else None
        )
        if seat is not None:
            self.director = self._member_user(seat.membership.member)
        self.units = list(HandlingUnit.objects.filter(organisation=self.org, is_active=True))
        self.unit_people: dict[int, tuple[User, User]] = {}
        for unit in self.units:
            officer = (
                RoleGrant.objects.filter(handling_unit=unit, role=Role.UNIT_OFFICER)
                .select_related("user")
                .first()
            )
            signer = (
                RoleGrant.objects.filter(handling_unit=unit, role=Role.UNIT_SIGNER)
                .select_related("user")
                .first()
            )
            officer_user = officer.user if officer else self._unit_account(unit, Role.UNIT_OFFICER)
            signer_user = signer.user if signer else self._unit_account(unit, Role.UNIT_SIGNER)
            self.unit_people[unit.pk] = (officer_user, signer_user)
        members = list(
            Member.objects.filter(
                organisation=self.org,
                memberships__term__is_current=True,
                memberships__status="active",
            ).order_by("pk")
        )
        self.rng.shuffle(members)
        self.authors = members[: max(8, len(members) // 4)]
        self.categories = list(Category.objects.filter(organisation=self.org, parent__isnull=False))
        self.parent_categories = {
            c.name: c for c in Category.objects.filter(organisation=self.org, parent__isnull=True)
        }
        self.results = list(ResultCategory.objects.filter(organisation=self.org))
        self.reasons = list(RefusalReason.objects.filter(organisation=self.org))
        self.session = (
            Session.objects.filter(
                term__organisation=self.org, term__is_current=True, opens_on__lte=self.today
            )
            .order_by("-opens_on")
            .first()
        )

    def _unit_account(self, unit: HandlingUnit, role: str) -> User:
        suffix = "jb" if role == Role.UNIT_OFFICER else "qf"
        user = self._account(
            f"u{unit.pk}-{suffix}",
            f"{unit.short_name or unit.name}{'经办人' if suffix == 'jb' else '签发人'}",
            AccountKind.UNIT,
        )
        account_services.role_grant(acting_user=None, user=user, role=role, handling_unit=unit)
        return user

    # -- one proposal ------------------------------------------------------------------

    def _category_for(self, topic: dict[str, Any]) -> Category | None:
        parent = self.parent_categories.get(topic["cat"][0])
        for c in self.categories:
            if c.parent_id == getattr(parent, "pk", None) and c.name == topic["cat"][1]:
                return c
        return self.rng.choice(self.categories) if self.categories else None

    def _units_for(self, topic: dict[str, Any]) -> list[HandlingUnit]:
        wanted = []
        for short in topic["units"]:
            core = short.replace("州", "")
            match = next(
                (u for u in self.units if core in (u.short_name or u.name) or core in u.name), None
            )
            if match and match not in wanted:
                wanted.append(match)
        while len(wanted) < 2 and self.units:
            extra = self.rng.choice(self.units)
            if extra not in wanted:
                wanted.append(extra)
        return wanted

    def one(self, index: int) -> None:
        rng = self.rng
        topic = TOPICS[index % len(TOPICS)]
        author = self.authors[index % len(self.authors)]
        author_user = self._member_user(author)
        plenary = self.session is not None and rng.random() < 0.65
        if plenary and self.session is not None:
            submitted = self.session.opens_on + timedelta(
                days=rng.randint(0, (self.session.closes_on - self.session.opens_on).days)
            )
        else:
            submitted = date(self.today.year, 2, 1) + timedelta(
                days=rng.randint(0, (self.today - date(self.today.year, 2, 1)).days - 1)
            )
        opener = OPENERS[index // len(TOPICS) % len(OPENERS)]
        title = f"关于{opener}{topic['core']}的建议"
        joint = rng.random() < 0.25
        cosigners = (
            [m.pk for m in rng.sample(self.authors, 2) if m.pk != author.pk] if joint else []
        )
        category = self._category_for(topic)
        units = self._units_for(topic)
        data = s.DraftData(
            title=title,
            situation=topic["s"],
            analysis=topic["a"],
            suggestions=topic["g"],
            proposer_type="joint" if cosigners else "individual",
            category_id=category.pk if category else None,
            cosigner_ids=cosigners,
            suggested_unit_ids=[u.pk for u in units],
        )
        fate = rng.random()
        with clock(_at(submitted - timedelta(days=rng.randint(0, 3)), 9)):
            proposal = s.draft_create(acting_user=author_user, data=data)
        self.created += 1
        if fate < 0.06:
            return  # stays a draft
        with clock(_at(submitted, 10)):
            s.submit(acting_user=author_user, proposal=proposal)
        proposal.refresh_from_db()
        if proposal.status == Status.COSIGNING:
            if fate < 0.08 and submitted > self.today - timedelta(days=6):
                return  # still collecting co-signatures
            for row in proposal.proposers.filter(role="cosigner").select_related("member"):
                with clock(_at(submitted, 15)):
                    s.cosign_respond(
                        acting_user=self._member_user(row.member),
                        proposal=proposal,
                        accept=rng.random() < 0.85,
                    )
            proposal.refresh_from_db()
        if fate < 0.12 or submitted > self.today - timedelta(days=3):
            return  # waiting for review
        review_day = min(submitted + timedelta(days=rng.randint(1, 6)), self.today)
        levels = self.settings.review_levels
        reviewers = [self.office] + [self.director or self.office] * (levels - 1)
        for reviewer in reviewers[:-1]:
            with clock(_at(review_day, 11)):
                s.review(
                    acting_user=reviewer,
                    proposal=proposal,
                    decision=s.ReviewDecision(ReviewOutcome.PASS),
                )
        final = reviewers[-1]
        if fate < 0.15:
            with clock(_at(review_day, 16)):
                s.review(
                    acting_user=final,
                    proposal=proposal,
                    decision=s.ReviewDecision(
                        ReviewOutcome.RETURN,
                        comment="请补充具体数据和可操作的建议，并按“有情况、有分析、有建议”的要求修改。",
                    ),
                )
            return
        if fate < 0.25 and self.reasons:
            reason = rng.choice(self.reasons[9:] or self.reasons)
            with clock(_at(review_day, 16)):
                s.review(
                    acting_user=final,
                    proposal=proposal,
                    decision=s.ReviewDecision(
                        ReviewOutcome.REFUSE,
                        comment="经审查，不符合立案条件，已转有关部门参考。",
                        refusal_reason_id=reason.pk,
                        conversion=rng.choice(["opinion", "suggestion", ""]),
                    ),
                )
            return
        lead_candidates = list(
            Proposal.objects.filter(
                organisation=self.org,
                status__in=[Status.REGISTERED, Status.HANDLING],
                merged_into__isnull=True,
                title__contains=topic["core"],
            ).exclude(pk=proposal.pk)[:1]
        )
        if fate < 0.28 and lead_candidates:
            with clock(_at(review_day, 16)):
                s.review(
                    acting_user=final,
                    proposal=proposal,
                    decision=s.ReviewDecision(
                        ReviewOutcome.MERGE,
                        comment="与同类提案并案办理。",
                        merge_into_id=lead_candidates[0].pk,
                    ),
                )
            return
        with clock(_at(review_day, 16)):
            s.review(
                acting_user=final,
                proposal=proposal,
                decision=s.ReviewDecision(ReviewOutcome.REGISTER),
            )
        proposal.refresh_from_db()
        assign_day = max(
            review_day + timedelta(days=rng.randint(3, 20)),
            date(self.today.year, 2, 10) if plenary else review_day,
        )
        if fate < 0.32 or assign_day >= self.today:
            return  # registered, waiting for 交办
        with clock(_at(assign_day, 9)):
            if len(units) >= 2 and rng.random() < 0.3:
                s.assign(
                    acting_user=self.office,
                    proposal=proposal,
                    mode=HandlingMode.LEAD,
                    lead_unit_id=units[0].pk,
                    co_unit_ids=[units[1].pk],
                )
            else:
                s.assign(
                    acting_user=self.office,
                    proposal=proposal,
                    mode=HandlingMode.LEAD,
                    lead_unit_id=units[0].pk,
                )
        if proposal.is_key is False and rng.random() < 0.05:
            supervisor = Member.objects.filter(
                organisation=self.org, memberships__leadership_position__in=["chair", "vice_chair"]
            ).first()
            chair = User.objects.filter(
                member__organisation=self.org, member__memberships__leadership_position="chair"
            ).first()
            if supervisor and chair:
                with clock(_at(assign_day, 15)), suppress(DomainError):
                    s.key_mark(acting_user=chair, proposal=proposal, supervisor_id=supervisor.pk)
        self._handle(proposal, assign_day, fate)

    def _handle(self, proposal: Proposal, assign_day: date, fate: float) -> None:
        rng = self.rng
        reply_day = assign_day + timedelta(days=rng.randint(25, 110))
        if fate < 0.45 or reply_day >= self.today:
            return  # still handling (some of these are overdue: the 催办 list shows them)
        for assignment in proposal.assignments.filter(round=proposal.handling_round):
            officer, signer = self.unit_people[assignment.unit_id]
            if (
                assignment.role != AssignmentRole.LEAD
                and assignment.role != AssignmentRole.SEPARATE
            ):
                continue
            with clock(_at(assignment.assigned_at.date() + timedelta(days=rng.randint(5, 20)), 10)):
                s.meeting_record(
                    acting_user=officer,
                    assignment=assignment,
                    form=rng.choice(["visit", "phone", "forum"]),
                    held_on=timezone.localdate(),
                    notes="与提案人沟通了办理思路。",
                )
            category = rng.choices(self.results, weights=[4, 5, 2][: len(self.results)])[0]
            with clock(_at(reply_day, 10)):
                reply = s.reply_save(
                    acting_user=officer,
                    assignment=assignment,
                    data=s.ReplyData(
                        body=f"{proposal.title.removeprefix('关于').removesuffix('的建议')}的建议收悉。经认真研究，现答复如下：我单位高度重视，已会同有关部门制定工作方案，明确时间表和责任人，部分措施已落实，其余列入明年计划推进。感谢您对我们工作的关心和支持。",
                        result_category_id=category.pk,
                        publicity="public",
                        contact_name=officer.display_name,
                        contact_phone="0433-2512000",
                    ),
                )
                s.reply_send(acting_user=officer, reply=reply)
            reply.refresh_from_db()
            for cosign in reply.cosigns.select_related("assignment"):
                co_officer, _co_signer = self.unit_people[cosign.assignment.unit_id]
                with clock(_at(reply_day + timedelta(days=2), 10)):
                    s.reply_cosign(acting_user=co_officer, reply=reply, agreed=True, comment="")
            with clock(_at(reply_day + timedelta(days=3), 10)):
                s.reply_sign(acting_user=signer, reply=reply, approve=True)
            if fate < 0.5:
                return  # signed, waiting for the office's review
            with clock(_at(reply_day + timedelta(days=5), 10)):
                s.reply_review(acting_user=self.office, reply=reply, approve=True)
        proposal.refresh_from_db()
        rate_day = reply_day + timedelta(days=rng.randint(6, 12))
        if proposal.status != Status.REPLIED or fate < 0.6 or rate_day >= self.today:
            return  # waiting for the proposers' ratings
        for row in proposal.proposers.filter(status="confirmed").select_related("member"):
            unhappy = fate > 0.96
            with clock(_at(rate_day, 20)):
                s.feedback_submit(
                    acting_user=self._member_user(row.member),
                    proposal=proposal,
                    data=s.FeedbackData(
                        rng.choice(["satisfied", "satisfied", "basically"]),
                        "unsatisfied"
                        if unhappy
                        else rng.choice(["satisfied", "satisfied", "basically"]),
                        "答复没有具体时间表，希望进一步落实。" if unhappy else "",
                    ),
                )
            proposal.refresh_from_db()
            if proposal.status != Status.REPLIED:
                break

    def run(self) -> int:
        self.prepare()
        for index in range(self.count):
            with transaction.atomic():
                self.one(index)
        return self.created


def load(*, today: date | None = None, scale: float = 1.0) -> dict[str, int]:
    """Proposals for the prefecture (about 160) and each county (about 20), times `scale`."""
    today = today or timezone.localdate()
    counts: dict[str, int] = {}
    for offset, org in enumerate(Organisation.objects.order_by("sort_order", "id")):
        count = max(3, round((160 if org.parent_id is None else 20) * scale))
        counts[org.code] = ProposalDemo(org, count=count, seed=2026 + offset, today=today).run()
    return counts
