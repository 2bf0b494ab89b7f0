"""Demo 微建议 for 州政协 and 延吉市政协: from members and the public, across every state.

Written for this project (Yanbian street lights, bilingual signs, rural bus lines …). Runs
through the real services with the clock set back, so dates, audit rows, notifications and
duty records are what the platform would have produced.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from ningju.accounts.choices import Role
from ningju.accounts.models import RoleGrant, User
from ningju.members.models import Member
from ningju.orgs.models import HandlingUnit, Office, Organisation
from ningju.suggestions import services
from ningju.suggestions.models import Suggestion

from .demo_proposals import clock

# (title, category, body, unit short name or "" for the office, reply)
ITEMS: list[tuple[str, str, str, str, str]] = [
    (
        "河南街道背街小巷路灯长期不亮",
        "urban",
        "延吉市河南街道民安社区北侧几条巷道的路灯坏了一个多月，晚上老人孩子出行很不安全，"
        "建议尽快维修并建立路灯巡查报修机制。",
        "州住建局",
        "已组织城市照明维护单位对民安社区周边 23 盏路灯进行检修，全部恢复照明；"
        "同时在社区公布报修电话，实行 48 小时内修复。",
    ),
    (
        "老旧小区楼道加装扶手",
        "livelihood",
        "不少上世纪九十年代建成的老旧小区没有电梯，楼道也没有扶手，高龄老人上下楼困难。"
        "建议在老旧小区改造中把楼道扶手列为必改项目。",
        "州住建局",
        "已将楼道扶手列入今年老旧小区改造基础类清单，首批 12 个小区 186 个单元已完成安装。",
    ),
    (
        "公交站牌统一增设朝鲜文",
        "bilingual",
        "部分新设公交站牌只有汉字，不符合自治州朝汉两种文字并用的规定，也给朝鲜族老年乘客带来不便。"
        "建议统一排查，按双语标准更换。",
        "州交通运输局",
        "已会同州民宗委对全州公交站牌开展排查，发现不规范站牌 64 块，已全部按朝汉双语标准更换。",
    ),
    (
        "增开安图县农村客运早班车",
        "transport",
        "安图县部分村屯到县城的客运班车第一班在八点以后，学生和看病的群众赶不上，"
        "建议增开一班早班车。",
        "州交通运输局",
        "已协调客运企业从下月起增开 6:40 早班车，覆盖沿线 9 个村屯。",
    ),
    (
        "中小学校门口上下学时段交通疏导",
        "education",
        "延吉市部分中小学校门口上下学时段车辆拥堵，存在安全隐患，建议增设临时停车区和护学岗。",
        "州教育局",
        "已会同公安交警部门在 15 所学校门口设置护学岗和临时停车区，上下学高峰拥堵明显缓解。",
    ),
    (
        "农村学校冬季供暖设施检修",
        "education",
        "部分农村学校锅炉老化，去年冬天有教室温度偏低，建议入冬前统一检修。",
        "州教育局",
        "",
    ),
    (
        "社区卫生服务中心增加朝鲜语导诊",
        "health",
        "朝鲜族老年患者较多的社区卫生服务中心，建议配备会说朝鲜语的导诊人员。",
        "州卫健委",
        "已在延吉、龙井、图们 8 个社区卫生服务中心配备双语导诊志愿者。",
    ),
    (
        "长白山景区周边增设公共厕所",
        "ecology",
        "旅游旺季二道白河镇游客集中，公共厕所不足，建议增设移动厕所并加强保洁。",
        "州文广旅局",
        "",
    ),
    (
        "冬季人行道积雪清理",
        "urban",
        "雪后部分人行道积雪结冰，老人容易滑倒，建议明确沿街单位门前清雪责任。",
        "",
        "已转请延吉市城市管理部门落实“门前三包”清雪责任，并在主要街道增加撒融雪剂频次。",
    ),
    (
        "农村快递进村",
        "rural",
        "不少村民网购要到镇上取快递，建议依托村邮站和便民超市设立快递代收点。",
        "州商务局",
        "",
    ),
    (
        "菜市场增设朝汉双语价格牌",
        "bilingual",
        "建议农贸市场统一使用朝汉双语价格牌，方便群众。",
        "州市场监管局",
        "",
    ),
]
PUBLIC_NAMES = ["李女士", "", "朴先生", "", "王大爷", "金女士", ""]
SPAM = ("联系我们代开发票", "专业代开发票，价格优惠，请加微信。")


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _unit_officer(unit: HandlingUnit) -> User | None:
    grant = (
        RoleGrant.objects.filter(handling_unit=unit, role=Role.UNIT_OFFICER)
        .select_related("user")
        .order_by("id")
        .first()
    )
    return grant.user if grant else None


def _staff(org: Organisation) -> User | None:
    grant = (
        RoleGrant.objects.filter(organisation=org, role=Role.OFFICE_STAFF)
        .select_related("user")
        .order_by("id")
        .first()
    )
    return grant.user if grant else None


def _members(org: Organisation, rng: random.Random) -> list[User]:
    members = list(
        Member.objects.filter(
            organisation=org, user__isnull=False, memberships__term__is_current=True
        )
        .select_related("user")
        .order_by("pk")
        .distinct()
    )
    rng.shuffle(members)
    fixed = [m for m in members if m.user and m.user.username in ("member", "member2")]
    return [m.user for m in fixed + [m for m in members if m not in fixed] if m.user]


def _unit_named(units: dict[str, HandlingUnit], short_name: str) -> HandlingUnit | None:
    """The prefecture's unit, or the county's namesake ("州住建局" → "延吉市住建局")."""
    if not short_name:
        return None
    if short_name in units:
        return units[short_name]
    suffix = short_name.removeprefix("州")
    return next((u for name, u in sorted(units.items()) if name.endswith(suffix)), None)


# The state each item ends in, by position: a spread across the workflow.
PLAN = [
    "published",
    "published",
    "published",
    "replied",
    "published",
    "assigned",
    "published",
    "assigned",
    "closed_quietly",
    "submitted",
    "submitted",
]


def _load_for(org: Organisation, seed: int, today: date, *, short: bool) -> int:
    rng = random.Random(seed)
    staff = _staff(org)
    if staff is None:
        return 0
    authors = _members(org, rng)
    units = {u.short_name: u for u in HandlingUnit.objects.filter(organisation=org)}
    office = Office.objects.filter(organisation=org).order_by("sort_order", "id").first()
    items = ITEMS[:4] if short else ITEMS
    created = 0
    for n, (title, category, body, unit_name, reply) in enumerate(items):
        start = today - timedelta(days=60 - n * 5)
        state = PLAN[n % len(PLAN)]
        with clock(_at(start, 9)):
            if n % 3 == 2 or not authors:
                s = services.suggestion_submit_public(
                    organisation=org,
                    title=title,
                    body=body,
                    category=category,
                    name=PUBLIC_NAMES[n % len(PUBLIC_NAMES)],
                    phone=f"1384433{1000 + n:04d}" if n % 2 else "",
                    consent=True,
                    ip_address=f"demo-{org.code}-{n}",
                )
            else:
                s = services.suggestion_submit_member(
                    acting_user=authors[n % len(authors)], title=title, body=body, category=category
                )
        created += 1
        if state == "submitted":
            continue
        unit = _unit_named(units, unit_name)
        officer = _unit_officer(unit) if unit else None
        with clock(_at(start + timedelta(days=1), 10)):
            if unit is not None and officer is not None and state != "closed_quietly":
                s = services.suggestion_assign(
                    acting_user=staff, suggestion=s, unit=unit, note="请于 15 个工作日内答复"
                )
                replier: User = officer
            else:
                s = services.suggestion_assign(acting_user=staff, suggestion=s, office=office)
                replier = staff
        if state == "assigned" or not reply:
            continue
        with clock(_at(start + timedelta(days=9), 15)):
            s = services.suggestion_reply(acting_user=replier, suggestion=s, reply=reply)
        if state == "replied":
            continue
        with clock(_at(start + timedelta(days=11), 11)):
            services.suggestion_close(acting_user=staff, suggestion=s, publish=state == "published")
    # One held for review (spam), one rejected.
    with clock(_at(today - timedelta(days=2), 22)):
        services.suggestion_submit_public(
            organisation=org,
            title=SPAM[0],
            body=SPAM[1],
            consent=True,
            ip_address=f"demo-{org.code}-spam",
        )
    with clock(_at(today - timedelta(days=20), 9)):
        s = services.suggestion_submit_public(
            organisation=org,
            title="希望取消小区停车收费",
            body="小区停车费太高了，希望政协出面取消。",
            consent=True,
            ip_address=f"demo-{org.code}-r",
        )
    with clock(_at(today - timedelta(days=19), 9)):
        services.suggestion_reject(
            acting_user=staff,
            suggestion=s,
            reason="属于小区业主委员会与物业之间的合同事项，已告知可向街道物业管理部门反映。",
        )
    return created + 2


def load() -> dict[str, Any]:
    if Suggestion.objects.exists():
        return {}
    today = timezone.localdate()
    total = 0
    prefecture = Organisation.objects.filter(parent__isnull=True).order_by("id").first()
    if prefecture is not None:
        total += _load_for(prefecture, 2031, today, short=False)
    yanji = Organisation.objects.filter(code="yanji").first()
    if yanji is not None:
        total += _load_for(yanji, 2032, today, short=True)
    return {"微建议": total}
