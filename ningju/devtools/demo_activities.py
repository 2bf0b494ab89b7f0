"""Demo data for ningju.activities: a year of member activities (free clinics, book
donations, tree planting, investment meetings …), campaigns with targets, committee brands,
study sessions of all six kinds, 书香政协 books, reading groups and check-ins for the demo
members `member` and `member2`, and the office's study calendar. Written through the
services, deterministic (seeded), loaded by `ningju demo` after the people and proposals."""

from __future__ import annotations

import io
import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from ningju.accounts.models import User
from ningju.activities import services
from ningju.activities.models import Activity
from ningju.members.models import Member
from ningju.orgs.models import Organisation, SpecialCommittee

SEED = 2026

CAMPAIGNS: list[tuple[str, str, dict[str, Any]]] = [
    (
        "进基层、话铸牢、抓项目、展形象",
        "全州政协委员走进基层，宣讲铸牢中华民族共同体意识，推动项目落地。",
        {
            "target_activities": 40,
            "people_served": 3000,
            "value_donated": Decimal("400000"),
            "projects_signed": 12,
        },
    ),
    (
        "五大工程·十大行动",
        "铸牢中华民族共同体意识行动方案中的政协任务。",
        {"target_activities": 20, "people_served": 1500, "items_donated": 5000},
    ),
    (
        "绿美延吉 政协助力",
        "政协委员参与国土绿化和城乡美化。",
        {"target_activities": 6, "trees_planted": 3000},
    ),
]
BRANDS = [
    ("经纬沙龙", "经济", "经济委员会邀请委员和企业家围绕产业发展开展沙龙式协商。"),
    ("送医送药送健康", "医", "医药卫生界委员深入乡村社区义诊，送医送药。"),
    ("政协委员爱心驿站", "社会", "委员捐资助学、扶危济困的公益平台。"),
    ("万企兴万村", "工商", "引导民营企业参与乡村振兴。"),
]
PLACES = [
    "延吉市北山街道",
    "龙井市东盛涌镇",
    "和龙市西城镇",
    "图们市月晴镇",
    "珲春市敬信镇",
    "汪清县天桥岭镇",
    "安图县二道白河镇",
    "敦化市大石头镇",
    "延吉市依兰镇",
    "延边大学",
]
# (kind, title pattern, brand index or None, campaign index or None, figures builder)
TEMPLATES: list[tuple[str, str, int | None, int | None]] = [
    ("free_clinic", "送医送药送健康义诊走进{place}", 1, 0),
    ("donation", "政协委员爱心驿站向{place}中小学捐赠图书", 2, 1),
    ("donation", "委员为{place}困难群众捐赠过冬物资", 2, 1),
    ("legal_aid", "律师委员在{place}开展法律援助咨询", None, 0),
    ("tree_planting", "“绿美延吉 政协助力”义务植树（{place}）", None, 2),
    ("investment", "招商引资推介会：{place}特色产业项目", 3, 0),
    ("grassroots", "委员进基层宣讲铸牢中华民族共同体意识（{place}）", None, 0),
    ("lecture", "委员讲堂：民族团结进步创建（{place}）", None, 1),
    ("grassroots", "经纬沙龙：人参产业高质量发展（{place}）", 0, 0),
]
STUDY = [
    ("centre_group", "学习习近平总书记关于加强和改进人民政协工作的重要思想", "党组书记"),
    ("centre_group", "理论学习中心组专题学习：铸牢中华民族共同体意识", "党组副书记"),
    ("chair_meeting", "主席会议带头学：中央政协工作会议精神", "主席"),
    ("chair_meeting", "主席会议带头学：《中国共产党政治协商工作条例》", "副主席"),
    ("standing_committee", "常委会会议专题学：民族区域自治制度", "秘书长"),
    ("standing_committee", "常委会会议专题学：兴边富民行动", "副主席"),
    ("member_training", "新任委员履职能力培训班", "延边州委党校教授"),
    ("member_training", "委员提案撰写专题培训", "提案委员会主任"),
    ("lecture_hall", "“政协大讲堂”：延边文物保护与利用", "延边大学教授"),
    ("lecture_hall", "“政协大讲堂”：沿边开放旅游大通道建设", "州文旅局负责同志"),
    ("reading", "“书香政协”读书分享会：《乡土中国》", "委员代表"),
    ("reading", "“书香政协”读书分享会：《中华民族共同体概论》", "委员代表"),
]
NOTES = [
    "通过学习，进一步增强了做好新时代政协工作的责任感。",
    "要把学习成果转化为建言资政、凝聚共识的实际行动。",
    "结合本界别实际，围绕群众关心的问题深入调研。",
]
BOOKS = [
    ("中华民族共同体概论", "本书编写组", ""),
    ("乡土中国", "费孝通", "9787020180349"),
    ("人民政协理论与实践", "中央社会主义学院", ""),
    ("习近平谈治国理政（第四卷）", "习近平", ""),
    ("延边朝鲜族自治州概况", "编写组", ""),
    ("红星照耀中国", "埃德加·斯诺", ""),
    ("平凡的世界", "路遥", ""),
    ("苦难辉煌", "金一南", ""),
]
STAFF_ITEMS = {
    "weekly": "周学：{n}",
    "monthly": "月讲：{n}",
    "quarterly": "季培训：{n}",
}
STAFF_TOPICS = [
    "政协章程",
    "公文处理办法",
    "保密知识",
    "提案工作条例",
    "社情民意信息工作",
    "党纪学习",
    "铸牢中华民族共同体意识",
    "朝汉双语公文规范",
    "政务信息写作",
    "机关作风建设",
]
TALKS = [
    ("如何写好社情民意信息", "研究室"),
    ("提案办理复文的常见问题", "提案委办公室"),
    ("机关公文格式新规解读", "办公室"),
    ("委员履职档案的填报要点", "委员联络室"),
]


