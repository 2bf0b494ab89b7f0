"""Official documents: the reply letter (.docx and PDF), the 提案汇编 and who may download them."""

from __future__ import annotations

import io
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import time_machine
from django.test import Client
from docx import Document
from docx.oxml.ns import qn

from ningju.core.models import AuditEvent
from ningju.members.models import Member
from ningju.proposals import documents
from ningju.proposals import services as s
from ningju.proposals.choices import AssignmentRole, HandlingMode, ReviewOutcome
from ningju.proposals.models import Proposal, Reply
from tests import factories
from tests.test_proposal_statistics import (
    PLENARY,
    answer,
    at,
    category,
    decide,
    lead,
    register,
    submitted,
)

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
TITLE = "关于政协延边州第十四届第五次会议第1号提案的答复"


@dataclass
class Letters:
    w: factories.ProposalWorld
    joint: Proposal
    approved: Reply  # P1's reply, approved (B)
    follower: Proposal  # merged into P2
    follower_reply: Reply
    pending: Reply  # P2's reply, signed but not yet reviewed by the office
    other: Proposal  # handled by unit 2 only


def build(w: factories.ProposalWorld) -> Letters:
    industry = category(w.prefecture, "经济建设", "产业发展")
    standing = Member.objects.get(name="朴英顺")
    with time_machine.travel(PLENARY, tick=False):
        joint = submitted(
            w,
            "member",
            industry,
            title="关于发展人参产业的建议",
            proposer_type="joint",
            cosigner_ids=[standing.pk],
        )
        s.cosign_respond(acting_user=w["standing"], proposal=joint, accept=True)
        joint = register(w, joint)
        second = register(w, submitted(w, "chair", industry, title="关于建设人参交易市场的建议"))
        other = register(w, submitted(w, "standing", industry, title="关于改善医疗条件的建议"))
        lead(w, joint, 0)
        lead(w, second, 0)
        lead(w, other, 1)
        follower = decide(
            w,
            submitted(w, "director", industry, title="关于人参品牌建设的建议"),
            s.ReviewDecision(ReviewOutcome.MERGE, merge_into_id=second.pk),
        )
    with time_machine.travel(at("2026-03-02"), tick=False):
        approved = answer(w, joint.assignments.get(role=AssignmentRole.LEAD), "B")
        follower_reply = answer(w, follower.assignments.get(), "A")
        pending = answer(w, second.assignments.get(), "C", approve=False)
    return Letters(w, joint, approved, follower, follower_reply, pending, other)


@pytest.fixture
def letters(pworld: factories.ProposalWorld) -> Letters:
    return build(pworld)


def _text(document: Document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def test_reply_letter_docx(letters: Letters, client: Client) -> None:
    client.force_login(letters.w["staff"])
    response = client.get(f"/proposals/replies/{letters.approved.pk}/letter.docx")
    assert response.status_code == 200
    assert response["Content-Type"] == documents.DOCX_CONTENT_TYPE
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''" in disposition  # RFC 5987: the Chinese name survives
    assert "%E7%AD%94%E5%A4%8D%E5%87%BD" in disposition  # 答复函
    document = Document(io.BytesIO(response.content))
    text = _text(document)
    # The long title breaks after the meeting (GB/T 9704: 回行词意完整).
    assert "关于政协延边州第十四届第五次会议\n第1号提案的答复" in text
    text = text.replace("\n", "")
    unit = letters.w.units[0].name
    for expected in (
        TITLE,
        "公开属性：主动公开",
        "办理结果类别：B",
        "金哲洙、朴英顺委员：",
        "你们提出的《关于发展人参产业的建议》收悉。现答复如下：",
        "经研究，我局已将该建议列入明年工作计划。",
        "一是加强统筹协调；二是加大资金投入。",
        unit,
        "2026年3月2日",
        "签发人：unit_signer",
        "联系人：张明",
        "联系电话：0433-2512345",
        "抄送：政协延边州提案委员会",
    ):
        assert expected in text, expected
    # GB/T 9704 page and the East Asian fonts on the runs and the Normal style.
    section = document.sections[0]
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.cm, 2) for m in margins] == [3.7, 3.5, 2.8, 2.6]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    title = next(p for p in document.paragraphs if p.text.replace("\n", "") == TITLE)
    run = title.runs[0]
    assert run.bold
    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == documents.heavy_font()
    body = next(p for p in document.paragraphs if p.text.startswith("经研究"))
    assert body.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "Noto Serif CJK SC"
    normal = document.styles["Normal"]
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "Noto Serif CJK SC"
    assert normal.font.size.pt == 16
    event = AuditEvent.objects.filter(action="proposal.reply_download").latest("sequence")
    assert event.after == {"reply": letters.approved.pk, "format": "docx", "status": "approved"}
    assert event.object_id == str(letters.joint.pk)


