"""Figures for the annual 提案工作报告 (domain.md §1.14): pure reads, a fixed number of queries.

Every figure is an aggregate computed by the database (conditional COUNT, GROUP BY); nothing
here loops over proposals. Whatever the size of the data, a statistics page costs:

1. ``statistics_organisation_ids`` (one query per level of the organisation tree below the
   user's committee: two for the prefecture, one for a county);
2. one aggregate over the committee's proposals (``_totals``);
3. one ``UNION ALL`` of the grouped breakdowns (``_breakdowns``): categories, result
   categories, handling units, feedback, member participation, the committee's sessions and,
   for a parent committee, the counts of each committee below it.

The period is a calendar year (by the proposal's submission time) or one plenary session
(by the session the proposal is filed under: 大会 and the 平时 proposals that follow it).
Handling figures (replies, feedback, meetings, timeliness) belong to the period of their
proposal, whenever the handling happened.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, ExtractYear, TruncDate
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.db.models.query_utils import FilteredRelation
from django.utils import timezone
from django.utils.translation import gettext as _

from ningju.core.errors import NotFoundOrForbidden
from ningju.core.scoping import statistics_organisation_ids
from ningju.members.choices import MembershipStatus
from ningju.members.models import Membership
from ningju.orgs.models import HandlingUnit, Organisation, Session

from .choices import (
    AssignmentRole,
    AssignmentStatus,
    Conversion,
    CosignStatus,
    Period,
    ProposerType,
    ReplyStatus,
    Satisfaction,
    Status,
)
from .models import (
    Assignment,
    Category,
    Feedback,
    Proposal,
    Proposer,
    Reply,
    ResultCategory,
    SupervisionLog,
)
from .workflow import REGISTERED_FAMILY

S = Status
# 办复: every reply of the round approved at least once (re-handling keeps it counted).
REPLIED_FAMILY = frozenset({S.REPLIED, S.COMPLETED, S.REHANDLING})
UNDER_REVIEW_FAMILY = frozenset({S.COSIGNING, S.SUBMITTED, S.IN_REVIEW})
ANSWERING_ROLES = (AssignmentRole.LEAD, AssignmentRole.SEPARATE)
SATISFIED = (Satisfaction.SATISFIED, Satisfaction.BASICALLY)
MIN_YEAR, MAX_YEAR = 2000, 2100


# --------------------------------------------------------------------------- value types


@dataclass(frozen=True)
class Rate:
    """A share with its numerator and denominator, so pages can state both."""

    numerator: int
    denominator: int

    @property
    def percent(self) -> float | None:
        if not self.denominator:
            return None
        return round(self.numerator * 100 / self.denominator, 1)

    def __str__(self) -> str:
        percent = self.percent
        return "—" if percent is None else f"{percent:.1f}%"


@dataclass(frozen=True)
class Row:
    """One line of a breakdown: a label, its count and its share of the table's total."""

    key: str
    label: str
    count: int
    share: Rate
    note: str = ""


@dataclass(frozen=True)
class UnitRow:
    unit_id: int
    name: str
    assignments: int  # answering (主办/分办) assignments, withdrawn ones excluded
    on_time: int
    late: int
    overdue_open: int
    open_in_time: int
    co_handling: int  # 会办 assignments (answered through the lead unit's letter)
    meetings: int
    average_days: float | None

    @property
    def replied(self) -> int:
        return self.on_time + self.late

    @property
    def on_time_rate(self) -> Rate:
        return Rate(self.on_time, self.replied)


@dataclass(frozen=True)
class CountyRow:
    organisation_id: int
    name: str
    received: int
    registered: int
    merged: int
    not_registered: int
    replied: int


@dataclass(frozen=True)
class SessionOption:
    session_id: int
    term_number: int
    number: int
    year: int

    @property
    def label(self) -> str:
        return _("%(term)s届%(number)s次会议") % {
            "term": chinese_number(self.term_number),
            "number": chinese_number(self.number),
        }


