"""The approved snapshot: what a published article looks like, frozen and hashed (SM3).

At publication (and at each correction) `build_snapshot` renders the article's content
region — title, metadata, image, body, reviewers, corrections — once per language into
HTML. The public pages insert that HTML and nothing else; `ningju portal verify` recomputes
both digests and compares the pages actually served with it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from ningju.core import crypto
from ningju.core.sanitize import clean_html, plain_text
from ningju.textmatch.normalize import to_simplified

from .choices import ReviewDecision, ReviewLevel
from .models import Article

SOURCE_FIELDS = (
    "title",
    "summary",
    "body",
    "title_ko",
    "body_ko",
    "source",
    "author_name",
    "editor_name",
    "image",
    "image_alt",
    "column_id",
)


@dataclass
class Snapshot:
    title: str
    title_ko: str
    summary: str
    html: str
    html_ko: str
    search_text: str
    digest: str
    source_digest: str


def source_digest(article: Article) -> str:
    """SM3 of the editable fields as approved: a published draft must still match it."""
    values = {name: str(getattr(article, name) or "") for name in SOURCE_FIELDS}
    return crypto.sm3_hex(json.dumps(values, sort_keys=True, ensure_ascii=False).encode())


def content_digest(*, title: str, title_ko: str, html: str, html_ko: str) -> str:
    payload = json.dumps([title, title_ko, html, html_ko], ensure_ascii=False)
    return crypto.sm3_hex(payload.encode())


def article_url(article_id: int) -> str:
    return reverse("portal:article", kwargs={"pk": article_id})


def image_url(article: Article) -> str:
    if not article.image:
        return ""
    return reverse("portal:image", kwargs={"pk": article.pk})


def _render(article: Article, *, language: str, first_published_at: datetime) -> str:
    from .site import column_url

    korean = language == "ko"
    reviews = [
        r
        for r in article.reviews.all()
        if r.round == article.review_round and r.decision == ReviewDecision.PASS
    ]
    with translation.override(language):
        context = {
            "title": article.title_ko if korean else article.title,
            "column_label": article.column.label(language),
            "column_url": column_url(article.column),
            "first_published_at": first_published_at,
            "source": article.source,
            "author_name": article.author_name,
            "editor_name": article.editor_name,
            "image_url": image_url(article),
            "image_alt": article.image_alt,
            "body": mark_safe(clean_html(article.body_ko if korean else article.body)),  # noqa: S308
            "reviews": [
                {"level_label": str(ReviewLevel(r.level).label), "name": r.reviewer_name}
                for r in sorted(reviews, key=lambda r: r.level)
            ],
            "corrections": [
                {"at": c.created_at, "note": c.note} for c in article.corrections.all()
            ],
        }
        return render_to_string("portal/includes/article_content.html", context).strip()


def has_korean(article: Article) -> bool:
    return bool(article.title_ko.strip() and plain_text(article.body_ko))


def build_snapshot(article: Article, *, first_published_at: datetime) -> Snapshot:
    html = _render(article, language="zh-hans", first_published_at=first_published_at)
    html_ko = (
        _render(article, language="ko", first_published_at=first_published_at)
        if has_korean(article)
        else ""
    )
    title_ko = article.title_ko if html_ko else ""
    text = " ".join([article.title, article.summary, plain_text(article.body), article.author_name])
    return Snapshot(
        title=article.title,
        title_ko=title_ko,
        summary=article.summary or plain_text(article.body)[:120],
        html=html,
        html_ko=html_ko,
        search_text=to_simplified(text + " " + title_ko + " " + plain_text(article.body_ko)),
        digest=content_digest(title=article.title, title_ko=title_ko, html=html, html_ko=html_ko),
        source_digest=source_digest(article),
    )
