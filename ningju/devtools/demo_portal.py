"""Demo data for ningju.portal: the prefecture's public site with articles in every column
(some with Korean versions, some notices) and a few for 延吉市政协, all written for this
project and passed through the real publishing services (write → 送审 → 初审/复审/终审 →
publish). The services stamp `timezone.now()`; the demo moves that clock so the articles
carry a believable spread of dates over the last few months.

Three reviewers per site are needed (each level by a different person, never the author),
so the demo adds a second editor and a correspondent to the prefecture (`editor2`,
`writer`) and three editors to 延吉 (`yanji-editor`, `yanji-editor2`, `yanji-editor3`);
password ningju-demo like every demo account.
"""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from ningju.accounts import services as account_services
from ningju.accounts.choices import AccountKind, Role
from ningju.accounts.models import User
from ningju.devtools.demo_data import DEMO_PASSWORD
from ningju.orgs.models import Organisation
from ningju.portal import services
from ningju.portal.models import Article, Column

SEED = 2030

# (column slug, author username, title, paragraphs, Korean title, Korean paragraphs)
PREFECTURE_ARTICLES: list[tuple[str, str, str, list[str], str, list[str]]] = [
    (
        "news",
        "writer",
        "州政协召开主席会议 研究下半年重点工作",
        [
            "州政协近日召开主席会议，听取上半年履职情况汇报，研究部署下半年重点工作。",
            "会议要求，围绕兴边富民和产业集群建设，集中力量做好调研视察、协商议政和民主监督，把委员的建议更多转化为推动发展的具体举措。",
            "会议还审议了下半年协商计划和委员履职考核的有关事项。",
        ],
        "주정협 주석회의 소집, 하반년 중점사업 연구",
        [
            "주정협은 일전 주석회의를 소집하고 상반년 리행정황을 청취하였으며 하반년 중점사업을 연구, 포치하였습니다.",
            "회의는 변강을 흥성시키고 백성을 부유하게 하는 사업과 산업클라스터 건설을 둘러싸고 조사연구, 협상의정과 민주감독을 잘할 것을 요구하였습니다.",
        ],
    ),
    (
        "news",
        "writer",
        "州政协调研组赴敦化、安图调研人参产业发展",
        [
            "州政协调研组深入敦化市、安图县的人参种植基地和加工企业，了解种植规范、品牌建设和精深加工情况。",
            "调研组认为，人参产业要在标准化种植、检验检测和品牌营销上下功夫，延长产业链，让参农得到更多实惠。",
            "调研成果将形成专题报告，报送州委、州政府参阅。",
        ],
        "",
        [],
    ),
    (
        "news",
        "writer",
        "“有事来商量”走进延吉市河南街道",
        [
            "州政协“有事来商量”协商活动日前走进延吉市河南街道，委员和居民代表围绕老旧小区停车难问题面对面交流。",
            "街道、住建和交警部门负责同志到场回应，现场商定了错时共享停车和增划停车位两项措施，并约定一个月后回访。",
        ],
        "“일이 있으면 의논합시다” 연길시 하남가두에",
        [
            "주정협의 “일이 있으면 의논합시다” 협상활동이 일전 연길시 하남가두에서 진행되였습니다.",
            "위원들과 주민대표들은 낡은 주택구역의 주차난 문제를 두고 마주앉아 의견을 나누었습니다.",
        ],
    ),
    (
        "notices",
        "writer",
        "关于征集2026年度政协协商议题的通知",
        [
            "为做好年度协商计划编制工作，现面向各民主党派、人民团体、政协各参加单位和广大委员征集协商议题。",
            "议题应聚焦全州经济社会发展中的重点难点问题和群众关心的实际问题，请于本月底前通过履职平台或书面形式报送州政协办公室。",
        ],
        "2026년도 정협 협상의제 징집에 관한 통지",
        [
            "년도 협상계획을 잘 편성하기 위하여 각 민주당파, 인민단체와 위원들을 상대로 협상의제를 징집합니다.",
        ],
    ),
    (
        "notices",
        "writer",
        "州政协“政协大讲堂”第三期开讲通知",
        [
            "“政协大讲堂”第三期将于下周四下午在州政协机关三楼会议室举办，主题为边境旅游发展的新机遇。",
            "请全体委员和机关干部安排好工作，准时参加；不能到场的可通过履职平台观看录像并完成学习记录。",
        ],
        "",
        [],
    ),
    (
        "zhuxi",
        "chair",
        "凝心聚力 做好新时代政协工作",
        [
            "政协是团结各方面力量的重要组织，也是专门协商机构。做好新时代政协工作，关键在于把人心和力量凝聚起来。",
            "我们坚持把思想政治引领放在首位，健全学习制度，让委员在学习中增进共识；坚持围绕中心、服务大局，把调研视察的题目选在发展最需要的地方。",
            "我们还要把协商民主做到群众身边，让“有事来商量”成为委员联系群众的常态，让每一条建议都有回音。",
        ],
        "힘을 모아 새시대 정협사업을 잘하자",
        [
            "정협은 각 방면의 력량을 단결시키는 중요한 조직이며 전문협상기구입니다.",
            "우리는 사상정치인도를 첫자리에 놓고 학습제도를 건전히 하여 위원들이 학습속에서 공감대를 넓히도록 하겠습니다.",
        ],
    ),
    (
        "zhuxi",
        "chair",
        "让协商成果更多转化为发展实效",
        [
            "协商的生命力在于落实。一项建议提出来，要有人接、有人办、有人跟踪，办得怎么样还要请提出的人来评价。",
            "州政协将进一步完善协商成果的报送、反馈和督办机制，让委员看得到、群众感受得到。",
        ],
        "",
        [],
    ),
    (
        "dajiatan",
        "member2",
        "边境口岸城市如何留住年轻人",
        [
            "近几年，口岸城市的年轻人外出就业的比例不低。留住年轻人，既要有好岗位，也要有好环境。",
            "建议围绕跨境电商、物流和旅游服务开设更多实训项目，同时在租房、托育方面给予青年实在的支持。",
        ],
        "",
        [],
    ),
    (
        "dajiatan",
        "member",
        "社区养老服务要“小而近”",
        [
            "老人最需要的服务往往离家不远：一顿热饭、一次体检、一个说话的地方。",
            "社区养老站点不必求大，关键是分布合理、服务稳定。可以利用闲置用房，引入专业机构连锁运营。",
        ],
        "공동체 양로봉사는 “작고 가깝게”",
        [
            "로인들에게 가장 필요한 봉사는 흔히 집에서 멀지 않은 곳에 있습니다.",
            "공동체 양로지점은 크기보다 분포와 안정적인 봉사가 중요합니다.",
        ],
    ),
    (
        "weiyuan",
        "member",
        "把中小学课后服务办得更扎实",
        [
            "课后服务减轻了家长负担，也对学校提出了新要求。目前一些学校课程单一、师资紧张。",
            "建议统筹社会力量，引入体育、艺术、科普等资源，并对参与课后服务的教师给予合理补助。",
        ],
        "",
        [],
    ),
    (
        "weiyuan",
        "member2",
        "农村客运要兼顾“通”与“好”",
        [
            "村村通客车解决了有无问题，但班次少、时间不合适的情况仍然存在。",
            "可以推行预约响应式公交，把客运、邮政快递和农产品运输结合起来，提高运营效率。",
        ],
        "",
        [],
    ),
    (
        "tongxin",
        "member",
        "民族团结之花在社区绽放",
        [
            "在延吉的一个社区里，朝鲜族、汉族居民一起办起了“邻里节”，互教做泡菜、包饺子。",
            "各族群众像石榴籽一样紧紧抱在一起，这是我们最宝贵的财富。政协委员要做民族团结的宣传者和实践者。",
        ],
        "민족단결의 꽃 공동체에서 활짝",
        [
            "연길의 한 공동체에서 조선족, 한족 주민들이 함께 “이웃절”을 꾸리고 서로 김치담그기와 만두빚기를 가르쳤습니다.",
            "각 민족 군중이 석류알처럼 굳게 뭉치는 것은 우리의 가장 소중한 재부입니다.",
        ],
    ),
    (
        "tongxin",
        "chair",
        "同心共筑中华民族共同体",
        [
            "州政协实施民族团结进步五大工程，组织委员进基层、讲政策、办实事。",
            "我们将持续开展“进基层、话铸牢、抓项目、展形象”活动，让民族团结的理念融入日常生活。",
        ],
        "",
        [],
    ),
    (
        "yishiting",
        "member2",
        "议事厅：老旧小区改造怎样问需于民",
        [
            "本期议事厅邀请委员、居民和住建部门工作人员，讨论老旧小区改造中的“改什么、怎么改”。",
            "大家认为，改造前要逐户征求意见，改造中要公开进度，改造后要建立长效管理机制。",
        ],
        "",
        [],
    ),
    (
        "wangping",
        "member",
        "网评：让“一网通办”真正好用",
        [
            "政务服务上网了，但有的事项仍要反复提交材料。",
            "好用的标准应由群众来定：材料能共享的不再重复提交，能网上办的不再跑窗口。",
        ],
        "",
        [],
    ),
    (
        "wangping",
        "member2",
        "网评：文物保护要让文物“活”起来",
        [
            "保护好文物是第一位的，同时也要让文物走进群众生活。",
            "可以结合研学旅游、数字展览，讲好文物背后的历史故事，让更多人了解延边的历史文化。",
        ],
        "",
        [],
    ),
    (
        "weiyan",
        "member",
        "微言：一张长椅的温度",
        [
            "公交站旁添了一张长椅，等车的老人不用再站着。民生无小事，细节见温度。",
        ],
        "짧은 말: 긴 의자 하나의 온기",
        [
            "뻐스정류장 옆에 긴 의자 하나가 놓이자 차를 기다리는 로인들이 더는 서있지 않아도 되였습니다.",
        ],
    ),
    (
        "weiyan",
        "member2",
        "微言：建议的回音",
        [
            "一条建议有了回音，提建议的人就更愿意再说。办理答复要快，更要实。",
        ],
        "",
        [],
    ),
    (
        "weiyuanshuo",
        "member",
        "委员说：我在联络站接待群众的一天",
        [
            "上周三是我在延边大学委员联络站值班的日子。一上午接待了六位来访者，问题涉及就业、医保和留学生服务。",
            "能当场解答的当场解答，需要部门办理的，我整理成社情民意信息报了上去。",
        ],
        "위원이 말한다: 련락소에서 군중을 접대한 하루",
        [
            "지난 수요일은 제가 연변대학 위원련락소에서 당직을 서는 날이였습니다.",
            "오전에만 여섯명의 방문자를 접대하였는데 취업, 의료보험과 류학생봉사에 관한 문제였습니다.",
        ],
    ),
    (
        "weiyuanshuo",
        "member2",
        "委员说：为家乡特色农产品找销路",
        [
            "我联系了几家电商平台，帮助和龙的小米、木耳进了直播间。",
            "特色农产品要卖得好，关键还是品质稳定、标准统一，这一点要久久为功。",
        ],
        "",
        [],
    ),
    (
        "xingdong",
        "writer",
        "送医送药送健康：委员义诊惠及三千七百余人次",
        [
            "今年以来，医卫界委员组成义诊队走进边境村屯和社区，开展“送医送药送健康”活动。",
            "义诊累计服务群众三千七百余人次，赠送药品价值四十一万余元，还为村医开展了慢病管理培训。",
        ],
        "의료·약품·건강 보내기: 위원 무료진료 3700여명 혜택",
        [
            "올해 들어 의료위생계 위원들은 무료진료대를 무어 변경마을과 공동체를 찾았습니다.",
            "무료진료는 루계로 3700여명에게 봉사하였고 41만여원어치의 약품을 기증하였습니다.",
        ],
    ),
    (
        "xingdong",
        "writer",
        "“绿美延吉 政协助力”植树活动举行",
        [
            "州、市政协委员和机关干部一百余人来到城郊荒坡，参加“绿美延吉 政协助力”义务植树活动。",
            "大家分工协作，栽下松树、榆树苗木两千余株。",
        ],
        "",
        [],
    ),
]

