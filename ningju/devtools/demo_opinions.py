"""A year of 社情民意 for the demo: the prefecture and 延吉市, driven through the services.

Contributors are members of the current term (the demo accounts `member`, `member2`, `chair`
and, for the rest, working accounts nobody can sign in to, as the proposal demo does). The
office accounts `staff` (州政协) and `county-staff` (延吉市政协) screen, edit, compile and
publish the issues, record reports, adoptions and leaders' instructions. The services stamp
`timezone.now()`; the demo moves that clock along the year so dates are believable.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from unittest import mock

from django.db import transaction
from django.utils import timezone

from ningju.accounts.choices import AccountKind
from ningju.accounts.models import User
from ningju.core import audit
from ningju.members.choices import MembershipStatus
from ningju.members.models import Member
from ningju.opinions import services as s
from ningju.opinions.models import Opinion
from ningju.orgs.models import Organisation

# (title, 情况, 分析, 建议): plain accounts of Yanbian matters, written for this demo.
TOPICS: list[tuple[str, str, str, str]] = [
    (
        "关于延吉市老旧小区加装电梯协商难的情况和建议",
        "延吉市河南、北山等街道有六层以下老旧住宅楼三百余栋，多数没有电梯。居民中六十岁以上的约占三成，上下楼困难的反映较多。",
        "加装电梯要楼内业主协商一致，低层住户担心采光、噪音和房价，费用分摊没有统一参考标准，街道和社区缺少协调抓手。",
        "一是由住建部门出台费用分摊参考办法；二是街道设立加装电梯协商室，邀请政协委员参与调解；三是对低保和高龄家庭给予补贴。",
    ),
    (
        "关于珲春市冬季海产品冷链运输断链问题的建议",
        "珲春市进口海产品在冬季经公路转运内地时，部分货车冷藏设备不达标，途中温度波动大，企业反映退货和损耗增多。",
        "冷链运输企业规模小、车辆老旧，沿途缺少合规的冷库中转点，监管部门对在途温度缺少实时数据。",
        "建议在珲春和敦化布设公共冷库中转点，推广车载温度记录仪并接入监管平台，对更新冷藏车辆的企业给予贷款贴息。",
    ),
    (
        "关于农村留守老人冬季取暖安全的情况反映",
        "今冬走访龙井市、和龙市部分村屯发现，独居老人仍多用火炕和小煤炉取暖，一氧化碳中毒和火灾隐患突出。",
        "青壮年外出务工，老人安全意识不足，村里报警器安装率低，基层网格员人手少、巡查不到位。",
        "建议为独居老人免费安装一氧化碳报警器，将冬季取暖安全纳入网格员巡查清单，组织志愿者每周上门查看。",
    ),
    (
        "关于长白山旅游旺季景区周边交通拥堵的建议",
        "暑期长白山北坡、西坡游客集中，二道白河镇进出景区道路高峰时段拥堵一至两个小时，游客投诉较多。",
        "停车场分散且缺少引导，旅游大巴和自驾车混行，景区预约与交通调度没有联动。",
        "建议建立景区预约和交通调度联动机制，在镇区外围设置换乘停车场，高峰期开行摆渡专线。",
    ),
    (
        "关于朝鲜族非物质文化遗产传承人断档的情况和建议",
        "州内国家级和省级朝鲜族非遗项目中，相当一部分代表性传承人年龄在七十岁以上，年轻学徒少。",
        "传承人补贴标准低，学徒收入不稳定，非遗项目进校园多停留在展示层面，缺少系统的课程。",
        "建议提高传承人补贴，设立青年学徒奖励，与延边大学、职业院校合作开设非遗专业课程。",
    ),
    (
        "关于中小学校园周边“小饭桌”食品安全监管的建议",
        "延吉市多所小学周边有学生托管“小饭桌”数十家，部分未办理食品经营许可，厨房卫生条件较差。",
        "“小饭桌”属于家庭式经营，归口不清，市场监管、教育、街道各管一段，家长对资质情况不了解。",
        "建议明确牵头部门，对“小饭桌”实行备案公示，开展联合检查，并在学校公布合规名单供家长选择。",
    ),
    (
        "关于图们江沿岸农村生活垃圾收运不及时的反映",
        "图们市、龙井市沿图们江部分村屯垃圾收运每周只有一次，夏季堆放点异味重，雨后垃圾流入河道。",
        "村级保洁经费不足，收运车辆少、路线长，垃圾分类没有落到户。",
        "建议增加沿江村屯收运频次和车辆，将沿江村屯保洁经费纳入专项保障，推动源头分类减量。",
    ),
    (
        "关于延边黄牛产业饲草料成本上涨的情况和建议",
        "今年以来，玉米秸秆、青贮饲料价格上涨两成左右，汪清、安图等地养牛户利润明显下降。",
        "本地饲草种植面积小，秸秆收储加工能力不足，大部分饲草需从外地调入，运输成本高。",
        "建议扶持建设一批秸秆收储加工点，推广粮改饲，对规模养殖户饲草储备给予补贴。",
    ),
    (
        "关于基层卫生院全科医生留不住的问题和建议",
        "部分乡镇卫生院近三年流失医生多名，安图县、汪清县有的卫生院只有一两名执业医师。",
        "待遇偏低，职称晋升难，子女上学不便，定向培养医生服务期满后多数离开。",
        "建议提高基层医生津贴，职称评审向基层倾斜，落实县管乡用，完善周转住房和子女入学保障。",
    ),
    (
        "关于敦化市林下经济产品销售渠道窄的建议",
        "敦化市林下种植的蓝莓、木耳、人参等产品品质好，但多数以原料形式低价卖给外地收购商。",
        "缺少本地品牌和精深加工，电商物流成本高，合作社营销能力弱。",
        "建议打造区域公用品牌，支持合作社开展电商直播，建设县级农产品物流集散中心。",
    ),
    (
        "关于城市公交车站冬季候车条件差的反映",
        "延吉市区部分公交站台没有挡风设施，冬季早晚气温在零下二十度以下，老人和学生候车困难。",
        "站台建设标准较低，改造资金没有列入计划，部分站点人行道狭窄无法加装。",
        "建议分批改造客流较大的站台，加装挡风玻璃和电子站牌，在学校和医院附近优先实施。",
    ),
    (
        "关于对俄对朝边境贸易结算难的情况和建议",
        "珲春、图们部分外贸企业反映，边境贸易结算周期长、汇路不畅，资金占用大。",
        "可用结算渠道少，本币结算业务量小，企业对相关政策了解不够。",
        "建议推动金融机构扩大本币结算业务，开展政策宣讲，探索边境贸易结算便利化试点。",
    ),
    (
        "关于高校毕业生留延就业意愿低的建议",
        "据了解，延边大学等院校本地生源毕业生留州就业比例不高，外地生源留下的更少。",
        "本地岗位数量和薪酬水平与发达地区差距大，人才公寓、创业扶持等政策知晓度低。",
        "建议组织本地企业进校园专场招聘，加大见习岗位补贴，集中宣传人才安居和创业政策。",
    ),
    (
        "关于农村危房改造后续维护的建议",
        "部分已改造的农村危房出现墙体开裂、屋顶漏雨，住户多为老人，无力自行维修。",
        "改造后没有维护机制，施工质量验收把关不严。",
        "建议建立改造房屋回访和保修制度，设立小额维修资金，对施工单位实行质量追溯。",
    ),
    (
        "关于朝汉双语标识不规范问题的反映",
        "延吉市部分商铺和公共场所朝汉双语标识存在错字、字号比例不符合规定等问题。",
        "制作单位缺少专业审核，监督检查多为集中整治，日常管理不到位。",
        "建议公布标准样式和常用词汇，设立免费审校服务窗口，纳入市容日常检查。",
    ),
    (
        "关于山区防汛预警信息传递“最后一公里”的建议",
        "去年汛期，和龙市、安图县部分山区村屯预警信息靠电话逐户通知，个别独居老人未及时转移。",
        "山区手机信号弱，应急广播覆盖不全，转移责任人名单更新不及时。",
        "建议补齐应急广播，建立独居老人转移包保台账，汛前开展实战演练。",
    ),
    (
        "关于中小微企业融资担保费率偏高的建议",
        "州内部分小微企业反映，贷款担保费率和评估费用合计较高，融资成本负担重。",
        "政府性融资担保机构资本金小、风险补偿不足，担保业务覆盖面窄。",
        "建议充实政府性担保机构资本金，建立风险补偿资金，降低小微企业担保费率。",
    ),
    (
        "关于城区流浪犬伤人事件增多的情况反映",
        "今年以来，延吉市部分小区和学校周边流浪犬聚集，发生多起伤人事件，居民担心安全。",
        "犬只登记和收容能力不足，部分养犬人弃养，管理职责分散。",
        "建议扩建收容场所，推行犬只登记和芯片管理，对弃养行为依法处理。",
    ),
]

REPORT_TARGETS = ["party_committee", "government"]
ADOPTION_BODIES = {
    "prefecture": ("州委办公室", "州政府办公室"),
    "provincial_cppcc": ("省政协办公厅",),
    "provincial_party": ("省委统战部",),
    "national_cppcc": ("全国政协办公厅",),
}
LEADERS = (
    ("prefecture", "州委副书记", "请州住建局会同有关县市研究，提出解决办法。"),
    ("prefecture_main", "州长", "所提建议很好，请州直有关部门认真研究吸纳。"),
    ("provincial", "副省长", "请省有关部门结合工作研究。"),
)


def edited_title(title: str, number: int) -> str:
    """The office's headline: "关于……的情况和建议" becomes "……亟待重视" or "委员建议：……"."""
    core = title.replace("再谈", "", 1).replace("关于", "", 1)
    for ending in ("的情况和建议", "的问题和建议", "的情况反映", "的反映", "的建议"):
        if core.endswith(ending):
            core = core[: -len(ending)]
            break
    return f"委员建议：{core}" if number % 2 == 0 else f"{core}亟待重视"


