"""Official documents of the proposal work: the reply letter (答复函) as .docx and PDF, the
compiled volume of a session (提案汇编) as .docx, and the statistics as .xlsx.

Layout follows GB/T 9704-2012 (党政机关公文格式) as far as a generated file can: A4, margins
3.7 cm top / 3.5 cm bottom / 2.8 cm left / 2.6 cm right, the title in a heavy 小标宋-like
face at 二号 (22 pt), the body in a 仿宋-like face at 三号 (16 pt) on a fixed 29 pt line. The
faces are Noto Serif CJK SC (Bold for the title; Noto Sans CJK SC Bold where the serif bold is
missing), found through fontconfig: nothing is ever fetched from the network.

Official documents are always written in the source language (Simplified Chinese), whatever
the language of the person downloading them.
"""

from __future__ import annotations

import functools
import io
import logging
import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ningju.orgs.models import Organisation, Session

from .choices import AssignmentRole, CosignStatus, Publicity, ReplyStatus, Satisfaction
from .models import Proposal, Reply
from .statistics import ProposalFigures, Rate, chinese_number

OFFICIAL_LANGUAGE = "zh-hans"
BODY_FONT = "Noto Serif CJK SC"
FALLBACK_HEAVY_FONT = "Noto Sans CJK SC"
LATIN_FONT = "Times New Roman"
BODY_PT = 16  # 三号
TITLE_PT = 22  # 二号
LINE_PT = 29  # GB/T 9704: 22 lines of 28 characters on the type area
SUMMARY_CHARS = 200
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_CONTENT_TYPE = "application/pdf"


# --------------------------------------------------------------------------- fonts


