"""Fixtures for the public site's tests: a site with columns, reviewers, published articles."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ningju.accounts import services as account_services
from ningju.accounts.choices import Role
from ningju.accounts.models import User
from ningju.portal import services
from ningju.portal.models import Article, Column
from tests import factories


@dataclass
class PortalWorld:
    base: factories.World
    editor2: User

    def __getitem__(self, key: str) -> User:
        if key == "editor2":
            return self.editor2
        return self.base[key]

    def column(self, slug: str, org: Any = None) -> Column:
        return Column.objects.get(organisation=org or self.base.prefecture, slug=slug)


def portal_world(base: factories.World | None = None) -> PortalWorld:
    w = base or factories.world()
    services.site_ensure(
        organisation=w.prefecture, sponsor="延边州政协办公室", icp_line="吉ICP备00000000号"
    )
    services.site_ensure(organisation=w.county, sponsor="延吉市政协办公室")
    editor2 = factories.user(w.prefecture, "editor2")
    account_services.role_grant(acting_user=None, user=editor2, role=Role.PORTAL_EDITOR)
    editor2.display_name = "韩编辑"
    editor2.save(update_fields=["display_name"])
    return PortalWorld(base=w, editor2=User.objects.get(pk=editor2.pk))


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def write(
    pw: PortalWorld,
    *,
    author: str = "member",
    column: str = "news",
    title: str = "州政协召开主席会议",
    body: str = "<p>会议研究了下半年重点工作。</p>",
    title_ko: str = "",
    body_ko: str = "",
    publish_at: Any = None,
) -> Article:
    user = fresh(pw[author])
    return services.article_create(
        acting_user=user,
        data=services.ArticleData(
            column_id=pw.column(
                column, org=pw.base.prefecture if author != "county_staff" else pw.base.county
            ).pk,
            title=title,
            body=body,
            title_ko=title_ko,
            body_ko=body_ko,
            source="延边州政协",
            editor_name="李编辑",
            publish_at=publish_at,
        ),
    )


def review_all(
    pw: PortalWorld, article: Article, reviewers: tuple[str, ...] = ("editor", "staff", "editor2")
) -> Article:
    article = services.article_submit(
        acting_user=fresh(pw[article_author(pw, article)]), article=article
    )
    for name in reviewers:
        article = services.article_review(
            acting_user=fresh(pw[name]), article=article, decision="pass"
        )
    return Article.objects.get(pk=article.pk)


def article_author(pw: PortalWorld, article: Article) -> str:
    for key in ("member", "editor", "staff", "editor2", "county_staff"):
        if pw[key].pk == article.created_by_id:
            return key
    raise KeyError(article.created_by_id)


def published(pw: PortalWorld, reviewers: tuple[str, ...] | None = None, **kwargs: Any) -> Article:
    article = write(pw, **kwargs)
    if reviewers is None:
        return review_all(pw, article)
    return review_all(pw, article, reviewers)


SEED = Path(__file__).resolve().parents[2] / "shared" / "seed"


def seed_footer() -> str:
    """The real injected SEO-spam block (skips the test when the seed dir is absent)."""
    path = SEED / "injected-footer.txt"
    if not path.exists():
        pytest.skip(f"the seed directory is not beside the repository ({path} is absent)")
    return path.read_text(encoding="utf-8")


def reset_caches() -> None:
    """Pages cached by an earlier test (same ids after rollback) must not leak into this one."""
    from django.core.cache import cache

    from ningju.portal.views_public import _ARTICLE_SITE

    cache.clear()
    _ARTICLE_SITE.clear()
