"""The shell every page shares: health check, headers, languages, larger text, workspaces."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db

WORKSPACE_PANELS = {
    "member": "我的履职",
    "standing": "我的履职",
    "chair": "委员队伍概况",
    "director": "我的履职",
    "staff": "委员管理",
    "unit_officer": "承办工作",
    "unit_signer": "承办工作",
    "editor": "网站发布",
    "sysadmin": "账号管理",
    "secadmin": "角色与权限",
    "auditor": "安全审计",
    "county_staff": "委员管理",
}


def test_healthz_answers_without_the_database(client, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_security_headers_on_every_response(client) -> None:  # type: ignore[no-untyped-def]
    for url in ("/", "/accounts/login/", "/healthz", "/no-such-page/"):
        response = client.get(url)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp
        assert "'unsafe-inline'" not in csp
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "Permissions-Policy" in response.headers
        assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(("username", "panel"), WORKSPACE_PANELS.items())
def test_each_role_has_its_own_workspace(world: factories.World, username: str, panel: str) -> None:
    client = Client()
    client.force_login(world[username])
    page = client.get("/workspace/").content.decode()
    assert panel in page


def test_chair_sees_county_figures_but_county_staff_not_the_prefecture(
    world: factories.World,
) -> None:
    client = Client()
    client.force_login(world["chair"])
    page = client.get("/workspace/").content.decode()
    assert "延吉市政协" in page
    client.force_login(world["county_staff"])
    page = client.get("/workspace/").content.decode()
    assert "延边州政协" not in page.split("<main", 1)[1]


def test_member_workspace_lists_missing_personal_data(world: factories.World) -> None:
    client = Client()
    client.force_login(world["member"])
    page = client.get("/workspace/").content.decode()
    assert "个人信息未填全" in page
    assert "专长领域" in page


def test_language_switch_to_korean_and_traditional(world: factories.World) -> None:
    client = Client()
    client.force_login(world["member"])
    response = client.post("/preferences/language/", {"language": "ko", "next": "/workspace/"})
    assert response.status_code == 302
    page = client.get("/workspace/").content.decode()
    assert '<html lang="ko"' in page
    world["member"].refresh_from_db()
    assert world["member"].preferred_language == "ko"
    client.post("/preferences/language/", {"language": "zh-hant", "next": "/workspace/"})
    page = client.get("/workspace/").content.decode()
    assert '<html lang="zh-Hant"' in page


def test_preferred_language_is_restored_at_login(world: factories.World) -> None:
    user = world["member"]
    user.preferred_language = "ko"
    user.save()
    client = Client()
    client.post("/accounts/login/", {"username": "member", "password": factories.PASSWORD})
    assert '<html lang="ko"' in client.get("/workspace/").content.decode()


def test_large_text_mode_is_remembered(world: factories.World) -> None:
    client = Client()
    response = client.post("/preferences/large-text/", {"large_text": "1", "next": "/"})
    assert response.status_code == 302
    assert 'class="text-large"' in client.get("/").content.decode()
    client.force_login(world["member"])
    client.post("/preferences/large-text/", {"large_text": "1", "next": "/workspace/"})
    world["member"].refresh_from_db()
    assert world["member"].large_text


def test_large_text_rejects_foreign_redirects(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        "/preferences/large-text/", {"large_text": "1", "next": "https://evil.example/"}
    )
    assert response.headers["Location"] == "/"


def test_portal_is_the_site_root_and_workspace_is_elsewhere(world: factories.World) -> None:
    page = Client().get("/").content.decode()
    assert "延边州政协" in page
    assert "延吉市政协" in page


def test_error_pages_are_friendly(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "找不到页面" in response.content.decode()


def _production_env(tmp_path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Exactly the four variables production is documented to need."""
    return {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "ningju.settings.prod",
        "DJANGO_SECRET_KEY": "a-long-random-production-secret-" + "x9Y" * 20,
        "DJANGO_ALLOWED_HOSTS": "zx.example.gov.cn",
        "DATABASE_URL": f"sqlite:///{tmp_path}/prod.sqlite3",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }


def test_production_settings_pass_the_deploy_check(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = _production_env(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "ningju.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_demo_command_refuses_production_settings(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = _production_env(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "ningju.cli", "demo"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert (
        "production" in (result.stdout + result.stderr).lower() or "demo" in result.stderr.lower()
    )


def test_the_production_cache_works_against_redis() -> None:
    """prod.py uses Django's RedisCache: the client library must be installed and talk to
    the server (127.0.0.1:6379 on the development and CI machines)."""
    import socket

    from django.core.cache.backends.redis import RedisCache

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    cache = RedisCache("redis://127.0.0.1:6379/15", {"KEY_PREFIX": "ningju-test"})
    cache.set("probe", {"页面": "缓存"}, 30)
    assert cache.get("probe") == {"页面": "缓存"}
    cache.delete("probe")


def test_panels_with_something_waiting_come_first(world: factories.World) -> None:
    """The member's own panel (with 个人信息未填全, urgent) moves above the quiet panels."""
    from ningju.workspace.selectors import workspace_panels

    panels = workspace_panels(user=world["member"])
    flags = [any(task.urgent for task in panel.tasks) for panel in panels]
    assert flags == sorted(flags, reverse=True)
    assert flags[0]
    assert panels[0].key == "member" or flags.count(True) > 1