@dataclass(frozen=True)
class StatsPeriod:
    """What the figures cover: a calendar year, or one session of the user's committee."""

    year: int | None = None
    session_id: int | None = None

    def proposal_q(self, prefix: str = "") -> Q:
        if self.session_id is not None:
            return Q(**{f"{prefix}session_id": self.session_id})
        year = self.year or timezone.localdate().year
        start = timezone.make_aware(datetime(year, 1, 1))  # noqa: DTZ001 - made aware here
        end = timezone.make_aware(datetime(year + 1, 1, 1))  # noqa: DTZ001
        return Q(**{f"{prefix}submitted_at__gte": start, f"{prefix}submitted_at__lt": end})


@dataclass
class ProposalFigures:
    organisation: Organisation
    period: StatsPeriod
    period_label: str
    received: int
    by_type: list[Row]
    by_period: list[Row]
    by_category: list[Row]
    registered: int
    merged: int
    merge_groups: int
    registration_rate: Rate
    not_registered: int
    conversions: list[Row]
    returned: int
    withdrawn: int
    under_review: int
    awaiting_assignment: int
    handling: int
    replied: int
    reply_rate: Rate
    completed: int
    rehandling: int
    results: list[Row]
    results_total: int
    feedback_returned: int
    feedback_by_result: list[Row]
    feedback_by_attitude: list[Row]
    result_satisfaction: Rate
    attitude_satisfaction: Rate
    no_feedback: int
    awaiting_feedback: int
    answering_assignments: int
    meetings: int
    meeting_rate: Rate
    members_total: int
    members_proposing: int
    participation_rate: Rate
    units: list[UnitRow]
    key: int
    supervised: int
    excellent: int
    counties: list[CountyRow] = field(default_factory=list)
    sessions: list[SessionOption] = field(default_factory=list)

    @property
    def unit_count(self) -> int:
        return sum(1 for u in self.units if u.assignments or u.co_handling)

    def chart_data(self) -> dict[str, Any]:
        """What charts.js draws (rendered with json_script); the page shows the same as tables."""
        return {
            "categories": {
                "title": _("按类别分（收到）"),
                "labels": [r.label for r in self.by_category],
                "values": [r.count for r in self.by_category],
            },
            "results": {
                "title": _("办理结果类别"),
                "items": [{"name": r.label, "value": r.count} for r in self.results],
            },
            "units": {
                "title": _("承办单位办理时效"),
                "labels": [u.name for u in self.units],
                "series": [
                    {"name": _("按期答复"), "values": [u.on_time for u in self.units]},
                    {"name": _("逾期答复"), "values": [u.late for u in self.units]},
                    {"name": _("逾期未答复"), "values": [u.overdue_open for u in self.units]},
                    {"name": _("办理中（未到期）"), "values": [u.open_in_time for u in self.units]},
                ],
            },
        }


