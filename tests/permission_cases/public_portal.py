"""The public site (ningju/portal/views_public.py): open to everyone, signed in or not.

Every role and a visitor who is not signed in get each page (tests/test_portal_public.py
also checks that drafts and unknown columns are 404)."""

from __future__ import annotations

from django.core.files.base import ContentFile

from ningju.accounts.models import User
from ningju.portal.models import Article
from tests import factories
from tests import portal_factories as pf
from tests.matrix import ALL, Case


def _site(w: factories.World) -> pf.PortalWorld:
    """The portal set up once on the matrix's world (sites, columns, a second editor)."""
    if User.objects.filter(username="editor2").exists():
        return pf.PortalWorld(base=w, editor2=User.objects.get(username="editor2"))
    return pf.portal_world(w)


def _path(path: str):  # type: ignore[no-untyped-def]
    def build(w: factories.World) -> str:
        _site(w)
        return path

    return build


def _article(suffix: str = ""):  # type: ignore[no-untyped-def]
    def build(w: factories.World) -> str:
        from tests.permission_cases.portal import PNG

        article = pf.published(_site(w))
        stored = Article.objects.get(pk=article.pk)
        stored.image.save("x.png", ContentFile(PNG), save=True)
        return f"/article/{article.pk}/{suffix}"

    return build


def _public(name: str, url, status: int = 200) -> Case:  # type: ignore[no-untyped-def]
    return Case(name, url, ALL, status, anonymous=status)


CASES = [
    _public("public article", _article()),
    _public("public article image", _article("image")),
    _public("public column", _path("/column/news/")),
    _public("public column feed", _path("/column/news/rss/")),
    _public("public site feed", _path("/rss/")),
    _public("public json feed", _path("/feed.json")),
    _public("public search", _path("/search/?q=政协")),
    _public("county site home", _path("/site/yanji/")),
    _public("county column", _path("/site/yanji/column/news/")),
    _public("county column feed", _path("/site/yanji/column/news/rss/")),
    _public("county site feed", _path("/site/yanji/rss/")),
    _public("county json feed", _path("/site/yanji/feed.json")),
    _public("county search", _path("/site/yanji/search/?q=政协")),
]
