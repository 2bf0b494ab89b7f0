"""Reads for the public site (approved snapshots only) and for the editors' desk."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ningju.core.errors import NotFoundOrForbidden
from ningju.orgs.models import Organisation
from ningju.textmatch.normalize import search_variants, to_simplified

from . import caching
from .choices import ArticleState, ColumnKind
from .models import Article, Column, Publication, SiteSettings
from .site import FeedLink, NavLink, PublicSite, root_organisation, site_home_url, site_url

# --------------------------------------------------------------------------- public site


def _settings(org: Organisation) -> SiteSettings | None:
    return SiteSettings.objects.filter(organisation=org).first()


def public_site_for(
    org: Organisation | None, language: str | None, *, use_cache: bool = True
) -> PublicSite:
    """The layout's data for one site; cached with the site's pages (invalidated together)."""
    org = org or root_organisation()
    if org is None:
        return PublicSite(
            organisation=None,
            title=_("政协"),
            subtitle="",
            home_url="/",
            search_url="/",
            sponsor=_("政协"),
            icp_line="",
        )
    key = caching.page_key(org.pk, "site", language)
    found = cache.get(key) if use_cache else None
    if isinstance(found, PublicSite):
        return found
    settings = _settings(org)
    korean = language == "ko"
    columns = list(Column.objects.filter(organisation=org).select_related("organisation"))
    title = org.localized_name(language)
    sponsor = (
        (settings.sponsor_ko if korean and settings.sponsor_ko else settings.sponsor)
        if settings
        else title
    )
    others = [
        NavLink(o.localized_name(language), site_home_url(o))
        for o in Organisation.objects.filter(Q(parent=org) | Q(pk=org.parent_id)).order_by(
            "sort_order", "id"
        )
    ]
    site = PublicSite(
        organisation=org,
        title=title,
        subtitle=_("政协门户网站"),
        home_url=site_home_url(org),
        search_url=site_url(org, "search"),
        sponsor=sponsor,
        icp_line=settings.icp_line if settings else "",
        address=settings.address if settings else "",
        nav_columns=[
            NavLink(c.label(language), site_url(org, "column", slug=c.slug), c.slug)
            for c in columns
            if c.in_navigation
        ],
        feeds=[
            FeedLink(_("%(site)s · 全部文章") % {"site": title}, site_url(org, "feed")),
            FeedLink(
                _("%(site)s · JSON Feed") % {"site": title},
                site_url(org, "json_feed"),
                "application/feed+json",
            ),
        ],
        other_sites=others,
    )
    cache.set(key, site, caching.PAGE_TTL)
    return site


def organisation_by_code(code: str | None) -> Organisation:
    org = root_organisation() if not code else Organisation.objects.filter(code=code).first()
    if org is None:
        raise NotFoundOrForbidden()
    return org


def live() -> QuerySet[Publication]:
    """What the public may see: the current approved version of published articles."""
    return Publication.objects.filter(is_current=True)


def column_get(*, organisation: Organisation, slug: str) -> Column:
    column = (
        Column.objects.filter(organisation=organisation, slug=slug)
        .select_related("organisation")
        .first()
    )
    if column is None:
        raise NotFoundOrForbidden()
    return column


def publication_for_article(*, article_id: int) -> Publication:
    publication = (
        live()
        .select_related("organisation", "column", "column__organisation")
        .filter(article_id=article_id)
        .first()
    )
    if publication is None:
        raise NotFoundOrForbidden()
    return publication


def column_publications(*, column: Column) -> QuerySet[Publication]:
    return (
        live().filter(column=column).select_related("column").order_by("-first_published_at", "-id")
    )


def site_publications(*, organisation: Organisation) -> QuerySet[Publication]:
    return (
        live()
        .filter(organisation=organisation)
        .select_related("column", "column__organisation")
        .order_by("-first_published_at", "-id")
    )


def search(*, organisation: Organisation, query: str) -> QuerySet[Publication]:
    """Simplified or traditional input: the index holds simplified text."""
    query = " ".join(query.split())[:100]
    if not query:
        return Publication.objects.none()
    condition = Q()
    for variant in {*search_variants(query), to_simplified(query)}:
        condition |= Q(search_text__icontains=variant) | Q(title_ko__icontains=variant)
    return site_publications(organisation=organisation).filter(condition)


@dataclass
class HomeSection:
    column: Column
    items: list[Publication] = field(default_factory=list)


@dataclass
class Home:
    news: list[Publication]
    notices: list[Publication]
    member_sections: list[HomeSection]
    news_column: Column | None
    notice_column: Column | None
    sections: list[HomeSection]
    replies: list[Any]
    matters: list[Any]
    matters_available: bool
    matters_url: str = ""


def home(*, organisation: Organisation, per_section: int = 5) -> Home:
    """Latest items per column: one query for the columns, one for the recent items."""
    columns = list(Column.objects.filter(organisation=organisation).select_related("organisation"))
    recent = list(
        live()
        .filter(organisation=organisation)
        .select_related("column")
        .order_by("-first_published_at", "-id")[:400]
    )
    by_column: dict[int, list[Publication]] = {}
    for item in recent:
        bucket = by_column.setdefault(item.column_id, [])
        if len(bucket) < per_section:
            bucket.append(item)

    def first(kind: str) -> Column | None:
        return next((c for c in columns if c.kind == kind), None)

    def merged(kind: str) -> list[Publication]:
        ids = {c.pk for c in columns if c.kind == kind}
        return [p for p in recent if p.column_id in ids][:per_section]

    def section(kind: str) -> HomeSection | None:
        column = first(kind)
        return HomeSection(column, merged(kind)) if column else None

    matters, available = completed_matters(organisation=organisation)
    return Home(
        news=merged(ColumnKind.NEWS),
        notices=merged(ColumnKind.NOTICE),
        news_column=first(ColumnKind.NEWS),
        notice_column=first(ColumnKind.NOTICE),
        member_sections=[
            s
            for s in (section(ColumnKind.MEMBER_VOICE), section(ColumnKind.MEMBER_ACTION))
            if s is not None
        ],
        sections=[
            HomeSection(c, by_column.get(c.pk, [])) for c in columns if c.kind == ColumnKind.FORUM
        ],
        replies=public_replies(organisation=organisation),
        matters=matters,
        matters_available=available,
        matters_url=_matters_public_url() if matters else "",
    )


def _matters_public_url() -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("matters:public_done")
    except NoReverseMatch:
        return ""


def public_replies(*, organisation: Organisation, limit: int = 5) -> list[Any]:
    """Proposal replies marked 主动公开, read through the proposals app's own selector."""
    from ningju.proposals.selectors import replies_public

    return list(replies_public(organisation=organisation, limit=limit))


