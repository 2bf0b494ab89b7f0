"""Realistic Yanbian demo data: 州政协, the eight county-level committees and their members.

Everything is generated from one seeded `random.Random`, so two fresh databases get the same
people, seats and accounts. Bulk inserts keep the whole load to a few seconds on SQLite; the
derived columns (pinyin sort key, blind indexes) are computed exactly as
`ningju.members.services._apply_profile` does, and the encrypted fields encrypt on insert.

Real names appear only for the 州政协 leadership, who are public office-holders; their other
attributes (birth date, ID number, phone, party, ethnicity where unknown) are invented.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from pypinyin import lazy_pinyin

from ningju.accounts import services as account_services
from ningju.accounts.choices import AccountKind, Role
from ningju.accounts.models import User
from ningju.core import audit, crypto
from ningju.members.choices import (
    EDUCATION_LEVELS,
    CommitteePosition,
    LeadershipPosition,
    PoliticalAffiliation,
    Sex,
)
from ningju.members.models import CommitteeSeat, Member, Membership
from ningju.members.services import name_sort_key
from ningju.members.validators import id_check_digit
from ningju.orgs.choices import HandlingUnitKind, OfficeKind, OrganisationLevel, SectorKind
from ningju.orgs.models import (
    HandlingUnit,
    Office,
    Organisation,
    Sector,
    Session,
    SpecialCommittee,
    Term,
)

SEED = 20260101
# The published password of every demo account.
DEMO_PASSWORD = "ningju-demo"  # noqa: S105
PREFECTURE_CODE = "yanbian"

# --------------------------------------------------------------------------------------------
# Places
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A county-level city or county of Yanbian, with what addresses and IDs need."""

    code: str
    city: str  # 延吉市
    short: str  # 延吉
    ko: str  # 연길시
    area_code: str  # first six digits of a resident ID issued there
    subdistricts: tuple[str, ...]
    towns: tuple[str, ...]


PLACES: tuple[Place, ...] = (
    Place(
        "yanji", "延吉市", "延吉", "연길시", "222401",
        ("河南街道", "进学街道", "北山街道", "新兴街道", "公园街道", "建工街道"),
        ("依兰镇", "三道湾镇", "小营镇", "朝阳川镇"),
    ),
    Place(
        "tumen", "图们市", "图们", "도문시", "222402",
        ("向上街道", "新华街道", "月宫街道"),
        ("月晴镇", "石岘镇", "长安镇", "凉水镇"),
    ),
    Place(
        "dunhua", "敦化市", "敦化", "돈화시", "222403",
        ("胜利街道", "民主街道", "丹江街道", "渤海街道"),
        ("大石头镇", "黄泥河镇", "官地镇", "沙河沿镇", "秋梨沟镇", "雁鸣湖镇", "江源镇"),
    ),
    Place(
        "hunchun", "珲春市", "珲春", "훈춘시", "222404",
        ("新安街道", "靖和街道", "近海街道", "河南街道"),
        ("春化镇", "敬信镇", "板石镇", "英安镇", "马川子乡", "密江乡"),
    ),
    Place(
        "longjing", "龙井市", "龙井", "룡정시", "222405",
        ("安民街道", "龙门街道"),
        ("老头沟镇", "三合镇", "东盛涌镇", "智新镇", "开山屯镇", "德新乡"),
    ),
    Place(
        "helong", "和龙市", "和龙", "화룡시", "222406",
        ("文化街道", "民惠街道", "光明街道"),
        ("八家子镇", "福洞镇", "头道镇", "西城镇", "南坪镇", "东城镇", "崇善镇"),
    ),
    Place(
        "wangqing", "汪清县", "汪清", "왕청현", "222424",
        ("汪清镇",),
        ("大兴沟镇", "天桥岭镇", "罗子沟镇", "百草沟镇", "春阳镇", "复兴镇", "东光镇"),
    ),
    Place(
        "antu", "安图县", "安图", "안도현", "222426",
        ("明月镇",),
        ("松江镇", "二道白河镇", "两江镇", "石门镇", "万宝镇", "亮兵镇", "永庆乡"),
    ),
)  # fmt: skip
PLACE_BY_CODE = {place.code: place for place in PLACES}
# Where the prefecture's members live (延吉 is the seat of the prefecture).
PREFECTURE_RESIDENCE_WEIGHTS = {
    "yanji": 50, "tumen": 6, "dunhua": 10, "hunchun": 10,
    "longjing": 8, "helong": 6, "wangqing": 5, "antu": 5,
}  # fmt: skip
ROADS = (
    "人民路", "光明街", "新华街", "长白路", "友谊路", "文化街", "建设街", "公园路",
    "胜利街", "和平路", "河南街", "民主街", "朝阳路", "团结路", "参花街", "天池路",
)  # fmt: skip
VILLAGES = (
    "光东村", "明东村", "金达莱村", "平安村", "东明村", "新兴村", "太兴村", "和平村",
    "红星村", "勤劳村", "兴安村", "丰产村", "长财村", "石井村",
)  # fmt: skip
COMPANY_STEMS = (
    "长白山", "海兰江", "布尔哈通", "图们江", "天池", "金达莱", "阿里郎", "帽儿山", "仙峰",
    "松江", "瑞丰", "恒泰", "鑫源", "华盛", "东盛", "兴隆", "富民", "丰泽", "大成", "明达",
    "延丰", "嘉禾", "宏源", "汇通", "海达", "金穗", "绿源", "韩乡",
)  # fmt: skip
NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")


@dataclass(frozen=True)
class CountySpec:
    place: Place
    term_number: int
    sort_order: int
    korean_share: float
    manchu_share: float
    size: tuple[int, int]


COUNTIES: tuple[CountySpec, ...] = (
    CountySpec(PLACE_BY_CODE["yanji"], 15, 1, 0.55, 0.03, (130, 150)),
    CountySpec(PLACE_BY_CODE["tumen"], 13, 2, 0.55, 0.03, (80, 100)),
    CountySpec(PLACE_BY_CODE["dunhua"], 16, 3, 0.06, 0.12, (110, 140)),
    CountySpec(PLACE_BY_CODE["hunchun"], 14, 4, 0.40, 0.06, (100, 130)),
    CountySpec(PLACE_BY_CODE["longjing"], 12, 5, 0.62, 0.02, (85, 110)),
    CountySpec(PLACE_BY_CODE["helong"], 11, 6, 0.55, 0.02, (80, 105)),
    CountySpec(PLACE_BY_CODE["wangqing"], 17, 7, 0.30, 0.05, (90, 115)),
    CountySpec(PLACE_BY_CODE["antu"], 10, 8, 0.25, 0.04, (80, 105)),
)

# --------------------------------------------------------------------------------------------
# Sectors, committees, offices, handling units
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SectorSpec:
    name: str
    name_ko: str
    kind: str
    seats: int  # prefecture seats; also the weight when a county distributes its members
    categories: tuple[str, ...]  # which kinds of job its members hold
    affiliation: str = ""  # party sectors: every member belongs to that party