YANJI_ARTICLES: list[tuple[str, str, list[str]]] = [
    (
        "news",
        "延吉市政协开展养老服务专题调研",
        [
            "延吉市政协组织委员走访社区养老服务站和养老机构，了解床位、护理人员和医养结合情况。",
            "调研组建议加快培养护理人员，推动社区卫生服务中心与养老站点签约合作。",
        ],
    ),
    (
        "notices",
        "延吉市政协关于开展委员述职工作的通知",
        [
            "请各位委员在履职平台上完成年度述职报告的填写和提交，机关将按时汇总审核。",
        ],
    ),
    (
        "xingdong",
        "延吉市政协委员走进敬老院送温暖",
        [
            "延吉市政协委员来到市敬老院，为老人们送去生活用品，陪老人聊天、包饺子。",
        ],
    ),
]


@contextmanager
def clock(moment: datetime) -> Iterator[None]:
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def _account(username: str, display_name: str, org: Organisation, role: str) -> User:
    existing = User.objects.filter(username=username).first()
    if existing:
        return existing
    user = account_services.user_create(
        acting_user=None,
        organisation=org,
        username=username,
        display_name=display_name,
        kind=AccountKind.STAFF,
        password=DEMO_PASSWORD,
        must_change_password=False,
        validate_password_policy=False,
    )
    account_services.role_grant(acting_user=None, user=user, role=role)
    user.forget_principal()
    return user


