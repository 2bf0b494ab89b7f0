"""Demo 有事来商量 public requests for 州政协 and 延吉市政协 in every state: received, held by
the content filter (spam), rejected, merged as a duplicate, routed to a member, a station or
a handling unit, answered, and published on /consult/. Written for this project; runs
through the real services with the clock set back.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from ningju.accounts.models import User
from ningju.members.models import Member
from ningju.orgs.models import HandlingUnit, Organisation
from ningju.stations.models import Station
from ningju.voices import services
from ningju.voices.choices import RouteKind
from ningju.voices.models import PublicRequest

from .demo_data import PREFECTURE_CODE
from .demo_proposals import clock
from .demo_stations import ensure_stations

# (subject, title, text, name, publish consent, end state, route)
# route: "member", "station:<name>", "unit:<short name>" or "".
REQUESTS: list[tuple[str, str, str, str, bool, str, str]] = [
    (
        "urban",
        "民安社区巷道路灯不亮",
        "延吉市河南街道民安社区北侧巷道的路灯坏了两个多月，晚上老人和孩子出门只能打手电，希望尽快修复。",
        "金美玉",
        True,
        "published",
        "station:州市政协委员联络站",
    ),
    (
        "transport",
        "公交站牌缺少朝鲜文",
        "新换的公交站牌只有汉字，按照自治州朝鲜语言文字工作条例应当朝汉双语，希望尽快更正。",
        "朴成浩",
        True,
        "published",
        "unit:州交通运输局",
    ),
    (
        "education",
        "校外托管机构收费不透明",
        "小学附近的课后托管机构收费标准不一，有的一学期涨价两次，希望教育部门规范管理。",
        "",
        True,
        "published",
        "unit:州教育局",
    ),
    (
        "elderly",
        "社区食堂希望延长营业时间",
        "北山街道社区老年食堂只供应午餐，很多独居老人晚饭没有着落，希望增加晚餐。",
        "李秀兰",
        True,
        "answered",
        "member",
    ),
    (
        "employment",
        "高校毕业生留延就业补贴",
        "延边大学的毕业生很多想留在延吉工作，但不清楚人才补贴怎么申请，希望有一站式的咨询窗口。",
        "崔明哲",
        False,
        "answered",
        "station:延边大学界别委员联络站",
    ),
    (
        "education",
        "大学周边夜间交通不便",
        "延边大学晚自习结束后公交已经停运，学生打车困难，希望延长公园路一带公交运营时间。",
        "张志远",
        True,
        "routed",
        "station:延边大学界别委员联络站",
    ),
    (
        "health",
        "社区卫生服务中心缺少儿科",
        "进学街道社区卫生服务中心没有儿科医生，孩子发烧只能去大医院排长队。",
        "王春花",
        True,
        "routed",
        "station:医药卫生界委员联络站",
    ),
    (
        "urban",
        "老旧小区加装电梯怎么申请",
        "建工街道光明小区都是六层老楼，住户多是老人，想加装电梯但不知道补贴政策和申请流程。",
        "郑英子",
        True,
        "routed",
        "member",
    ),
    (
        "environment",
        "布尔哈通河边垃圾清理不及时",
        "布尔哈通河北岸步道旁的垃圾桶经常满溢，夏天气味很大，希望增加清运次数。",
        "",
        True,
        "routed",
        "unit:州生态环境局",
    ),
    (
        "rural",
        "村里网络信号差影响直播卖货",
        "和龙市东城镇村里手机信号弱，村民想通过直播卖大米和木耳，希望改善网络覆盖。",
        "金成哲",
        True,
        "received",
        "",
    ),
    (
        "culture",
        "朝鲜族农乐舞培训班报名",
        "想让孩子学习朝鲜族农乐舞，请问哪里有公益培训班，怎么报名？",
        "朴英子",
        False,
        "received",
        "",
    ),
    (
        "transport",
        "学校门口上下学拥堵",
        "延吉市第三中学放学时门口接孩子的车辆堵成一片，学生过马路很危险，希望增派交警或设置临时停车区。",
        "",
        True,
        "received",
        "",
    ),
    (
        "urban",
        "民安社区路灯还是不亮",
        "河南街道民安社区巷道的路灯坏了很久了，晚上出门不安全，请有关部门尽快修好。",
        "",
        True,
        "merged",
        "",
    ),
    (
        "other",
        "请帮忙追讨工程欠款",
        "本人在某工地打工被拖欠工资，请政协委员帮忙向老板要钱。",
        "",
        False,
        "rejected",
        "",
    ),
    (
        "other",
        "加微信领取优惠",
        "加微信 领取网上赌场首充优惠 http://a.example http://b.example http://c.example http://d.example",
        "",
        False,
        "held",
        "",
    ),
    (
        "other",
        "六合彩内部资料",
        "最准六合彩内部资料，百家乐真人荷官在线，点击 http://x.example 立即注册。",
        "",
        False,
        "held",
        "",
    ),
    (
        "health",
        "医院挂号难",
        "州医院专家号一放出来就没有了，网上挂号的老人很难抢到，希望给老年人保留现场号。",
        "",
        True,
        "held",
        "",
    ),
]

COUNTY_REQUESTS: list[tuple[str, str, str, str, bool, str, str]] = [
    (
        "urban",
        "河南街道小区停车位不足",
        "延吉市河南街道几个老小区停车位严重不足，消防通道常被占用，希望规划立体停车场。",
        "韩美善",
        True,
        "published",
        "station:河南街道政协委员工作室",
    ),
    (
        "elderly",
        "居家养老上门服务覆盖少",
        "独居老人需要上门助浴、助洁服务，但社区服务名额很少，希望扩大覆盖面。",
        "",
        True,
        "routed",
        "station:河南街道政协委员工作室",
    ),
    (
        "transport",
        "朝阳川镇到市区末班车太早",
        "朝阳川镇到延吉市区的公交末班车下午五点半就没有了，下班的人回不了家。",
        "",
        True,
        "received",
        "",
    ),
]

OUTCOMES = {
    "民安社区巷道路灯不亮": "驻站委员会同街道和城市照明维护单位现场查看，损坏路灯23盏已全部修复，社区公布了报修电话。",
    "公交站牌缺少朝鲜文": "州交通运输局排查出不规范站牌64块，已按朝汉双语标准全部更换。",
    "校外托管机构收费不透明": "州教育局会同市场监管部门开展专项检查，要求托管机构公示收费标准，一学期内不得调价。",
    "社区食堂希望延长营业时间": "经与街道和民政部门沟通，北山街道社区老年食堂自下月起增加晚餐供应，70岁以上老人享受补贴。",
    "高校毕业生留延就业补贴": "联络站与人社部门在延边大学设立就业政策咨询点，每周四下午现场答疑。",
    "河南街道小区停车位不足": "延吉市已将两处闲置地块规划为公共停车场，新增车位300个，年内投入使用。",
}


def _at(days_ago: int, hour: int = 10) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _staff_of(org: Organisation) -> User | None:
    return (
        User.objects.filter(role_grants__role="office_staff", role_grants__organisation=org)
        .order_by("id")
        .first()
    )


def _route(org: Organisation, route: str) -> services.Route:
    if route == "member":
        member = (
            Member.objects.filter(user__username="member").first()
            or Member.objects.filter(organisation=org).first()
        )
        return services.Route(kind=RouteKind.MEMBER, member_id=getattr(member, "pk", None))
    kind, _, name = route.partition(":")
    if kind == "station":
        station = Station.objects.get(organisation=org, name=name)
        return services.Route(kind=RouteKind.STATION, station_id=station.pk)
    unit = (
        HandlingUnit.objects.filter(organisation=org, short_name=name).first()
        or HandlingUnit.objects.filter(
            organisation=org, name__contains=name.removeprefix("州")
        ).first()
        or HandlingUnit.objects.filter(organisation=org).first()
    )
    return services.Route(kind=RouteKind.UNIT, unit_id=getattr(unit, "pk", None))


def _answerer(item: PublicRequest, staff: User) -> User:
    """The receiver answers what was routed to them (members, a unit's officer); else staff."""
    if item.route_kind == RouteKind.MEMBER and item.routed_member and item.routed_member.user:
        return item.routed_member.user
    if item.route_kind == RouteKind.UNIT:
        officer = User.objects.filter(
            role_grants__role="unit_officer", role_grants__handling_unit_id=item.routed_unit_id
        ).first()
        if officer is not None:
            return officer
    return staff


def _run(
    org: Organisation, rows: list[tuple[str, str, str, str, bool, str, str]], phone_base: int
) -> int:
    staff = _staff_of(org)
    if staff is None:
        return 0
    made = 0
    first_lamp: PublicRequest | None = None
    for index, (subject, title, text, name, consent, state, route) in enumerate(rows):
        days_ago = 90 - index * 5
        with clock(_at(days_ago, 9 + index % 8)):
            item = services.request_submit(
                data=services.Submission(
                    organisation_id=org.pk,
                    subject=subject,
                    title=title,
                    text=text,
                    phone=str(phone_base + index * 7919),
                    requester_name=name,
                    publish_consent=consent,
                    consent=True,
                ),
            )
        made += 1
        if first_lamp is None and "路灯" in title:
            first_lamp = item
        with clock(_at(days_ago - 1, 15)):
            if state == "held" or item.status == "held":
                continue
            if state == "rejected":
                services.request_reject(
                    acting_user=staff,
                    request=item,
                    reason="个人劳动报酬纠纷请向劳动保障监察部门或法律援助中心反映，电话 12333。",
                )
                continue
            if state == "merged" and first_lamp is not None and first_lamp.pk != item.pk:
                services.request_merge(acting_user=staff, request=item, into=first_lamp)
                continue
            if state == "received" or not route:
                continue
            item = services.request_route(acting_user=staff, request=item, route=_route(org, route))
        if state == "routed":
            continue
        with clock(_at(max(days_ago - 8, 1), 11)):
            item = services.request_answer(
                acting_user=_answerer(item, staff),
                request=item,
                outcome=OUTCOMES.get(title, "已办理，并已电话告知提出人。"),
            )
        if state == "published":
            with clock(_at(max(days_ago - 10, 1), 16)):
                services.request_publish(acting_user=staff, request=item)
    return made


def load() -> dict[str, int]:
    ensure_stations()
    prefecture = Organisation.objects.get(code=PREFECTURE_CODE)
    made = _run(prefecture, REQUESTS, 13604330000)
    yanji = Organisation.objects.filter(code="yanji").first()
    if yanji is not None:
        made += _run(yanji, COUNTY_REQUESTS, 13804430000)
    return {"public requests": made}