def _photo(rng: random.Random, label: int) -> SimpleUploadedFile:
    hue = rng.choice(["#8a2f2a", "#2f5d8a", "#3d7a3d", "#8a6d2f"])
    image = Image.new("RGB", (960, 640), "#efe9df")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 440, 960, 640), fill=hue)
    draw.ellipse((380, 120, 580, 320), fill=hue)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return SimpleUploadedFile(f"photo{label}.jpg", out.getvalue(), content_type="image/jpeg")


def _figures(kind: str, rng: random.Random) -> dict[str, Any]:
    if kind == "free_clinic":
        return {
            "people_served": rng.randint(120, 420),
            "value_donated": Decimal(rng.randint(15000, 52000)),
        }
    if kind == "donation":
        return {
            "people_served": rng.randint(50, 300),
            "items_donated": rng.randint(200, 1500),
            "value_donated": Decimal(rng.randint(8000, 40000)),
        }
    if kind == "legal_aid":
        return {"people_served": rng.randint(20, 90)}
    if kind == "tree_planting":
        return {"trees_planted": rng.randint(150, 600)}
    if kind == "investment":
        return {"projects_signed": rng.randint(1, 4)}
    return {"people_served": rng.randint(30, 200)}


def _committee(org: Organisation, hint: str) -> SpecialCommittee | None:
    return (
        SpecialCommittee.objects.filter(organisation=org, name__contains=hint).first()
        or SpecialCommittee.objects.filter(organisation=org).first()
    )