P = PoliticalAffiliation
SECTORS: tuple[SectorSpec, ...] = (
    SectorSpec(
        "中共", "중국공산당", SectorKind.PARTY, 38, ("gov", "gov", "edu", "med", "agri"), P.CPC
    ),
    SectorSpec("民革", "민혁", SectorKind.PARTY, 6, ("law", "biz", "med", "edu"), P.RCCK),
    SectorSpec("民盟", "민맹", SectorKind.PARTY, 10, ("edu", "culture", "social_sci"), P.CDL),
    SectorSpec("民建", "민건", SectorKind.PARTY, 8, ("biz", "biz", "law"), P.CNDCA),
    SectorSpec("民进", "민진", SectorKind.PARTY, 8, ("edu", "culture", "media"), P.CAPD),
    SectorSpec("农工党", "농공당", SectorKind.PARTY, 7, ("med", "med", "science"), P.CPWDP),
    SectorSpec("致公党", "치공당", SectorKind.PARTY, 5, ("overseas", "biz", "science"), P.CZGP),
    SectorSpec("九三学社", "구삼학사", SectorKind.PARTY, 7, ("science", "med", "edu"), P.JIUSAN),
    SectorSpec(
        "无党派人士",
        "무당파인사",
        SectorKind.PARTY,
        10,
        ("edu", "med", "science", "law"),
        P.NON_PARTY,
    ),
    SectorSpec("共青团和青联", "공청단과 청년련합회", SectorKind.PEOPLES_ORG, 8, ("youth",)),
    SectorSpec("总工会", "총공회", SectorKind.PEOPLES_ORG, 9, ("union",)),
    SectorSpec("妇联", "녀성련합회", SectorKind.PEOPLES_ORG, 9, ("women",)),
    SectorSpec("工商联", "공상련합회", SectorKind.PEOPLES_ORG, 12, ("commerce", "biz")),
    SectorSpec("科协", "과학기술협회", SectorKind.PEOPLES_ORG, 8, ("sci_assoc", "science")),
    SectorSpec("台联", "대만동포련의회", SectorKind.PEOPLES_ORG, 3, ("tw",)),
    SectorSpec("侨联", "귀국화교련합회", SectorKind.PEOPLES_ORG, 5, ("overseas",)),
    SectorSpec("文化艺术界", "문화예술계", SectorKind.PROFESSION, 12, ("culture",)),
    SectorSpec("科学技术界", "과학기술계", SectorKind.PROFESSION, 10, ("science",)),
    SectorSpec("社会科学界", "사회과학계", SectorKind.PROFESSION, 8, ("social_sci",)),
    SectorSpec("经济界", "경제계", SectorKind.PROFESSION, 21, ("biz",)),
    SectorSpec("农业界", "농업계", SectorKind.PROFESSION, 12, ("agri",)),
    SectorSpec("教育界", "교육계", SectorKind.PROFESSION, 14, ("edu",)),
    SectorSpec("体育界", "체육계", SectorKind.PROFESSION, 5, ("sport",)),
    SectorSpec("新闻出版界", "신문출판계", SectorKind.PROFESSION, 6, ("media",)),
    SectorSpec("医药卫生界", "의약위생계", SectorKind.PROFESSION, 14, ("med",)),
    SectorSpec(
        "社会福利和社会保障界", "사회복리와 사회보장계", SectorKind.PROFESSION, 7, ("welfare",)
    ),
    SectorSpec("少数民族界", "소수민족계", SectorKind.PROFESSION, 14, ("ethnic",)),
    SectorSpec("宗教界", "종교계", SectorKind.PROFESSION, 5, ("religion",)),
    SectorSpec("环境资源界", "환경자원계", SectorKind.PROFESSION, 6, ("env",)),
    SectorSpec("特别邀请人士", "특별요청인사", SectorKind.PROFESSION, 22, ("law", "biz", "gov")),
)
SECTOR_BY_NAME = {spec.name: spec for spec in SECTORS}
COUNTY_CORE_SECTORS = (
    "中共", "民盟", "民进", "无党派人士", "共青团和青联", "总工会", "妇联", "工商联", "科协",
    "文化艺术界", "经济界", "农业界", "教育界", "医药卫生界", "少数民族界", "宗教界",
    "特别邀请人士",
)  # fmt: skip
COUNTY_OPTIONAL_SECTORS = (
    "民革", "民建", "农工党", "九三学社", "侨联", "科学技术界", "社会科学界", "体育界",
    "新闻出版界", "社会福利和社会保障界", "环境资源界",
)  # fmt: skip

COMMITTEES: tuple[tuple[str, str], ...] = (
    ("提案委员会", "제안위원회"),
    ("经济委员会", "경제위원회"),
    ("农业和农村委员会", "농업농촌위원회"),
    ("人口资源环境委员会", "인구자원환경위원회"),
    ("教科卫体委员会", "교육과학위생체육위원회"),
    ("社会和法制委员会", "사회법제위원회"),
    ("民族宗教和港澳台侨外事委员会", "민족종교 및 향항·오문·대만·화교 외사위원회"),
    ("文化文史和学习委员会", "문화문사학습위원회"),
)
# Which committee a member of each job category most likely sits on.
COMMITTEE_FOR_CATEGORY = {
    "gov": "经济委员会",
    "biz": "经济委员会",
    "commerce": "经济委员会",
    "agri": "农业和农村委员会",
    "env": "人口资源环境委员会",
    "edu": "教科卫体委员会",
    "med": "教科卫体委员会",
    "science": "教科卫体委员会",
    "sci_assoc": "教科卫体委员会",
    "sport": "教科卫体委员会",
    "law": "社会和法制委员会",
    "welfare": "社会和法制委员会",
    "union": "社会和法制委员会",
    "women": "社会和法制委员会",
    "youth": "社会和法制委员会",
    "ethnic": "民族宗教和港澳台侨外事委员会",
    "religion": "民族宗教和港澳台侨外事委员会",
    "overseas": "民族宗教和港澳台侨外事委员会",
    "tw": "民族宗教和港澳台侨外事委员会",
    "culture": "文化文史和学习委员会",
    "media": "文化文史和学习委员会",
    "social_sci": "文化文史和学习委员会",
}

OFFICES: tuple[tuple[str, str], ...] = (
    ("办公室", OfficeKind.GENERAL),
    ("提案委员会办公室", OfficeKind.PROPOSAL),
    ("研究室", OfficeKind.RESEARCH),
    ("委员联络室", OfficeKind.LIAISON),
    ("宣传信息科", OfficeKind.PUBLICITY),
)

H = HandlingUnitKind
PREFECTURE_UNITS: tuple[tuple[str, str, str], ...] = (
    ("延边州发展和改革委员会", "州发改委", H.GOVERNMENT),
    ("延边州教育局", "州教育局", H.GOVERNMENT),
    ("延边州卫生健康委员会", "州卫健委", H.GOVERNMENT),
    ("延边州文化广播电视和旅游局", "州文广旅局", H.GOVERNMENT),
    ("延边州农业农村局", "州农业农村局", H.GOVERNMENT),
    ("延边州交通运输局", "州交通运输局", H.GOVERNMENT),
    ("延边州住房和城乡建设局", "州住建局", H.GOVERNMENT),
    ("延边州生态环境局", "州生态环境局", H.GOVERNMENT),
    ("延边州商务局", "州商务局", H.GOVERNMENT),
    ("延边州人力资源和社会保障局", "州人社局", H.GOVERNMENT),
    ("延边州民政局", "州民政局", H.GOVERNMENT),
    ("延边州财政局", "州财政局", H.GOVERNMENT),
    ("延边州公安局", "州公安局", H.GOVERNMENT),
    ("延边州自然资源局", "州自然资源局", H.GOVERNMENT),
    ("延边州水利局", "州水利局", H.GOVERNMENT),
    ("延边州市场监督管理局", "州市场监管局", H.GOVERNMENT),
    ("延边州应急管理局", "州应急管理局", H.GOVERNMENT),
    ("延边州工业和信息化局", "州工信局", H.GOVERNMENT),
    ("延边州科学技术局", "州科技局", H.GOVERNMENT),
    ("延边州民族宗教事务委员会", "州民宗委", H.GOVERNMENT),
    ("延边朝鲜族自治州中级人民法院", "州中级人民法院", H.JUDICIAL),
    ("延边朝鲜族自治州人民检察院", "州人民检察院", H.JUDICIAL),
    ("延边州总工会", "州总工会", H.PEOPLES_ORG),
    ("延边州妇女联合会", "州妇联", H.PEOPLES_ORG),
    ("中共延边州委宣传部", "州委宣传部", H.PARTY),
    ("国网吉林省电力有限公司延边供电公司", "国网延边供电公司", H.STATIONED),
    ("延边海关", "延边海关", H.STATIONED),
)
# County units: name suffix after the city, short-name suffix after 市/县, kind.
COUNTY_UNITS_ALWAYS: tuple[tuple[str, str, str], ...] = (
    ("教育局", "教育局", H.GOVERNMENT),
    ("卫生健康局", "卫健局", H.GOVERNMENT),
    ("发展和改革局", "发改局", H.GOVERNMENT),
    ("农业农村局", "农业农村局", H.GOVERNMENT),
    ("住房和城乡建设局", "住建局", H.GOVERNMENT),
    ("民政局", "民政局", H.GOVERNMENT),
)
COUNTY_UNITS_SOME: tuple[tuple[str, str, str], ...] = (
    ("交通运输局", "交通运输局", H.GOVERNMENT),
    ("文化广播电视和旅游局", "文广旅局", H.GOVERNMENT),
    ("人力资源和社会保障局", "人社局", H.GOVERNMENT),
    ("市场监督管理局", "市场监管局", H.GOVERNMENT),
    ("自然资源局", "自然资源局", H.GOVERNMENT),
    ("人民法院", "法院", H.JUDICIAL),
)

# --------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------

