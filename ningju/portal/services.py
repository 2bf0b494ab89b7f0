"""Publishing: write, 三审 (初审/复审/终审), publish (now or scheduled), unpublish, correct.

Every state change goes through `workflow.TRANSITIONS`, holds a row lock and writes an
audit record. Publishing freezes the approved content into a `Publication` (HTML + SM3
digest, see publishing.py) and invalidates the site's page cache.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from ningju.accounts.models import User
from ningju.core import audit
from ningju.core.errors import DomainError, PermissionDenied
from ningju.core.sanitize import clean_html, plain_text
from ningju.core.uploads import validate_upload

from . import caching
from .choices import ArticleState, ColumnKind, ReviewDecision
from .models import Article, Column, Correction, Publication, Review, SiteSettings
from .publishing import build_snapshot
from .workflow import EDITABLE, PENDING_LEVEL, next_state

logger = logging.getLogger(__name__)

IMAGE_MAX_BYTES = 10 * 1024 * 1024
IMAGE_MAX_SIDE = 1600


class PublishBlocked(DomainError):
    code = "publish_blocked"


def _require(user: User, perm: str, obj: Any = None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied()


def _lock(article: Article) -> Article:
    return Article.objects.select_for_update().select_related("column").get(pk=article.pk)


def _transition(
    article: Article, action: str, *, actor: Any, fields: list[str], **extra: Any
) -> None:
    old = article.state
    article.state = next_state(old, action)
    article.save(update_fields=["state", "updated_at", *fields])
    audit.record(
        action=f"portal.article.{action}",
        actor=actor,
        organisation=article.organisation_id,
        target=article,
        before={"state": old},
        after={"state": article.state, **extra},
    )


def _invalidate(organisation_id: int) -> None:
    """Drop the site's cached pages now and again after commit (a page rendered between the
    two, from the old rows, would otherwise stay cached)."""
    caching.invalidate(organisation_id)
    transaction.on_commit(lambda: caching.invalidate(organisation_id))


# --------------------------------------------------------------------------- writing


@dataclass
class ArticleData:
    column_id: int
    title: str
    body: str
    summary: str = ""
    title_ko: str = ""
    body_ko: str = ""
    source: str = ""
    author_name: str = ""
    editor_name: str = ""
    image: Any = None  # an uploaded file, resized here
    image_alt: str = ""
    publish_at: datetime | None = None


def process_image(file: Any) -> ContentFile:
    """Check the upload (type by content), strip metadata and resize to 1600 px at most."""
    kind = validate_upload(file, allowed={"jpg", "jpeg", "png"}, max_bytes=IMAGE_MAX_BYTES)
    file.seek(0)
    try:
        with Image.open(file) as opened:
            opened.load()
            image = ImageOps.exif_transpose(opened)
            image.thumbnail((IMAGE_MAX_SIDE, IMAGE_MAX_SIDE))
            out = io.BytesIO()
            if kind.extension == "png":
                image.save(out, format="PNG", optimize=True)
                name = "image.png"
            else:
                image.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
                name = "image.jpg"
    except (UnidentifiedImageError, OSError) as exc:
        raise ValidationError(
            _("无法读取该图片，请换一张 JPG 或 PNG 图片。"), code="bad_image"
        ) from exc
    return ContentFile(out.getvalue(), name=name)


def _apply(article: Article, data: ArticleData, *, organisation_id: int) -> None:
    column = Column.objects.filter(pk=data.column_id, organisation_id=organisation_id).first()
    if column is None:
        raise DomainError(_("请选择本单位网站的栏目。"), code="bad_column", field="column")
    article.column = column
    article.title = data.title.strip()
    article.summary = data.summary.strip()
    article.body = clean_html(data.body)
    article.title_ko = data.title_ko.strip()
    article.body_ko = clean_html(data.body_ko)
    article.source = data.source.strip()
    article.author_name = data.author_name.strip()
    article.editor_name = data.editor_name.strip()
    article.image_alt = data.image_alt.strip()
    article.publish_at = data.publish_at
    if data.image is not None:
        processed = process_image(data.image)
        article.image.save(processed.name or "image.jpg", processed, save=False)


@transaction.atomic
def article_create(*, acting_user: User, data: ArticleData) -> Article:
    _require(acting_user, "portal.write")
    organisation_id = acting_user.principal.org
    article = Article(organisation_id=organisation_id, created_by=acting_user)
    if not data.author_name.strip():
        data.author_name = str(acting_user)
    _apply(article, data, organisation_id=organisation_id)
    article.save()
    audit.record(
        action="portal.article.create",
        actor=acting_user,
        organisation=organisation_id,
        target=article,
        after={"state": article.state, "column": article.column.slug},
    )
    return article


@transaction.atomic
def article_save(*, acting_user: User, article: Article, data: ArticleData) -> Article:
    article = _lock(article)
    _require(acting_user, "portal.edit", article)
    if article.state not in EDITABLE:
        raise DomainError(_("送审后的稿件不能修改；请等待审核结果。"), code="not_editable")
    _apply(article, data, organisation_id=article.organisation_id)
    article.save()
    audit.record(
        action="portal.article.edit",
        actor=acting_user,
        organisation=article.organisation_id,
        target=article,
        after={"state": article.state},
    )
    return article


def screen(article: Article) -> None:
    """The sensitive-word and spam filter: suspect text is never published."""
    from ningju.moderation.services import screen_text

    text = "\n".join(
        [
            article.title,
            article.summary,
            article.body,
            article.title_ko,
            article.body_ko,
            article.source,
            article.author_name,
            article.editor_name,
            article.image_alt,
        ]
    )
    verdict = screen_text(text, organisation=article.organisation_id)
    if verdict.flagged:
        raise PublishBlocked(
            _("内容未通过敏感词和垃圾信息检查：%(reasons)s。请修改后再送审。")
            % {"reasons": "；".join(str(r) for r in verdict.reasons)},
            field="body",
            detail={"codes": list(verdict.codes)},
        )


def validate_for_submission(article: Article) -> None:
    if not article.title.strip() or not plain_text(article.body):
        raise DomainError(_("请填写标题和正文。"), code="incomplete", field="body")
    if bool(article.title_ko.strip()) != bool(plain_text(article.body_ko)):
        raise DomainError(
            _("朝鲜文版本需要同时填写标题和正文，或者都不填。"),
            code="korean_incomplete",
            field="body_ko",
        )
    if article.image and not article.image_alt.strip():
        raise DomainError(
            _("请为题图写一句说明（供读屏软件朗读）。"), code="alt_missing", field="image_alt"
        )


@transaction.atomic
def article_submit(*, acting_user: User, article: Article) -> Article:
    article = _lock(article)
    _require(acting_user, "portal.edit", article)
    validate_for_submission(article)
    screen(article)
    article.review_round += 1
    _transition(
        article, "submit", actor=acting_user, fields=["review_round"], round=article.review_round
    )
    from . import notifications

    notifications.submitted(article, level=1)
    return article


# --------------------------------------------------------------------------- review


@transaction.atomic
def article_review(
    *, acting_user: User, article: Article, decision: str, comment: str = ""
) -> Article:
    """One level of 三审. The author never reviews; each level in a round by someone else."""
    article = _lock(article)
    level = PENDING_LEVEL.get(article.state)
    if level is None:
        raise DomainError(_("该稿件不在待审状态。"), code="not_pending")
    _require(acting_user, "portal.review", article)
    if decision not in ReviewDecision.values:
        raise DomainError(_("请选择审核结果。"), code="decision_required", field="decision")
    comment = comment.strip()
    if decision == ReviewDecision.RETURN and not comment:
        raise DomainError(
            _("退回时请写明理由，作者会看到。"), code="comment_required", field="comment"
        )
    if decision == ReviewDecision.PASS:
        screen(article)
    Review.objects.create(
        article=article,
        round=article.review_round,
        level=level,
        decision=decision,
        comment=comment,
        reviewer=acting_user,
        reviewer_name=str(acting_user),
    )
    action = "pass" if decision == ReviewDecision.PASS else "return"
    _transition(article, action, actor=acting_user, fields=[], level=level, comment=comment)
    from . import notifications

    if action == "return":
        notifications.returned(article)
    elif article.state != ArticleState.APPROVED:
        notifications.submitted(article, level=level + 1)
    elif article.publish_at is None or article.publish_at <= timezone.now():
        _publish(article, actor=acting_user)
    return article


# --------------------------------------------------------------------------- publishing


def _freeze(article: Article, *, first_published_at: datetime) -> Publication:
    """Write the approved snapshot as the current version (caller holds the lock)."""
    article = (
        Article.objects.select_related("column")
        .prefetch_related("reviews", "corrections")
        .get(pk=article.pk)
    )
    snapshot = build_snapshot(article, first_published_at=first_published_at)
    previous = Publication.objects.filter(article=article).order_by("-version").first()
    Publication.objects.filter(article=article, is_current=True).update(is_current=False)
    return Publication.objects.create(
        organisation_id=article.organisation_id,
        article=article,
        column=article.column,
        version=(previous.version + 1) if previous else 1,
        is_current=True,
        title=snapshot.title,
        title_ko=snapshot.title_ko,
        summary=snapshot.summary,
        html=snapshot.html,
        html_ko=snapshot.html_ko,
        search_text=snapshot.search_text,
        digest=snapshot.digest,
        source_digest=snapshot.source_digest,
        published_at=timezone.now(),
        first_published_at=first_published_at,
    )


def _publish(article: Article, *, actor: Any) -> Publication:
    screen(article)
    now = timezone.now()
    article.published_at = now
    article.unpublish_reason = ""
    _transition(article, "publish", actor=actor, fields=["published_at", "unpublish_reason"])
    publication = _freeze(article, first_published_at=now)
    Column.objects.filter(pk=article.column_id).update(last_published_at=now)
    audit.record(
        action="portal.publication.create",
        actor=actor,
        organisation=article.organisation_id,
        target=publication,
        after={"version": publication.version, "digest": publication.digest},
    )
    _after_published(article)
    _invalidate(article.organisation_id)
    return publication


def _after_published(article: Article) -> None:
    """A member's article counts in their performance archive (履职档案)."""
    from ningju.members.models import Member
    from ningju.performance.models import DutyKind
    from ningju.performance.services import duty_record_write

    member = Member.objects.filter(user_id=article.created_by_id).first()
    if member is not None:
        duty_record_write(
            member=member,
            kind=DutyKind.OTHER,
            occurred_on=timezone.localdate(article.published_at),
            source=article,
            title=_("在门户网站发表文章：%(title)s") % {"title": article.title},
        )
    from . import notifications

    notifications.published(article)


