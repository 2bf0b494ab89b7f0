from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise, SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ningju.accounts.choices import Role

LARGE_TEXT_COOKIE = "ningju_large_text"
HTML_LANG = {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant", "ko": "ko"}


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str
    key: str
    count: Any = None  # shown as a badge; lazy, so a page that never renders it never counts


def _unread_notifications(user: Any) -> Any:
    """The unread count, queried (once) only when a template first uses it."""
    if user is None or not user.is_authenticated:
        return 0
    from ningju.notify.selectors import unread_count

    return SimpleLazyObject(lambda: unread_count(user=user))


# Apps add their own entries: a `nav.py` module with `nav_items(user) -> list[NavItem]`.
# One entry per app at most, and only for the people who work there: no clutter.
NAV_APPS = (
    "meetings",
    "activities",
    "opinions",
    "voices",
    "stations",
    "suggestions",
    "matters",
    "portal",
)


def _app_navigation(user: Any) -> list[NavItem]:
    from importlib import import_module
    from importlib.util import find_spec

    found: list[NavItem] = []
    for app in NAV_APPS:
        name = f"ningju.{app}.nav"
        if find_spec(name) is not None:
            found.extend(import_module(name).nav_items(user))
    return found


def _navigation(user: Any, unread: Any = 0, path: str = "") -> list[NavItem]:
    if user is None or not user.is_authenticated:
        return []
    is_verified = getattr(user, "is_verified", None)
    if path.startswith("/accounts/2fa/") and callable(is_verified) and not is_verified():
        from ningju.accounts.two_factor import has_confirmed_device

        # Until the code is entered every page but the 2FA ones bounces back (the
        # middleware sees to that), so only these pages need the check.
        if has_confirmed_device(user):
            return []
    items = [NavItem(_("工作台"), reverse("workspace:home"), "workspace")]
    items.append(NavItem(_("通知"), reverse("notify:inbox"), "notify", count=unread))
    principal = user.principal
    if (
        principal.has(
            Role.MEMBER, Role.OFFICE_STAFF, Role.CHAIR_MEETING, Role.UNIT_OFFICER, Role.UNIT_SIGNER
        )
        or principal.directs_proposal_committee
    ):
        items.append(NavItem(_("提案"), reverse("proposals:list"), "proposals"))
    items.extend(_app_navigation(user))
    if user.has_perm("members.view_directory"):
        items.append(NavItem(_("委员名录"), reverse("members:directory"), "members"))
    if user.has_perm("accounts.manage_users"):
        items.append(NavItem(_("账号管理"), reverse("accounts:users"), "accounts"))
    if user.has_perm("accounts.manage_roles"):
        items.append(NavItem(_("角色授权"), reverse("accounts:role_overview"), "roles"))
    if user.has_perm("accounts.manage_policy"):
        items.append(NavItem(_("安全策略"), reverse("accounts:policy"), "policy"))
    if user.has_perm("core.view_audit"):
        items.append(NavItem(_("审计日志"), reverse("audit:list"), "audit"))
    items.append(NavItem(_("账号安全"), reverse("accounts:security"), "security"))
    return items


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    large_text = request.COOKIES.get(LARGE_TEXT_COOKIE) == "1"
    if user is not None and user.is_authenticated and LARGE_TEXT_COOKIE not in request.COOKIES:
        large_text = user.large_text
    language = get_language() or settings.LANGUAGE_CODE
    organisation = getattr(user, "organisation", None) if user and user.is_authenticated else None
    unread = _unread_notifications(user)
    return {
        "site_name": settings.NINGJU_SITE_NAME,
        "large_text": large_text,
        "html_lang": HTML_LANG.get(language, "zh-Hans"),
        "navigation": _navigation(user, unread, request.path),
        "notifications_unread": unread,
        "current_organisation": organisation,
        "organisation_name": organisation.localized_name(language) if organisation else "",
        "idle_timeout_seconds": getattr(request, "idle_timeout_seconds", 0),
    }