def _pdftotext(content: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
        timeout=60,
    )
    return result.stdout.decode()


def test_reply_letter_pdf(letters: Letters, client: Client) -> None:
    client.force_login(letters.w["member"])  # a proposer, once the office approved the reply
    response = client.get(f"/proposals/replies/{letters.approved.pk}/letter.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    flat = re.sub(r"\s+", "", _pdftotext(response.content))
    for expected in (
        TITLE,
        "办理结果类别：B",
        "金哲洙、朴英顺委员：",
        "抄送：政协延边州提案委员会",
    ):
        assert expected in flat, expected
    # Kept for a look (pdftoppm -png -r 60 renders page 1 next to it).
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "reply-letter.pdf").write_bytes(response.content)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(ARTIFACTS / "reply-letter.pdf"),
            str(ARTIFACTS / "reply-letter"),
        ],
        check=True,
        timeout=60,
    )
    assert (ARTIFACTS / "reply-letter.png").stat().st_size > 1000


def test_pdf_fonts_are_the_system_noto_cjk(letters: Letters) -> None:
    reply = Reply.objects.get(pk=letters.approved.pk)
    content = documents.reply_letter_pdf(documents.reply_letter(reply))
    fonts = subprocess.run(
        ["pdffonts", "-"], input=content, capture_output=True, check=False, timeout=60
    ).stdout.decode()
    if not fonts:  # older poppler reads no stdin: fall back to a file
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / "reply-letter-fonts.pdf"
        path.write_bytes(content)
        fonts = subprocess.run(
            ["pdffonts", str(path)], capture_output=True, check=True, timeout=60
        ).stdout.decode()
    # Embedded subsets of the system's Noto Serif CJK SC: regular body, bold title.
    assert re.search(r"\+Noto-Serif-CJK-SC\s.*yes", fonts)
    assert "+Noto-Serif-CJK-SC-Bold" in fonts or "+Noto-Sans-CJK-SC-Bold" in fonts


def test_merged_original_without_a_number(letters: Letters, client: Client) -> None:
    client.force_login(letters.w["director"])  # the follower's proposer
    response = client.get(f"/proposals/replies/{letters.follower_reply.pk}/letter.docx")
    assert response.status_code == 200
    text = _text(Document(io.BytesIO(response.content))).replace("\n", "")
    assert "关于政协延边州第十四届第五次会议第2号提案（并案）的答复" in text
    assert "本件提案未单独编号，已并入第2号提案办理：《关于人参品牌建设的建议》" in text
    assert "李东浩委员：" in text
    assert (
        "并入第2号" in response["Content-Disposition"]
        or "%E5%B9%B6%E5%85%A5" in (response["Content-Disposition"])
    )


@pytest.mark.parametrize(
    ("username", "approved", "pending"),
    [
        ("staff", 200, 200),  # the office: any stage
        ("pdirector", 200, 200),  # proposal leaders
        ("unit_officer", 200, 200),  # the answering unit: any stage
        ("unit_signer", 200, 200),
        ("member", 200, 404),  # a proposer of P1: approved letters only
        ("standing", 200, 404),  # P1's co-signer
        ("chair", 200, 200),  # chair meeting (also P2's proposer)
        ("director", 404, 404),  # another member
        ("unit2_officer", 404, 404),  # the unit of another proposal
        ("county_staff", 404, 404),  # another committee's office
        ("auditor", 404, 404),
        ("public", 404, 404),
    ],
)
def test_who_may_download_a_letter(
    letters: Letters, client: Client, username: str, approved: int, pending: int
) -> None:
    client.force_login(letters.w[username])
    assert client.get(f"/proposals/replies/{letters.approved.pk}/letter.docx").status_code == (
        approved
    )
    assert client.get(f"/proposals/replies/{letters.pending.pk}/letter.pdf").status_code == (
        pending
    )


def test_missing_letter_is_404(letters: Letters, client: Client) -> None:
    client.force_login(letters.w["staff"])
    assert client.get("/proposals/replies/999999/letter.docx").status_code == 404
    client.logout()
    response = client.get(f"/proposals/replies/{letters.approved.pk}/letter.pdf")
    assert response.status_code == 302