# Korean readings as written in Yanbian (리 not 이, 림 not 임, 류 not 유 for 柳).
KOREAN_SURNAMES: tuple[tuple[str, str, int], ...] = (
    ("金", "김", 22), ("李", "리", 15), ("朴", "박", 9), ("崔", "최", 5), ("郑", "정", 4),
    ("姜", "강", 3), ("赵", "조", 3), ("尹", "윤", 2), ("张", "장", 2), ("林", "림", 2),
    ("韩", "한", 2), ("吴", "오", 2), ("申", "신", 2), ("权", "권", 2), ("黄", "황", 2),
    ("安", "안", 2), ("全", "전", 2), ("宋", "송", 1), ("洪", "홍", 1), ("玄", "현", 1),
    ("许", "허", 1), ("南", "남", 1), ("俞", "유", 1), ("文", "문", 1), ("方", "방", 1),
    ("车", "차", 1), ("池", "지", 1), ("严", "엄", 1), ("徐", "서", 1), ("具", "구", 1),
    ("孙", "손", 1), ("白", "백", 1), ("卢", "로", 1), ("柳", "류", 1), ("梁", "량", 1),
    ("千", "천", 1), ("太", "태", 1),
)  # fmt: skip
KOREAN_MALE_SYLLABLES: tuple[tuple[str, str], ...] = (
    ("哲", "철"), ("洙", "수"), ("明", "명"), ("日", "일"), ("成", "성"), ("浩", "호"),
    ("光", "광"), ("春", "춘"), ("东", "동"), ("永", "영"), ("男", "남"), ("镇", "진"),
    ("国", "국"), ("虎", "호"), ("云", "운"), ("海", "해"), ("龙", "룡"), ("吉", "길"),
    ("万", "만"), ("学", "학"), ("石", "석"), ("峰", "봉"), ("植", "식"), ("根", "근"),
    ("俊", "준"), ("勋", "훈"), ("赫", "혁"), ("宇", "우"), ("昌", "창"), ("秀", "수"),
    ("焕", "환"), ("贤", "현"), ("熙", "희"), ("范", "범"), ("泰", "태"), ("元", "원"),
    ("寿", "수"), ("铁", "철"), ("松", "송"), ("京", "경"),
)  # fmt: skip
KOREAN_FEMALE_SYLLABLES: tuple[tuple[str, str], ...] = (
    ("英", "영"), ("顺", "순"), ("花", "화"), ("玉", "옥"), ("珍", "진"), ("美", "미"),
    ("善", "선"), ("淑", "숙"), ("熙", "희"), ("姬", "희"), ("子", "자"), ("兰", "란"),
    ("爱", "애"), ("丽", "려"), ("莲", "련"), ("今", "금"), ("福", "복"), ("贞", "정"),
    ("恩", "은"), ("惠", "혜"), ("妍", "연"), ("香", "향"), ("梅", "매"), ("仙", "선"),
    ("锦", "금"), ("月", "월"), ("华", "화"), ("京", "경"), ("明", "명"), ("春", "춘"),
)  # fmt: skip
HAN_SURNAMES: tuple[tuple[str, int], ...] = (
    ("王", 8), ("李", 7), ("张", 7), ("刘", 6), ("赵", 4), ("杨", 3), ("孙", 3), ("于", 3),
    ("高", 3), ("陈", 3), ("徐", 2), ("马", 2), ("孟", 2), ("郭", 2), ("吕", 1), ("周", 2),
    ("吴", 1), ("姜", 1), ("曲", 1), ("范", 1), ("董", 1), ("宋", 1), ("韩", 1), ("田", 1),
    ("朱", 1), ("胡", 1), ("邹", 1), ("谷", 1), ("曹", 1), ("冯", 1), ("石", 1), ("夏", 1),
    ("郝", 1), ("崔", 1), ("隋", 1), ("邵", 1), ("宫", 1), ("姚", 1), ("林", 1), ("常", 1),
)  # fmt: skip
MANCHU_SURNAMES = ("关", "佟", "那", "赵", "富", "金", "何", "郎", "傅", "索")
HUI_SURNAMES = ("马", "白", "杨", "丁", "穆", "沙", "哈", "纳", "海", "金")
HAN_MALE_CHARS = (
    "伟军强磊勇涛斌辉鹏宇浩杰峰刚志建国明东海波立新文春成亮龙飞晓振永平继德学庆宏华广胜"
    "兴福超旭阳铁岩松林森昊博凯鑫"
)
HAN_FEMALE_CHARS = "丽敏静艳娟霞燕红玲芳秀梅萍婷雪琳颖洁慧娜莉晶丹佳欣月凤华英茜蕾冰岩"

# --------------------------------------------------------------------------------------------
# Jobs
# --------------------------------------------------------------------------------------------
# Templates: {p} 延边州 / 延吉市 (the committee's own level), {c} the member's city,
# {cs} its short form, {town}, {village}, {co} a company name stem, {n} 一…十, and the
# bodies whose name differs by level: {bank}, {eco} (生态环境), {mz} (民族宗教).
# A template without placeholders names one institution (mostly in 延吉): only the
# prefecture, 延吉市 and a county named in it draw members from there.