@functools.cache
def heavy_font() -> str:
    """The title face: Noto Serif CJK SC Black or Bold if fontconfig has it, else Noto Sans
    CJK SC Bold. (Without fc-list we trust the serif and let the renderer fall back.)"""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return BODY_FONT
    for style in ("Black", "Bold"):
        found = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [fc_list, f"{BODY_FONT}:style={style}", "family"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        if found.stdout.strip():
            return BODY_FONT
    return FALLBACK_HEAVY_FONT


# --------------------------------------------------------------------------- naming


def committee_place(organisation: Organisation) -> str:
    """The place in "政协<place>…": 政协延边朝鲜族自治州委员会 → 延边朝鲜族自治州."""
    name = organisation.name
    if name.startswith("政协") and name.endswith("委员会") and len(name) > 5:
        return name[2:-3]
    if name.endswith("政协") and len(name) > 2:
        return name[:-2]
    return organisation.region or name


def session_words(session: Session | None) -> str:
    """第十四届第五次会议 (empty without a session)."""
    if session is None:
        return ""
    return _("第%(term)s届第%(number)s次会议") % {
        "term": chinese_number(session.term.number),
        "number": chinese_number(session.number),
    }


def chinese_date(day: date | datetime | None) -> str:
    """成文日期 in Arabic numerals (GB/T 9704-2012): 2026年3月1日."""
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = timezone.localdate(day)
    return _("%(y)s年%(m)s月%(d)s日") % {"y": day.year, "m": day.month, "d": day.day}


def _summary(text: str, limit: int = SUMMARY_CHARS) -> str:
    flat = re.sub(r"\s+", "", text)
    return flat if len(flat) <= limit else flat[:limit] + "……"


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


# --------------------------------------------------------------------------- the reply letter


@dataclass(frozen=True)
class ReplyLetter:
    """Everything the .docx and the PDF print, worked out once."""

    title: str
    title_lines: tuple[str, ...]  # where a long title breaks (GB/T 9704: 回行词意完整)
    note: str  # e.g. the 并案 explanation for a proposal without its own number
    addressee: str
    opening: str
    paragraphs: list[str]
    result_code: str
    result_name: str
    publicity: str
    unit_name: str
    date_text: str
    signer: str
    contact_name: str
    contact_phone: str
    copy_to: str
    number_text: str  # 第12号 / 并入第3号 / 未编号, for file names

    @property
    def file_stem(self) -> str:
        return _("答复函_%(number)s_%(unit)s") % {
            "number": self.number_text,
            "unit": self.unit_name,
        }


def _proposer_names(proposal: Proposal) -> list[str]:
    rows = [p for p in proposal.proposers.all() if p.status == CosignStatus.CONFIRMED]
    rows.sort(key=lambda p: (p.role != "first", p.position, p.pk))
    return [p.member.name for p in rows]


def reply_letter(reply: Reply) -> ReplyLetter:
    """The letter's content. `reply` comes with its assignment, unit, proposal (session, term,
    organisation, merged_into), result category, signer and proposers (see views_stats)."""
    assignment = reply.assignment
    proposal = assignment.proposal
    organisation = proposal.organisation
    place = committee_place(organisation)
    with translation.override(OFFICIAL_LANGUAGE):
        meeting = session_words(proposal.session)
        lead = proposal.merged_into
        if proposal.number:
            number_text = _("第%(n)s号") % {"n": proposal.number}
            subject = _("%(meeting)s第%(n)s号提案") % {"meeting": meeting, "n": proposal.number}
            note = ""
        elif lead is not None and lead.number:
            number_text = _("并入第%(n)s号") % {"n": lead.number}
            subject = _("%(meeting)s第%(n)s号提案（并案）") % {"meeting": meeting, "n": lead.number}
            note = _("（本件提案未单独编号，已并入第%(n)s号提案办理：《%(title)s》）") % {
                "n": lead.number,
                "title": proposal.title,
            }
        else:
            number_text = _("未编号")
            subject = _("%(meeting)s提案《%(title)s》") % {
                "meeting": meeting,
                "title": proposal.title,
            }
            note = _("（本件提案未编号）")
        title = _("关于政协%(place)s%(subject)s的答复") % {"place": place, "subject": subject}
        head = _("关于政协%(place)s%(meeting)s") % {"place": place, "meeting": meeting}
        title_lines = (head, title[len(head) :]) if title.startswith(head) else (title,)
        if proposal.collective_name:
            addressee = proposal.collective_name + "："
            you = _("你单位")
        else:
            names = _proposer_names(proposal)
            addressee = _("%(names)s委员：") % {"names": "、".join(names)}
            you = _("你们") if len(names) > 1 else _("您")
        opening = _("%(you)s提出的《%(title)s》收悉。现答复如下：") % {
            "you": you,
            "title": proposal.title,
        }
        signed = reply.signed_at or reply.reviewed_at or reply.created_at
        publicity = Publicity(reply.publicity).label if reply.publicity else ""
        return ReplyLetter(
            title=title,
            title_lines=tuple(line for line in title_lines if line),
            note=note,
            addressee=addressee,
            opening=opening,
            paragraphs=_paragraphs(reply.body),
            result_code=reply.result_category.code,
            result_name=reply.result_category.name,
            publicity=str(publicity),
            unit_name=assignment.unit.name,
            date_text=chinese_date(signed),
            signer=(reply.signed_by.display_name or reply.signed_by.username)
            if reply.signed_by
            else "",
            contact_name=reply.contact_name,
            contact_phone=reply.contact_phone or assignment.unit.contact_phone,
            copy_to=_("政协%(place)s提案委员会") % {"place": place},
            number_text=number_text,
        )


# --------------------------------------------------------------------------- docx helpers


def _east_asian(element: Any, font: str, *, latin: str = LATIN_FONT) -> None:
    """Set w:rFonts on a run or style: python-docx's font.name sets only the Latin slots."""
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)  # a theme font would win over the named one
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), font)
    fonts.set(qn("w:hint"), "eastAsia")


def _new_document() -> Any:
    from docx import Document
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    _east_asian(normal.element, BODY_FONT)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PT)
    fmt.space_before = fmt.space_after = Pt(0)
    for name, size in (("Heading 1", TITLE_PT - 4), ("Heading 2", BODY_PT)):
        style = document.styles[name]
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = None
        _east_asian(style.element, heavy_font() if name != "Heading 2" else BODY_FONT)
    return document


