"""RSS per site and per column (Django syndication), and a JSON Feed 1.1 for the app/WeChat.

Items carry the approved snapshot only (title, summary, link, date), never the draft.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ningju.core.errors import NotFoundOrForbidden
from ningju.orgs.models import Organisation

from . import selectors
from .models import Column, Publication
from .publishing import article_url
from .site import column_url, site_home_url, site_url

FEED_SIZE = 30
_ROOT_RELATIVE = re.compile(r'\b(href|src)="/(?!/)')


def _org(code: str | None) -> Organisation:
    try:
        return selectors.organisation_by_code(code)
    except NotFoundOrForbidden as exc:
        raise Http404 from exc


class SiteFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request: HttpRequest, org: str | None = None) -> Organisation:
        return _org(org)

    def title(self, obj: Organisation) -> str:
        return obj.localized_name(get_language())

    def link(self, obj: Organisation) -> str:
        return site_home_url(obj)

    def description(self, obj: Organisation) -> str:
        return _("%(site)s 最新发布的文章") % {"site": obj.localized_name(get_language())}

    def items(self, obj: Organisation) -> list[Publication]:
        return list(selectors.site_publications(organisation=obj)[:FEED_SIZE])

    def item_title(self, item: Publication) -> str:
        return item.title_ko if get_language() == "ko" and item.title_ko else item.title

    def item_description(self, item: Publication) -> str:
        return item.summary

    def item_link(self, item: Publication) -> str:
        return article_url(item.article_id)

    def item_pubdate(self, item: Publication) -> datetime:
        return item.first_published_at

    def item_updateddate(self, item: Publication) -> datetime:
        return item.published_at

    def item_categories(self, item: Publication) -> list[str]:
        return [item.column.label(get_language())]


class ColumnFeed(SiteFeed):
    def get_object(self, request: HttpRequest, slug: str = "", org: str | None = None) -> Any:  # type: ignore[override]
        organisation = _org(org)
        try:
            return selectors.column_get(organisation=organisation, slug=slug)
        except NotFoundOrForbidden as exc:
            raise Http404 from exc

    def title(self, obj: Column) -> str:  # type: ignore[override]
        language = get_language()
        return f"{obj.organisation.localized_name(language)} · {obj.label(language)}"

    def link(self, obj: Column) -> str:  # type: ignore[override]
        return column_url(obj)

    def description(self, obj: Column) -> str:  # type: ignore[override]
        return _("栏目“%(column)s”最新发布的文章") % {"column": obj.label(get_language())}

    def items(self, obj: Column) -> list[Publication]:  # type: ignore[override]
        return list(selectors.column_publications(column=obj)[:FEED_SIZE])


site_feed = SiteFeed()
column_feed = ColumnFeed()


@require_GET
def json_feed(request: HttpRequest, org: str | None = None) -> JsonResponse:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1) of the whole site."""
    organisation = _org(org)
    language = get_language()
    korean = language == "ko"
    items = []
    base = request.build_absolute_uri("/").rstrip("/")
    for item in selectors.site_publications(organisation=organisation)[:FEED_SIZE]:
        html = item.html_ko if korean and item.html_ko else item.html
        # Readers outside the site (the app, WeChat) need absolute links and image sources.
        html = _ROOT_RELATIVE.sub(lambda m: f'{m.group(1)}="{base}/', html)
        items.append(
            {
                "id": str(item.article_id),
                "url": request.build_absolute_uri(article_url(item.article_id)),
                "title": item.title_ko if korean and item.title_ko else item.title,
                "summary": item.summary,
                "content_html": html,
                "date_published": item.first_published_at.isoformat(),
                "date_modified": item.published_at.isoformat(),
                "tags": [item.column.label(language)],
                "language": "ko" if korean and item.html_ko else "zh-Hans",
                "_ningju": {"version": item.version, "sm3": item.digest},
            }
        )
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": organisation.localized_name(language),
        "home_page_url": request.build_absolute_uri(site_home_url(organisation)),
        "feed_url": request.build_absolute_uri(site_url(organisation, "json_feed")),
        "language": "ko" if korean else "zh-Hans",
        "items": items,
    }
    response = JsonResponse(feed, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/feed+json; charset=utf-8"
    return response