def _image() -> SimpleUploadedFile:
    """A generated picture (hills and a sun) for the article that shows a 题图."""
    image = Image.new("RGB", (2400, 1350), (214, 230, 240))
    draw = ImageDraw.Draw(image)
    draw.ellipse((1800, 150, 2100, 450), fill=(245, 200, 90))
    draw.polygon([(0, 1350), (700, 600), (1400, 1350)], fill=(70, 130, 80))
    draw.polygon([(900, 1350), (1700, 700), (2400, 1350)], fill=(50, 110, 70))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return SimpleUploadedFile("xingdong.jpg", out.getvalue(), content_type="image/jpeg")


def _html(paragraphs: list[str]) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def _publish(
    *,
    author: User,
    reviewers: list[User],
    column: Column,
    title: str,
    paragraphs: list[str],
    title_ko: str = "",
    paragraphs_ko: list[str] | None = None,
    when: datetime,
    source: str,
    editor_name: str,
    image: bool = False,
) -> Article:
    with clock(when - timedelta(hours=6)):
        article = services.article_create(
            acting_user=author,
            data=services.ArticleData(
                column_id=column.pk,
                title=title,
                body=_html(paragraphs),
                title_ko=title_ko,
                body_ko=_html(paragraphs_ko or []),
                source=source,
                author_name=author.display_name or author.username,
                editor_name=editor_name,
                image=_image() if image else None,
                image_alt="延边的青山与蓝天" if image else "",
            ),
        )
        services.article_submit(acting_user=author, article=article)
    for step, reviewer in enumerate(reviewers):
        with clock(when - timedelta(hours=2 - step)):
            article = services.article_review(
                acting_user=reviewer, article=article, decision="pass"
            )
    return article