def articles_publish_due(*, now: datetime | None = None) -> list[Article]:
    """Publish every approved article whose time has come (the scheduled-publishing job)."""
    now = now or timezone.now()
    done: list[Article] = []
    due = Article.objects.filter(state=ArticleState.APPROVED, publish_at__lte=now).values_list(
        "pk", flat=True
    )
    for pk in list(due):
        try:
            with transaction.atomic():
                article = Article.objects.select_for_update().get(pk=pk)
                if article.state != ArticleState.APPROVED:
                    continue
                _publish(article, actor="portal.publish_due")
                done.append(article)
        except PublishBlocked as exc:
            logger.warning("article %s not published: %s", pk, exc.message)
            audit.record(
                action="portal.article.publish",
                actor="portal.publish_due",
                object_type="portal.article",
                object_id=str(pk),
                success=False,
                after={"reason": str(exc.message)},
            )
    return done


@transaction.atomic
def article_unpublish(*, acting_user: User, article: Article, reason: str) -> Article:
    article = _lock(article)
    _require(acting_user, "portal.manage", article)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("请写明撤稿理由。"), code="reason_required", field="reason")
    article.unpublish_reason = reason
    _transition(article, "unpublish", actor=acting_user, fields=["unpublish_reason"], reason=reason)
    Publication.objects.filter(article=article, is_current=True).update(is_current=False)
    _invalidate(article.organisation_id)
    return article