JOBS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "gov": (
        ("中共{p}委统战部", ("副部长", "常务副部长")),
        ("中共{p}委组织部", ("副部长",)),
        ("{p}人民政府办公室", ("副主任", "副秘书长")),
        ("{p}财政局", ("局长", "副局长")),
        ("{p}统计局", ("局长",)),
        ("{p}审计局", ("副局长",)),
        ("{c}{town}", ("党委书记", "党委副书记")),
        ("{p}商务局", ("副局长",)),
    ),
    "edu": (
        ("延边大学", ("教授", "副教授", "学院院长")),
        ("延边大学师范学院", ("教授", "副教授")),
        ("{c}第{n}中学", ("校长", "副校长", "高级教师")),
        ("{c}朝鲜族实验小学", ("校长", "高级教师")),
        ("{c}第{n}小学", ("校长", "一级教师")),
        ("延边职业技术学院", ("副院长", "教授")),
        ("{c}{co}幼儿园", ("园长",)),
        ("延边第一中学", ("校长", "正高级教师")),
        ("{c}职业高级中学", ("校长", "高级讲师")),
    ),
    "med": (
        ("延边大学附属医院", ("主任医师", "副院长", "副主任医师", "科主任")),
        ("延边州中医医院", ("主任医师", "副院长")),
        ("{c}医院", ("院长", "主任医师", "副主任医师")),
        ("延边州疾病预防控制中心", ("主任医师", "副主任")),
        ("{c}疾病预防控制中心", ("主任", "副主任医师")),
        ("延边州肿瘤医院", ("主任医师",)),
        ("{c}{town}卫生院", ("院长",)),
        ("延边{co}大药房连锁有限公司", ("总经理", "执业药师")),
    ),
    "biz": (
        ("延边{co}人参产业有限公司", ("董事长", "总经理")),
        ("{cs}{co}食品有限公司", ("董事长", "总经理")),
        ("延边{co}米业有限公司", ("董事长",)),
        ("{cs}{co}商贸有限公司", ("总经理",)),
        ("延边{co}旅游开发有限公司", ("董事长", "总经理")),
        ("延边{co}房地产开发有限公司", ("董事长",)),
        ("{bank}", ("行长", "副行长")),
        ("延边农村商业银行股份有限公司", ("副行长", "董事")),
        ("延边{co}物流有限公司", ("总经理",)),
        ("延边{co}黄牛产业有限公司", ("董事长",)),
        ("{cs}{co}建筑工程有限公司", ("董事长", "总经理")),
        ("延边{co}电子商务有限公司", ("总经理",)),
    ),
    "commerce": (
        ("{p}工商业联合会", ("副主席",)),
        ("延边{co}集团有限公司", ("董事长",)),
        ("{cs}{co}国际贸易有限公司", ("总经理",)),
    ),
    "agri": (
        ("{c}{town}{village}", ("党支部书记", "村委会主任")),
        ("{cs}{co}水稻种植专业合作社", ("理事长",)),
        ("延边{co}黄牛养殖专业合作社", ("理事长",)),
        ("延边州农业科学院", ("研究员", "副院长")),
        ("{p}农业技术推广中心", ("推广研究员", "高级农艺师")),
        ("延边{co}苹果梨种植专业合作社", ("理事长",)),
        ("{cs}{co}家庭农场", ("场主",)),
    ),
    "culture": (
        ("延边歌舞团", ("团长", "国家一级演员", "国家二级演员")),
        ("延边大学艺术学院", ("教授", "院长")),
        ("{p}文学艺术界联合会", ("副主席", "秘书长")),
        ("延边作家协会", ("副主席", "专业作家")),
        ("延边博物馆", ("馆长", "研究馆员")),
        ("{c}文化馆", ("馆长", "副研究馆员")),
        ("{c}朝鲜族艺术团", ("团长", "演员")),
        ("延边州非物质文化遗产保护中心", ("主任", "副主任")),
    ),
    "science": (
        ("延边大学", ("教授", "研究员")),
        ("延边州农业科学院", ("研究员",)),
        ("延边州林业科学研究院", ("高级工程师", "研究员")),
        ("延边{co}生物科技有限公司", ("总工程师", "董事长")),
        ("{p}农业技术推广中心", ("高级农艺师",)),
        ("{c}林业局", ("高级工程师",)),
        ("延边州气象局", ("正高级工程师",)),
    ),
    "sci_assoc": (
        ("{p}科学技术协会", ("主席", "副主席")),
        ("延边州农业科学院", ("研究员",)),
        ("{cs}{co}农业科技有限公司", ("总经理",)),
    ),
    "social_sci": (
        ("延边大学", ("教授",)),
        ("中共{p}委党校", ("教授", "副校长")),
        ("{p}社会科学界联合会", ("副主席",)),
        ("延边大学朝鲜-韩国学学院", ("教授",)),
        ("{p}地方志编纂委员会办公室", ("副主任",)),
    ),
    "media": (
        ("延边广播电视台", ("记者", "编辑部主任", "副台长", "主持人")),
        ("延边日报社", ("副总编辑", "记者", "编辑")),
        ("延边人民出版社", ("编审", "副社长")),
        ("延边教育出版社", ("社长", "编审")),
        ("{c}融媒体中心", ("主任", "记者")),
    ),
    "sport": (
        ("延边州体育运动学校", ("校长", "教练员")),
        ("延边大学体育学院", ("教授", "院长")),
        ("延边足球俱乐部", ("总经理", "教练员")),
        ("{c}体育中心", ("主任",)),
        ("{c}第{n}中学", ("体育教师",)),
    ),
    "welfare": (
        ("{c}{co}养老服务中心", ("院长", "主任")),
        ("{p}残疾人联合会", ("理事长", "副理事长")),
        ("{p}社会福利院", ("院长",)),
        ("{p}医疗保障局", ("副局长",)),
        ("{p}慈善总会", ("秘书长", "副会长")),
    ),
    "ethnic": (
        ("{mz}", ("副主任", "副局长")),
        ("延边大学朝鲜-韩国学学院", ("教授",)),
        ("延边朝鲜族民俗园", ("总经理",)),
        ("{c}{town}", ("镇长", "党委书记")),
        ("{p}朝鲜语言文字工作委员会", ("副主任",)),
    ),
    "religion": (
        ("{p}佛教协会", ("会长", "副会长")),
        ("{c}基督教两会", ("会长", "牧师")),
        ("{p}天主教爱国会", ("主任", "神父")),
        ("延边州道教协会", ("会长",)),
    ),
    "env": (
        ("{eco}", ("总工程师", "副局长")),
        ("东北虎豹国家公园管理局珲春分局", ("副局长",)),
        ("东北虎豹国家公园管理局汪清分局", ("副局长",)),
        ("延边州林业科学研究院", ("研究员",)),
        ("长白山森工集团{co}林业有限公司", ("总经理",)),
        ("{cs}{co}环保科技有限公司", ("董事长",)),
    ),
    "law": (
        ("吉林{co}律师事务所", ("主任", "律师", "合伙人")),
        ("{cs}{co}律师事务所", ("律师", "主任")),
        ("延边{co}会计师事务所", ("注册会计师", "所长")),
        ("{c}公证处", ("公证员",)),
    ),
    "union": (
        ("{p}总工会", ("副主席",)),
        ("延边{co}集团有限公司", ("工会主席", "高级技师")),
        ("{cs}{co}供热有限公司", ("工会主席",)),
    ),
    "women": (
        ("{p}妇女联合会", ("主席", "副主席")),
        ("延边{co}服饰有限公司", ("总经理",)),
        ("{c}{co}家政服务有限公司", ("总经理",)),
        ("延边{co}民俗食品有限公司", ("董事长",)),
    ),
    "youth": (
        ("共青团{p}委", ("书记", "副书记")),
        ("{p}青年联合会", ("副主席",)),
        ("延边{co}网络科技有限公司", ("创始人", "总经理")),
    ),
    "tw": (("{p}台湾同胞联谊会", ("会长", "副会长")),),
    "overseas": (
        ("{p}归国华侨联合会", ("主席", "副主席")),
        ("延边{co}国际贸易有限公司", ("总经理",)),
    ),
}
# Titles nobody holds before about 45: these members are born 1960–1978.
SENIOR_TITLES = frozenset(
    {
        "教授", "研究员", "主任医师", "国家一级演员", "正高级教师", "编审", "研究馆员",
        "正高级工程师", "推广研究员", "学院院长", "院长", "校长", "副院长", "行长", "局长",
        "团长", "馆长", "社长", "副总编辑", "常务副部长", "会长", "主席", "科主任",
    }
)  # fmt: skip
ISLAM_JOB: tuple[str, tuple[str, ...]] = ("{c}伊斯兰教协会", ("会长", "阿訇"))

EXPERTISE: dict[str, tuple[str, ...]] = {
    "gov": ("区域经济发展", "乡村振兴", "统一战线", "营商环境建设", "财政金融", "边境经济合作"),
    "edu": ("基础教育管理", "朝鲜族双语教学", "职业教育", "学前教育", "高等教育管理", "教师队伍建设"),
    "med": ("心血管内科", "肿瘤防治", "公共卫生", "朝医药", "儿科", "医院管理", "老年医学"),
    "biz": ("人参产业", "边境贸易", "民族食品加工", "文化旅游开发", "企业管理", "电子商务", "现代物流"),
    "commerce": ("民营经济", "商会建设", "对外贸易", "企业管理"),
    "agri": ("水稻种植", "延边黄牛养殖", "苹果梨种植", "食用菌栽培", "农村集体经济", "林下经济"),
    "culture": ("朝鲜族舞蹈", "民族音乐", "文学创作", "非物质文化遗产保护", "书法美术", "群众文化"),
    "science": ("生物技术", "林业科学", "农业科技", "信息技术", "新材料", "科技成果转化"),
    "sci_assoc": ("科学普及", "科技社团建设", "农业科技推广"),
    "social_sci": ("民族学", "朝鲜半岛研究", "东北亚区域经济", "法学", "党史研究", "地方史志"),
    "media": ("新闻采编", "朝鲜语广播", "出版编辑", "融媒体建设", "网络舆情"),
    "sport": ("足球", "朝鲜族传统体育", "体育教育", "全民健身"),
    "welfare": ("养老服务", "残疾人事业", "社会救助", "慈善公益", "医疗保障"),
    "ethnic": ("民族团结进步", "朝鲜语言文字", "民族政策", "朝鲜族民俗文化"),
    "religion": ("宗教事务", "宗教团体管理", "慈善公益"),
    "env": ("生态环境保护", "东北虎豹保护", "林业资源管理", "水资源保护", "环境监测"),
    "law": ("民商事诉讼", "刑事辩护", "企业法律顾问", "财务审计", "公证业务", "劳动争议调解"),
    "union": ("职工权益保障", "劳模工匠培育", "安全生产"),
    "women": ("妇女儿童权益", "家庭教育", "巾帼创业", "家政服务"),
    "youth": ("青年创业", "青少年教育", "志愿服务", "电子商务"),
    "tw": ("对台交流", "经贸合作"),
    "overseas": ("侨务", "对外经贸", "劳务合作", "东北亚交流"),
}  # fmt: skip
AWARDS = (
    "曾获吉林省劳动模范称号。",
    "曾获吉林省五一劳动奖章。",
    "曾获延边州民族团结进步模范个人称号。",
    "曾获延边州优秀政协委员称号。",
    "曾获延边州优秀共产党员称号。",
)
# Education weights (same order as EDUCATION_LEVELS).
EDUCATION_WEIGHTS = {
    "cadre": (4, 30, 58, 8, 0, 0, 0),
    "business": (3, 15, 50, 18, 7, 5, 2),
    "academic": (28, 36, 32, 4, 0, 0, 0),
    "grassroots": (0, 3, 30, 32, 15, 12, 8),
}
ACADEMIC = frozenset({"edu", "med", "science", "social_sci", "sci_assoc"})
GRASSROOTS = frozenset({"agri", "union", "religion"})
BUSINESS = frozenset({"biz", "commerce", "culture", "sport"})
DEMOCRATIC_PARTIES = (P.RCCK, P.CDL, P.CNDCA, P.CAPD, P.CPWDP, P.CZGP, P.JIUSAN)
PARTY_SHORT: dict[str, str] = {
    P.RCCK: "民革", P.CDL: "民盟", P.CNDCA: "民建", P.CAPD: "民进",
    P.CPWDP: "农工党", P.CZGP: "致公党", P.JIUSAN: "九三学社",
}  # fmt: skip
# How a biography states someone's political affiliation.
AFFILIATION_IN_BIOGRAPHY: dict[str, str] = {
    P.CPC: "中共党员", P.RCCK: "民革党员", P.CDL: "民盟盟员", P.CNDCA: "民建会员",
    P.CAPD: "民进会员", P.CPWDP: "农工党党员", P.CZGP: "致公党党员", P.JIUSAN: "九三学社社员",
    P.TDSGL: "台盟盟员", P.NON_PARTY: "无党派人士", P.MASSES: "群众",
}  # fmt: skip
PHONE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
    "155", "156", "157", "158", "159", "180", "181", "182", "186", "187", "188", "189",
    "191", "193", "198", "199",
)  # fmt: skip

