from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LARGE_TEXT_COOKIE = "ningju_large_text"
HTML_LANG = {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant", "ko": "ko"}


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str
    key: str


def _navigation(user: Any) -> list[NavItem]:
    if user is None or not user.is_authenticated:
        return []
    items = [NavItem(_("工作台"), reverse("workspace:home"), "workspace")]
    if user.has_perm("members.view_directory"):
        items.append(NavItem(_("委员名录"), reverse("members:directory"), "members"))
    if user.has_perm("accounts.manage_users"):
        items.append(NavItem(_("账号管理"), reverse("accounts:users"), "accounts"))
    if user.has_perm("accounts.manage_roles"):
        items.append(NavItem(_("角色授权"), reverse("accounts:role_overview"), "roles"))
    if user.has_perm("core.view_audit"):
        items.append(NavItem(_("审计日志"), reverse("audit:list"), "audit"))
    return items


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    large_text = request.COOKIES.get(LARGE_TEXT_COOKIE) == "1"
    if user is not None and user.is_authenticated and LARGE_TEXT_COOKIE not in request.COOKIES:
        large_text = user.large_text
    language = get_language() or settings.LANGUAGE_CODE
    organisation = getattr(user, "organisation", None) if user and user.is_authenticated else None
    return {
        "site_name": settings.NINGJU_SITE_NAME,
        "large_text": large_text,
        "html_lang": HTML_LANG.get(language, "zh-Hans"),
        "navigation": _navigation(user),
        "current_organisation": organisation,
        "organisation_name": organisation.localized_name(language) if organisation else "",
    }