@transaction.atomic
def article_revise(*, acting_user: User, article: Article) -> Article:
    """An unpublished article goes back to draft; it needs 三审 again to reappear."""
    article = _lock(article)
    _require(acting_user, "portal.edit", article)
    _transition(article, "revise", actor=acting_user, fields=[])
    return article


@dataclass
class CorrectionData:
    note: str
    body: str
    body_ko: str = ""


@transaction.atomic
def article_correct(*, acting_user: User, article: Article, data: CorrectionData) -> Publication:
    """更正: fix a published article in place and log it publicly (a new approved version).

    Only a reviewer who is not the author may correct; the note says what changed.
    """
    article = _lock(article)
    _require(acting_user, "portal.manage", article)
    if article.created_by_id == acting_user.pk:
        raise PermissionDenied()
    note = data.note.strip()
    if not note:
        raise DomainError(_("请写明更正内容，读者会看到。"), code="note_required", field="note")
    body = clean_html(data.body)
    if not plain_text(body):
        raise DomainError(_("请填写正文。"), code="incomplete", field="body")
    before = {"body": article.body, "body_ko": article.body_ko}
    article.body = body
    if article.body_ko or data.body_ko:
        article.body_ko = clean_html(data.body_ko)
    validate_for_submission(article)
    screen(article)
    Correction.objects.create(article=article, note=note, corrected_by=acting_user)
    _transition(article, "correct", actor=acting_user, fields=["body", "body_ko"], note=note)
    first = (
        Publication.objects.filter(article=article, is_current=True)
        .values_list("first_published_at", flat=True)
        .first()
    )
    publication = _freeze(article, first_published_at=first or timezone.now())
    audit.record(
        action="portal.publication.create",
        actor=acting_user,
        organisation=article.organisation_id,
        target=publication,
        before={"body_chars": len(before["body"])},
        after={"version": publication.version, "digest": publication.digest},
    )
    _invalidate(article.organisation_id)
    return publication


