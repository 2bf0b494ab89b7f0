"""Demo liaison stations (委员联络站) for 州政协 and every county committee: assigned members,
a duty roster around today, a reception log with every channel and handling, activities.
Written for this project; runs through the real services. Public requests routed to a station
(see demo_voices, loaded first) are partly answered here by reception entries.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from ningju.accounts.models import User
from ningju.members.models import Member
from ningju.orgs.models import HandlingUnit, Organisation, Sector
from ningju.stations import services
from ningju.stations.choices import StationKind, StationRole
from ningju.stations.models import Station, StationMember

from .demo_data import PREFECTURE_CODE

# (name, kind, sector name, address, opening hours, opened on, description)
PREFECTURE_STATIONS: list[tuple[str, str, str, str, str, date, str]] = [
    (
        "州市政协委员联络站",
        StationKind.STATION,
        "",
        "延吉市长白山西路6号 延边州政务服务中心一楼",
        "每周三 9:00-11:30，14:00-16:30",
        date(2020, 3, 27),
        "“有事来商量”州市联动的窗口：委员轮值接待群众，听取意见建议。",
    ),
    (
        "延边大学界别委员联络站",
        StationKind.SECTOR_STATION,
        "教育界",
        "延吉市公园路977号 延边大学行政楼二楼",
        "每周二、周四 14:00-16:30",
        date(2021, 9, 10),
        "教育界委员联系高校师生，收集教育、科研和青年就业方面的意见。",
    ),
    (
        "政协委员协商议事厅",
        StationKind.HALL,
        "",
        "延吉市友谊路 延边州政协机关三楼",
        "按协商活动安排开放",
        date(2020, 3, 27),
        "“有事来商量”协商议事活动场所。",
    ),
    (
        "医药卫生界委员联络站",
        StationKind.SECTOR_STATION,
        "医药卫生界",
        "延吉市局子街1327号 延边大学附属医院门诊楼",
        "每月第一个周五 9:00-11:30",
        date(2022, 5, 6),
        "医药卫生界委员定期坐诊、义诊，了解群众看病就医中的难题。",
    ),
]

COUNTY_STATIONS: dict[str, tuple[str, str]] = {
    "yanji": ("河南街道政协委员工作室", "延吉市河南街道民安社区服务中心"),
    "tumen": ("向上街道政协委员工作室", "图们市向上街道便民服务中心"),
    "dunhua": ("胜利街道政协委员联络站", "敦化市胜利街道综合服务中心"),
    "hunchun": ("靖和街道龙泉社区委员工作室", "珲春市靖和街道龙泉社区"),
    "longjing": ("安民街道政协委员联络站", "龙井市安民街道办事处一楼"),
    "helong": ("光明街道政协委员联络站", "和龙市光明街道党群服务中心"),
    "wangqing": ("汪清镇政协委员联络站", "汪清县汪清镇便民服务中心"),
    "antu": ("二道白河镇政协委员工作室", "安图县二道白河镇政务服务中心"),
}

# (topic, issue, handling, handling note, channel)
VISITS: list[tuple[str, str, str, str, str]] = [
    (
        "老旧小区加装电梯",
        "建工街道多个六层老楼住户以老人为主，希望政府出台加装电梯补贴办法，并协调低层住户意见。",
        "consultation_topic",
        "列入本季度“有事来商量”协商议题，邀请住建部门参加。",
        "walk_in",
    ),
    (
        "朝汉双语站牌不规范",
        "新设公交站牌只有汉字，不符合自治州朝鲜语言文字工作条例。",
        "referred",
        "已转州交通运输局，答复一个月内更换。",
        "walk_in",
    ),
    (
        "高校毕业生留延就业",
        "延边大学应届毕业生反映本地岗位少、薪酬低，希望加大人才公寓和就业补贴力度。",
        "proposal_lead",
        "",
        "visit",
    ),
    (
        "农村留守老人就医难",
        "安图县偏远村屯留守老人到县医院要换乘两次，希望开通巡回医疗或就医专线。",
        "opinion",
        "",
        "phone",
    ),
    (
        "冬季供暖温度不达标",
        "北山街道某小区供暖温度长期低于18度，多次找供热公司未解决。",
        "referred",
        "已转州住建局督促供热企业入户测温整改。",
        "phone",
    ),
    (
        "社区养老服务咨询",
        "居民咨询居家养老服务补贴的申请条件和办理地点。",
        "answered",
        "当场讲解政策，告知到街道便民服务中心办理。",
        "walk_in",
    ),
    (
        "学校周边交通安全",
        "延吉市第三中学放学时门口车辆拥堵，学生过马路危险。",
        "referred",
        "已转交警支队，增派上下学时段警力。",
        "online",
    ),
    (
        "人参种植户销售难",
        "敦化市人参种植户反映收购价格低，希望搭建电商销售平台和品牌认证。",
        "opinion",
        "",
        "visit",
    ),
    (
        "朝鲜族传统村落保护",
        "龙井市部分朝鲜族传统民居年久失修，希望纳入传统村落保护名录。",
        "proposal_lead",
        "",
        "box",
    ),
    (
        "医保异地结算",
        "在韩务工人员家属咨询医保异地就医直接结算的办理流程。",
        "answered",
        "当场说明备案流程，提供医保经办机构电话。",
        "phone",
    ),
    ("农村公路养护", "汪清县罗子沟镇通村公路坑洼多，雨季通行困难。", "pending", "", "online"),
    (
        "图们江边步道照明",
        "江边步道夜间照明不足，散步的居民希望增设路灯。",
        "referred",
        "已转市城市管理局，纳入年度照明改造计划。",
        "walk_in",
    ),
]

ACTIVITIES: list[tuple[str, str, str]] = [
    (
        "consultation",
        "有事来商量：老旧小区加装电梯",
        "委员、居民代表和住建、街道负责人面对面协商，形成三条意见。",
    ),
    ("clinic", "医药卫生界委员义诊进社区", "为120余名居民测血压、血糖，解答用药问题。"),
    (
        "study",
        "学习《延边朝鲜族自治州朝鲜语言文字工作条例》",
        "驻站委员集中学习并交流双语标识落实情况。",
    ),
    ("research", "高校毕业生就业创业情况调研", "走访延边大学就业指导中心和三家用人企业。"),
    ("legal_aid", "法律援助进社区", "律师委员为居民解答婚姻家庭、劳动合同等法律问题。"),
    ("visit", "走访慰问困难群众", "走访慰问12户困难家庭，了解生活和就医情况。"),
]


def _staff_of(org: Organisation) -> User | None:
    return (
        User.objects.filter(
            organisation=org, role_grants__role="office_staff", role_grants__organisation=org
        )
        .order_by("id")
        .first()
    )


def _moment(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def ensure_stations() -> list[Station]:
    """Create the stations once (demo_voices needs them to route requests); returns them all."""
    if Station.objects.exists():
        return list(Station.objects.all())
    rng = random.Random(20260327)
    prefecture = Organisation.objects.get(code=PREFECTURE_CODE)
    staff = _staff_of(prefecture)
    if staff is None:
        return []
    created: list[Station] = []
    for name, kind, sector_name, address, hours, opened, description in PREFECTURE_STATIONS:
        sector = Sector.objects.filter(organisation=prefecture, name=sector_name).first()
        created.append(
            services.station_create(
                acting_user=staff,
                data=services.StationData(
                    name=name,
                    kind=kind,
                    sector_id=sector.pk if sector else None,
                    address=address,
                    opening_hours=hours,
                    contact_name="朴丽华",
                    contact_phone="0433-2512345",
                    opened_on=opened,
                    description=description,
                ),
            )
        )
    for org in Organisation.objects.filter(level="county").order_by("sort_order", "id"):
        spec = COUNTY_STATIONS.get(org.code)
        if spec is None:
            continue
        # Most demo counties have no office account: their stations are plain master data.
        created.append(
            Station.objects.create(
                organisation=org,
                name=spec[0],
                kind=StationKind.STUDIO if "工作室" in spec[0] else StationKind.STATION,
                address=spec[1],
                opening_hours="每周三 9:00-11:30",
                contact_name="政协办公室",
                opened_on=date(2021, 3, 1) + timedelta(days=rng.randint(0, 400)),
            )
        )
    # Members on every station: the demo accounts on the university station first.
    for station in created:
        members = list(
            Member.objects.filter(
                organisation_id=station.organisation_id, memberships__term__is_current=True
            )
            .distinct()
            .order_by("id")[:40]
        )
        if not members:
            continue
        chosen = rng.sample(members, k=min(4, len(members)))
        if station.name == "延边大学界别委员联络站":
            for username in ("member", "member2"):
                demo = Member.objects.filter(user__username=username).first()
                if demo is not None and demo not in chosen:
                    chosen = [demo, *chosen[:3]]
        for index, member in enumerate(chosen):
            StationMember.objects.get_or_create(
                station=station,
                member=member,
                defaults={"role": StationRole.CONVENOR if index == 0 else StationRole.RESIDENT},
            )
    return created


def load() -> dict[str, int]:
    from ningju.voices.selectors import station_queue

    rng = random.Random(20200423)
    stations = ensure_stations()
    today = timezone.localdate()
    shifts = receptions = activities = converted = 0
    for station in stations:
        staff = _staff_of(station.organisation)
        if staff is None:
            continue
        assigned = list(station.assignments.select_related("member"))
        if not assigned:
            continue
        # 值班表: one member every Wednesday, six weeks back and four ahead.
        wednesday = today - timedelta(days=(today.weekday() - 2) % 7)
        for week in range(-6, 5):
            day = wednesday + timedelta(weeks=week)
            member = assigned[(week + 6) % len(assigned)].member
            shift = services.shift_add(
                acting_user=staff, station=station, member_id=member.pk, on_date=day
            )
            shifts += 1
            if day < today:
                services.shift_mark(
                    acting_user=staff, shift=shift, status="done" if week != -3 else "missed"
                )
        # 接待登记: the prefecture stations get most of the visitors.
        count = 6 if station.organisation.code == PREFECTURE_CODE else 2
        units = list(HandlingUnit.objects.filter(organisation_id=station.organisation_id)[:10])
        for n in range(count):
            topic, issue, handling, note, channel = VISITS[rng.randrange(len(VISITS))]
            if handling == "referred" and not units:
                handling, note = "answered", "当场答复，并告知办理渠道。"
            receiver = assigned[n % len(assigned)].member
            reception = services.reception_create(
                acting_user=staff,
                station=station,
                data=services.ReceptionData(
                    received_at=_moment(today - timedelta(days=rng.randint(1, 150)), 9 + n % 6),
                    channel=channel,
                    visitor_name=rng.choice(["金", "李", "朴", "崔", "张", "王", "赵", "郑"])
                    + rng.choice(["英子", "春花", "成浩", "明哲", "秀兰", "志远", ""]),
                    visitor_phone=f"139{rng.randint(10000000, 99999999)}" if n % 2 else "",
                    topic=topic,
                    issue=issue,
                    handling=handling
                    if handling not in ("opinion", "proposal_lead")
                    else "pending",
                    handling_note=note,
                    referred_unit_id=rng.choice(units).pk if handling == "referred" else None,
                    satisfaction=rng.choice(["satisfied", "basic", ""]),
                    received_by_id=receiver.pk,
                ),
            )
            receptions += 1
            # Members with an account turn their visitors' concerns into drafts themselves.
            if handling in ("opinion", "proposal_lead") and receiver.user_id:
                user = User.objects.get(pk=receiver.user_id)
                if handling == "opinion":
                    services.reception_to_opinion(acting_user=user, reception=reception)
                else:
                    services.reception_to_proposal(acting_user=user, reception=reception)
                converted += 1
        # A routed public request answered by a reception entry; the university station keeps
        # its request in the queue so the demo member has one to answer.
        keep = station.name == "延边大学界别委员联络站"
        for item in [] if keep else list(station_queue(station_id=station.pk)[:1]):
            services.reception_create(
                acting_user=staff,
                station=station,
                data=services.ReceptionData(
                    channel="online",
                    topic=item.title,
                    issue=item.text,
                    visitor_name=item.requester_name,
                    handling="answered",
                    handling_note="驻站委员已与提出人电话沟通，会同街道现场查看，问题已落实整改。",
                    received_by_id=assigned[0].member_id,
                    public_request_id=item.pk,
                ),
            )
            receptions += 1
        for kind, title, summary in rng.sample(ACTIVITIES, k=2):
            services.activity_create(
                acting_user=staff,
                station=station,
                data=services.ActivityData(
                    kind=kind,
                    title=title,
                    held_on=today - timedelta(days=rng.randint(3, 200)),
                    summary=summary,
                    attendee_ids=[a.member_id for a in assigned[:3]],
                ),
            )
            activities += 1
    return {
        "liaison stations": len(stations),
        "duty shifts": shifts,
        "station receptions": receptions,
        "station activities": activities,
        "receptions turned into drafts": converted,
    }