# --------------------------------------------------------------------------------------------
# Fixed people: the real 州政协 leadership and the two demo member accounts
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FixedPerson:
    key: str
    name: str
    name_ko: str
    sex: str
    ethnicity: str
    birth: date
    affiliation: str
    sector: str
    leadership: str = LeadershipPosition.NONE
    work_unit: str = "政协延边朝鲜族自治州委员会"
    job_title: str = ""
    education: str = "大学本科"
    expertise: str = ""
    committee: str = ""
    standing: bool = True
    # None: no seat in the 13th term. Of the real office-holders, only 权贞子 and 李东浩 are
    # documented as 13th-term vice-chairs (ybzx.gov.cn, 2021-01-13); the others get none.
    past_leadership: str | None = None
    residence: str = "yanji"


L = LeadershipPosition
PREFECTURE_FIXED: tuple[FixedPerson, ...] = (
    FixedPerson("chair", "康芳", "", Sex.FEMALE, "汉族", date(1968, 5, 12), P.CPC, "中共",
                L.CHAIR, job_title="主席", education="硕士研究生"),
    FixedPerson("vc1", "马云骥", "", Sex.MALE, "汉族", date(1966, 8, 3), P.CPC, "中共",
                L.VICE_CHAIR, job_title="副主席"),
    FixedPerson("vc2", "权贞子", "권정자", Sex.FEMALE, "朝鲜族", date(1965, 2, 21), P.CPC,
                "少数民族界", L.VICE_CHAIR, job_title="副主席", past_leadership=L.VICE_CHAIR),
    FixedPerson("vc3", "李东浩", "리동호", Sex.MALE, "朝鲜族", date(1967, 11, 9), P.CPC, "中共",
                L.VICE_CHAIR, job_title="副主席", past_leadership=L.VICE_CHAIR),
    FixedPerson("vc4", "夏友照", "", Sex.MALE, "汉族", date(1969, 4, 17), P.JIUSAN, "九三学社",
                L.VICE_CHAIR, job_title="副主席", education="博士研究生"),
    FixedPerson("vc5", "金璟琳", "김경림", Sex.FEMALE, "朝鲜族", date(1970, 9, 25), P.CDL, "民盟",
                L.VICE_CHAIR, job_title="副主席", education="博士研究生"),
    FixedPerson("vc6", "李中庆", "", Sex.MALE, "汉族", date(1968, 12, 1), P.CNDCA, "民建",
                L.VICE_CHAIR, job_title="副主席"),
    FixedPerson("vc7", "权大杰", "권대걸", Sex.MALE, "朝鲜族", date(1971, 6, 30), P.CPC, "中共",
                L.VICE_CHAIR, job_title="副主席"),
    FixedPerson("secgen", "全京鲁", "전경로", Sex.MALE, "朝鲜族", date(1970, 3, 14), P.CPC, "中共",
                L.SECRETARY_GENERAL, job_title="秘书长"),
    FixedPerson("member", "金哲洙", "김철수", Sex.MALE, "朝鲜族", date(1978, 3, 15), P.CDL, "教育界",
                work_unit="延边大学师范学院", job_title="副教授", education="博士研究生",
                expertise="朝鲜族双语教学、基础教育管理", committee="教科卫体委员会",
                standing=False),
    FixedPerson("member2", "张晓梅", "", Sex.FEMALE, "汉族", date(1972, 9, 8), P.CPWDP,
                "医药卫生界", work_unit="延边大学附属医院", job_title="主任医师",
                education="硕士研究生", expertise="心血管内科、公共卫生",
                committee="教科卫体委员会", past_leadership=""),
)  # fmt: skip

# --------------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------------


@dataclass
class Person:
    name: str
    name_ko: str
    sex: str
    ethnicity: str
    birth_date: date
    affiliation: str
    education: str = ""
    work_unit: str = ""
    job_title: str = ""
    id_number: str = ""
    phone: str = ""
    address: str = ""
    email: str = ""
    expertise: str = ""
    biography: str = ""


@dataclass
class SeatSpec:
    """One member of one organisation and their seat in the current (and maybe last) term."""

    person: Person
    sector: Sector
    category: str
    standing: bool = False
    leadership: str = LeadershipPosition.NONE
    committees: dict[int, str] = field(default_factory=dict)  # committee pk → position
    past: bool = False
    past_standing: bool = False
    past_leadership: str = LeadershipPosition.NONE
    key: str = ""  # fixed people only (demo accounts, leadership)

    @property
    def reserved(self) -> bool:
        return bool(self.key)


@dataclass(frozen=True)
class AccountRow:
    username: str
    display_name: str
    roles: str
    organisation: str


@dataclass
class DemoResult:
    counts: dict[str, int] = field(default_factory=dict)
    accounts: list[AccountRow] = field(default_factory=list)


def demo_present() -> bool:
    return Organisation.objects.filter(code=PREFECTURE_CODE).exists()