def _add_paragraph(document: Any, style: str | None = None) -> Any:
    """document.add_paragraph() without its two slow spots, which make a long document
    quadratic: finding the body's end (a scan of every paragraph) and looking the style up
    by name (a scan of every style). Here: insert before the cached sectPr, set pStyle by id."""
    from docx.oxml import OxmlElement
    from docx.text.paragraph import Paragraph

    cache = getattr(document, "_ningju_cache", None)
    if cache is None:
        body = document.element.body
        ids = {name: document.styles[name].style_id for name in ("Heading 1", "Heading 2")}
        cache = document._ningju_cache = {"end": body.sectPr, "body": body, "ids": ids}
    element = OxmlElement("w:p")
    if cache["end"] is not None:
        cache["end"].addprevious(element)
    else:
        cache["body"].append(element)
    if style:
        element.style = cache["ids"][style]
    return Paragraph(element, document._body)


def _run(
    paragraph: Any, text: str, *, font: str = BODY_FONT, bold: bool = False, size: int = 0
) -> Any:
    from docx.shared import Pt

    run = paragraph.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    _east_asian(run._element, font)
    return run


def _body_paragraph(document: Any, text: str, *, indent: bool = True) -> Any:
    from docx.shared import Pt

    paragraph = _add_paragraph(document)
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
    _run(paragraph, text)
    return paragraph


TITLE_CHARS_PER_LINE = 20  # 22 pt characters on the 15.6 cm type area


def _title(
    document: Any, text: str, *, style: str | None = None, lines: tuple[str, ...] = ()
) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    paragraph = _add_paragraph(document, style)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(TITLE_PT + 13)
    fmt.space_after = Pt(LINE_PT)
    size = TITLE_PT if style is None else 0
    if len(text) <= TITLE_CHARS_PER_LINE or len(lines) < 2:
        lines = (text,)
    for index, line in enumerate(lines):
        run = _run(paragraph, line, font=heavy_font(), bold=True, size=size)
        if index < len(lines) - 1:
            run.add_break()
    return paragraph