def _load_for(
    org: Organisation, staff: User, rng: random.Random, today: date, *, count: int
) -> dict[str, int]:
    start = today - timedelta(days=330)
    campaigns = [
        services.campaign_save(
            acting_user=staff,
            data=services.CampaignData(
                title=title,
                description=text,
                starts_on=start,
                ends_on=today + timedelta(days=35),
                **targets,
            ),
        )
        for title, text, targets in (CAMPAIGNS if org.parent_id is None else CAMPAIGNS[:1])
    ]
    brands = []
    for name, hint, text in BRANDS if org.parent_id is None else BRANDS[1:2]:
        committee = _committee(org, hint)
        brands.append(
            services.brand_save(
                acting_user=staff,
                name=name,
                committee_id=committee.pk if committee else None,
                description=text,
            )
        )
    members = list(Member.objects.filter(organisation=org, user__isnull=True)[:60]) or list(
        Member.objects.filter(organisation=org)[:60]
    )
    photos = 0
    for i in range(count):
        kind, pattern, brand_index, campaign_index = TEMPLATES[i % len(TEMPLATES)]
        place = rng.choice(PLACES)
        occurred = start + timedelta(days=int((i + 0.5) * 325 / count))
        occurred = min(occurred, today - timedelta(days=1))
        data = services.ActivityData(
            title=pattern.format(place=place.replace("延边大学", "延大")),
            kind=kind,
            occurred_on=occurred,
            place=place,
            report="委员们深入一线，倾听群众呼声，活动取得良好效果。",
            campaign_id=campaigns[campaign_index].pk
            if campaign_index is not None and campaign_index < len(campaigns)
            else None,
            brand_id=brands[brand_index].pk
            if brand_index is not None and brand_index < len(brands)
            else None,
            participant_ids=[
                m.pk for m in rng.sample(members, min(len(members), rng.randint(3, 8)))
            ],
            **_figures(kind, rng),
        )
        activity = services.activity_create(acting_user=staff, data=data, as_office=True)
        if i % 7 == 0:
            services.activity_photo_add(acting_user=staff, activity=activity, file=_photo(rng, i))
            photos += 1
        services.activity_confirm(acting_user=staff, activity=activity)
    return {
        "activities": count,
        "campaigns": len(campaigns),
        "brands": len(brands),
        "photos": photos,
    }


def _member_records(rng: random.Random, today: date) -> int:
    """Records `member` and `member2` made themselves: confirmed, waiting, returned, draft."""
    made = 0
    staff = User.objects.get(username="staff")
    for username, states in (
        ("member", ["confirmed", "confirmed", "submitted", "returned"]),
        ("member2", ["confirmed", "submitted", "draft"]),
    ):
        user = User.objects.filter(username=username).first()
        if user is None or not user.principal.member_id:
            continue
        for n, state in enumerate(states):
            kind = ["free_clinic", "donation", "legal_aid", "tree_planting"][n % 4]
            activity = services.activity_create(
                acting_user=user,
                data=services.ActivityData(
                    title={
                        "free_clinic": "参加送医送药送健康义诊",
                        "donation": "向延吉市第十二中学捐赠图书",
                        "legal_aid": "在社区开展法律咨询",
                        "tree_planting": "参加帽儿山义务植树",
                    }[kind],
                    kind=kind,
                    occurred_on=today - timedelta(days=5 + 17 * n),
                    place=rng.choice(PLACES),
                    report="本人参加，情况如实填报。",
                    **_figures(kind, rng),
                ),
            )
            made += 1
            if state == "draft":
                continue
            services.activity_submit(acting_user=user, activity=activity)
            if state == "confirmed":
                services.activity_confirm(acting_user=staff, activity=activity)
            elif state == "returned":
                services.activity_return(
                    acting_user=staff, activity=activity, reason="请补充活动照片和服务人数的依据。"
                )
    return made


def _study(org: Organisation, staff: User, rng: random.Random, today: date) -> dict[str, int]:
    members = list(Member.objects.filter(organisation=org)[:80])
    sessions = 0
    for n, (kind, title, speaker) in enumerate(STUDY):
        held = today - timedelta(days=20 + n * 25)
        session = services.study_session_create(
            acting_user=staff,
            data=services.StudySessionData(
                kind=kind, title=title, held_on=held, place="州政协机关会议室", speaker=speaker
            ),
        )
        attendees = rng.sample(members, min(len(members), rng.randint(8, 20)))
        named = list(Member.objects.filter(user__username__in=["member", "member2"]))
        services.study_attendance_set(
            acting_user=staff,
            session=session,
            member_ids={m.pk for m in attendees} | {m.pk for m in named},
        )
        for member in named[: 1 + n % 2]:
            if member.user is not None:
                services.study_note_save(
                    acting_user=member.user, session=session, text=NOTES[n % len(NOTES)]
                )
        sessions += 1
    services.study_session_create(
        acting_user=staff,
        data=services.StudySessionData(
            kind="lecture_hall",
            title="“政协大讲堂”：人参产业高质量发展",
            held_on=today + timedelta(days=10),
            place="州政协机关会议室",
            speaker="省农科院专家",
        ),
    )
    return {"study sessions": sessions + 1}