# --------------------------------------------------------------------------- site set-up

DEFAULT_COLUMNS: tuple[tuple[str, str, str, str, bool], ...] = (
    # slug, name, Korean name, kind, in the column navigation
    ("dajiatan", "大家谈", "모두의 이야기", ColumnKind.FORUM, True),
    ("zhuxi", "主席论坛", "주석론단", ColumnKind.FORUM, True),
    ("weiyuan", "委员说话", "위원발언", ColumnKind.FORUM, True),
    ("tongxin", "同心论坛", "동심론단", ColumnKind.FORUM, True),
    ("yishiting", "议事厅", "의사청", ColumnKind.FORUM, True),
    ("wangping", "政协网评", "정협망평", ColumnKind.FORUM, True),
    ("weiyan", "微言大义", "짧은 말 깊은 뜻", ColumnKind.FORUM, True),
    ("news", "政协要闻", "정협소식", ColumnKind.NEWS, False),
    ("notices", "通知公告", "통지공고", ColumnKind.NOTICE, False),
    ("weiyuanshuo", "委员说", "위원이 말한다", ColumnKind.MEMBER_VOICE, False),
    ("xingdong", "委员在行动", "행동하는 위원", ColumnKind.MEMBER_ACTION, False),
)


@transaction.atomic
def site_ensure(
    *, organisation: Any, sponsor: str = "", sponsor_ko: str = "", icp_line: str = ""
) -> SiteSettings:
    """Give a committee its public site: settings and the standard columns (idempotent)."""
    settings, created = SiteSettings.objects.get_or_create(
        organisation=organisation,
        defaults={
            "sponsor": sponsor or organisation.name,
            "sponsor_ko": sponsor_ko,
            "icp_line": icp_line,
        },
    )
    for order, (slug, name, name_ko, kind, in_nav) in enumerate(DEFAULT_COLUMNS):
        Column.objects.get_or_create(
            organisation=organisation,
            slug=slug,
            defaults={
                "name": name,
                "name_ko": name_ko,
                "kind": kind,
                "in_navigation": in_nav,
                "sort_order": order,
            },
        )
    if created:
        audit.record(
            action="portal.site.create",
            actor=None,
            organisation=organisation,
            target=settings,
        )
    _invalidate(organisation.pk)
    return settings