def _docx_bytes(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def reply_letter_docx(letter: ReplyLetter) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
    from docx.shared import Cm, Pt

    with translation.override(OFFICIAL_LANGUAGE):
        document = _new_document()
        document.core_properties.title = letter.title
        document.core_properties.subject = _("提案答复函")
        head = _add_paragraph(document)
        head.paragraph_format.tab_stops.add_tab_stop(Cm(15.6), WD_TAB_ALIGNMENT.RIGHT)
        _run(head, _("公开属性：%(p)s") % {"p": letter.publicity}, size=BODY_PT - 2)
        head.add_run("\t")
        _run(
            head,
            _("办理结果类别：%(code)s") % {"code": letter.result_code},
            font=heavy_font(),
            bold=True,
        )
        _add_paragraph(document)
        _title(document, letter.title, lines=letter.title_lines)
        if letter.note:
            note = _add_paragraph(document)
            note.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(note, letter.note, size=BODY_PT - 2)
        _body_paragraph(document, letter.addressee, indent=False)
        _body_paragraph(document, letter.opening)
        for text in letter.paragraphs:
            _body_paragraph(document, text)
        _add_paragraph(document)
        for text in (letter.unit_name, letter.date_text):
            signature = _add_paragraph(document)
            signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            signature.paragraph_format.right_indent = Pt(BODY_PT * 4)
            _run(signature, text)
        _add_paragraph(document)
        contact = _add_paragraph(document)
        _run(
            contact,
            _("签发人：%(signer)s　　联系人：%(name)s　　联系电话：%(phone)s")
            % {"signer": letter.signer, "name": letter.contact_name, "phone": letter.contact_phone},
            size=BODY_PT - 2,
        )
        copy = _add_paragraph(document)
        _run(copy, _("抄送：%(to)s") % {"to": letter.copy_to}, size=BODY_PT - 2)
        return _docx_bytes(document)


def reply_letter_pdf(letter: ReplyLetter) -> bytes:
    """WeasyPrint from proposals/documents/reply_letter.html; fonts from fontconfig only."""
    # WeasyPrint reports every rendering step at INFO; keep the server log for real news.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    with translation.override(OFFICIAL_LANGUAGE):
        html = render_to_string(
            "proposals/documents/reply_letter.html",
            {
                "letter": letter,
                "body_font": BODY_FONT,
                "heavy_font": heavy_font(),
                "fallback_font": FALLBACK_HEAVY_FONT,
            },
        )
    # Only data: URLs may be read; the template needs none, so nothing is ever downloaded.
    fetcher = URLFetcher(allowed_protocols=["data"])
    return bytes(HTML(string=html, url_fetcher=fetcher).write_pdf())


# --------------------------------------------------------------------------- 提案汇编


def _ordered_for_volume(proposals: Iterable[Proposal]) -> list[Proposal]:
    """Numbered proposals in number order, each 并案 original right after its lead."""
    items = list(proposals)
    by_id = {p.pk: p for p in items}

    def key(p: Proposal) -> tuple[int, int, int]:
        if p.number:
            return (p.number, 0, p.pk)
        lead = by_id.get(p.merged_into_id or 0)
        return (lead.number if lead and lead.number else 10**9, 1, p.pk)

    return sorted(items, key=key)


def _latest_replies(proposal: Proposal) -> list[tuple[str, str, Reply]]:
    """(unit, role, reply) of the latest round that has approved answering replies."""
    found: list[tuple[int, str, str, Reply]] = []
    for assignment in proposal.assignments.all():
        for reply in assignment.replies.all():
            found.append(
                (assignment.round, assignment.unit.name, assignment.get_role_display(), reply)
            )
    if not found:
        return []
    latest = max(r for r, *_rest in found)
    return [(unit, role, reply) for r, unit, role, reply in found if r == latest]


def compilation_docx(
    *, organisation: Organisation, session: Session, proposals: Iterable[Proposal], user: Any
) -> bytes:
    """提案汇编: cover, contents, then every registered proposal of the session.

    `proposals` must come with category (and parent), merged_into, confirmed proposers
    (with members) and answering assignments with their approved replies prefetched.
    """
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Pt

    items = _ordered_for_volume(proposals)
    numbers = {p.pk: p.number for p in items}
    place = committee_place(organisation)
    with translation.override(OFFICIAL_LANGUAGE):
        document = _new_document()
        volume_title = _("政协%(place)s%(meeting)s提案汇编") % {
            "place": place,
            "meeting": session_words(session),
        }
        document.core_properties.title = volume_title
        document.core_properties.author = organisation.name
        document.core_properties.last_modified_by = user.username
        # Cover.
        for _blank in range(6):
            _add_paragraph(document)
        _title(document, volume_title)
        for text in (
            _("（共%(n)s件）") % {"n": len(items)},
            organisation.name,
            chinese_date(timezone.localdate()),
        ):
            line = _add_paragraph(document)
            line.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(line, text)
        _add_paragraph(document).add_run().add_break(WD_BREAK.PAGE)
        # Contents.
        _title(document, _("目　录"), style="Heading 1")
        labels: dict[int, str] = {}
        for p in items:
            if p.number:
                labels[p.pk] = _("第%(n)s号") % {"n": p.number}
            else:
                lead_number = numbers.get(p.merged_into_id or 0)
                labels[p.pk] = (
                    _("并入第%(n)s号") % {"n": lead_number} if lead_number else _("未编号")
                )
            entry = _add_paragraph(document)
            entry.paragraph_format.left_indent = Pt(BODY_PT * 6)
            entry.paragraph_format.first_line_indent = Pt(-BODY_PT * 6)
            _run(entry, f"{labels[p.pk]}\u3000{p.title}", size=BODY_PT - 2)
        # The proposals.
        for p in items:
            heading = _title(document, p.title, style="Heading 1")
            heading.paragraph_format.page_break_before = True
            facts = [
                (_("提案号"), labels[p.pk]),
                (_("提案者"), p.collective_name or "、".join(_proposer_names(p))),
                (_("提案类型"), f"{p.get_proposer_type_display()}·{p.get_period_display()}"),
                (_("分类"), str(p.category) if p.category else _("未分类")),
            ]
            for label, value in facts:
                line = _add_paragraph(document)
                _run(line, f"{label}：", font=heavy_font(), bold=True, size=BODY_PT - 2)
                _run(line, value, size=BODY_PT - 2)
            for label, text in (
                (_("情况"), p.situation),
                (_("分析"), p.analysis),
                (_("建议"), p.suggestions),
            ):
                if not text.strip():
                    continue
                _add_paragraph(document, "Heading 2").add_run(label)
                for para in _paragraphs(text):
                    _body_paragraph(document, para)
            replies = _latest_replies(p)
            if replies:
                _add_paragraph(document, "Heading 2").add_run(_("办理答复"))
                for unit, role, reply in replies:
                    line = _add_paragraph(document)
                    line.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
                    _run(
                        line,
                        _("%(unit)s（%(role)s，%(code)s类）：")
                        % {"unit": unit, "role": role, "code": reply.result_category.code},
                        font=heavy_font(),
                        bold=True,
                    )
                    _run(line, _summary(reply.body))
        return _docx_bytes(document)


# --------------------------------------------------------------------------- statistics xlsx


def _percent(rate: Rate) -> float | None:
    return None if rate.percent is None else rate.numerator / rate.denominator


def statistics_workbook(figures: ProposalFigures, *, user: Any) -> bytes:
    """The dashboard's tables, a sheet each: title row, watermark line, Chinese headers."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    f = figures
    stamp = timezone.localtime()
    who = f"{user.display_name or user.username}（{user.username}）"
    title = _("%(org)s%(period)s提案工作统计") % {
        "org": f.organisation.name,
        "period": f.period_label,
    }
    watermark = _("内部资料 注意保密 ｜ 生成人：%(who)s ｜ 生成时间：%(when)s") % {
        "who": who,
        "when": f"{stamp:%Y-%m-%d %H:%M}",
    }
    workbook = Workbook()
    workbook.remove(workbook.active)
    header_fill = PatternFill("solid", fgColor="EFEBE3")

    def sheet(name: str, headers: list[str], rows: list[list[Any]], percent_cols: set[int]) -> None:
        ws = workbook.create_sheet(name)
        ws.append([f"{title} — {name}"])
        ws["A1"].font = Font(bold=True, size=14)
        ws.append([watermark])
        ws["A2"].font = Font(color="8C1D18", italic=True)
        ws.append(headers)
        for index in range(1, len(headers) + 1):
            cell = ws.cell(row=3, column=index)
            cell.font = Font(bold=True)
            cell.fill = header_fill
            cell.alignment = Alignment(horizontal="center")
        for row in rows:
            ws.append(row)
        for row_index in range(4, 4 + len(rows)):
            for col in percent_cols:
                ws.cell(row=row_index, column=col).number_format = "0.0%"
        for index, header in enumerate(headers, start=1):
            width = max([len(str(header))] + [len(str(r[index - 1] or "")) for r in rows])
            ws.column_dimensions[get_column_letter(index)].width = min(60, 4 + width * 2)
        ws.freeze_panes = "A4"
        ws.oddHeader.center.text = _("内部资料 注意保密")
        ws.oddFooter.center.text = "&P / &N"

    overview = overview_rows(f)
    sheet(
        _("总体情况"),
        [_("指标"), _("数值"), _("比率"), _("口径")],
        [
            [label, value, _percent(rate) if rate else None, note]
            for label, value, rate, note in overview
        ],
        {3},
    )
    received: list[list[Any]] = []
    for group, rows in (
        (_("按提案者类型"), f.by_type),
        (_("按提出时间"), f.by_period),
        (_("按类别"), f.by_category),
        (_("不予立案转办"), f.conversions),
    ):
        received += [[group, r.label, r.count, _percent(r.share)] for r in rows]
    sheet(_("收到情况"), [_("分组"), _("项目"), _("件数"), _("占比")], received, {4})
    sheet(
        _("办理结果"),
        [_("类别"), _("说明"), _("件数"), _("占比")],
        [[r.label, r.note, r.count, _percent(r.share)] for r in f.results]
        + [[_("合计"), "", f.results_total, 1.0 if f.results_total else None]],
        {4},
    )
    labels = dict(Satisfaction.choices)
    sheet(
        _("委员评价"),
        [_("评价项目"), *[str(labels[v]) for v in Satisfaction.values], _("合计"), _("满意率")],
        [
            [
                _("办理结果"),
                *[r.count for r in f.feedback_by_result],
                f.feedback_returned,
                _percent(f.result_satisfaction),
            ],
            [
                _("办理态度"),
                *[r.count for r in f.feedback_by_attitude],
                f.feedback_returned,
                _percent(f.attitude_satisfaction),
            ],
        ],
        {6},
    )
    sheet(
        _("承办单位"),
        [
            _("承办单位"),
            _("主办/分办件数"),
            _("按期答复"),
            _("逾期答复"),
            _("逾期未答复"),
            _("办理中（未到期）"),
            _("会办件数"),
            _("面商件数"),
            _("平均答复天数"),
        ],
        [
            [
                u.name,
                u.assignments,
                u.on_time,
                u.late,
                u.overdue_open,
                u.open_in_time,
                u.co_handling,
                u.meetings,
                u.average_days,
            ]
            for u in f.units
        ],
        set(),
    )
    if f.counties:
        sheet(
            _("下级政协"),
            [_("组织"), _("收到"), _("立案（含并案）"), _("其中并案"), _("不予立案"), _("已办复")],
            [
                [c.name, c.received, c.registered, c.merged, c.not_registered, c.replied]
                for c in f.counties
            ],
            set(),
        )
    workbook.properties.creator = user.username
    workbook.properties.title = title
    workbook.properties.description = watermark
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def overview_rows(f: ProposalFigures) -> list[tuple[str, int, Rate | None, str]]:
    """(指标, 数值, 比率, 口径) — the headline figures with their definitions."""
    return [
        (_("收到提案"), f.received, None, _("提交过的提案（不含草稿和提交前撤回的）")),
        (
            _("立案"),
            f.registered,
            f.registration_rate,
            _("含并案 %(n)s 件；立案率 = 立案 ÷ 收到") % {"n": f.merged},
        ),
        (_("并案组数"), f.merge_groups, None, _("被并入的主提案件数")),
        (_("不予立案"), f.not_registered, None, _("其中转办情况见“收到情况”表")),
        (
            _("已办复"),
            f.replied,
            f.reply_rate,
            _("办复率 = 已办复 ÷ 立案；已办复指本轮答复全部审核通过（含重新办理中、已办结）"),
        ),
        (_("承办单位"), f.unit_count, None, _("有交办任务的承办单位数")),
        (
            _("办理结果满意"),
            f.result_satisfaction.numerator,
            f.result_satisfaction,
            _("满意率 = （满意＋基本满意）÷ 收回的评价表 %(n)s 份（每件提案按最近一轮评价计）")
            % {"n": f.feedback_returned},
        ),
        (
            _("办理态度满意"),
            f.attitude_satisfaction.numerator,
            f.attitude_satisfaction,
            _("办理态度满意率，分母同上"),
        ),
        (_("未反馈"), f.no_feedback, None, _("评价期满仍无评价、已关闭的提案，不计入满意率")),
        (_("待评价"), f.awaiting_feedback, None, _("已答复、尚在评价期内且无评价的提案")),
        (
            _("面商"),
            f.meetings,
            f.meeting_rate,
            _("见面率 = 记录了面商的主办/分办交办 ÷ 主办/分办交办 %(n)s 件")
            % {"n": f.answering_assignments},
        ),
        (
            _("提出提案的委员"),
            f.members_proposing,
            f.participation_rate,
            _("委员提案参与率 = 本期是已提交提案确认提案人的本届在任委员 ÷ 本届在任委员 %(n)s 人")
            % {"n": f.members_total},
        ),
        (_("重点提案"), f.key, None, _("其中有督办记录 %(n)s 件") % {"n": f.supervised}),
        (_("优秀提案"), f.excellent, None, ""),
    ]


def replies_for_volume() -> Any:
    """The approved replies prefetched into a 提案汇编 (answering assignments only)."""
    from django.db.models import Prefetch

    from .models import Assignment

    return Prefetch(
        "assignments",
        queryset=Assignment.objects.filter(role__in=[AssignmentRole.LEAD, AssignmentRole.SEPARATE])
        .select_related("unit")
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=Reply.objects.filter(status=ReplyStatus.APPROVED).select_related(
                    "result_category"
                ),
            )
        ),
    )
