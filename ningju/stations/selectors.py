"""Reads for liaison stations: lists, a station's page, receptions and yearly figures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from ningju.core.errors import NotFoundOrForbidden, PermissionDenied

from .choices import Handling
from .models import DutyShift, Reception, Station, StationActivity


def stations_visible_to(user: Any) -> QuerySet[Station]:
    """Members and office staff see their committee's stations; nobody else."""
    if not user.has_perm("stations.view"):
        raise PermissionDenied()
    return Station.objects.visible_to(user)


def station_get(*, user: Any, station_id: int) -> Station:
    station = (
        Station.objects.visible_to(user).select_related("sector").filter(pk=station_id).first()
    )
    if station is None or not user.has_perm("stations.view"):
        raise NotFoundOrForbidden()
    return station


def receptions_visible_to(user: Any) -> QuerySet[Reception]:
    """Office staff: every entry of the committee. Members: entries of their stations and the
    ones they received themselves."""
    qs = Reception.objects.visible_to(user)
    principal = user.principal
    if principal.has("office_staff"):
        return qs
    if not principal.member_id:
        return qs.none()
    return qs.filter(
        Q(station__assignments__member_id=principal.member_id)
        | Q(received_by_id=principal.member_id)
    ).distinct()


def reception_get(*, user: Any, reception_id: int) -> Reception:
    found = (
        receptions_visible_to(user)
        .select_related("station", "received_by", "referred_unit")
        .filter(pk=reception_id)
        .first()
    )
    if found is None:
        raise NotFoundOrForbidden()
    return found


def station_receptions(*, user: Any, station: Station) -> QuerySet[Reception]:
    return (
        receptions_visible_to(user)
        .filter(station=station)
        .select_related("received_by", "referred_unit")
    )


def roster(*, station: Station, start: Any = None) -> QuerySet[DutyShift]:
    qs = DutyShift.objects.filter(station=station).select_related("member")
    if start is not None:
        qs = qs.filter(on_date__gte=start)
    return qs


@dataclass
class YearFigures:
    station_id: int
    receptions: int = 0
    activities: int = 0
    answered: int = 0
    referred: int = 0
    opinions: int = 0
    proposal_leads: int = 0
    topics: int = 0
    shifts_done: int = 0


def yearly_figures(*, station_ids: list[int], year: int) -> dict[int, YearFigures]:
    """Year-end statistics per station, in three aggregate queries."""
    figures = {pk: YearFigures(station_id=pk) for pk in station_ids}
    rows = (
        Reception.objects.filter(station_id__in=station_ids, received_at__year=year)
        .values("station_id")
        .annotate(
            n=Count("id"),
            answered=Count("id", filter=Q(handling=Handling.ANSWERED)),
            referred=Count("id", filter=Q(handling=Handling.REFERRED)),
            opinions=Count("id", filter=Q(handling=Handling.OPINION)),
            leads=Count("id", filter=Q(handling=Handling.PROPOSAL_LEAD)),
            topics=Count("id", filter=Q(handling=Handling.CONSULTATION_TOPIC)),
        )
    )
    for row in rows:
        f = figures[row["station_id"]]
        f.receptions, f.answered, f.referred = row["n"], row["answered"], row["referred"]
        f.opinions, f.proposal_leads, f.topics = row["opinions"], row["leads"], row["topics"]
    for row in (
        StationActivity.objects.filter(station_id__in=station_ids, held_on__year=year)
        .values("station_id")
        .annotate(n=Count("id"))
    ):
        figures[row["station_id"]].activities = row["n"]
    for row in (
        DutyShift.objects.filter(station_id__in=station_ids, on_date__year=year, status="done")
        .values("station_id")
        .annotate(n=Count("id"))
    ):
        figures[row["station_id"]].shifts_done = row["n"]
    return figures
