"""Public pages: home, columns, articles, search. Anonymous; cached; approved content only.

Each page is rendered once per (site generation, path, language, text size, signed-in or
not) and kept in the cache; the CSRF token of the language form is put in at serve time.
Publishing, unpublishing or correcting bumps the site's generation (caching.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from ningju.core.context_processors import LARGE_TEXT_COOKIE
from ningju.core.errors import NotFoundOrForbidden
from ningju.orgs.models import Organisation

from . import caching, selectors
from .models import Publication
from .site import column_url, site_url

PAGE_SIZE = 20
CSRF_MARKER = "__NINGJU_PORTAL_CSRF__"
APPROVED_START = "<!--approved-->"
APPROVED_END = "<!--/approved-->"


def _variant(request: HttpRequest) -> tuple[str, str, str]:
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    large = request.COOKIES.get(LARGE_TEXT_COOKIE, "")
    if signed_in and not large:
        large = "1" if getattr(user, "large_text", False) else "0"
    return (get_language() or "", large or "0", "in" if signed_in else "out")


# Only these query parameters change a public page; others must not multiply cache entries.
_PAGE_PARAMS = ("page", "q", "print")


def _page_id(request: HttpRequest) -> str:
    params = [
        f"{name}={request.GET.get(name, '')[:100]}" for name in _PAGE_PARAMS if name in request.GET
    ]
    return request.path + ("?" + "&".join(params) if params else "")


def _serve(html: str, request: HttpRequest) -> HttpResponse:
    response = HttpResponse(html.replace(CSRF_MARKER, get_token(request)))
    patch_vary_headers(response, ["Cookie", "Accept-Language"])
    return response


def cached_page(
    request: HttpRequest, organisation_id: int, render_page: Callable[[], HttpResponse]
) -> HttpResponse:
    key = caching.page_key(organisation_id, _page_id(request), *_variant(request))
    html = caching.get(key)
    if html is None:
        response = render_page()
        if response.status_code != 200:
            return response
        html = response.content.decode()
        caching.put(key, html)
    return _serve(html, request)


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """Render for the cache: no per-request token and no flash messages baked in."""
    return render(request, template, {"csrf_token": CSRF_MARKER, "messages": [], **context})


def _organisation(code: str | None) -> Organisation:
    try:
        return selectors.organisation_by_code(code)
    except NotFoundOrForbidden as exc:
        raise Http404 from exc


# --------------------------------------------------------------------------- pages


@require_GET
def home(request: HttpRequest, org: str | None = None) -> HttpResponse:
    organisation = _organisation(org)

    def page() -> HttpResponse:
        return _render(
            request,
            "portal/home.html",
            {"portal_org": organisation, "home": selectors.home(organisation=organisation)},
        )

    return cached_page(request, organisation.pk, page)


@require_GET
def column(request: HttpRequest, slug: str, org: str | None = None) -> HttpResponse:
    organisation = _organisation(org)
    try:
        col = selectors.column_get(organisation=organisation, slug=slug)
    except NotFoundOrForbidden as exc:
        raise Http404 from exc

    def page() -> HttpResponse:
        paginator = Paginator(selectors.column_publications(column=col), PAGE_SIZE)
        page_obj = paginator.get_page(request.GET.get("page"))
        return _render(
            request,
            "portal/column.html",
            {
                "portal_org": organisation,
                "column": col,
                "column_label": col.label(get_language()),
                "current_column_slug": col.slug,
                "page": page_obj,
                "items": list(page_obj.object_list),
                "feed_url": site_url(organisation, "column_feed", slug=col.slug),
            },
        )

    return cached_page(request, organisation.pk, page)


def render_article(
    request: HttpRequest, publication: Publication, *, fresh: bool = False
) -> HttpResponse:
    """The article page around the approved snapshot (used by the view and by verify)."""
    language = get_language()
    korean_wanted = language == "ko"
    html = publication.html_ko if korean_wanted and publication.html_ko else publication.html
    shown_language = "ko" if korean_wanted and publication.html_ko else "zh-Hans"
    url = request.build_absolute_uri(request.path)
    title = publication.title_ko if shown_language == "ko" else publication.title
    share = {
        "weibo": f"https://service.weibo.com/share/share.php?url={quote(url)}&title={quote(title)}",
        "qzone": (
            "https://sns.qzone.qq.com/cgi-bin/qzshare/cgi_qzshare_onekey"
            f"?url={quote(url)}&title={quote(title)}"
        ),
        "mail": f"mailto:?subject={quote(title)}&body={quote(url)}",
    }
    return _render(
        request,
        "portal/article.html",
        {
            "portal_org": publication.organisation,
            "publication": publication,
            "page_title": title,
            "approved_html": mark_safe(APPROVED_START + html + APPROVED_END),  # noqa: S308
            "shown_language": shown_language,
            "korean_missing": korean_wanted and not publication.html_ko,
            "has_korean": bool(publication.html_ko),
            "current_column_slug": publication.column.slug,
            "column_url": column_url(publication.column),
            "column_feed_url": site_url(
                publication.organisation, "column_feed", slug=publication.column.slug
            ),
            "share": share,
            "share_url": url,
            "print_view": request.GET.get("print") == "1",
            "portal_fresh": fresh,
        },
    )


# Which site an article belongs to never changes: remembered per process (bounded), so a
# cached article page is served with two cache reads and no database query.
_ARTICLE_SITE: dict[int, int] = {}
_ARTICLE_SITE_MAX = 20_000


@require_GET
def article(request: HttpRequest, pk: int) -> HttpResponse:
    organisation_id = _ARTICLE_SITE.get(pk)
    if organisation_id is not None:
        key = caching.page_key(organisation_id, _page_id(request), *_variant(request))
        html = caching.get(key)
        if html is not None:
            return _serve(html, request)
    # A miss (or an unpublished article: unpublishing bumps the site's generation, so the
    # key above misses and the lookup below answers 404).
    try:
        publication = selectors.publication_for_article(article_id=pk)
    except NotFoundOrForbidden as exc:
        raise Http404 from exc
    if len(_ARTICLE_SITE) >= _ARTICLE_SITE_MAX:
        _ARTICLE_SITE.clear()
    _ARTICLE_SITE[pk] = publication.organisation_id
    return cached_page(
        request, publication.organisation_id, lambda: render_article(request, publication)
    )


@require_GET
def search(request: HttpRequest, org: str | None = None) -> HttpResponse:
    organisation = _organisation(org)
    query = request.GET.get("q", "").strip()[:100]

    def page() -> HttpResponse:
        results = selectors.search(organisation=organisation, query=query)
        paginator = Paginator(results, PAGE_SIZE)
        page_obj = paginator.get_page(request.GET.get("page"))
        return _render(
            request,
            "portal/search.html",
            {
                "portal_org": organisation,
                "search_query": query,
                "page": page_obj,
                "items": list(page_obj.object_list),
                "query_string": f"q={quote(query)}",
            },
        )

    return cached_page(request, organisation.pk, page)


def image_response(article: Any) -> HttpResponseBase:
    from django.http import FileResponse

    if not article.image:
        raise Http404
    name = article.image.name.lower()
    content_type = "image/png" if name.endswith(".png") else "image/jpeg"
    response = FileResponse(article.image.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def article_image(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The image of a published article (public because the article is)."""
    try:
        publication = selectors.publication_for_article(article_id=pk)
    except NotFoundOrForbidden as exc:
        raise Http404 from exc
    response = image_response(publication.article)
    response["Cache-Control"] = "public, max-age=3600"
    return response
