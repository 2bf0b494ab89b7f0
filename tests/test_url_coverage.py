"""Every URL and every API operation has a row in the authorisation matrix.

The matrix (tests/test_permissions.py CASES) only proves what it lists. This walks the URL
configuration and the OpenAPI schema and fails on any page or operation without a case, so a
new view cannot ship without saying who may use it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from ningju.api.urls import api
from tests import factories
from tests.test_permissions import CASES


def _public_cases() -> list:  # type: ignore[type-arg]
    """Rows an area checks itself for every role and anonymous (`PUBLIC_CASES` in its
    tests/permission_cases module, e.g. rate-limited public forms)."""
    import importlib
    import pkgutil

    from tests import permission_cases

    rows = []
    for info in pkgutil.iter_modules(permission_cases.__path__):
        module = importlib.import_module(f"tests.permission_cases.{info.name}")
        rows.extend(getattr(module, "PUBLIC_CASES", []))
    return rows


pytestmark = pytest.mark.django_db

API_PREFIX = "/api/v1"
# Reachable by design without a role check, or not an application page at all.
EXCLUDED_NAMES = {
    "healthz": "load-balancer liveness, no data",
    "core:large_text": "display preference (cookie), for everyone",
    "core:set_language": "language preference, for everyone",
    "accounts:login": "the sign-in page",
    "accounts:logout": "signing out",
    "portal:home": "the public home page",
    "api:openapi-json": "OpenAPI schema",
    "api:openapi-view": "OpenAPI docs page",
    "api:api-root": "ninja's root: always 404, only used to reverse the API prefix",
}
EXCLUDED_PREFIXES = ("static/", "media/", "i18n/")
# API operations for people who are not signed in (the matrix signs every role in).
EXCLUDED_OPERATIONS = {
    ("POST", "/api/v1/auth/token"): "the mobile sign-in (tests/test_api_tokens.py)",
}


def _walk(
    patterns: list[URLPattern | URLResolver], prefix: str = "", namespaces: tuple[str, ...] = ()
) -> Iterator[tuple[str, str]]:
    """(full route, namespaced name) of every URL pattern, includes followed."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            spaces = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), spaces)
        else:
            yield prefix + str(entry.pattern), ":".join((*namespaces, entry.name or ""))


def _page_routes() -> dict[str, str]:
    """route → name for every page (API operations are checked through the schema)."""
    routes: dict[str, str] = {}
    for route, name in _walk(get_resolver().url_patterns):
        if name in EXCLUDED_NAMES or route.startswith(EXCLUDED_PREFIXES):
            continue
        if name.startswith("api:"):
            continue
        routes[route] = name
    return routes


def _api_operations() -> set[tuple[str, str]]:
    """(METHOD, path template) of every operation in the OpenAPI schema."""
    schema = api.get_openapi_schema()
    return {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method.lower() in {"get", "post", "put", "patch", "delete"}
    }


def _template_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    return re.compile(
        "".join("[^/]+" if part.startswith("{") else re.escape(part) for part in parts) + "/?"
    )


def _covered(world: factories.World) -> tuple[set[str], set[tuple[str, str]], list[str]]:
    operations = _api_operations()
    pages: set[str] = set()
    api_ops: set[tuple[str, str]] = set()
    stale: list[str] = []
    for case in [*CASES, *_public_cases()]:
        path = urlsplit(case.url(world)).path
        if path.startswith(API_PREFIX + "/"):
            matches = [
                (method, template)
                for method, template in operations
                if method == case.method.upper() and _template_regex(template).fullmatch(path)
            ]
            if matches:
                api_ops.update(matches)
            else:
                stale.append(f"{case.name}: {case.method.upper()} {path}")
            continue
        try:
            match = resolve(path)
        except Exception:  # Resolver404: a case for a URL that no longer exists
            stale.append(f"{case.name}: {path}")
            continue
        pages.add(match.route)
    return pages, api_ops, stale


def test_every_page_has_an_authorisation_case(world: factories.World) -> None:
    pages, _ops, _stale = _covered(world)
    missing = {route: name for route, name in _page_routes().items() if route not in pages}
    assert not missing, "URLs without a case in tests/test_permissions.py CASES:\n" + "\n".join(
        f"  /{route}  ({name})" for route, name in sorted(missing.items())
    )


def test_every_api_operation_has_an_authorisation_case(world: factories.World) -> None:
    _pages, ops, _stale = _covered(world)
    missing = sorted(_api_operations() - ops - set(EXCLUDED_OPERATIONS))
    assert not missing, "API operations without a case:\n" + "\n".join(
        f"  {method} {path}" for method, path in missing
    )


def test_every_case_names_a_real_url(world: factories.World) -> None:
    _pages, _ops, stale = _covered(world)
    assert not stale, "cases for URLs that do not exist:\n" + "\n".join(stale)


def test_the_api_schema_lists_every_api_route() -> None:
    """The schema is what the API check trusts: it must not miss a route ninja serves."""
    templates = {path for _method, path in _api_operations()}
    for route, name in _walk(get_resolver().url_patterns):
        if not name.startswith("api:") or name in EXCLUDED_NAMES:
            continue
        template = "/" + re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", route)
        assert template in templates, f"{route} ({name}) is not in the OpenAPI schema"


def test_the_walk_sees_the_known_pages() -> None:
    routes = _page_routes()
    assert routes["members/<int:member_id>/"] == "members:detail"
    assert routes["audit/export.csv"] == "audit:export"
    assert ("GET", "/api/v1/members/{member_id}") in _api_operations()