# --------------------------------------------------------------------------- helpers

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 14 → 十四, 20 → 二十, 105 → 一百零五 (届次 and 会次 in official titles)."""
    if n < 0:
        return str(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = ""
        if rest:
            tail = ("零" + _DIGITS[rest]) if rest < 10 else chinese_number(rest)
            if 10 <= rest < 20:
                tail = "一" + tail
        return _DIGITS[n // 100] + "百" + tail
    return str(n)


def parse_period(params: Any) -> StatsPeriod:
    """?session=<id> wins over ?year=<YYYY>; anything unreadable means the current year."""
    session = str(params.get("session", "") or "").strip()
    if session.isdigit():
        return StatsPeriod(session_id=int(session))
    year = str(params.get("year", "") or "").strip()
    if year.isdigit() and MIN_YEAR <= int(year) <= MAX_YEAR:
        return StatsPeriod(year=int(year))
    return StatsPeriod(year=timezone.localdate().year)


def _rows(pairs: list[tuple[str, Any, int]], total: int | None = None) -> list[Row]:
    denominator = sum(count for _key, _label, count in pairs) if total is None else total
    return [Row(key, str(label), count, Rate(count, denominator)) for key, label, count in pairs]


def _received_q(prefix: str = "") -> Q:
    """收到: submitted at some point. `submitted_at` is set on submission and never cleared;
    drafts and drafts withdrawn before submission have none. (No status test, so that the
    period's proposals come from the (organisation, submitted_at) index alone.)"""
    return Q(**{f"{prefix}submitted_at__isnull": False})


def _proposals(organisation_id: int, period: StatsPeriod) -> QuerySet[Proposal]:
    return Proposal.objects.filter(
        _received_q(), period.proposal_q(), organisation_id=organisation_id
    )


# --------------------------------------------------------------------------- query 1: totals


def _totals(organisation_id: int, period: StatsPeriod) -> dict[str, int]:
    def c(condition: Q | None = None, **kwargs: Any) -> Count:
        return Count("pk", filter=condition, **kwargs)

    feedback_this_round = Feedback.objects.filter(
        proposal=OuterRef("pk"), round=OuterRef("handling_round")
    )
    aggregates: dict[str, Any] = {
        "received": c(),
        "registered": c(Q(status__in=REGISTERED_FAMILY)),
        "merged": c(Q(merged_into__isnull=False, status__in=REGISTERED_FAMILY)),
        "merge_groups": Count(
            "merged_into",
            distinct=True,
            filter=Q(merged_into__isnull=False, status__in=REGISTERED_FAMILY),
        ),
        "not_registered": c(Q(status=S.NOT_REGISTERED)),
        "returned": c(Q(status=S.RETURNED)),
        "withdrawn": c(Q(status=S.WITHDRAWN)),
        "under_review": c(Q(status__in=UNDER_REVIEW_FAMILY)),
        "awaiting_assignment": c(Q(status__in=[S.REGISTERED, S.MERGED])),
        "handling": c(Q(status=S.HANDLING)),
        "replied": c(Q(status__in=REPLIED_FAMILY)),
        "completed": c(Q(status=S.COMPLETED)),
        "rehandling": c(Q(status=S.REHANDLING)),
        "no_feedback": c(Q(status=S.COMPLETED) & ~Q(Exists(feedback_this_round))),
        "awaiting_feedback": c(Q(status=S.REPLIED) & ~Q(Exists(feedback_this_round))),
        "key": c(Q(is_key=True, status__in=REGISTERED_FAMILY)),
        "supervised": c(
            Q(is_key=True, status__in=REGISTERED_FAMILY)
            & Q(Exists(SupervisionLog.objects.filter(proposal=OuterRef("pk"))))
        ),
        "excellent": c(Q(is_excellent=True)),
    }
    for value in ProposerType.values:
        aggregates[f"type:{value}"] = c(Q(proposer_type=value))
    for value in Period.values:
        aggregates[f"period:{value}"] = c(Q(period=value))
    for value in Conversion.values:
        aggregates[f"conversion:{value}"] = c(Q(status=S.NOT_REGISTERED, conversion=value))
    # Aggregate aliases must be identifiers.
    safe = {name.replace(":", "__"): expr for name, expr in aggregates.items()}
    result = _proposals(organisation_id, period).order_by().aggregate(**safe)
    return {name.replace("__", ":"): int(value or 0) for name, value in result.items()}


# --------------------------------------------------------------------------- query 2: breakdowns

COUNTS = tuple(f"n{i}" for i in range(1, 9))
COLUMNS = ("kind", "key", "label", "gkey", "glabel", "sa", "sb", *COUNTS)


def _text(expression: Any) -> Any:
    return Cast(expression, output_field=CharField())


def _int(value: int = 0) -> Value:
    return Value(value, output_field=IntegerField())


def _str(value: str = "") -> Value:
    return Value(value, output_field=CharField())


def _part(
    qs: QuerySet[Any],
    kind: str,
    *,
    keys: dict[str, Any],
    counts: dict[str, Any],
    grouped: bool = True,
) -> QuerySet[Any]:
    """One branch of the UNION: the same 15 columns whatever the model.

    `keys` fill key/label/gkey/glabel/sa/sb (the GROUP BY when `grouped`), `counts` fill
    n1..n8 (aggregates when grouped, plain values otherwise). Missing columns are constants.
    """
    defaults: dict[str, Any] = {
        "key": _str(),
        "label": _str(),
        "gkey": _str(),
        "glabel": _str(),
        "sa": _int(),
        "sb": _int(),
    }
    head = {
        "kind": _str(kind),
        **{name: keys.get(name, default) for name, default in defaults.items()},
    }
    tail = {name: counts.get(name, _int()) for name in COUNTS}
    qs = qs.order_by()
    if grouped:
        # values() on the key columns makes them the GROUP BY (constants add no GROUP BY
        # term); the n columns come after, aggregates or constants, in column order.
        qs = qs.annotate(**{f"x_{name}": value for name, value in head.items()})
        qs = qs.values(*(f"x_{name}" for name in head))
        qs = qs.annotate(**{f"x_{name}": value for name, value in tail.items()})
    else:
        qs = qs.annotate(**{f"x_{name}": value for name, value in {**head, **tail}.items()})
    return qs.values_list(*(f"x_{name}" for name in COLUMNS))


def _breakdowns(
    organisation_id: int, period: StatsPeriod, child_ids: frozenset[int], today: date
) -> list[tuple[Any, ...]]:
    proposals = _proposals(organisation_id, period)

    # The period's proposal ids, straight from the (organisation, submitted_at) index: on
    # SQLite, IN (this) is twice as fast as joining the proposal rows.
    in_period = proposals.values("pk")

    # Grouped by id only; the names come from the small tables (`*_name` branches), so the
    # big scans join nothing.
    categories = _part(
        proposals,
        "category",
        keys={"key": _text(F("category_id"))},
        counts={"n1": Count("pk")},
    )
    category_names = _part(
        Category.objects.filter(organisation_id=organisation_id),
        "category_name",
        keys={
            "key": _text(F("pk")),
            "label": F("name"),
            "gkey": _text(F("parent_id")),
            "glabel": F("parent__name"),
            "sa": Coalesce(F("parent__sort_order"), F("sort_order")),
            "sb": F("sort_order"),
        },
        counts={},
        grouped=False,
    )

    later_approved = Reply.objects.filter(
        status=ReplyStatus.APPROVED,
        assignment__proposal=OuterRef("assignment__proposal"),
        assignment__round__gt=OuterRef("assignment__round"),
    )
    results = _part(
        Reply.objects.filter(
            status=ReplyStatus.APPROVED,
            assignment__role__in=ANSWERING_ROLES,
        )
        .filter(assignment__proposal__in=in_period)
        # (A plain NOT EXISTS: PostgreSQL turns it into an anti-join.)
        .filter(~Q(Exists(later_approved))),
        "result",
        keys={"key": _text(F("result_category_id"))},
        counts={"n1": Count("pk")},
    )
    result_names = _part(
        ResultCategory.objects.filter(organisation_id=organisation_id),
        "result_name",
        keys={"key": _text(F("pk")), "gkey": F("code"), "label": F("name"), "sa": F("sort_order")},
        counts={},
        grouped=False,
    )

    approved = Q(ok__isnull=False)
    answering = Q(role__in=ANSWERING_ROLES) & ~Q(status=AssignmentStatus.WITHDRAWN)
    open_ = (
        answering
        & Q(ok__isnull=True)
        & Q(status__in=[AssignmentStatus.HANDLING, AssignmentStatus.OBJECTED])
    )
    signed_day, due = _LocalDate(F("ok__signed_at")), F("due_on")
    units = _part(
        Assignment.objects.filter(proposal__in=in_period).annotate(
            ok=FilteredRelation("replies", condition=Q(replies__status=ReplyStatus.APPROVED))
        ),
        "unit",
        keys={"key": _text(F("unit_id"))},
        counts={
            "n1": Count("pk", filter=answering),
            "n2": Count("pk", filter=answering & approved & Q(LessThanOrEqual(signed_day, due))),
            "n3": Count("pk", filter=answering & approved & Q(GreaterThan(signed_day, due))),
            "n4": Count("pk", filter=open_ & Q(due_on__lt=today)),
            "n5": Count("pk", filter=open_ & Q(due_on__gte=today)),
            "n6": Count(
                "pk", filter=Q(role=AssignmentRole.CO) & ~Q(status=AssignmentStatus.WITHDRAWN)
            ),
            "n7": Count("pk", filter=answering & Q(meeting_on__isnull=False)),
            "n8": Sum(_Seconds(F("ok__signed_at"), F("assigned_at")), filter=answering & approved),
        },
    )
    unit_names = _part(
        HandlingUnit.objects.filter(organisation_id=organisation_id),
        "unit_name",
        keys={"key": _text(F("pk")), "label": F("name"), "sa": F("sort_order")},
        counts={},
        grouped=False,
    )

    latest_round = ~Q(
        Exists(Feedback.objects.filter(proposal=OuterRef("proposal"), round__gt=OuterRef("round")))
    )
    feedback = _part(
        Feedback.objects.filter(latest_round, proposal__in=in_period),
        "feedback",
        keys={"key": F("result"), "gkey": F("attitude")},
        counts={"n1": Count("pk")},
    )

    active = Membership.objects.filter(
        term__organisation_id=organisation_id,
        term__is_current=True,
        status=MembershipStatus.ACTIVE,
    )
    members = _part(active, "members", keys={}, counts={"n1": Count("pk")})
    # From the period's proposers (not one EXISTS per member): distinct active members.
    proposing = _part(
        Proposer.objects.filter(
            proposal__in=in_period,
            status=CosignStatus.CONFIRMED,
            member_id__in=active.values("member_id"),
        ),
        "proposing",
        keys={},
        counts={"n1": Count("member_id", distinct=True)},
    )

    sessions = _part(
        Session.objects.filter(term__organisation_id=organisation_id),
        "session",
        keys={"key": _text(F("pk")), "sa": F("term__number"), "sb": F("number")},
        counts={"n1": ExtractYear("opens_on")},
        grouped=False,
    )

    parts = [
        categories,
        category_names,
        results,
        result_names,
        units,
        unit_names,
        feedback,
        members,
        proposing,
        sessions,
    ]
    if child_ids:
        if period.session_id is not None:
            # Each committee numbers its own sessions: below, the same calendar year.
            session_year = Session.objects.filter(pk=period.session_id).annotate(
                y=ExtractYear("opens_on")
            )
            child_period = Q(session__opens_on__year=Subquery(session_year.values("y")[:1]))
        else:
            child_period = period.proposal_q()
        parts.append(
            _part(
                Proposal.objects.filter(_received_q(), child_period, organisation_id__in=child_ids),
                "county",
                keys={"key": _text(F("organisation_id"))},
                counts={
                    "n1": Count("pk"),
                    "n2": Count("pk", filter=Q(status__in=REGISTERED_FAMILY)),
                    "n3": Count(
                        "pk", filter=Q(merged_into__isnull=False, status__in=REGISTERED_FAMILY)
                    ),
                    "n4": Count("pk", filter=Q(status=S.NOT_REGISTERED)),
                    "n5": Count("pk", filter=Q(status__in=REPLIED_FAMILY)),
                },
            )
        )
        parts.append(
            _part(
                Organisation.objects.filter(pk__in=child_ids),
                "county_name",
                keys={"key": _text(F("pk")), "label": F("name"), "sa": F("sort_order")},
                counts={},
                grouped=False,
            )
        )
    first, *rest = parts
    return list(first.union(*rest, all=True))


class _Seconds(Func):
    """Whole seconds from `start` to `end`, with the database's own date arithmetic.

    (Django's DurationField subtraction on SQLite calls a Python function per row, which at
    100k assignments costs more than the rest of the query.)"""

    output_field: IntegerField[Any, Any] = IntegerField()

    def __init__(self, end: Any, start: Any) -> None:
        super().__init__(end, start)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        (end, end_params), (start, start_params) = (
            compiler.compile(e) for e in self.source_expressions
        )
        return (
            f"CAST((julianday({end}) - julianday({start})) * 86400 AS INTEGER)",
            (*end_params, *start_params),
        )

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:  # type: ignore[override]
        (end, end_params), (start, start_params) = (
            compiler.compile(e) for e in self.source_expressions
        )
        return (
            f"CAST(EXTRACT(EPOCH FROM ({end} - {start})) AS BIGINT)",
            (*end_params, *start_params),
        )


class _LocalDate(TruncDate):
    """The local calendar day of a timestamp. On SQLite with the native date() and the
    current zone's UTC offset instead of Django's per-row Python function (exact for zones
    without daylight saving, such as Asia/Shanghai)."""

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        sql, params = compiler.compile(self.lhs)
        offset = timezone.localtime().utcoffset() if settings.USE_TZ else None
        seconds = int(offset.total_seconds()) if offset else 0
        return f"date({sql}, %s)", (*params, f"{seconds:+d} seconds")


# --------------------------------------------------------------------------- assembling


def period_label(period: StatsPeriod, sessions: list[SessionOption]) -> str:
    if period.session_id is not None:
        found = next((s for s in sessions if s.session_id == period.session_id), None)
        return found.label if found else ""
    return _("%(year)s年") % {"year": period.year}


def proposal_figures(*, user: Any, period: StatsPeriod) -> ProposalFigures:
    """Every figure of the annual report for the user's committee (and counts for those below).

    Raises NotFoundOrForbidden for a session that is not the user's committee's. The caller
    checks the `proposals.view_statistics` permission.
    """
    organisation_id = user.principal.org
    child_ids = frozenset(statistics_organisation_ids(user) - {organisation_id})
    totals = _totals(organisation_id, period)
    rows: dict[str, list[dict[str, Any]]] = {}
    for values in _breakdowns(organisation_id, period, child_ids, timezone.localdate()):
        row = dict(zip(COLUMNS, values, strict=True))
        for name in COUNTS:
            row[name] = int(row[name] or 0)
        rows.setdefault(row["kind"], []).append(row)

    sessions = sorted(
        (
            SessionOption(
                session_id=int(r["key"]), term_number=r["sa"], number=r["sb"], year=r["n1"]
            )
            for r in rows.get("session", [])
        ),
        key=lambda s: (-s.term_number, -s.number),
    )
    if period.session_id is not None and not any(
        s.session_id == period.session_id for s in sessions
    ):
        raise NotFoundOrForbidden()

    received = totals["received"]
    registered = totals["registered"]
    replied = totals["replied"]

    # 按类别: the first level of the two-level taxonomy (a proposal filed on a first-level
    # category counts there too).
    names = {r["key"]: r for r in rows.get("category_name", [])}
    categories: dict[str, tuple[int, str, int]] = {}
    for r in rows.get("category", []):
        leaf = names.get(r["key"] or "")
        if leaf is None:
            top_key, top_label, sort = "", _("未分类"), 10_000
        elif leaf["gkey"]:
            top_key, top_label, sort = leaf["gkey"], leaf["glabel"], leaf["sa"]
        else:
            top_key, top_label, sort = leaf["key"], leaf["label"], leaf["sa"]
        old = categories.get(top_key, (sort, top_label, 0))
        categories[top_key] = (old[0], old[1], old[2] + r["n1"])
    by_category = _rows(
        [(k, label, n) for k, (_s, label, n) in sorted(categories.items(), key=lambda i: i[1][0])],
        received,
    )

    # Result categories by id: the committee's own, in their order, zero counts included.
    result_counts = {r["key"]: r["n1"] for r in rows.get("result", [])}
    result_names = sorted(rows.get("result_name", []), key=lambda r: (r["sa"], r["gkey"]))
    results_total = sum(result_counts.values())
    results = [
        Row(
            r["gkey"],
            _("%(code)s类") % {"code": r["gkey"]},
            result_counts.get(r["key"], 0),
            Rate(result_counts.get(r["key"], 0), results_total),
            note=r["label"],
        )
        for r in result_names
    ]

    by_result = dict.fromkeys(Satisfaction.values, 0)
    by_attitude = dict.fromkeys(Satisfaction.values, 0)
    for r in rows.get("feedback", []):
        by_result[r["key"]] = by_result.get(r["key"], 0) + r["n1"]
        by_attitude[r["gkey"]] = by_attitude.get(r["gkey"], 0) + r["n1"]
    feedback_returned = sum(by_result.values())

    unit_names = {r["key"]: r["label"] for r in rows.get("unit_name", [])}
    units = sorted(
        (
            UnitRow(
                unit_id=int(r["key"]),
                name=unit_names.get(r["key"], ""),
                assignments=r["n1"],
                on_time=r["n2"],
                late=r["n3"],
                overdue_open=r["n4"],
                open_in_time=r["n5"],
                co_handling=r["n6"],
                meetings=r["n7"],
                average_days=round(r["n8"] / 86400 / (r["n2"] + r["n3"]), 1)
                if r["n2"] + r["n3"]
                else None,
            )
            for r in rows.get("unit", [])
        ),
        key=lambda u: (-u.assignments, u.name),
    )
    answering = sum(u.assignments for u in units)
    meetings = sum(u.meetings for u in units)

    members_total = sum(r["n1"] for r in rows.get("members", []))
    members_proposing = sum(r["n1"] for r in rows.get("proposing", []))

    county_counts = {r["key"]: r for r in rows.get("county", [])}
    counties = []
    for r in sorted(rows.get("county_name", []), key=lambda r: (r["sa"], int(r["key"]))):
        c = county_counts.get(r["key"], dict.fromkeys(COUNTS, 0))
        counties.append(
            CountyRow(int(r["key"]), r["label"], c["n1"], c["n2"], c["n3"], c["n4"], c["n5"])
        )

    def by_choice(prefix: str, choices: Any, total: int) -> list[Row]:
        return _rows(
            [(value, label, totals.get(f"{prefix}:{value}", 0)) for value, label in choices],
            total,
        )

    return ProposalFigures(
        organisation=user.organisation,
        period=period,
        period_label=period_label(period, sessions),
        received=received,
        by_type=by_choice("type", ProposerType.choices, received),
        by_period=by_choice("period", Period.choices, received),
        by_category=by_category,
        registered=registered,
        merged=totals["merged"],
        merge_groups=totals["merge_groups"],
        registration_rate=Rate(registered, received),
        not_registered=totals["not_registered"],
        conversions=by_choice("conversion", Conversion.choices, totals["not_registered"]),
        returned=totals["returned"],
        withdrawn=totals["withdrawn"],
        under_review=totals["under_review"],
        awaiting_assignment=totals["awaiting_assignment"],
        handling=totals["handling"],
        replied=replied,
        reply_rate=Rate(replied, registered),
        completed=totals["completed"],
        rehandling=totals["rehandling"],
        results=results,
        results_total=results_total,
        feedback_returned=feedback_returned,
        feedback_by_result=_rows(
            [(v, label, by_result.get(v, 0)) for v, label in Satisfaction.choices]
        ),
        feedback_by_attitude=_rows(
            [(v, label, by_attitude.get(v, 0)) for v, label in Satisfaction.choices]
        ),
        result_satisfaction=Rate(sum(by_result[v] for v in SATISFIED), feedback_returned),
        attitude_satisfaction=Rate(sum(by_attitude[v] for v in SATISFIED), feedback_returned),
        no_feedback=totals["no_feedback"],
        awaiting_feedback=totals["awaiting_feedback"],
        answering_assignments=answering,
        meetings=meetings,
        meeting_rate=Rate(meetings, answering),
        members_total=members_total,
        members_proposing=members_proposing,
        participation_rate=Rate(members_proposing, members_total),
        units=units,
        key=totals["key"],
        supervised=totals["supervised"],
        excellent=totals["excellent"],
        counties=counties,
        sessions=sessions,
    )