def test_compilation_docx(letters: Letters, client: Client) -> None:
    w = letters.w
    client.force_login(w["staff"])
    response = client.get(f"/proposals/compilation.docx?session={w.session.pk}")
    assert response.status_code == 200
    assert response["Content-Type"] == documents.DOCX_CONTENT_TYPE
    assert "filename*=utf-8''" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    paragraphs = [p.text for p in document.paragraphs if p.text]
    assert "政协延边州第十四届第五次会议提案汇编" in paragraphs
    assert "（共4件）" in paragraphs
    contents = [p for p in paragraphs if p.startswith(("第", "并入"))][:4]
    assert contents == [
        "第1号\u3000关于发展人参产业的建议",
        "第2号\u3000关于建设人参交易市场的建议",
        "并入第2号\u3000关于人参品牌建设的建议",
        "第3号\u3000关于改善医疗条件的建议",
    ]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "目\u3000录",
        "关于发展人参产业的建议",
        "关于建设人参交易市场的建议",
        "关于人参品牌建设的建议",
        "关于改善医疗条件的建议",
    ]
    text = "\n".join(paragraphs)
    assert "提案者：金哲洙、朴英顺" in text
    assert "分类：经济建设 / 产业发展" in text
    assert "延边人参种植面积大，但精深加工不足。" in text
    # Approved replies only: P1 (B) and the follower (A); P2's is still under review.
    assert f"{w.units[0].name}（主办，B类）：经研究" in text
    assert f"{w.units[0].name}（主办，A类）：经研究" in text
    assert "C类" not in text
    fonts = {el.get(qn("w:eastAsia")) for el in document.element.body.iter(qn("w:rFonts"))}
    assert "Noto Serif CJK SC" in fonts
    assert AuditEvent.objects.filter(action="proposal.compilation_export").exists()


@time_machine.travel(at("2026-06-01"), tick=False)
def test_compilation_of_a_few_hundred_proposals_is_quick(
    pworld: factories.ProposalWorld, client: Client
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from benchmarks.proposals_dashboard_bench import populate

    w = pworld
    populate(
        organisation=w.prefecture,
        session=w.session,
        units=w.units,
        members=list(Member.objects.filter(organisation=w.prefecture)),
        created_by=w["member"],
        count=300,
    )
    client.force_login(w["staff"])
    client.get("/proposals/statistics/")  # the session's idle stamp, outside the count
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/proposals/compilation.docx?session={w.session.pk}")
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    assert len(ctx) < 20  # prefetched: a fixed number of queries, not one per proposal
    document = Document(io.BytesIO(response.content))
    registered = Proposal.objects.filter(
        session=w.session,
        status__in=["registered", "merged", "handling", "replied", "rehandling", "completed"],
    ).count()
    assert sum(1 for p in document.paragraphs if p.style.name == "Heading 1") == registered + 1
    assert elapsed < 30, elapsed


def test_helpers() -> None:
    assert documents.chinese_date(None) == ""
    from datetime import date

    assert documents.chinese_date(date(2026, 3, 1)) == "2026年3月1日"
    org = factories.Organisation(name="政协延边朝鲜族自治州委员会", region="延边朝鲜族自治州")
    assert documents.committee_place(org) == "延边朝鲜族自治州"
    assert documents.committee_place(factories.Organisation(name="延吉市政协")) == "延吉市"
    assert documents.heavy_font() in ("Noto Serif CJK SC", "Noto Sans CJK SC")


def test_separate_handling_letters_each_name_their_unit(
    pworld: factories.ProposalWorld, client: Client
) -> None:
    w = pworld
    with time_machine.travel(PLENARY, tick=False):
        proposal = register(
            w,
            submitted(
                w,
                "chair",
                category(w.prefecture, "社会建设", "教育"),
                proposer_type="party_org",
                collective_name="民盟延边州委员会",
            ),
        )
        s.assign(
            acting_user=w["staff"],
            proposal=proposal,
            mode=HandlingMode.SEPARATE,
            separate_unit_ids=[u.pk for u in w.units],
        )
        replies = [answer(w, a, "A") for a in proposal.assignments.order_by("unit_id")]
    client.force_login(w["staff"])
    for reply, unit in zip(replies, w.units, strict=True):
        text = _text(
            Document(io.BytesIO(client.get(f"/proposals/replies/{reply.pk}/letter.docx").content))
        )
        assert "民盟延边州委员会：" in text
        assert "你单位提出的《关于加快长白山人参产业高质量发展的建议》收悉" in text
        assert unit.name in text
