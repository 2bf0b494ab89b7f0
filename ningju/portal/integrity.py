"""`ningju portal verify`: every published page still shows exactly what was approved.

For each current publication:
1. the stored approved HTML still hashes (SM3) to the digest taken at publication, so a
   direct database edit of the snapshot is caught;
2. the editable article still matches the fields that were approved (source digest), so a
   direct edit of the draft of a live article is caught too;
3. the page is rendered again, in Chinese and (if there is one) in Korean, and the content
   region must equal the approved HTML byte for byte; the page may carry no link to another
   site that the approved content does not carry; the same check runs on any copy of the
   page in the cache.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import translation

from ningju.textmatch.normalize import strip_html

from . import caching
from .choices import ArticleState
from .models import Publication
from .publishing import article_url, content_digest, source_digest
from .views_public import APPROVED_END, APPROVED_START, render_article

_HREF = re.compile(r"""(?:href|src)\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
# Links the page chrome itself carries (sharing); anything else off-site must be approved.
_CHROME_HOSTS = ("https://service.weibo.com/", "https://sns.qzone.qq.com/", "mailto:")


@dataclass
class Problem:
    publication_id: int
    article_id: int
    url: str
    title: str
    reason: str


@dataclass
class Report:
    checked: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _external_links(html: str) -> set[str]:
    links = set()
    for value in _HREF.findall(html):
        value = value.strip()
        if value.startswith("/") and not value.startswith("//"):
            continue
        if value.startswith(("#", "?")):
            continue
        links.add(value)
    return links


def _region(page: str) -> str | None:
    start = page.find(APPROVED_START)
    end = page.find(APPROVED_END)
    if start < 0 or end < start or page.count(APPROVED_START) != 1:
        return None
    return page[start + len(APPROVED_START) : end]


def _check_page(page: str, approved: str, organisation_id: int | None = None) -> str | None:
    region = _region(page)
    if region is None:
        return "approved content region missing or duplicated"
    if region != approved:
        return "served content differs from the approved version"
    # The page around the approved content is ours (layout, column and site names); text
    # planted there through the database must not pass either.
    from ningju.moderation.services import screen_text

    around = page.replace(APPROVED_START + region + APPROVED_END, "")
    verdict = screen_text(strip_html(around), organisation=organisation_id)
    if verdict.flagged:
        return "page carries suspect text outside the approved content: " + ", ".join(verdict.codes)
    extra = {
        link
        for link in _external_links(page) - _external_links(approved)
        if not link.startswith(_CHROME_HOSTS)
    }
    if extra:
        return "page carries links not in the approved version: " + ", ".join(sorted(extra)[:5])
    return None


def _pages(publication: Publication) -> Iterator[tuple[str, str]]:
    yield "zh-hans", publication.html
    if publication.html_ko:
        yield "ko", publication.html_ko


def _host() -> str:
    from django.conf import settings

    for host in settings.ALLOWED_HOSTS:
        if host and host != "*" and not host.startswith("."):
            return host
    return "localhost"


def verify() -> Report:
    report = Report()
    factory = RequestFactory(HTTP_HOST=_host())
    publications = (
        Publication.objects.filter(is_current=True)
        .select_related("article", "organisation", "column", "column__organisation")
        .order_by("id")
    )
    for publication in publications.iterator(chunk_size=200):
        report.checked += 1
        url = article_url(publication.article_id)

        def problem(reason: str, publication: Publication = publication, url: str = url) -> None:
            report.problems.append(
                Problem(publication.pk, publication.article_id, url, publication.title, reason)
            )

        expected = content_digest(
            title=publication.title,
            title_ko=publication.title_ko,
            html=publication.html,
            html_ko=publication.html_ko,
        )
        if expected != publication.digest:
            problem("approved snapshot changed after publication (SM3 digest mismatch)")
            continue
        article = publication.article
        if article.state != ArticleState.PUBLISHED:
            problem(f"article is {article.state} but a version is still current")
            continue
        if source_digest(article) != publication.source_digest:
            problem("the article's stored content differs from the approved version")
            continue
        for language, approved in _pages(publication):
            with translation.override(language):
                request = factory.get(url)
                request.user = AnonymousUser()
                request.COOKIES = {}
                page = render_article(request, publication, fresh=True).content.decode()
                issue = _check_page(page, approved, publication.organisation_id)
                if issue is None:
                    cached = _cached_copies(publication, url, language)
                    for copy in cached:
                        issue = _check_page(copy, approved, publication.organisation_id)
                        if issue:
                            issue = "cached copy: " + issue
                            break
            if issue:
                problem(f"[{language}] {issue}")
                break
    return report


def _cached_copies(publication: Publication, url: str, language: str) -> list[str]:
    copies = []
    for large in ("0", "1"):
        for signed in ("out", "in"):
            key = caching.page_key(publication.organisation_id, url, language, large, signed)
            value = caching.get(key)
            if value is not None:
                copies.append(value)
    return copies
