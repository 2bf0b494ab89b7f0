"""Reads for public requests. Who sees which request is decided here, once."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from ningju.accounts.choices import Role
from ningju.core.errors import NotFoundOrForbidden

from .choices import RouteKind, Status
from .models import PublicRequest
from .predicates import station_ids_of_member


def requests_visible_to(user: Any) -> QuerySet[PublicRequest]:
    """Office staff: every request of their committee (held ones included).
    Receivers: what was routed to them (as a member, to their station, to their unit).
    """
    principal = user.principal
    qs = PublicRequest.objects.visible_to(user)
    if principal.has(Role.OFFICE_STAFF):
        return qs
    condition = Q(pk__in=[])
    if principal.member_id:
        condition |= Q(route_kind=RouteKind.MEMBER, routed_member_id=principal.member_id)
        stations = station_ids_of_member(principal.member_id)
        if stations:
            condition |= Q(route_kind=RouteKind.STATION, routed_station_id__in=stations)
    if principal.has(Role.UNIT_OFFICER) and principal.handling_unit_id:
        condition |= Q(route_kind=RouteKind.UNIT, routed_unit_id=principal.handling_unit_id)
    return qs.filter(condition).exclude(status__in=[Status.HELD, Status.REJECTED])


def request_get(*, user: Any, request_id: int) -> PublicRequest:
    found = (
        requests_visible_to(user)
        .select_related(
            "organisation", "routed_member", "routed_station", "routed_unit", "merged_into"
        )
        .filter(pk=request_id)
        .first()
    )
    if found is None:
        raise NotFoundOrForbidden()
    return found


def request_list(*, user: Any, status: str = "", query: str = "") -> QuerySet[PublicRequest]:
    qs = requests_visible_to(user)
    if status:
        qs = qs.filter(status=status)
    if query:
        from ningju.textmatch.normalize import search_variants, to_simplified

        condition = Q(title_search__icontains=to_simplified(query))
        for text in search_variants(query):
            condition |= Q(title__icontains=text) | Q(code__iexact=text.replace("-", ""))
        qs = qs.filter(condition)
    return qs.select_related("organisation", "routed_member", "routed_station", "routed_unit")


def station_queue(*, station_id: int) -> QuerySet[PublicRequest]:
    """Requests routed to a station and not answered yet (the station's 待办)."""
    return PublicRequest.objects.filter(
        route_kind=RouteKind.STATION, routed_station_id=station_id, status=Status.ROUTED
    ).order_by("routed_at", "id")


def published_outcomes(*, organisation_id: int | None = None) -> QuerySet[PublicRequest]:
    """The public list on /consult/: published outcomes only, newest first."""
    qs = PublicRequest.objects.filter(status=Status.PUBLISHED)
    if organisation_id:
        qs = qs.filter(organisation_id=organisation_id)
    return qs.select_related("organisation").order_by("-published_at", "-id")


def request_track(*, code: str, phone_last4: str) -> PublicRequest | None:
    """The requester's own lookup: the code and the last four digits of the phone must match."""
    code = normalise_code(code)
    if not code or len(phone_last4) != 4 or not phone_last4.isdigit():
        return None
    found = PublicRequest.objects.select_related("organisation").filter(code=code).first()
    if found is None or not found.phone.endswith(phone_last4):
        return None
    return found


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())[:12]
