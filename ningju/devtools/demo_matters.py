"""Demo 为群众办实事 for 州政协 and 延吉市政协, across every state: promised, in progress with
dated updates, reported with photos, confirmed (shown on the portal), overdue, cancelled.

Written for this project. Runs through the real services with the clock set back.
"""

from __future__ import annotations

import base64
import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ningju.accounts.choices import Role
from ningju.accounts.models import RoleGrant, User
from ningju.matters import services
from ningju.matters.models import Matter
from ningju.members.models import Member
from ningju.orgs.models import HandlingUnit, Organisation

from .demo_proposals import clock

# A 1×1 grey PNG: a stand-in for the photo a member would take on site.
PHOTO = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg=="
)

# (title, description, beneficiaries, location, source, unit short name, end state,
#  days from start to deadline, progress notes, completion summary)
ITEMS: list[tuple[str, str, str, str, str, str, str, int, list[str], str]] = [
    (
        "民安社区巷道路灯维修",
        "居民在委员接待日反映社区北侧巷道路灯损坏多日，夜间出行不便。",
        "河南街道民安社区居民约 1,200 户",
        "延吉市河南街道民安社区",
        "station_visit",
        "州住建局",
        "completed",
        30,
        ["已会同街道现场查看，损坏路灯 23 盏。", "城市照明维护单位进场更换灯具和线路。"],
        "23 盏路灯全部修复，社区公布报修电话，实行 48 小时内修复。",
    ),
    (
        "光明小区楼道加装扶手",
        "高龄老人多、无电梯的老旧小区楼道没有扶手，上下楼困难。",
        "光明小区 60 岁以上老人 300 余人",
        "延吉市建工街道光明小区",
        "consultation",
        "州住建局",
        "completed",
        45,
        ["完成入户摸底，确定 42 个单元需要安装。", "扶手安装完成 30 个单元。"],
        "42 个单元楼道扶手全部安装到位，并在拐角处加装夜间感应灯。",
    ),
    (
        "朝汉双语标识规范更换",
        "群众反映新设的路名牌、公交站牌只有汉字，不符合自治州双语规定。",
        "全州公交乘客",
        "延吉、龙井、图们城区",
        "public_request",
        "州交通运输局",
        "completed",
        60,
        ["排查发现不规范站牌 64 块。", "新站牌制作完成，开始分批更换。"],
        "64 块站牌和 18 块路名牌按朝汉双语标准全部更换。",
    ),
    (
        "恢复东城镇光东村客运班线",
        "村民反映农村客运班车停运半年，到镇上看病、上学只能搭车。",
        "和龙市东城镇光东村等 5 个村屯村民",
        "和龙市东城镇",
        "consultation",
        "州交通运输局",
        "reported",
        40,
        ["与客运企业商定线路、班次和票价。", "试运行两周，每日往返两趟。"],
        "班线已恢复，每日往返两趟，早班车 6:40 发车。",
    ),
    (
        "农村学校冬季取暖设施检修",
        "委员调研发现部分农村学校锅炉老化，去年冬天教室温度偏低。",
        "安图县 6 所农村学校师生",
        "安图县",
        "other",
        "州教育局",
        "in_progress",
        50,
        ["完成 6 所学校锅炉和管网检测，列出更换清单。"],
        "",
    ),
    (
        "社区卫生服务中心双语导诊",
        "朝鲜族老年患者看病时沟通不便，希望有会说朝鲜语的导诊人员。",
        "社区朝鲜族老年患者",
        "延吉市新兴街道",
        "station_visit",
        "州卫健委",
        "overdue",
        20,
        ["已招募双语志愿者 12 名，正在培训。"],
        "",
    ),
    (
        "村民法律咨询进村",
        "村民土地流转合同纠纷多，希望有律师上门讲解。",
        "汪清县百草沟镇村民",
        "汪清县百草沟镇",
        "consultation",
        "",
        "planned",
        35,
        [],
        "",
    ),
    (
        "菜市场门前积水治理",
        "雨天市场门前积水严重，群众进出不便。",
        "西市场周边居民和商户",
        "延吉市西市场",
        "public_request",
        "州住建局",
        "cancelled",
        30,
        [],
        "",
    ),
]


