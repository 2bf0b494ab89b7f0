"""Fixtures of public requests and liaison stations, set up through the real services."""

from __future__ import annotations

import itertools
from typing import Any

from django.core.cache import cache

from ningju.members.models import Member
from ningju.orgs.models import Organisation
from ningju.stations import services as station_services
from ningju.stations.choices import StationKind, StationRole
from ningju.stations.models import Station, StationMember
from ningju.voices import services
from ningju.voices.choices import RouteKind, Status
from ningju.voices.models import PublicRequest
from tests.factories import World

_phones = itertools.count(13900000001)
_ips = itertools.count(1)

CLEAN_TEXT = "延吉市河南街道老旧小区的路灯坏了三个月，晚上老人出门很不安全，希望尽快修好。"
SPAM_TEXT = "加微信领取网上赌场优惠 http://a.cn http://b.cn http://c.cn http://d.cn"


def next_phone() -> str:
    return str(next(_phones))


def next_ip() -> str:
    n = next(_ips)
    return f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"


def submit(
    org: Organisation,
    *,
    title: str = "小区路灯坏了",
    text: str = CLEAN_TEXT,
    phone: str | None = None,
    name: str = "金美玉",
    publish_consent: bool = True,
) -> PublicRequest:
    return services.request_submit(
        data=services.Submission(
            organisation_id=org.pk,
            subject="urban",
            title=title,
            text=text,
            phone=phone or next_phone(),
            requester_name=name,
            publish_consent=publish_consent,
            consent=True,
        ),
        ip_address=next_ip(),
    )


def station(
    w: World, *, name: str = "延边大学界别委员联络站", members: tuple[str, ...] = ("member",)
) -> Station:
    staff = w["staff"]
    s = station_services.station_create(
        acting_user=staff,
        data=station_services.StationData(
            name=name,
            kind=StationKind.STATION,
            address="延吉市公园路977号",
            opening_hours="每周三 9:00-11:30",
        ),
    )
    for username in members:
        StationMember.objects.create(
            station=s, member=Member.objects.get(user=w[username]), role=StationRole.RESIDENT
        )
    return s


def in_state(w: World, state: str, **kwargs: Any) -> PublicRequest:
    """A prefecture request brought to `state` through the services."""
    staff = w["staff"]
    if state == Status.HELD:
        return submit(w.prefecture, text=SPAM_TEXT, **kwargs)
    item = submit(w.prefecture, **kwargs)
    if state == Status.RECEIVED:
        return item
    if state == Status.REJECTED:
        return services.request_reject(acting_user=staff, request=item, reason="不属于政协职责")
    if state == Status.MERGED:
        other = submit(w.prefecture, title="另一件路灯问题")
        return services.request_merge(acting_user=staff, request=item, into=other)
    member = Member.objects.get(user=w["member"])
    item = services.request_route(
        acting_user=staff,
        request=item,
        route=services.Route(kind=RouteKind.MEMBER, member_id=member.pk),
    )
    if state == Status.ROUTED:
        return item
    item = services.request_answer(
        acting_user=w["member"], request=item, outcome="已联系街道，路灯已修好。"
    )
    if state == Status.ANSWERED:
        return item
    return services.request_publish(acting_user=staff, request=item)


def clear_limits() -> None:
    cache.clear()
