"""Figures per contributor, per unit and for the year (the 年终通报 and the statistics page).

Each figure counts distinct items and is dated by its own event:
- submitted: items first submitted in the year (withdrawn ones excluded);
- compiled: items in an issue published in the year (本级编发);
- reported: items with a 报送 recorded in the year;
- adopted: items with an adoption recorded in the year; adopted_high: of which by a
  provincial or higher body;
- instructed: items with a leader's instruction dated in the year.
A merged item counts for every member credited on it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from .choices import HIGH_LEVELS, ContributorKind, IssueStatus, Status
from .models import Contributor, Opinion

FIGURES = ("submitted", "compiled", "reported", "adopted", "adopted_high", "instructed")


def figure_labels() -> dict[str, str]:
    return {
        "submitted": _("报送"),
        "compiled": _("编入期刊"),
        "reported": _("向上报送"),
        "adopted": _("被采用"),
        "adopted_high": _("省级以上采用"),
        "instructed": _("获领导批示"),
    }


@dataclass
class Row:
    label: str
    detail: str = ""
    key: Any = None
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIGURES, 0))

    @property
    def values(self) -> list[int]:
        return [self.counts[name] for name in FIGURES]


@dataclass
class OpinionFigures:
    year: int
    total: Row
    by_member: list[Row]
    by_unit: list[Row]
    by_level: list[tuple[str, int]]


def _flags(opinion: Opinion, year: int) -> dict[str, bool]:
    adoptions = [a for a in opinion.adoptions.all() if a.adopted_on.year == year]
    issue = opinion.issue
    return {
        "submitted": bool(
            opinion.submitted_at
            and opinion.submitted_at.year == year
            and opinion.status != Status.WITHDRAWN
        ),
        "compiled": bool(
            issue is not None
            and issue.status == IssueStatus.PUBLISHED
            and issue.published_on is not None
            and issue.published_on.year == year
        ),
        "reported": any(r.reported_on.year == year for r in opinion.reports.all()),
        "adopted": bool(adoptions),
        "adopted_high": any(a.level in HIGH_LEVELS for a in adoptions),
        "instructed": any(i.instructed_on.year == year for i in opinion.instructions.all()),
    }


def opinion_figures(*, organisation_id: int, year: int) -> OpinionFigures:
    """Six queries whatever the number of items."""
    opinions = (
        Opinion.objects.filter(organisation_id=organisation_id)
        .exclude(status=Status.DRAFT)
        .select_related("issue")
        .prefetch_related(
            Prefetch("contributors", queryset=Contributor.objects.select_related("member")),
            "reports",
            "adoptions",
            "instructions",
        )
    )
    total = Row(label=_("合计"))
    members: dict[int, Row] = {}
    units: dict[tuple[str, str], Row] = {}
    levels: dict[str, int] = defaultdict(int)
    kind_labels = dict(ContributorKind.choices)
    for opinion in opinions:
        _localise(opinion)
        flags = _flags(opinion, year)
        if not any(flags.values()):
            continue
        for name, on in flags.items():
            total.counts[name] += int(on)
        for adoption in opinion.adoptions.all():
            if adoption.adopted_on.year == year:
                levels[adoption.level] += 1
        unit_key = (opinion.contributor_kind, opinion.unit_name)
        if unit_key not in units:
            label = opinion.unit_name or str(kind_labels[opinion.contributor_kind])
            units[unit_key] = Row(
                label=label, detail=str(kind_labels[opinion.contributor_kind]), key=unit_key
            )
        for name, on in flags.items():
            units[unit_key].counts[name] += int(on)
        for contributor in opinion.contributors.all():
            member = contributor.member
            if member.pk not in members:
                members[member.pk] = Row(label=member.name, detail=member.work_unit, key=member.pk)
            for name, on in flags.items():
                members[member.pk].counts[name] += int(on)

    def order(rows: dict[Any, Row]) -> list[Row]:
        return sorted(rows.values(), key=lambda r: ([-v for v in r.values[::-1]], r.label))

    from .choices import AdoptionLevel

    return OpinionFigures(
        year=year,
        total=total,
        by_member=order(members),
        by_unit=order(units),
        by_level=[(str(label), levels[value]) for value, label in AdoptionLevel.choices],
    )


def _localise(opinion: Opinion) -> None:
    """Compare the submission year in Asia/Shanghai, not UTC (31 December evening)."""
    from django.utils import timezone

    if opinion.submitted_at is not None:
        opinion.submitted_at = timezone.localtime(opinion.submitted_at)


def member_figures(*, organisation_id: int, year: int) -> dict[int, dict[str, int]]:
    figures = opinion_figures(organisation_id=organisation_id, year=year)
    return {row.key: dict(row.counts) for row in figures.by_member}


def statistics_workbook(figures: OpinionFigures, *, organisation_name: str, user: Any) -> bytes:
    from io import BytesIO

    from django.utils import timezone
    from openpyxl import Workbook
    from openpyxl.styles import Font

    labels = figure_labels()
    workbook = Workbook()
    workbook.remove(workbook.active)
    title = _("%(org)s%(year)s年社情民意信息统计") % {
        "org": organisation_name,
        "year": figures.year,
    }
    watermark = _("内部资料 注意保密 ｜ 生成人：%(who)s ｜ 生成时间：%(when)s") % {
        "who": user.username,
        "when": f"{timezone.localtime():%Y-%m-%d %H:%M}",
    }

    def sheet(name: str, first: list[str], rows: list[list[Any]]) -> None:
        ws = workbook.create_sheet(name)
        ws.append([f"{title} — {name}"])
        ws["A1"].font = Font(bold=True, size=14)
        ws.append([watermark])
        ws.append([*first, *[labels[f] for f in FIGURES]])
        for cell in ws[3]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append(row)
        ws.freeze_panes = "A4"

    sheet(
        _("按反映人"),
        [_("反映人"), _("工作单位")],
        [[r.label, r.detail, *r.values] for r in figures.by_member]
        + [[figures.total.label, "", *figures.total.values]],
    )
    sheet(
        _("按单位"),
        [_("反映单位"), _("类型")],
        [[r.label, r.detail, *r.values] for r in figures.by_unit]
        + [[figures.total.label, "", *figures.total.values]],
    )
    ws = workbook.create_sheet(_("按采用层级"))
    ws.append([_("采用层级"), _("采用次数")])
    for label, count in figures.by_level:
        ws.append([label, count])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