# 延吉市政协's own matters.
YANJI_ITEMS: list[tuple[str, str, str, str, str, str, str, int, list[str], str]] = [
    (
        "北山街道老年食堂开伙",
        "独居老人多，吃饭难，居民在协商议事会上提出办社区老年食堂。",
        "北山街道 70 岁以上独居老人 80 余人",
        "延吉市北山街道",
        "consultation",
        "",
        "completed",
        50,
        ["选定场地，完成厨房改造。", "试营业两周，每日供餐 60 余份。"],
        "老年食堂正式开伙，午餐 8 元一份，行动不便的老人可送餐上门。",
    ),
    (
        "依兰镇村道破损修补",
        "村民反映通往镇上的村道坑洼多，雨天泥泞，农用车通行困难。",
        "依兰镇 3 个村屯村民",
        "延吉市依兰镇",
        "station_visit",
        "",
        "completed",
        45,
        ["完成路面勘测，破损 1.2 公里。", "修补施工完成 70%。"],
        "1.2 公里破损路面全部修补，两侧增设排水沟。",
    ),
    (
        "进学街道学校周边增设减速带",
        "家长反映学校门口车速快，孩子过马路不安全。",
        "进学街道两所小学学生",
        "延吉市进学街道",
        "public_request",
        "",
        "overdue",
        20,
        ["已与交警部门现场勘查，确定设置点位。"],
        "",
    ),
]


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _first_grant(role: str, **filters: Any) -> User | None:
    grant = (
        RoleGrant.objects.filter(role=role, **filters).select_related("user").order_by("id").first()
    )
    return grant.user if grant else None


def _load_for(org: Organisation, seed: int, today: date, *, short: bool) -> int:
    rng = random.Random(seed)
    staff = _first_grant(Role.OFFICE_STAFF, organisation=org)
    if staff is None:
        return 0
    members = list(
        Member.objects.filter(
            organisation=org, user__isnull=False, memberships__term__is_current=True
        )
        .select_related("user")
        .order_by("pk")
        .distinct()
    )
    rng.shuffle(members)
    members.sort(key=lambda m: m.user.username != "member" if m.user else True)
    units = {u.short_name: u for u in HandlingUnit.objects.filter(organisation=org)}
    items = YANJI_ITEMS if short else ITEMS
    created = 0
    for n, item in enumerate(items):
        title, description, who, where, source, unit_name, state, span, notes, summary = item
        start = today - timedelta(days=80 - n * 6)
        if state == "overdue":
            start = today - timedelta(days=span + 9)
        elif state in ("planned", "in_progress", "reported"):
            start = today - timedelta(days=12 + n)
        unit = units.get(unit_name) or next(
            (u for name, u in sorted(units.items()) if unit_name and name.endswith(unit_name[1:])),
            None,
        )
        member = members[n % len(members)] if members and n % 4 != 2 else None
        if member is None and unit is None:
            member = members[0] if members else None
        if member is None and unit is None:
            continue
        with clock(_at(start, 9)):
            m = services.matter_create(
                acting_user=staff,
                data=services.MatterData(
                    title=title,
                    description=description,
                    deadline=start + timedelta(days=span),
                    owner_member=member,
                    owner_unit=unit,
                    beneficiaries=who,
                    location=where,
                    source_kind=source,
                    source_reference="有事来商量协商议事" if source == "consultation" else "",
                ),
            )
        created += 1
        if state == "cancelled":
            with clock(_at(start + timedelta(days=3), 10)):
                services.matter_cancel(
                    acting_user=staff, matter=m, reason="已纳入市政排水改造工程统一实施。"
                )
            continue
        owner = (member.user if member else None) or _first_grant(
            Role.UNIT_OFFICER, handling_unit=unit
        )
        if owner is None:
            continue
        for step, note in enumerate(notes, start=1):
            with clock(_at(start + timedelta(days=step * 5), 16)):
                services.matter_progress_add(
                    acting_user=owner,
                    matter=m,
                    note=note,
                    percent=min(90, step * 40),
                    stage="working" if step > 1 else "survey",
                )
        if state not in ("reported", "completed"):
            continue
        finish = start + timedelta(days=max(len(notes) * 5 + 3, span - 5))
        with clock(_at(finish, 15)):
            services.matter_evidence_add(
                acting_user=owner,
                matter=m,
                file=SimpleUploadedFile("现场照片.png", PHOTO, content_type="image/png"),
                caption="完工后现场照片",
            )
            services.matter_report_done(acting_user=owner, matter=m, summary=summary)
        if state == "completed":
            with clock(_at(finish + timedelta(days=2), 10)):
                services.matter_confirm(acting_user=staff, matter=m)
    return created


def load() -> dict[str, Any]:
    if Matter.objects.exists():
        return {}
    today = timezone.localdate()
    total = 0
    prefecture = Organisation.objects.filter(parent__isnull=True).order_by("id").first()
    if prefecture is not None:
        total += _load_for(prefecture, 4041, today, short=False)
    yanji = Organisation.objects.filter(code="yanji").first()
    if yanji is not None:
        total += _load_for(yanji, 4042, today, short=True)
    return {"为群众办实事": total}
