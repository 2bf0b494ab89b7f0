"""What the public layout needs to know about a site: title, columns, footer lines, feeds."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import get_language

from ningju.orgs.models import Organisation


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    slug: str = ""


@dataclass(frozen=True)
class FeedLink:
    title: str
    url: str
    type: str = "application/rss+xml"


@dataclass
class PublicSite:
    organisation: Organisation | None
    title: str
    subtitle: str
    home_url: str
    search_url: str
    sponsor: str
    icp_line: str
    address: str = ""
    nav_columns: list[NavLink] = field(default_factory=list)
    feeds: list[FeedLink] = field(default_factory=list)
    other_sites: list[NavLink] = field(default_factory=list)


def root_organisation() -> Organisation | None:
    return Organisation.objects.filter(parent__isnull=True).order_by("sort_order", "id").first()


def is_root(org: Organisation) -> bool:
    return org.parent_id is None


def site_home_url(org: Organisation | None) -> str:
    if org is None or is_root(org):
        return reverse("portal:home")
    return reverse("portal:site_home", kwargs={"org": org.code})


def site_url(org: Organisation, name: str, **kwargs: Any) -> str:
    """`name` under the prefecture's root or under /site/<code>/ for the others."""
    if is_root(org):
        return reverse(f"portal:{name}", kwargs=kwargs)
    return reverse(f"portal:site_{name}", kwargs={"org": org.code, **kwargs})


def column_url(column: Any) -> str:
    return site_url(column.organisation, "column", slug=column.slug)


def public_site(org: Any = None, *, use_cache: bool = True) -> PublicSite:
    """Build the layout's view of a site (cached per organisation and language)."""
    from ningju.portal import selectors

    return selectors.public_site_for(
        org if isinstance(org, Organisation) else None, get_language(), use_cache=use_cache
    )