class DemoBuilder:
    """Builds everything; one instance per load, driven by one seeded generator."""

    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.used_ids: set[str] = set()
        self.used_phones: set[str] = set()
        self.result = DemoResult()
        self.members: dict[str, Member] = {}  # fixed key → member
        self.prefecture_specs: list[SeatSpec] = []
        self.prefecture_offices: dict[str, Office] = {}
        self.prefecture_units: dict[str, HandlingUnit] = {}
        self.yanji_offices: dict[str, Office] = {}

    # -- small helpers -------------------------------------------------------------------

    def _count(self, key: str, n: int = 1) -> None:
        self.result.counts[key] = self.result.counts.get(key, 0) + n

    def _phone(self) -> str:
        while True:
            phone = self.rng.choice(PHONE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if phone not in self.used_phones:
                self.used_phones.add(phone)
                return phone

    def _landline(self) -> str:
        return f"0433-{self.rng.choice('2258')}{self.rng.randrange(10**6):06d}"

    def _id_number(self, area: str, birth: date, sex: str) -> str:
        while True:
            serial = self.rng.randrange(1000)
            if (serial % 2 == 1) != (sex == Sex.MALE):  # odd 17th digit = male
                serial ^= 1
            first17 = f"{area}{birth:%Y%m%d}{serial:03d}"
            number = first17 + id_check_digit(first17)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def _birth(self, first: int = 1960, last: int = 1992) -> date:
        start = date(first, 1, 1)
        return start + timedelta(days=self.rng.randrange((date(last, 12, 31) - start).days))

    def _address(self, place: Place, town: str = "") -> str:
        area = town or self.rng.choice(place.subdistricts)
        road = self.rng.choice(ROADS)
        number = self.rng.randint(1, 480)
        if self.rng.random() < 0.6:
            return (
                f"吉林省{place.city}{area}{road}{number}号"
                f"{self.rng.randint(1, 6)}单元{self.rng.randint(1, 18)}{self.rng.randint(1, 4):02d}室"
            )
        return f"吉林省{place.city}{area}{road}{number}号"

    def _email(self, name: str) -> str:
        handle = "".join(lazy_pinyin(name))
        if self.rng.random() < 0.7:
            handle += str(
                self.rng.randint(60, 99) if self.rng.random() < 0.5 else self.rng.randint(1, 999)
            )
        return f"{handle}@{self.rng.choice(('163.com', '126.com', 'sina.com', 'qq.com'))}"

    def _ethnicity(self, korean: float, manchu: float) -> str:
        r = self.rng.random()
        if r < korean:
            return "朝鲜族"
        if r < korean + manchu:
            return "满族"
        if r < korean + manchu + 0.02:
            return "回族"
        return "汉族"

    def _name(self, ethnicity: str, sex: str) -> tuple[str, str]:
        rng = self.rng
        if ethnicity == "朝鲜族":
            surname, surname_ko, _ = rng.choices(
                KOREAN_SURNAMES, weights=[w for *_, w in KOREAN_SURNAMES]
            )[0]
            pool = KOREAN_MALE_SYLLABLES if sex == Sex.MALE else KOREAN_FEMALE_SYLLABLES
            syllables = rng.sample(pool, 1 if rng.random() < 0.08 else 2)
            return (
                surname + "".join(c for c, _ in syllables),
                surname_ko + "".join(k for _, k in syllables),
            )
        if ethnicity == "满族":
            surname = rng.choice(MANCHU_SURNAMES)
        elif ethnicity == "回族":
            surname = rng.choice(HUI_SURNAMES)
        else:
            surname = rng.choices(HAN_SURNAMES, weights=[w for _, w in HAN_SURNAMES])[0][0]
        chars = HAN_MALE_CHARS if sex == Sex.MALE else HAN_FEMALE_CHARS
        given = rng.choice(chars) if rng.random() < 0.35 else "".join(rng.sample(chars, 2))
        return surname + given, ""

    def _affiliation(self, sector: SectorSpec, category: str) -> str:
        if sector.affiliation:
            return sector.affiliation
        rng = self.rng
        if category == "religion":  # clergy belong to no party
            return P.NON_PARTY if rng.random() < 0.4 else P.MASSES
        cpc_weight = {"biz": 0.22, "commerce": 0.22, "gov": 0.95, "youth": 0.8}.get(category, 0.40)
        if rng.random() < cpc_weight:
            return P.CPC
        r = rng.random()
        if r < 0.35:
            return P.MASSES
        if r < 0.55:
            return P.NON_PARTY
        return rng.choice(DEMOCRATIC_PARTIES)

    def _education(self, category: str) -> str:
        key = (
            "academic" if category in ACADEMIC else "grassroots" if category in GRASSROOTS
            else "business" if category in BUSINESS else "cadre"
        )  # fmt: skip
        return self.rng.choices(EDUCATION_LEVELS, weights=EDUCATION_WEIGHTS[key])[0]

    # -- people ---------------------------------------------------------------------------

    def _job(
        self, category: str, ethnicity: str, place: Place, county_level: bool
    ) -> tuple[str, tuple[str, ...]]:
        if category == "religion" and ethnicity == "回族":
            return ISLAM_JOB
        jobs = [
            job
            for job in JOBS[category]
            if not county_level or "{" in job[0] or place.code == "yanji" or place.short in job[0]
        ]
        return self.rng.choice(jobs or JOBS[category])

    def person(
        self,
        *,
        org_prefix: str,
        place: Place,
        sector: SectorSpec,
        category: str,
        taken_names: set[str],
        korean: float,
        manchu: float,
        county_level: bool,
    ) -> Person:
        rng = self.rng
        sex = Sex.FEMALE if rng.random() < (0.8 if category == "women" else 0.31) else Sex.MALE
        ethnicity = self._ethnicity(korean, manchu)
        if category == "ethnic" and ethnicity == "汉族":
            ethnicity = "朝鲜族"
        if category == "religion" and sex == Sex.FEMALE:
            sex = Sex.MALE
        while True:
            name, name_ko = self._name(ethnicity, sex)
            if name not in taken_names:
                taken_names.add(name)
                break
        affiliation = self._affiliation(sector, category)
        unit_tpl, titles = self._job(category, ethnicity, place, county_level)
        title = rng.choice(titles)
        if title in SENIOR_TITLES:
            birth = self._birth(1960, 1978)
        elif category == "youth":
            birth = self._birth(1985, 1992)
        else:
            birth = self._birth()
        town = rng.choice(place.towns)
        work_unit = unit_tpl.format(
            p=org_prefix,
            c=place.city,
            cs=place.short,
            town=town,
            village=rng.choice(VILLAGES),
            co=rng.choice(COMPANY_STEMS),
            n=rng.choice(NUMERALS[: 6 if county_level else 10]),
            bank=f"中国银行{place.short}支行" if county_level else "中国银行延边分行",
            eco=f"延边州生态环境局{place.city}分局" if county_level else "延边州生态环境局",
            mz=f"{place.city}民族宗教事务局" if county_level else "延边州民族宗教事务委员会",
        )
        job_title = title
        party = PARTY_SHORT.get(affiliation)
        if party and sector.affiliation and rng.random() < 0.35:
            post = rng.choice(("主委", "副主委", "副主委"))
            job_title = (
                f"{title}，{party}{place.city}总支{post}"
                if county_level
                else f"{title}，{party}延边州委{post}"
            )
        expertise = "、".join(rng.sample(EXPERTISE[category], rng.choice((1, 1, 2))))
        education = self._education(category)
        if title in SENIOR_TITLES and education not in EDUCATION_LEVELS[:3]:
            education = EDUCATION_LEVELS[2]

        missing = rng.random()
        phone = "" if missing < 0.05 else self._phone()
        id_number = "" if 0.05 <= missing < 0.10 else self._id_number(place.area_code, birth, sex)
        person = Person(
            name=name,
            name_ko=name_ko,
            sex=sex,
            ethnicity=ethnicity,
            birth_date=birth,
            affiliation=affiliation,
            education=education,
            work_unit=work_unit,
            job_title=job_title,
            id_number=id_number,
            phone=phone,
            address=self._address(place, town if "{town}" in unit_tpl else ""),
            email=self._email(name) if rng.random() < 0.35 else "",
            expertise=expertise if rng.random() < 0.9 else "",
        )
        if rng.random() < 0.85:
            person.biography = self._biography(person, title, expertise)
        return person

    def _biography(self, person: Person, title: str, expertise: str, *, award: bool = True) -> str:
        sex = "男" if person.sex == Sex.MALE else "女"
        party = AFFILIATION_IN_BIOGRAPHY[person.affiliation]
        text = (
            f"{person.name}，{sex}，{person.ethnicity}，{person.birth_date.year}年"
            f"{person.birth_date.month}月生，{party}，{person.education}学历。"
            f"现任{person.work_unit}{title}"
        )
        text += f"，长期从事{expertise}工作。" if expertise else "。"
        if award and self.rng.random() < 0.25:
            text += self.rng.choice(AWARDS)
        return text

    def fixed_person(self, spec: FixedPerson) -> Person:
        place = PLACE_BY_CODE[spec.residence]
        person = Person(
            name=spec.name,
            name_ko=spec.name_ko,
            sex=spec.sex,
            ethnicity=spec.ethnicity,
            birth_date=spec.birth,
            affiliation=spec.affiliation,
            education=spec.education,
            work_unit=spec.work_unit,
            job_title=spec.job_title,
            id_number=self._id_number(place.area_code, spec.birth, spec.sex),
            phone=self._phone(),
            address=self._address(place),
            expertise=spec.expertise,
        )
        person.biography = self._biography(
            person, spec.job_title, spec.expertise, award=bool(spec.expertise)
        )
        return person

    # -- organisations --------------------------------------------------------------------

    def organisation(
        self,
        *,
        code: str,
        name: str,
        short_name: str,
        name_ko: str,
        region: str,
        level: str,
        sort_order: int,
        parent: Organisation | None,
    ) -> Organisation:
        self._count("organisations")
        return Organisation.objects.create(
            code=code,
            name=name,
            short_name=short_name,
            name_ko=name_ko,
            region=region,
            level=level,
            sort_order=sort_order,
            parent=parent,
        )

    def terms(
        self,
        org: Organisation,
        number: int,
        fixed_sessions: dict[tuple[int, int], tuple[date, date]] | None = None,
    ) -> tuple[Term, Term]:
        """The current term (1st session Jan 2022) and the previous one (Jan 2017)."""
        fixed_sessions = fixed_sessions or {}
        dates: dict[int, list[tuple[date, date]]] = {}
        for term_number, first_year in ((number - 1, 2017), (number, 2022)):
            dates[term_number] = []
            for session in range(1, 6):
                fixed = fixed_sessions.get((term_number, session))
                if fixed:
                    dates[term_number].append(fixed)
                    continue
                opens = date(first_year + session - 1, 1, self.rng.randint(4, 12))
                dates[term_number].append((opens, opens + timedelta(days=self.rng.randint(2, 4))))
        current_start = dates[number][0][0]
        previous = Term.objects.create(
            organisation=org,
            number=number - 1,
            starts_on=dates[number - 1][0][0],
            ends_on=current_start - timedelta(days=1),
            is_current=False,
        )
        current = Term.objects.create(
            organisation=org, number=number, starts_on=current_start, is_current=True
        )
        sessions = [
            Session(term=term, number=i, opens_on=opens, closes_on=closes)
            for term in (previous, current)
            for i, (opens, closes) in enumerate(dates[term.number], start=1)
        ]
        Session.objects.bulk_create(sessions)
        self._count("terms", 2)
        self._count("sessions", len(sessions))
        return current, previous

    def structures(
        self, org: Organisation, sector_names: Sequence[str], committee_names: Sequence[str]
    ) -> tuple[dict[str, Sector], dict[str, SpecialCommittee], dict[str, Office]]:
        sectors = Sector.objects.bulk_create(
            Sector(
                organisation=org,
                name=name,
                name_ko=SECTOR_BY_NAME[name].name_ko,
                kind=SECTOR_BY_NAME[name].kind,
                sort_order=i,
            )
            for i, name in enumerate(sector_names, start=1)
        )
        ko = dict(COMMITTEES)
        committees = SpecialCommittee.objects.bulk_create(
            SpecialCommittee(organisation=org, name=name, name_ko=ko[name], sort_order=i)
            for i, name in enumerate(committee_names, start=1)
        )
        offices = Office.objects.bulk_create(
            Office(organisation=org, name=name, kind=kind, sort_order=i)
            for i, (name, kind) in enumerate(OFFICES, start=1)
        )
        self._count("sectors", len(sectors))
        self._count("committees", len(committees))
        self._count("offices", len(offices))
        return (
            {s.name: s for s in sectors},
            {c.name: c for c in committees},
            {o.name: o for o in offices},
        )

    def handling_units(
        self, org: Organisation, units: Sequence[tuple[str, str, str]]
    ) -> dict[str, HandlingUnit]:
        created = HandlingUnit.objects.bulk_create(
            HandlingUnit(
                organisation=org,
                name=name,
                short_name=short_name,
                kind=kind,
                contact_phone=self._landline(),
                sort_order=i,
            )
            for i, (name, short_name, kind) in enumerate(units, start=1)
        )
        self._count("handling_units", len(created))
        return {unit.short_name: unit for unit in created}

    # -- seats ----------------------------------------------------------------------------

    def assign_committees(
        self, specs: list[SeatSpec], committees: dict[str, SpecialCommittee], standing_share: float
    ) -> None:
        rng = self.rng
        names = list(committees)
        # 提案委员会 does the most work, so it gets more members than a uniform draw gives.
        weights = [3 if name == COMMITTEES[0][0] else 1 for name in names]
        for spec in specs:
            if spec.leadership or spec.committees:
                continue  # leadership sit on no committee; fixed members are placed already
            r = rng.random()
            count = 0 if r < 0.08 else 2 if r > 0.93 else 1
            chosen: list[str] = []
            preferred = COMMITTEE_FOR_CATEGORY.get(spec.category)
            if count and preferred in committees and rng.random() < 0.5:
                chosen.append(preferred)
            while len(chosen) < count:
                name = rng.choices(names, weights=weights)[0]
                if name not in chosen:
                    chosen.append(name)
            spec.committees = {committees[n].pk: CommitteePosition.MEMBER for n in chosen}
        # One director and one or two deputies per committee, never the same person twice.
        heads: set[int] = set()
        for committee in committees.values():
            seated = [
                i
                for i, spec in enumerate(specs)
                if committee.pk in spec.committees and not spec.reserved and i not in heads
            ]
            rng.shuffle(seated)
            positions = [CommitteePosition.DIRECTOR] + [CommitteePosition.DEPUTY_DIRECTOR] * (
                rng.randint(1, 2)
            )
            for index, position in zip(seated, positions, strict=False):
                specs[index].committees[committee.pk] = position
                heads.add(index)
                if position == CommitteePosition.DIRECTOR:
                    specs[index].standing = True
        # Top up the standing committee to about the target share.
        target = round(len(specs) * standing_share)
        candidates = [s for s in specs if not s.standing and not s.reserved]
        rng.shuffle(candidates)
        missing = max(0, target - sum(1 for s in specs if s.standing))
        for spec in candidates[:missing]:
            spec.standing = True

    def save_seats(
        self, org: Organisation, specs: list[SeatSpec], current: Term, previous: Term | None
    ) -> None:
        members: list[Member] = []
        for spec in specs:
            p = spec.person
            id_number = p.id_number.strip().upper()
            members.append(
                Member(
                    organisation=org,
                    name=p.name,
                    name_ko=p.name_ko,
                    name_sort_key=name_sort_key(p.name),
                    sex=p.sex,
                    ethnicity=p.ethnicity,
                    birth_date=p.birth_date,
                    political_affiliation=p.affiliation,
                    education=p.education,
                    work_unit=p.work_unit,
                    job_title=p.job_title,
                    id_number=id_number,
                    id_number_index=crypto.blind_index(id_number, purpose="id_number"),
                    phone=p.phone,
                    phone_index=crypto.blind_index(p.phone, purpose="phone"),
                    address=p.address,
                    email=p.email,
                    expertise=p.expertise,
                    biography=p.biography,
                )
            )
        Member.objects.bulk_create(members, batch_size=500)
        memberships: list[Membership] = []
        seat_plan: list[tuple[Membership, dict[int, str]]] = []
        for spec, member in zip(specs, members, strict=True):
            if spec.key:
                self.members[spec.key] = member
            membership = Membership(
                member=member,
                term=current,
                sector=spec.sector,
                is_standing_committee=spec.standing or bool(spec.leadership),
                leadership_position=spec.leadership,
            )
            memberships.append(membership)
            seat_plan.append((membership, spec.committees))
            if spec.past and previous is not None:
                past = Membership(
                    member=member,
                    term=previous,
                    sector=spec.sector,
                    is_standing_committee=spec.past_standing or bool(spec.past_leadership),
                    leadership_position=spec.past_leadership,
                )
                memberships.append(past)
                # Last term's seats: the same committees, as an ordinary committee member.
                seat_plan.append((past, dict.fromkeys(spec.committees, CommitteePosition.MEMBER)))
        Membership.objects.bulk_create(memberships, batch_size=500)
        seats = [
            CommitteeSeat(membership=membership, committee_id=committee_id, position=position)
            for membership, plan in seat_plan
            for committee_id, position in plan.items()
        ]
        CommitteeSeat.objects.bulk_create(seats, batch_size=500)
        self._count("members", len(members))
        self._count("memberships", len(memberships))
        self._count("committee_seats", len(seats))

    # -- the prefecture -------------------------------------------------------------------

    def prefecture(self) -> Organisation:
        rng = self.rng
        org = self.organisation(
            code=PREFECTURE_CODE,
            name="政协延边朝鲜族自治州委员会",
            short_name="州政协",
            name_ko="중국인민정치협상회의 연변조선족자치주위원회",
            region="延边朝鲜族自治州",
            level=OrganisationLevel.PREFECTURE,
            sort_order=0,
            parent=None,
        )
        current, previous = self.terms(
            org,
            14,
            fixed_sessions={
                (13, 5): (date(2021, 1, 10), date(2021, 1, 13)),
                (14, 4): (date(2025, 1, 6), date(2025, 1, 9)),
            },
        )
        sectors, committees, offices = self.structures(
            org, [s.name for s in SECTORS], [name for name, _ in COMMITTEES]
        )
        self.prefecture_offices = offices
        self.prefecture_units = self.handling_units(org, PREFECTURE_UNITS)

        specs: list[SeatSpec] = []
        taken = {f.name for f in PREFECTURE_FIXED}
        for fixed in PREFECTURE_FIXED:
            spec = SeatSpec(
                person=self.fixed_person(fixed),
                sector=sectors[fixed.sector],
                category=SECTOR_BY_NAME[fixed.sector].categories[0],
                standing=fixed.standing,
                leadership=fixed.leadership,
                past=fixed.past_leadership is not None,
                past_leadership=fixed.past_leadership or LeadershipPosition.NONE,
                past_standing=bool(fixed.past_leadership) or fixed.standing,
                key=fixed.key,
            )
            if fixed.committee:
                spec.committees = {committees[fixed.committee].pk: CommitteePosition.MEMBER}
            specs.append(spec)
        places = list(PREFECTURE_RESIDENCE_WEIGHTS)
        weights = list(PREFECTURE_RESIDENCE_WEIGHTS.values())
        for sector_spec in SECTORS:
            for _ in range(max(1, sector_spec.seats + rng.choice((-1, 0, 0, 1)))):
                place = PLACE_BY_CODE[rng.choices(places, weights=weights)[0]]
                category = rng.choice(sector_spec.categories)
                person = self.person(
                    org_prefix="延边州",
                    place=place,
                    sector=sector_spec,
                    category=category,
                    taken_names=taken,
                    korean=0.38,
                    manchu=0.05,
                    county_level=False,
                )
                spec = SeatSpec(person=person, sector=sectors[sector_spec.name], category=category)
                spec.past = rng.random() < 0.6
                specs.append(spec)
        self.assign_committees(specs, committees, standing_share=0.10)
        for spec in specs:
            if spec.past and not spec.reserved:
                spec.past_standing = spec.standing if rng.random() < 0.7 else rng.random() < 0.05
        self.save_seats(org, specs, current, previous)
        self.prefecture_specs = specs
        return org

    # -- the counties ---------------------------------------------------------------------

    def county(self, spec: CountySpec, parent: Organisation) -> Organisation:
        rng = self.rng
        place = spec.place
        org = self.organisation(
            code=place.code,
            name=f"政协{place.city}委员会",
            short_name=f"{place.city}政协",
            name_ko=f"{place.ko}정협",
            region=place.city,
            level=OrganisationLevel.COUNTY,
            sort_order=spec.sort_order,
            parent=parent,
        )
        current, _previous = self.terms(org, spec.term_number)
        optional = rng.sample(COUNTY_OPTIONAL_SECTORS, rng.randint(3, 5))
        sector_names = [s.name for s in SECTORS if s.name in COUNTY_CORE_SECTORS + tuple(optional)]
        others = [name for name, _ in COMMITTEES[1:]]
        extra = set(rng.sample(others, rng.randint(3, 5)))
        committee_names = [COMMITTEES[0][0], *(n for n in others if n in extra)]
        sectors, committees, offices = self.structures(org, sector_names, committee_names)
        if place.code == "yanji":
            self.yanji_offices = offices
        level = "市" if place.city.endswith("市") else "县"
        some = rng.sample(COUNTY_UNITS_SOME, rng.randint(3, 5))
        units = [
            (f"{place.city}{name}", f"{level}{short}", kind)
            for name, short, kind in (*COUNTY_UNITS_ALWAYS, *some)
        ]
        self.handling_units(org, units)

        size = rng.randint(*spec.size)
        taken: set[str] = set()
        specs: list[SeatSpec] = []

        def new_person(sector_spec: SectorSpec, category: str) -> Person:
            return self.person(
                org_prefix=place.city,
                place=place,
                sector=sector_spec,
                category=category,
                taken_names=taken,
                korean=spec.korean_share,
                manchu=spec.manchu_share,
                county_level=True,
            )

        # Leadership: 主席, three to five 副主席, 秘书长.
        positions = [L.CHAIR] + [L.VICE_CHAIR] * rng.randint(3, 5) + [L.SECRETARY_GENERAL]
        for position in positions:
            sector_name = (
                "中共"
                if position != L.VICE_CHAIR or rng.random() < 0.6
                else (
                    rng.choice(
                        [
                            n
                            for n in sector_names
                            if SECTOR_BY_NAME[n].affiliation not in ("", P.CPC)
                        ]
                    )
                )
            )
            sector_spec = SECTOR_BY_NAME[sector_name]
            person = new_person(sector_spec, "gov")
            person.work_unit = org.name
            person.job_title = str(LeadershipPosition(position).label)
            person.birth_date = self._birth(1963, 1975)
            if person.id_number:
                person.id_number = self._id_number(place.area_code, person.birth_date, person.sex)
            person.expertise = ""
            person.biography = self._biography(person, person.job_title, "", award=False)
            specs.append(
                SeatSpec(
                    person=person,
                    sector=sectors[sector_name],
                    category="gov",
                    leadership=position,
                    standing=True,
                )
            )
        # Some prefecture members living here also sit on this county's committee.
        locals_ = [
            s for s in self.prefecture_specs
            if not s.reserved and s.person.address.startswith(f"吉林省{place.city}")
            and s.sector.name in sectors
        ]  # fmt: skip
        for shared in rng.sample(locals_, min(len(locals_), rng.randint(4, 8))):
            if shared.person.name in taken:
                continue
            taken.add(shared.person.name)
            specs.append(
                SeatSpec(
                    person=shared.person,
                    sector=sectors[shared.sector.name],
                    category=shared.category,
                )
            )
        weights = [SECTOR_BY_NAME[n].seats for n in sector_names]
        # Every sector gets at least one member, the rest follow the prefecture's weights.
        plan = list(sector_names)
        plan += rng.choices(sector_names, weights=weights, k=max(0, size - len(specs) - len(plan)))
        for sector_name in plan:
            sector_spec = SECTOR_BY_NAME[sector_name]
            category = rng.choice(sector_spec.categories)
            specs.append(
                SeatSpec(
                    person=new_person(sector_spec, category),
                    sector=sectors[sector_name],
                    category=category,
                )
            )
        self.assign_committees(specs, committees, standing_share=0.12)
        self.save_seats(org, specs, current, None)
        return org

    # -- accounts -------------------------------------------------------------------------

    def accounts(self, prefecture: Organisation, yanji: Organisation) -> None:
        def create(
            username: str, display_name: str, kind: str, org: Organisation, phone: str = ""
        ) -> User:
            return account_services.user_create(
                acting_user=None,
                organisation=org,
                username=username,
                display_name=display_name,
                kind=kind,
                password=DEMO_PASSWORD,
                phone=phone,
                must_change_password=False,
                # The published demo password is simpler than the policy allows; only
                # set-up commands may skip the check, never a person through a page.
                validate_password_policy=False,
            )

        def grant(
            user: User,
            role: str,
            *,
            office: Office | None = None,
            handling_unit: HandlingUnit | None = None,
        ) -> None:
            account_services.role_grant(
                acting_user=None, user=user, role=role, office=office, handling_unit=handling_unit
            )

        users: list[User] = []
        for username, display_name, role in (
            ("admin", "王志刚", Role.SYSTEM_ADMIN),
            ("security", "崔永哲", Role.SECURITY_ADMIN),
            ("auditor", "刘晓燕", Role.AUDIT_ADMIN),
        ):
            user = create(username, display_name, AccountKind.ADMIN, prefecture)
            grant(user, role)
            users.append(user)
        for username, key in (("chair", "chair"), ("member", "member"), ("member2", "member2")):
            member = self.members[key]
            user = create(username, member.name, AccountKind.MEMBER, prefecture, member.phone)
            member.user = user
            member.save(update_fields=["user", "updated_at"])
            users.append(user)
        staff = create("staff", "朴丽华", AccountKind.STAFF, prefecture)
        grant(staff, Role.OFFICE_STAFF, office=self.prefecture_offices["提案委员会办公室"])
        editor = create("editor", "李雪梅", AccountKind.STAFF, prefecture)
        grant(editor, Role.PORTAL_EDITOR)
        education = self.prefecture_units["州教育局"]
        unit = create("unit", "刘佳", AccountKind.UNIT, prefecture)
        grant(unit, Role.UNIT_OFFICER, handling_unit=education)
        signer = create("unit-signer", "崔光日", AccountKind.UNIT, prefecture)
        grant(signer, Role.UNIT_SIGNER, handling_unit=education)
        county_staff = create("county-staff", "金美善", AccountKind.STAFF, yanji)
        grant(county_staff, Role.OFFICE_STAFF, office=self.yanji_offices["办公室"])
        users += [staff, editor, unit, signer, county_staff]

        order = [r.value for r in Role]
        for user in users:
            user.forget_principal()
            roles = sorted(user.principal.roles, key=order.index)
            self.result.accounts.append(
                AccountRow(
                    username=user.username,
                    display_name=user.display_name,
                    roles="、".join(str(Role(r).label) for r in roles),
                    organisation=user.organisation.short_name if user.organisation else "",
                )
            )
        self._count("accounts", len(users))

    # -- everything -----------------------------------------------------------------------

    def build(self) -> DemoResult:
        prefecture = self.prefecture()
        counties = [self.county(spec, prefecture) for spec in COUNTIES]
        self.accounts(prefecture, counties[0])
        audit.record(
            action="demo.load",
            organisation=prefecture,
            object_type="devtools.demo",
            object_repr="延边演示数据",
            after={"seed": SEED, **self.result.counts},
        )
        return self.result


def load(seed: int = SEED) -> DemoResult:
    """Create the demo data in one transaction (all or nothing)."""
    with transaction.atomic():
        return DemoBuilder(seed).build()
