"""Publishing: 三审 workflow table, who may review, scheduling, unpublish, corrections, audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from ningju.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from ningju.core.models import AuditEvent
from ningju.portal import services, workflow
from ningju.portal.choices import ArticleState
from ningju.portal.models import Article, Correction, Publication, Review, SiteSettings
from tests import portal_factories as pf

S = ArticleState

# Every (state, action) pair: where the table leads, or None when it refuses.
EXPECTED = {
    (S.DRAFT, "submit"): S.PENDING_FIRST,
    (S.RETURNED, "submit"): S.PENDING_FIRST,
    (S.PENDING_FIRST, "pass"): S.PENDING_SECOND,
    (S.PENDING_SECOND, "pass"): S.PENDING_FINAL,
    (S.PENDING_FINAL, "pass"): S.APPROVED,
    (S.PENDING_FIRST, "return"): S.RETURNED,
    (S.PENDING_SECOND, "return"): S.RETURNED,
    (S.PENDING_FINAL, "return"): S.RETURNED,
    (S.APPROVED, "publish"): S.PUBLISHED,
    (S.PUBLISHED, "correct"): S.PUBLISHED,
    (S.PUBLISHED, "unpublish"): S.UNPUBLISHED,
    (S.APPROVED, "unpublish"): S.UNPUBLISHED,
    (S.UNPUBLISHED, "revise"): S.DRAFT,
}


@pytest.mark.parametrize("state", S.values)
@pytest.mark.parametrize("action", workflow.ACTIONS)
def test_workflow_table(state: str, action: str) -> None:
    expected = EXPECTED.get((state, action))
    if expected is None:
        with pytest.raises(TransitionNotAllowed):
            workflow.next_state(state, action)
    else:
        assert workflow.next_state(state, action) == expected


@pytest.fixture
def pw(db: None) -> pf.PortalWorld:
    pf.reset_caches()
    return pf.portal_world()


def test_three_levels_by_three_people_then_published_with_reviewers(pw: pf.PortalWorld) -> None:
    article = pf.write(pw)
    article = services.article_submit(acting_user=pf.fresh(pw["member"]), article=article)
    assert article.state == S.PENDING_FIRST
    # The author can never review their own article.
    with pytest.raises(PermissionDenied):
        services.article_review(
            acting_user=pf.fresh(pw["member"]), article=article, decision="pass"
        )
    article = services.article_review(
        acting_user=pf.fresh(pw["editor"]), article=article, decision="pass"
    )
    # The same person may not do a second level.
    with pytest.raises(PermissionDenied):
        services.article_review(
            acting_user=pf.fresh(pw["editor"]), article=article, decision="pass"
        )
    # Members, unit officers and other organisations' staff may not review.
    for outsider in ("standing", "unit_officer", "county_staff", "public"):
        with pytest.raises(PermissionDenied):
            services.article_review(
                acting_user=pf.fresh(pw[outsider]), article=article, decision="pass"
            )
    article = services.article_review(
        acting_user=pf.fresh(pw["staff"]), article=article, decision="pass"
    )
    article = services.article_review(
        acting_user=pf.fresh(pw["editor2"]), article=article, decision="pass"
    )
    assert Article.objects.get(pk=article.pk).state == S.PUBLISHED
    publication = Publication.objects.get(article=article, is_current=True)
    assert "初审：" in publication.html
    assert "终审：韩编辑" in publication.html
    assert set(Review.objects.filter(article=article).values_list("level", flat=True)) == {1, 2, 3}
    actions = list(
        AuditEvent.objects.filter(object_id=str(article.pk), object_type="portal.article")
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions == [
        "portal.article.create",
        "portal.article.submit",
        "portal.article.pass",
        "portal.article.pass",
        "portal.article.pass",
        "portal.article.publish",
    ]


def test_office_staff_review_can_be_switched_off(pw: pf.PortalWorld) -> None:
    SiteSettings.objects.filter(organisation=pw.base.prefecture).update(
        office_staff_may_review=False
    )
    article = services.article_submit(acting_user=pf.fresh(pw["member"]), article=pf.write(pw))
    with pytest.raises(PermissionDenied):
        services.article_review(acting_user=pf.fresh(pw["staff"]), article=article, decision="pass")


def test_return_needs_a_reason_and_goes_back_to_author(pw: pf.PortalWorld) -> None:
    article = services.article_submit(acting_user=pf.fresh(pw["member"]), article=pf.write(pw))
    with pytest.raises(DomainError) as caught:
        services.article_review(
            acting_user=pf.fresh(pw["editor"]), article=article, decision="return"
        )
    assert caught.value.field == "comment"
    article = services.article_review(
        acting_user=pf.fresh(pw["editor"]), article=article, decision="return", comment="标题太长"
    )
    assert article.state == S.RETURNED
    # Resubmitted: a new round, all three levels again (the same editor may review again).
    article = pf.review_all(pw, article)
    assert article.state == S.PUBLISHED
    assert article.review_round == 2


def test_scheduled_publishing(pw: pf.PortalWorld) -> None:
    later = timezone.now() + timedelta(hours=2)
    article = pf.published(pw, publish_at=later)
    assert article.state == S.APPROVED
    assert not Publication.objects.filter(article=article).exists()
    assert services.articles_publish_due() == []
    done = services.articles_publish_due(now=later + timedelta(minutes=1))
    assert [a.pk for a in done] == [article.pk]
    assert Article.objects.get(pk=article.pk).state == S.PUBLISHED
    call_command("portal", "publish_due")  # nothing more due: runs cleanly


def test_filter_blocks_spam_before_review(pw: pf.PortalWorld) -> None:
    article = pf.write(pw, body="<p>正文</p><p>" + pf.seed_footer() + "</p>")
    with pytest.raises(services.PublishBlocked):
        services.article_submit(acting_user=pf.fresh(pw["member"]), article=article)
    assert Article.objects.get(pk=article.pk).state == S.DRAFT


def test_unpublish_needs_reason_and_hides_article(pw: pf.PortalWorld, client) -> None:  # type: ignore[no-untyped-def]
    article = pf.published(pw)
    assert client.get(f"/article/{article.pk}/").status_code == 200
    with pytest.raises(DomainError):
        services.article_unpublish(acting_user=pf.fresh(pw["editor"]), article=article, reason=" ")
    services.article_unpublish(
        acting_user=pf.fresh(pw["editor"]), article=article, reason="信息有误"
    )
    assert client.get(f"/article/{article.pk}/").status_code == 404
    article = services.article_revise(acting_user=pf.fresh(pw["member"]), article=article)
    assert article.state == S.DRAFT


def test_correction_is_logged_publicly_and_versioned(pw: pf.PortalWorld, client) -> None:  # type: ignore[no-untyped-def]
    article = pf.published(pw, body="<p>会议于2024年召开。</p>")
    client.get(f"/article/{article.pk}/")  # cached
    with pytest.raises(PermissionDenied):  # the author does not correct their own article
        services.article_correct(
            acting_user=pf.fresh(pw["member"]),
            article=article,
            data=services.CorrectionData(note="x", body="<p>y</p>"),
        )
    services.article_correct(
        acting_user=pf.fresh(pw["editor"]),
        article=article,
        data=services.CorrectionData(note="“2024年”应为“2025年”", body="<p>会议于2025年召开。</p>"),
    )
    page = client.get(f"/article/{article.pk}/").content.decode()
    assert "会议于2025年召开" in page
    assert "更正记录" in page
    assert "应为“2025年”" in page
    assert Publication.objects.filter(article=article).count() == 2
    assert Correction.objects.filter(article=article).count() == 1
    call_command("portal", "verify")
