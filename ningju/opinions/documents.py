"""《社情民意》 issues as .docx and PDF, reusing the proposal documents' fonts and layout
(GB/T 9704 type area, Noto CJK through fontconfig, never fetched from the network).
Always written in Simplified Chinese, whatever the language of the person downloading."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from ningju.proposals.documents import (
    BODY_FONT,
    BODY_PT,
    FALLBACK_HEAVY_FONT,
    OFFICIAL_LANGUAGE,
    _add_paragraph,
    _body_paragraph,
    _docx_bytes,
    _new_document,
    _run,
    _title,
    chinese_date,
    heavy_font,
)

from .defaults import settings_for
from .models import JournalIssue, Opinion
from .selectors import issue_items

RED = "B00000"


@dataclass
class IssueItem:
    title: str
    paragraphs: list[str]
    byline: str


@dataclass
class IssueDocument:
    journal: str
    number_text: str
    editor_line: str
    date_text: str
    editor_note: str
    items: list[IssueItem]
    sent_to: str
    filename: str


def _byline(opinion: Opinion) -> str:
    names = "、".join(
        c.member.name + (f"（{c.member.work_unit}）" if c.member.work_unit else "")
        for c in opinion.contributors.all()
    )
    if opinion.unit_name:
        names = f"{opinion.unit_name}" + (f"　{names}" if names else "")
    return _("反映人：%(names)s") % {"names": names}


def _paragraphs(opinion: Opinion) -> list[str]:
    text = opinion.edited_body or "\n".join(
        t for t in (opinion.situation, opinion.analysis, opinion.suggestion) if t
    )
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def issue_document(issue: JournalIssue) -> IssueDocument:
    with translation.override(OFFICIAL_LANGUAGE):
        items = issue_items(issue)
        organisation = issue.organisation
        targets: dict[str, str] = {}
        for opinion in items:
            for report in opinion.reports.all():
                targets[report.target] = str(report.get_target_display())
        journal = settings_for(issue.organisation_id).journal_name
        return IssueDocument(
            journal=journal,
            number_text=_("%(year)s年第%(number)s期")
            % {"year": issue.year, "number": issue.number},
            editor_line=_("%(org)s办公室编") % {"org": organisation.name},
            date_text=chinese_date(issue.published_on) if issue.published_on else _("（未印发）"),
            editor_note=issue.editor_note,
            items=[
                IssueItem(title=o.display_title, paragraphs=_paragraphs(o), byline=_byline(o))
                for o in items
            ],
            sent_to="、".join(targets.values()),
            filename=f"{journal}{issue.year}-{issue.number:02d}",
        )


def issue_docx(doc: IssueDocument) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    with translation.override(OFFICIAL_LANGUAGE):
        document = _new_document()
        document.core_properties.title = f"《{doc.journal}》{doc.number_text}"
        masthead = _add_paragraph(document)
        masthead.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = _run(masthead, doc.journal, font=heavy_font(), bold=True, size=36)
        run.font.color.rgb = RGBColor.from_string(RED)
        number = _add_paragraph(document)
        number.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(number, doc.number_text)
        line = _add_paragraph(document)
        _run(line, f"{doc.editor_line}　　　　{doc.date_text}", size=BODY_PT - 2)
        rule = _add_paragraph(document)
        rule_run = _run(rule, "━" * 24, size=BODY_PT - 2)
        rule_run.font.color.rgb = RGBColor.from_string(RED)
        if doc.editor_note:
            note = _add_paragraph(document)
            _run(note, _("编者按：") + doc.editor_note, bold=True)
        for item in doc.items:
            _title(document, item.title, style="Heading 1")
            for text in item.paragraphs:
                _body_paragraph(document, text)
            byline = _add_paragraph(document)
            byline.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _run(byline, item.byline, size=BODY_PT - 2)
            byline.paragraph_format.space_after = Pt(BODY_PT)
        if doc.sent_to:
            sent = _add_paragraph(document)
            _run(sent, _("报送：%(to)s") % {"to": doc.sent_to}, size=BODY_PT - 2)
        return _docx_bytes(document)


def issue_pdf(doc: IssueDocument) -> bytes:
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    with translation.override(OFFICIAL_LANGUAGE):
        html = render_to_string(
            "opinions/documents/issue.html",
            {
                "doc": doc,
                "body_font": BODY_FONT,
                "heavy_font": heavy_font(),
                "fallback_font": FALLBACK_HEAVY_FONT,
            },
        )
    fetcher = URLFetcher(allowed_protocols=["data"])
    return bytes(HTML(string=html, url_fetcher=fetcher).write_pdf())
