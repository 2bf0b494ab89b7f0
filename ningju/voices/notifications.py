"""Who hears about a public request, and what they are told (sent after commit)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from ningju.accounts.choices import Role
from ningju.accounts.models import User
from ningju.notify.services import notify

from .choices import RouteKind
from .models import PublicRequest


def office_staff(organisation_id: int) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            role_grants__organisation_id=organisation_id,
            role_grants__role=Role.OFFICE_STAFF,
        ).distinct()
    )


def receivers(request: PublicRequest) -> list[User]:
    """The accounts that must act on a routed request."""
    if request.route_kind == RouteKind.MEMBER and request.routed_member_id:
        return list(User.objects.filter(member__pk=request.routed_member_id, is_active=True))
    if request.route_kind == RouteKind.STATION and request.routed_station_id:
        from ningju.stations.models import StationMember

        member_ids = StationMember.objects.filter(station_id=request.routed_station_id).values_list(
            "member_id", flat=True
        )
        return list(User.objects.filter(member__pk__in=list(member_ids), is_active=True))
    if request.route_kind == RouteKind.UNIT and request.routed_unit_id:
        return list(
            User.objects.filter(
                is_active=True,
                role_grants__role=Role.UNIT_OFFICER,
                role_grants__handling_unit_id=request.routed_unit_id,
            ).distinct()
        )
    return []


def _later(**kwargs: Any) -> None:
    # notify() writes the in-app rows in this transaction and sends email/SMS after commit.
    notify(**kwargs)


def submitted(request: PublicRequest) -> None:
    held = request.status == "held"
    _later(
        recipients=office_staff(request.organisation_id),
        event="voices.held" if held else "voices.received",
        title=gettext_lazy("有群众诉求待审核（已被过滤器拦下）")
        if held
        else gettext_lazy("收到新的群众诉求"),
        body=lambda: (
            gettext("查询码 %(code)s：%(title)s")
            % {
                "code": request.code,
                "title": request.title,
            }
        ),
        url=reverse("voices:detail", args=[request.pk]),
        organisation=request.organisation_id,
    )


def routed(request: PublicRequest, *, acting_user: User) -> None:
    _later(
        recipients=receivers(request),
        event="voices.routed",
        title=gettext_lazy("有一件群众诉求转给您办理"),
        body=lambda: gettext("《%(title)s》，请办理后填写办理结果。") % {"title": request.title},
        url=reverse("voices:detail", args=[request.pk]),
        organisation=request.organisation_id,
        exclude=acting_user,
    )


def answered(request: PublicRequest, *, acting_user: User) -> None:
    _later(
        recipients=office_staff(request.organisation_id),
        event="voices.answered",
        title=gettext_lazy("群众诉求已有办理结果"),
        body=lambda: gettext("《%(title)s》已答复，请决定是否公开。") % {"title": request.title},
        url=reverse("voices:detail", args=[request.pk]),
        organisation=request.organisation_id,
        exclude=acting_user,
    )