@contextmanager
def clock(moment: datetime) -> Iterator[None]:
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


class OpinionDemo:
    def __init__(self, org: Organisation, office: User, *, seed: int, issues: int, today: date):
        self.org = org
        self.office = office
        self.rng = random.Random(seed)
        self.issue_count = issues
        self.today = today
        self.start = today - timedelta(days=330)

    def _user_for(self, member: Member) -> User:
        if member.user_id:
            return member.user  # type: ignore[return-value]
        user = User(
            username=f"m{member.pk}",
            display_name=member.name,
            organisation=self.org,
            kind=AccountKind.MEMBER,
            password_changed_at=timezone.now(),
        )
        user.set_unusable_password()
        user.save()
        audit.record(
            action="account.create",
            organisation=self.org,
            target=user,
            after={"username": user.username, "kind": user.kind, "demo": True},
        )
        member.user = user
        member.save(update_fields=["user"])
        return user

    def _contributors(self) -> list[User]:
        members = list(
            Member.objects.filter(
                organisation=self.org,
                memberships__term__is_current=True,
                memberships__status=MembershipStatus.ACTIVE,
            )
            .select_related("user")
            .order_by("id")
            .distinct()
        )
        chosen = [
            m
            for m in members
            if m.user_id and m.user and m.user.username in ("member", "member2", "chair")
        ]
        others = [m for m in members if m not in chosen]
        chosen += self.rng.sample(others, min(len(others), 14))
        users = [self._user_for(m) for m in chosen]
        for user in users:
            user.forget_principal()
        return [u for u in users if u.principal.member_id]

    def _day(self, fraction: float) -> date:
        return self.start + timedelta(days=int(300 * fraction))

    def run(self) -> dict[str, int]:
        people = self._contributors()
        named = {u.username: u for u in people}
        primary = named.get("member") or people[0]
        topics = list(TOPICS)
        self.rng.shuffle(topics)
        per_issue = 3 if self.org.parent_id is None else 2
        total = self.issue_count * per_issue + 10
        opinions: list[tuple[Opinion, User, date]] = []
        for index in range(total):
            title, situation, analysis, suggestion = topics[index % len(topics)]
            if index >= len(topics):
                title = title.replace("关于", "再谈", 1)
            author = primary if index % 5 == 0 else people[index % len(people)]
            day = self._day(index / total)
            kind, unit = "member", ""
            if index % 7 == 3:
                kind, unit = (
                    "party",
                    self.rng.choice(["民盟延边州委员会", "九三学社延边州委员会", "州工商联"]),
                )
            elif index % 11 == 5:
                kind, unit = "sector", "医药卫生界"
            with clock(_at(day, 9)):
                opinion = s.opinion_draft_create(
                    acting_user=author,
                    title=title,
                    situation=situation,
                    analysis=analysis,
                    suggestion=suggestion,
                    source_note=self.rng.choice(
                        ["走访调研", "委员联络站接待", "群众来信", "界别活动"]
                    ),
                    contributor_kind=kind,
                    unit_name=unit,
                )
            opinions.append((opinion, author, day))

        counts = {"opinions": len(opinions), "issues": 0, "adopted": 0, "instructed": 0}
        # The last few stay with the member (drafts) or in the office's queue.
        drafts, queue, flow = opinions[-3:], opinions[-10:-3], opinions[:-10]
        for opinion, author, day in queue + flow:
            with clock(_at(day, 16)):
                s.opinion_submit(acting_user=author, opinion=opinion)
        # The queue shows each office state once or twice.
        q = [o for o, _a, _d in queue]
        with clock(_at(self.today - timedelta(days=3))):
            s.opinion_screen(acting_user=self.office, opinion=q[0])
            s.opinion_return(
                acting_user=self.office,
                opinion=q[1],
                reason="请补充具体数据和涉及的小区名单，一条信息只反映一件事。",
            )
            s.opinion_edit(
                acting_user=self.office,
                opinion=q[2],
                edited_title=edited_title(q[2].title, 1),
                edited_body="\n".join([q[2].situation, q[2].analysis, q[2].suggestion]),
            )
            s.opinion_decline(
                acting_user=self.office,
                opinion=q[3],
                reason="内容与本刊已编发的信息重复，已存档备查。",
            )
            s.opinion_merge(acting_user=self.office, opinion=q[4], into=q[2])
        # The rest go into the year's issues.
        chunks = [flow[i :: self.issue_count] for i in range(self.issue_count)]
        for number, chunk in enumerate(chunks, start=1):
            chunk = list(chunk)
            if not chunk:
                continue
            last_day = max(day for _o, _a, day in chunk)
            publish_day = min(last_day + timedelta(days=12), self.today - timedelta(days=2))
            with clock(_at(publish_day - timedelta(days=5))):
                issue = s.issue_create(acting_user=self.office, year=publish_day.year)
                for position, (opinion, _author, _day) in enumerate(chunk):
                    s.opinion_edit(
                        acting_user=self.office,
                        opinion=opinion,
                        edited_title=edited_title(opinion.title, number + position),
                        edited_body="\n".join(
                            [opinion.situation, opinion.analysis, opinion.suggestion]
                        ),
                    )
                    s.opinion_compile(acting_user=self.office, opinion=opinion, issue=issue)
            counts["issues"] += 1
            with clock(_at(publish_day)):
                s.issue_publish(acting_user=self.office, issue=issue, published_on=publish_day)
                targets = list(REPORT_TARGETS)
                if self.org.parent_id is not None:
                    targets.append("prefecture_cppcc")
                s.issue_report(acting_user=self.office, issue=issue, targets=targets)
            for position, (opinion, _author, _day) in enumerate(chunk):
                opinion.refresh_from_db()
                counts["adopted"] += self._upward(opinion, publish_day, number, position)
                counts["instructed"] += int(opinion.instructions.exists())
        counts["drafts"] = len(drafts)
        return counts

    def _upward(self, opinion: Opinion, published: date, number: int, position: int) -> int:
        """Some items go further up; some are adopted, a few get an instruction."""
        roll = self.rng.random()
        if position == 0 or roll < 0.35:
            later = min(published + timedelta(days=10), self.today - timedelta(days=1))
            county = self.org.parent_id is not None
            level = "prefecture"
            if not county and (number % 3 == 0 or (position == 0 and number % 2 == 0)):
                level = self.rng.choice(
                    ["provincial_cppcc", "provincial_cppcc", "national_cppcc", "provincial_party"]
                )
            with clock(_at(later)):
                if level in ("provincial_cppcc", "national_cppcc"):
                    s.opinion_report(acting_user=self.office, opinion=opinion, targets=[level])
                s.opinion_adopt(
                    acting_user=self.office,
                    opinion=opinion,
                    level=level,
                    body=self.rng.choice(ADOPTION_BODIES[level]),
                    mode="combined" if level == "national_cppcc" else "single",
                    adopted_on=later,
                )
                if position == 0 or roll < 0.12:
                    leader_level, title, text = LEADERS[(number + position) % len(LEADERS)]
                    if level in ("provincial_cppcc", "provincial_party"):
                        leader_level, title, text = LEADERS[2]
                    s.opinion_instruct(
                        acting_user=self.office,
                        opinion=opinion,
                        leader_level=leader_level,
                        leader_title=title,
                        instructed_on=later,
                        text=text,
                        is_confidential=number == 2 and position == 0,
                    )
            return 1
        return 0


def load(*, today: date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    result: dict[str, int] = {}
    plans = (("yanbian", "staff", 6, 41), ("yanji", "county-staff", 3, 42))
    for code, office_name, issues, seed in plans:
        org = Organisation.objects.filter(code=code).first()
        office = User.objects.filter(username=office_name).first()
        if org is None or office is None:
            continue
        with transaction.atomic():
            counts = OpinionDemo(org, office, seed=seed, issues=issues, today=today).run()
        for label, value in counts.items():
            result[f"社情民意 {org.short_name} {label}"] = value
    return result