def _reading(org: Organisation, staff: User, rng: random.Random, today: date) -> dict[str, int]:
    books = [services.book_add(acting_user=staff, title=t, author=a, isbn=i) for t, a, i in BOOKS]
    readers = list(Member.objects.filter(user__username__in=["member", "member2"]))
    others = list(Member.objects.filter(organisation=org, user__isnull=True)[:10])
    services.reading_group_save(
        acting_user=staff,
        name="“书香政协”第一读书小组",
        description="每月共读一本书，月底线上分享。",
        member_ids=[m.pk for m in readers + others[:5]],
    )
    services.reading_group_save(
        acting_user=staff, name="民族团结读书小组", member_ids=[m.pk for m in others[5:]]
    )
    checkins = 0
    for reader in readers:
        if reader.user is None:
            continue
        for n in range(18):
            services.checkin_create(
                acting_user=reader.user,
                data=services.CheckInData(
                    book_id=books[(n // 6 + reader.pk) % len(books)].pk,
                    read_on=today - timedelta(days=2 + n * 4),
                    pages=rng.randint(10, 45),
                    minutes=rng.choice([30, 40, 45, 60]),
                    note=rng.choice(["", "做了摘抄", "很有启发", "与小组交流了体会"]),
                ),
            )
            checkins += 1
        services.reading_note_add(
            acting_user=reader.user,
            book_id=books[reader.pk % len(books)].pk,
            text="读这本书，深感各民族交往交流交融的历史源远流长，要在履职中讲好民族团结故事。",
        )
    return {"books": len(books), "reading groups": 2, "check-ins": checkins}


def _staff_study(org: Organisation, staff: User, rng: random.Random, today: date) -> int:
    colleagues = list(
        User.objects.filter(
            organisation=org, role_grants__role="office_staff", is_active=True
        ).distinct()
    )
    items = []
    year_start = date(today.year, 1, 1)
    for week in range(0, (today - year_start).days // 7 + 4, 2):
        items.append(("weekly", year_start + timedelta(days=week * 7 + 1)))
    for month in range(1, 13):
        items.append(("monthly", date(today.year, month, 20)))
    for quarter in (3, 6, 9, 12):
        items.append(("quarterly", date(today.year, quarter, 25)))
    created = 0
    for n, (cadence, planned) in enumerate(items):
        item = services.staff_study_item_create(
            acting_user=staff,
            cadence=cadence,
            title=STAFF_ITEMS[cadence].format(n=STAFF_TOPICS[n % len(STAFF_TOPICS)]),
            planned_on=planned,
        )
        created += 1
        if planned <= today:
            for colleague in colleagues:
                if rng.random() < 0.8:
                    services.staff_study_mark(acting_user=colleague, item=item, done=True)
    for n, (topic, _office) in enumerate(TALKS):
        speaker = colleagues[n % len(colleagues)] if colleagues else staff
        services.staff_talk_create(
            acting_user=staff,
            speaker_id=speaker.pk,
            topic=topic,
            given_on=today - timedelta(days=30 + 60 * n),
            summary="结合工作实际，讲清要点和常见问题。",
        )
    return created


def load() -> dict[str, int]:
    if Activity.objects.exists():
        return {}
    rng = random.Random(SEED)
    today = timezone.localdate()
    counts: dict[str, int] = {}
    staff = User.objects.get(username="staff")
    prefecture = Organisation.objects.get(pk=staff.organisation_id or 0)
    for label, n in _load_for(prefecture, staff, rng, today, count=45).items():
        counts[label] = counts.get(label, 0) + n
    county_staff = User.objects.filter(username="county-staff").first()
    if county_staff is not None and county_staff.organisation_id:
        county = Organisation.objects.get(pk=county_staff.organisation_id)
        for label, n in _load_for(county, county_staff, rng, today, count=9).items():
            counts[label] = counts.get(label, 0) + n
    counts["member records"] = _member_records(rng, today)
    counts.update(_study(prefecture, staff, rng, today))
    counts.update(_reading(prefecture, staff, rng, today))
    counts["staff study items"] = _staff_study(prefecture, staff, rng, today)
    return counts
