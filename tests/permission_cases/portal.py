"""The public site's back office (ningju/portal, /publishing/).

Writers (members, office staff, editors) reach the desk and write; an article is seen by its
author and the reviewers of its organisation (editors, office staff), everyone else gets 404.
Acting pages a viewer may not use (the author reviewing, unpublishing or correcting) are
403. POST rows send input the service refuses, so every role meets the same state.

The public pages themselves (home, columns, articles, search, feeds, images) are anonymous
by design and listed for EXCLUDED_NAMES in tests/test_url_coverage.py (see docs/portal.md);
tests/test_portal_public.py checks that every role and anonymous readers get them.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.files.base import ContentFile

from ningju.portal import services
from ningju.portal.models import Article, Column
from tests import factories
from tests.matrix import Case

WRITERS = {
    "member",
    "standing",
    "chair",
    "director",
    "staff",
    "editor",
    "county_staff",
    "county_member",
}
SEES = {"member", "editor", "staff"}  # the author (member) and the prefecture's reviewers
REVIEWERS = {"editor", "staff"}

# A 1×1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def _article(
    state: str, *, body: str = "<p>正文</p>", image: bool = False
) -> Callable[..., Article]:
    def build(w: factories.World) -> Article:
        services.site_ensure(organisation=w.prefecture)
        article = Article.objects.create(
            organisation=w.prefecture,
            column=Column.objects.get(organisation=w.prefecture, slug="news"),
            title="权限测试稿件",
            body=body,
            author_name="金哲洙",
            state=state,
            created_by=w["member"],
        )
        if image:
            article.image.save("x.png", ContentFile(PNG), save=True)
        return article

    return build


def _url(state: str, suffix: str = "", **kwargs: object) -> Callable[[factories.World], str]:
    make = _article(state, **kwargs)  # type: ignore[arg-type]

    def build(w: factories.World) -> str:
        return f"/publishing/{make(w).pk}/{suffix}"

    return build


CASES = [
    Case("portal desk", lambda w: "/publishing/", WRITERS, 403),
    Case("portal new", lambda w: "/publishing/new/", WRITERS, 403),
    Case("portal new post", lambda w: "/publishing/new/", WRITERS, 403, "post", data={}),
    Case("portal detail", _url("pending_first"), SEES, 404),
    Case("portal edit", _url("draft", "edit/"), SEES, 404),
    Case("portal edit post", _url("draft", "edit/"), SEES, 404, "post", data={}),
    Case(
        "portal autosave",
        _url("draft", "autosave/"),
        SEES,
        404,
        "post",
        data={},  # invalid: the status says nothing was saved
    ),
    Case(
        "portal draft image",
        lambda w: f"/publishing/{_article('draft', image=True)(w).pk}/image",
        SEES,
        404,
    ),
    Case(
        "portal submit",
        _url("draft", "submit/", body=""),
        SEES,
        404,
        "post",
        ok_status=400,
        data={},
    ),
    Case(
        "portal review",
        _url("pending_first", "review/"),
        REVIEWERS,
        404,
        "post",
        ok_status=400,
        denied={"member": 403},
        data={},
    ),
    Case(
        "portal unpublish",
        _url("published", "unpublish/"),
        REVIEWERS,
        404,
        "post",
        ok_status=400,
        denied={"member": 403},
        data={},
    ),
    Case("portal revise", _url("unpublished", "revise/"), SEES, 404, "post", ok_status=302),
    Case("portal correct", _url("published", "correct/"), REVIEWERS, 404, denied={"member": 403}),
    Case(
        "portal correct post",
        _url("published", "correct/"),
        REVIEWERS,
        404,
        "post",
        denied={"member": 403},
        data={},
    ),
]
