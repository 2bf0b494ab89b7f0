"""The publishing pages: bad input keeps what was typed, images are resized, the desk and the
workspace panel (two-week warning), pinned query counts, the home's 办实事 section."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from ningju.portal.models import Article, Column
from tests import portal_factories as pf


@pytest.fixture
def pw(db: None) -> pf.PortalWorld:
    pf.reset_caches()
    return pf.portal_world()


def _client(pw: pf.PortalWorld, username: str) -> Client:
    client = Client()
    client.force_login(pw[username])
    return client


def _png(width: int, height: int) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, format="PNG")
    return SimpleUploadedFile("photo.png", out.getvalue(), content_type="image/png")


def test_missing_title_keeps_what_was_typed(pw: pf.PortalWorld) -> None:
    client = _client(pw, "member")
    column = pw.column("weiyuanshuo")
    response = client.post(
        "/publishing/new/", {"column": column.pk, "title": "", "body": "<p>我写了很长的正文</p>"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "我写了很长的正文" in page
    assert "errorlist" in page
    assert not Article.objects.exists()


def test_image_is_checked_and_resized(pw: pf.PortalWorld) -> None:
    client = _client(pw, "member")
    column = pw.column("xingdong")
    fake = SimpleUploadedFile("photo.png", b"not an image at all", content_type="image/png")
    response = client.post(
        "/publishing/new/",
        {"column": column.pk, "title": "义诊", "body": "<p>正文</p>", "image": fake},
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not Article.objects.exists()
    response = client.post(
        "/publishing/new/",
        {
            "column": column.pk,
            "title": "义诊",
            "body": "<p>正文</p>",
            "image": _png(3200, 1000),
            "image_alt": "义诊现场",
        },
    )
    assert response.status_code == 302
    article = Article.objects.get()
    with Image.open(article.image.open("rb")) as stored:
        assert max(stored.size) == 1600
    assert client.get(f"/publishing/{article.pk}/image").status_code == 200
    # Not public until published.
    assert Client().get(f"/article/{article.pk}/image").status_code == 404


def test_script_in_body_is_removed(pw: pf.PortalWorld) -> None:
    client = _client(pw, "member")
    client.post(
        "/publishing/new/",
        {
            "column": pw.column("dajiatan").pk,
            "title": "标题",
            "body": '<p>正文</p><script>alert(1)</script><a href="javascript:x">链接</a>',
        },
    )
    body = Article.objects.get().body
    assert "<script" not in body
    assert "javascript:" not in body


def test_korean_half_filled_is_refused_on_submit(pw: pf.PortalWorld) -> None:
    article = pf.write(pw, title_ko="조선문 제목만")
    response = _client(pw, "member").post(f"/publishing/{article.pk}/submit/")
    assert response.status_code == 400
    assert "朝鲜文版本需要同时填写标题和正文" in response.content.decode()
    assert Article.objects.get(pk=article.pk).state == "draft"


def test_return_without_reason_shows_message(pw: pf.PortalWorld) -> None:
    from ningju.portal import services

    article = services.article_submit(acting_user=pf.fresh(pw["member"]), article=pf.write(pw))
    response = _client(pw, "editor").post(
        f"/publishing/{article.pk}/review/", {"decision": "return", "comment": ""}
    )
    assert response.status_code == 400
    assert "退回时请写明理由" in response.content.decode()
    assert Article.objects.get(pk=article.pk).state == "pending_first"


def test_stale_news_column_warning_on_workspace_and_desk(pw: pf.PortalWorld) -> None:
    pf.published(pw, column="news")
    Column.objects.filter(organisation=pw.base.prefecture, slug="news").update(
        last_published_at=timezone.now() - timedelta(days=15)
    )
    client = _client(pw, "editor")
    workspace = client.get("/workspace/").content.decode()
    assert "栏目“政协要闻”已超过两周没有更新" in workspace
    desk = client.get("/publishing/").content.decode()
    assert "已超过两周" in desk
    # Writers who are not reviewers see their own articles only, and no warning.
    member_desk = _client(pw, "standing").get("/publishing/").content.decode()
    assert "已超过两周" not in member_desk


def test_desk_query_count_is_pinned(
    pw: pf.PortalWorld,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    for i in range(8):
        pf.write(pw, title=f"稿件{i}")
    client = _client(pw, "editor")
    client.get("/publishing/")
    with django_assert_max_num_queries(14):
        response = client.get("/publishing/")
    assert response.content.decode().count("稿件") >= 8


def test_home_shows_completed_matters_when_the_selector_exists(
    pw: pf.PortalWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    from types import SimpleNamespace

    from ningju.matters import selectors as matter_selectors

    done = SimpleNamespace(
        title="修好了龙井市东盛社区的路灯",
        completed_on=timezone.localdate(),
        completion_summary="更换路灯12盏",
        organisation=SimpleNamespace(short_name="龙井市政协"),
    )
    monkeypatch.setattr(
        matter_selectors, "matters_completed_public", lambda *, organisation, limit: [done]
    )
    page = Client().get("/").content.decode()
    assert "修好了龙井市东盛社区的路灯" in page
    assert "为群众办实事" in page


def test_autosave_keeps_a_long_draft(pw: pf.PortalWorld) -> None:
    article = pf.write(pw)
    client = _client(pw, "member")
    assert 'hx-post="/publishing/' in client.get(f"/publishing/{article.pk}/edit/").content.decode()
    data = {"column": article.column_id, "title": article.title, "body": "<p>写到一半的长稿</p>"}
    response = client.post(f"/publishing/{article.pk}/autosave/", data, HTTP_HX_REQUEST="true")
    assert "已保存" in response.content.decode()
    assert "写到一半的长稿" in Article.objects.get(pk=article.pk).body
    bad = client.post(
        f"/publishing/{article.pk}/autosave/", {**data, "title": ""}, HTTP_HX_REQUEST="true"
    )
    assert "未能自动保存" in bad.content.decode()
    assert Article.objects.get(pk=article.pk).title == article.title