def completed_matters(*, organisation: Organisation, limit: int = 5) -> tuple[list[Any], bool]:
    """Completed 办实事 from the matters app, if its public selector exists."""
    try:
        from ningju.matters import selectors as matter_selectors
    except ImportError:
        return [], False
    reader = getattr(matter_selectors, "matters_completed_public", None)
    if reader is None:
        return [], False
    return list(reader(organisation=organisation, limit=limit)), True


# --------------------------------------------------------------------------- editors' desk


def articles_visible_to(user: Any) -> QuerySet[Article]:
    """Reviewers see their organisation's articles; other writers only their own."""
    qs = Article.objects.visible_to(user).select_related("column", "created_by")
    if not user.has_perm("portal.desk"):
        qs = qs.filter(created_by=user)
    return qs


def article_get(*, user: Any, article_id: int) -> Article:
    article = (
        articles_visible_to(user)
        .prefetch_related("reviews", "corrections")
        .filter(pk=article_id)
        .first()
    )
    if article is None:
        raise NotFoundOrForbidden()
    return article


def article_list(*, user: Any, state: str = "", query: str = "") -> QuerySet[Article]:
    qs = articles_visible_to(user)
    if state:
        qs = qs.filter(state=state)
    if query:
        condition = Q()
        for variant in search_variants(query):
            condition |= Q(title__icontains=variant)
        qs = qs.filter(condition)
    return qs


def stale_news_columns(*, organisation_id: int) -> list[Column]:
    """News columns not updated for `stale_days` (the government website inspection rule)."""
    days = (
        SiteSettings.objects.filter(organisation_id=organisation_id)
        .values_list("stale_days", flat=True)
        .first()
    ) or 14
    cutoff = timezone.now() - timedelta(days=days)
    return list(
        Column.objects.filter(
            organisation_id=organisation_id, kind__in=[ColumnKind.NEWS, ColumnKind.NOTICE]
        ).filter(Q(last_published_at__lt=cutoff) | Q(last_published_at__isnull=True))
    )


def pending_for(user: Any) -> dict[str, int]:
    """Counts per pending state in the reviewer's organisation (excluding their own)."""
    from django.db.models import Count

    rows = (
        Article.objects.visible_to(user)
        .filter(
            state__in=[
                ArticleState.PENDING_FIRST,
                ArticleState.PENDING_SECOND,
                ArticleState.PENDING_FINAL,
            ]
        )
        .exclude(created_by=user)
        .values("state")
        .annotate(n=Count("id"))
    )
    return {r["state"]: r["n"] for r in rows}
