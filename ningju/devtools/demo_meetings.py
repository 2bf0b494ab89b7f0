"""A year of meetings for the demo (loaded by `ningju demo` after the people and proposals).

The prefecture holds its plenary (十四届五次会议) in January, the standing committee every
two months, the chair meeting monthly, and special-committee, sector-group and study
meetings through the year; 延吉市政协 does the same on a smaller scale. Past meetings are
closed with ~90% attendance, approved leave, a few absences and speeches; the next ones are
announced, one study meeting has sign-in open now (for the QR screen), and leave requests
wait for the chair and the office. Rows are bulk-created, duty records included (with the
same de-duplication keys `duty_record_write` uses), so the whole year loads in a second or
two.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from ningju.accounts.choices import Role
from ningju.accounts.models import User
from ningju.core import audit
from ningju.meetings.choices import (
    AttendanceStatus,
    InviteScope,
    LeaveStatus,
    MeetingKind,
    MeetingStatus,
    SignInMethod,
    SpeechKind,
)
from ningju.meetings.models import (
    AgendaItem,
    Attendance,
    Invitation,
    LeaveRequest,
    Meeting,
    Speech,
)
from ningju.members.choices import LeadershipPosition, MembershipStatus
from ningju.members.models import CommitteeSeat, Membership
from ningju.orgs.models import Organisation, Sector, Session, SpecialCommittee
from ningju.performance.models import DutyKind, DutyRecord

SEED = 20260301
DIGITS = "零一二三四五六七八九"

FIRST_TOPICS = [
    (
        "学习习近平总书记关于加强和改进人民政协工作的重要思想",
        "《习近平关于加强和改进人民政协工作的重要思想学习读本》第一章至第三章",
    ),
    (
        "学习习近平总书记在吉林考察时的重要讲话精神",
        "习近平总书记考察吉林重要讲话全文及省委贯彻意见",
    ),
    ("学习全国政协十四届四次会议精神", "王沪宁同志在全国政协十四届四次会议上的常委会工作报告"),
    ("学习中央民族工作会议精神，铸牢中华民族共同体意识", "中央民族工作会议精神学习辅导材料"),
    ("学习《中国共产党政治协商工作条例》", "《中国共产党政治协商工作条例》全文及释义"),
]
STANDING_ITEMS = [
    "审议《州政协2026年协商工作计划》",
    "听取关于人参产业高质量发展专题调研情况的报告",
    "审议通过关于推进沿边开放旅游大通道建设的建议案",
    "听取州政府关于重点提案办理情况的通报",
    "审议人事事项",
    "协商讨论“十五五”规划编制有关建议",
    "听取关于文物保护及利用视察情况的报告",
]
CHAIR_ITEMS = [
    "研究本月重点工作安排",
    "审定“有事来商量”协商活动计划",
    "研究重点提案督办工作",
    "研究常委会会议筹备事项",
    "听取各专门委员会工作情况汇报",
    "研究委员履职考核有关事项",
]
SPEECH_TITLES = [
    "关于推动人参产业全链条发展的建议",
    "加快建设沿边开放旅游大通道",
    "推进长白山冰雪经济提质升级",
    "关于加强朝鲜族非物质文化遗产保护的建议",
    "做强延边大米、黄牛等特色农产品品牌",
    "推动图们江区域国际合作迈出新步伐",
    "完善城乡养老服务体系的几点思考",
    "加强边境口岸基础设施建设",
    "以数字化推动政务服务“一网通办”",
    "关于保障农村留守老人就医的建议",
    "促进中小企业融资便利化",
    "推进红色旅游与民俗旅游融合发展",
]
LEAVE_REASONS = [
    "因公出差在外，不能出席。",
    "参加省里组织的培训班。",
    "身体不适，正在住院治疗。",
    "单位有紧急任务，需本人处理。",
    "家中老人病重，需照料。",
    "赴外地参加招商推介会。",
]


def _cn(number: int) -> str:
    if number < 10:
        return DIGITS[number]
    tens, ones = divmod(number, 10)
    return ("十" if tens == 1 else DIGITS[tens] + "十") + (DIGITS[ones] if ones else "")


@dataclass
class Roster:
    organisation: Organisation
    prefix: str  # 州政协 / 市政协
    hall: str
    all: list[int] = field(default_factory=list)
    standing: list[int] = field(default_factory=list)
    chair_meeting: list[int] = field(default_factory=list)
    by_committee: dict[int, list[int]] = field(default_factory=dict)
    by_sector: dict[int, list[int]] = field(default_factory=dict)
    chair_user: User | None = None
    office_user: User | None = None


@dataclass
class Plan:
    kind: str
    title: str
    starts_at: datetime
    hours: int
    scope: str
    invitees: list[int]
    location: str
    session: Session | None = None
    number: int | None = None
    committee_id: int | None = None
    sector_id: int | None = None
    agenda: list[tuple[str, bool, str]] = field(default_factory=list)
    speeches: int = 0


class MeetingDemo:
    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.now = timezone.now()
        self.counts: dict[str, int] = {}

    def _count(self, key: str, n: int) -> None:
        self.counts[key] = self.counts.get(key, 0) + n

    def _at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))

    # -- who is there ---------------------------------------------------------------------

    def roster(self, organisation: Organisation, prefix: str, hall: str) -> Roster:
        roster = Roster(organisation, prefix, hall)
        rows = Membership.objects.filter(
            member__organisation=organisation,
            term__organisation=organisation,
            term__is_current=True,
            status=MembershipStatus.ACTIVE,
        ).values_list("member_id", "is_standing_committee", "leadership_position", "sector_id")
        for member_id, standing, position, sector_id in rows:
            roster.all.append(member_id)
            if standing or position:
                roster.standing.append(member_id)
            if position:
                roster.chair_meeting.append(member_id)
            roster.by_sector.setdefault(sector_id, []).append(member_id)
        for committee_id, member_id in CommitteeSeat.objects.filter(
            membership__member__organisation=organisation, membership__term__is_current=True
        ).values_list("committee_id", "membership__member_id"):
            roster.by_committee.setdefault(committee_id, []).append(member_id)
        roster.chair_user = User.objects.filter(
            member__organisation=organisation,
            member__memberships__term__is_current=True,
            member__memberships__leadership_position=LeadershipPosition.CHAIR,
        ).first()
        roster.office_user = User.objects.filter(
            role_grants__organisation=organisation, role_grants__role=Role.OFFICE_STAFF
        ).first()
        return roster

    # -- the year's plan ------------------------------------------------------------------

    def plans(self, roster: Roster, *, county: bool) -> list[Plan]:
        org = roster.organisation
        year = self.now.year
        session = (
            Session.objects.filter(term__organisation=org, term__is_current=True)
            .select_related("term")
            .order_by("-opens_on")
            .filter(opens_on__year=year)
            .first()
        )
        plans: list[Plan] = []
        if session is not None:
            title = (
                f"{roster.prefix}第{_cn(session.term.number)}届委员会第{_cn(session.number)}次会议"
            )
            plans.append(
                Plan(
                    MeetingKind.PLENARY,
                    title,
                    self._at(session.opens_on, 9),
                    6,
                    InviteScope.ALL,
                    roster.all,
                    roster.hall,
                    session=session,
                    agenda=[
                        (FIRST_TOPICS[0][0], True, FIRST_TOPICS[0][1]),
                        ("听取和审议常务委员会工作报告", False, ""),
                        ("听取和审议常务委员会关于提案工作情况的报告", False, ""),
                        ("大会发言", False, ""),
                        ("通过政治决议", False, ""),
                    ],
                    speeches=12 if not county else 6,
                )
            )
        months = range(2, 13, 2 if not county else 3)
        for n, month in enumerate(months, start=1):
            day = date(year, month, self.rng.randint(10, 24))
            topic = FIRST_TOPICS[n % len(FIRST_TOPICS)]
            items = self.rng.sample(STANDING_ITEMS, 3)
            plans.append(
                Plan(
                    MeetingKind.STANDING,
                    f"{roster.prefix}常委会第{_cn(20 + n)}次会议",
                    self._at(day, 9),
                    3,
                    InviteScope.STANDING,
                    roster.standing,
                    f"{roster.prefix}机关四楼常委会议室",
                    number=20 + n,
                    agenda=[(topic[0], True, topic[1])] + [(i, False, "") for i in items],
                    speeches=3,
                )
            )
        for month in range(1, 13) if not county else range(1, 13, 2):
            day = date(year, month, self.rng.randint(3, 8))
            plans.append(
                Plan(
                    MeetingKind.CHAIR,
                    f"{roster.prefix}主席会议（{month}月）",
                    self._at(day, 14, 30),
                    2,
                    InviteScope.CHAIR_MEETING,
                    roster.chair_meeting,
                    f"{roster.prefix}机关三楼小会议室",
                    agenda=[(i, False, "") for i in self.rng.sample(CHAIR_ITEMS, 2)],
                )
            )
        committees = list(SpecialCommittee.objects.filter(organisation=org))
        for committee in committees:
            members = roster.by_committee.get(committee.pk, [])
            if len(members) < 3:
                continue
            for quarter in (1, 2, 3, 4) if not county else (2, 4):
                day = date(year, quarter * 3 - 1, self.rng.randint(11, 26))
                plans.append(
                    Plan(
                        MeetingKind.SPECIAL_COMMITTEE,
                        f"{committee.name}第{_cn(quarter)}季度工作会议",
                        self._at(day, 9, 30),
                        2,
                        InviteScope.COMMITTEE,
                        members,
                        f"{roster.prefix}机关{committee.name}会议室",
                        committee_id=committee.pk,
                        agenda=[("通报本季度工作并研究下季度安排", False, "")],
                        speeches=1,
                    )
                )
        for sector in Sector.objects.filter(organisation=org):
            members = roster.by_sector.get(sector.pk, [])
            if len(members) < 4:
                continue
            day = date(year, self.rng.choice([5, 6, 9, 10]), self.rng.randint(10, 26))
            plans.append(
                Plan(
                    MeetingKind.SECTOR_GROUP,
                    f"{sector.name}界别委员座谈会",
                    self._at(day, 14),
                    2,
                    InviteScope.SECTOR,
                    members,
                    f"{roster.prefix}委员之家",
                    sector_id=sector.pk,
                    agenda=[("围绕界别特色开展协商议政", False, "")],
                    speeches=2,
                )
            )
        # Open now, for the QR screen: a study meeting of every member, today.
        start = self.now.replace(second=0, microsecond=0) + timedelta(minutes=30)
        plans.append(
            Plan(
                MeetingKind.STUDY,
                f"{roster.prefix}委员集中学习会（“政协大讲堂”）",
                start,
                3,
                InviteScope.ALL,
                roster.all,
                roster.hall,
                agenda=[(FIRST_TOPICS[3][0], True, FIRST_TOPICS[3][1])],
            )
        )
        return plans

    # -- writing --------------------------------------------------------------------------

    def build(self, roster: Roster, plans: list[Plan]) -> None:
        org = roster.organisation
        meetings: list[Meeting] = []
        for plan in plans:
            end = plan.starts_at + timedelta(hours=plan.hours)
            open_now = plan.kind == MeetingKind.STUDY
            status = (
                MeetingStatus.SIGNIN_OPEN
                if open_now
                else MeetingStatus.CLOSED
                if end < self.now
                else MeetingStatus.PUBLISHED
            )
            meetings.append(
                Meeting(
                    organisation=org,
                    kind=plan.kind,
                    title=plan.title,
                    session=plan.session,
                    number=plan.number,
                    committee_id=plan.committee_id,
                    sector_id=plan.sector_id,
                    location=plan.location,
                    starts_at=plan.starts_at,
                    ends_at=end,
                    signin_opens_at=(self.now - timedelta(hours=1))
                    if open_now
                    else plan.starts_at - timedelta(hours=1),
                    signin_closes_at=end,
                    status=status,
                    closed_at=end if status == MeetingStatus.CLOSED else None,
                    created_by=roster.office_user,
                    minutes=(
                        f"会议由{roster.prefix}主席主持，按议程完成各项议题。"
                        if status == MeetingStatus.CLOSED
                        else ""
                    ),
                )
            )
        Meeting.objects.bulk_create(meetings)
        meetings = list(
            Meeting.objects.filter(organisation=org, title__in=[p.title for p in plans]).order_by(
                "starts_at", "id"
            )
        )
        by_title = {m.title: m for m in meetings}
        meeting_type = ContentType.objects.get_for_model(Meeting)
        speech_type = ContentType.objects.get_for_model(Speech)
        agenda: list[AgendaItem] = []
        invitations: list[Invitation] = []
        attendances: list[Attendance] = []
        leaves: list[LeaveRequest] = []
        duties: list[DutyRecord] = []
        speeches: list[tuple[Speech, Meeting]] = []

        def duty(meeting: Meeting, member_id: int, kind: str, source: Any = None) -> None:
            source = source or meeting
            source_type = speech_type if isinstance(source, Speech) else meeting_type
            label = "meetings.speech" if isinstance(source, Speech) else "meetings.meeting"
            duties.append(
                DutyRecord(
                    organisation=org,
                    member_id=member_id,
                    kind=kind,
                    occurred_on=timezone.localdate(meeting.starts_at),
                    title=meeting.title[:200],
                    source_type=source_type,
                    source_id=str(source.pk),
                    dedupe_key=f"{kind}:{label}:{source.pk}:{member_id}:"[:200],
                )
            )

        for plan in plans:
            meeting = by_title[plan.title]
            for position, (title, first, material) in enumerate(plan.agenda, start=1):
                agenda.append(
                    AgendaItem(
                        meeting=meeting,
                        position=position,
                        title=title,
                        is_first_topic=first,
                        study_material=material,
                        presenter=f"{roster.prefix}秘书长" if position > 1 else "",
                    )
                )
            invitees = sorted(set(plan.invitees))
            invitations += [
                Invitation(meeting=meeting, member_id=m, scope=plan.scope) for m in invitees
            ]
            approver = (
                roster.chair_user
                if plan.kind in (MeetingKind.PLENARY, MeetingKind.STANDING)
                else roster.office_user
            )
            if meeting.status == MeetingStatus.CLOSED:
                present: list[int] = []
                for member_id in invitees:
                    roll = self.rng.random()
                    if roll < 0.9:
                        present.append(member_id)
                        signed = meeting.starts_at - timedelta(minutes=self.rng.randint(2, 50))
                        proxy = self.rng.random() < 0.03
                        attendances.append(
                            Attendance(
                                meeting=meeting,
                                member_id=member_id,
                                status=AttendanceStatus.PRESENT,
                                method=SignInMethod.PROXY if proxy else SignInMethod.QR,
                                signed_in_at=signed,
                                recorded_by=roster.office_user if proxy else None,
                                proxy_reason="未带手机，签纸质签到表" if proxy else "",
                            )
                        )
                        duty(meeting, member_id, DutyKind.MEETING_ATTENDED)
                    elif roll < 0.97:
                        leaves.append(
                            LeaveRequest(
                                meeting=meeting,
                                member_id=member_id,
                                reason=self.rng.choice(LEAVE_REASONS),
                                status=LeaveStatus.APPROVED,
                                decided_by=approver,
                                decided_at=meeting.starts_at - timedelta(days=1),
                                decision_note="同意",
                            )
                        )
                        attendances.append(
                            Attendance(
                                meeting=meeting, member_id=member_id, status=AttendanceStatus.LEAVE
                            )
                        )
                        duty(meeting, member_id, DutyKind.MEETING_LEAVE)
                    else:
                        attendances.append(
                            Attendance(
                                meeting=meeting, member_id=member_id, status=AttendanceStatus.ABSENT
                            )
                        )
                        duty(meeting, member_id, DutyKind.MEETING_ABSENT)
                for i, member_id in enumerate(
                    self.rng.sample(present, min(plan.speeches, len(present)))
                ):
                    speech = Speech(
                        meeting=meeting,
                        member_id=member_id,
                        kind=SpeechKind.WRITTEN if i % 3 else SpeechKind.ORAL,
                        title=self.rng.choice(SPEECH_TITLES),
                        text="围绕州委中心工作，结合本界别调研成果，提出如下建议：一是……二是……三是……",
                        recorded_by=roster.office_user,
                    )
                    speeches.append((speech, meeting))
            elif meeting.status == MeetingStatus.PUBLISHED and invitees:
                # Upcoming: a couple of requests waiting for the approver.
                for member_id in self.rng.sample(invitees, min(2, len(invitees))):
                    leaves.append(
                        LeaveRequest(
                            meeting=meeting,
                            member_id=member_id,
                            reason=self.rng.choice(LEAVE_REASONS),
                        )
                    )
        AgendaItem.objects.bulk_create(agenda, batch_size=500)
        Invitation.objects.bulk_create(invitations, batch_size=1000)
        Attendance.objects.bulk_create(attendances, batch_size=1000)
        LeaveRequest.objects.bulk_create(leaves, batch_size=500)
        Speech.objects.bulk_create([s for s, _m in speeches], batch_size=500)
        for speech, meeting in speeches:
            if speech.pk is None:  # backends without RETURNING
                speech = Speech.objects.filter(meeting=meeting, member_id=speech.member_id).last()
            duty(meeting, speech.member_id, DutyKind.SPEECH, speech)
        DutyRecord.objects.bulk_create(duties, batch_size=1000, ignore_conflicts=True)
        self._count("会议", len(meetings))
        self._count("参会邀请", len(invitations))
        self._count("出席记录", len(attendances))
        self._count("请假", len(leaves))
        self._count("会议发言", len(speeches))
        self._count("会议履职记录", len(duties))


def load() -> dict[str, int]:
    prefecture = (
        Organisation.objects.filter(code="yanbian").first()
        or Organisation.objects.filter(parent__isnull=True).first()
    )
    if prefecture is None:
        return {}
    county = Organisation.objects.filter(parent=prefecture).order_by("sort_order", "id").first()
    demo = MeetingDemo()
    with transaction.atomic():
        rosters = [(demo.roster(prefecture, "州政协", "延边宾馆会议中心"), False)]
        if county is not None:
            rosters.append(
                (demo.roster(county, county.short_name, f"{county.region}会议中心"), True)
            )
        for roster, is_county in rosters:
            if not roster.all:
                continue
            demo.build(roster, demo.plans(roster, county=is_county))
        audit.record(
            action="demo.meetings",
            organisation=prefecture,
            object_type="devtools.demo",
            object_repr="会议演示数据",
            after=demo.counts,
        )
    return demo.counts