@transaction.atomic
def load() -> dict[str, int]:
    prefecture = (
        Organisation.objects.filter(parent__isnull=True).order_by("sort_order", "id").first()
    )
    if prefecture is None:
        return {}
    yanji = Organisation.objects.filter(parent=prefecture).order_by("sort_order", "id").first()
    rng = random.Random(SEED)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    services.site_ensure(
        organisation=prefecture,
        sponsor="中国人民政治协商会议延边朝鲜族自治州委员会办公室",
        sponsor_ko="중국인민정치협상회의 연변조선족자치주위원회 판공실",
        icp_line="吉ICP备00000000号（演示）",
    )
    editor = User.objects.get(username="editor")
    staff = User.objects.get(username="staff")
    editor2 = _account("editor2", "韩冬梅", prefecture, Role.PORTAL_EDITOR)
    writer = _account("writer", "张新宇", prefecture, Role.PORTAL_EDITOR)
    users = {
        u.username: u for u in User.objects.filter(username__in=["member", "member2", "chair"])
    }
    users["writer"] = writer
    reviewers = [editor, staff, editor2]
    columns = {c.slug: c for c in Column.objects.filter(organisation=prefecture)}
    published = 0
    # Oldest first, so the newest lands on top; news stays fresh, the notices go quiet for
    # three weeks (the desk shows the two-week warning for them).
    total = len(PREFECTURE_ARTICLES)
    for index, (slug, author, title, body, title_ko, body_ko) in enumerate(PREFECTURE_ARTICLES):
        days_ago = (total - index) * 4 + rng.randint(0, 2)
        if slug == "notices":
            days_ago = max(days_ago, 21 + index)
        if slug == "news":
            days_ago = index * 3 + 1
        when = now - timedelta(days=days_ago, hours=rng.randint(0, 6))
        _publish(
            author=users[author],
            reviewers=reviewers,
            column=columns[slug],
            title=title,
            paragraphs=body,
            title_ko=title_ko,
            paragraphs_ko=body_ko,
            when=when,
            source="延边州政协" if author == "writer" else "委员来稿",
            editor_name="李雪梅",
            image=index == total - 2,
        )
        published += 1
    counts = {"portal articles (州)": published}
    if yanji is not None:
        services.site_ensure(organisation=yanji, sponsor=f"{yanji.name}办公室")
        county_author = User.objects.filter(username="county-staff").first()
        county_reviewers = [
            _account("yanji-editor", "金春花", yanji, Role.PORTAL_EDITOR),
            _account("yanji-editor2", "赵明", yanji, Role.PORTAL_EDITOR),
            _account("yanji-editor3", "朴成浩", yanji, Role.PORTAL_EDITOR),
        ]
        yanji_columns = {c.slug: c for c in Column.objects.filter(organisation=yanji)}
        if county_author is not None:
            for index, (slug, title, body) in enumerate(YANJI_ARTICLES):
                _publish(
                    author=county_author,
                    reviewers=county_reviewers,
                    column=yanji_columns[slug],
                    title=title,
                    paragraphs=body,
                    when=now - timedelta(days=2 + index * 5),
                    source=yanji.name,
                    editor_name="金春花",
                )
            counts["portal articles (延吉)"] = len(YANJI_ARTICLES)
    # One article waiting for 复审 on the editors' desk.
    with clock(now - timedelta(hours=3)):
        pending = services.article_create(
            acting_user=users["member"],
            data=services.ArticleData(
                column_id=columns["weiyuanshuo"].pk,
                title="委员说：冬季供暖要早做准备",
                body=_html(["入秋以后，老旧小区的供暖管网检修要早安排，避免入冬后临时抢修。"]),
                author_name=users["member"].display_name,
                source="委员来稿",
            ),
        )
        services.article_submit(acting_user=users["member"], article=pending)
        services.article_review(acting_user=editor, article=pending, decision="pass")
    return counts
