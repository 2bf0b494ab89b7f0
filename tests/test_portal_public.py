"""The public site: approved content only, cache invalidation, search, Korean, feeds, verify."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.test import Client

from ningju.portal import services
from ningju.portal.models import Article, Publication
from tests import portal_factories as pf


@pytest.fixture
def pw(db: None) -> pf.PortalWorld:
    pf.reset_caches()
    return pf.portal_world()


def test_home_shows_published_not_drafts_and_cache_is_invalidated_on_publish(
    pw: pf.PortalWorld, client: Client
) -> None:
    first = pf.published(pw, title="州政协开展人参产业调研")
    draft = pf.write(pw, title="尚未审核的稿件")
    page = client.get("/").content.decode()
    assert first.title in page
    assert draft.title not in page
    # The home page is now cached; publishing another article must show up at once.
    second = pf.published(pw, title="委员走进社区义诊", column="xingdong")
    page = client.get("/").content.decode()
    assert second.title in page
    # And unpublishing removes it from the cached home and column pages.
    client.get("/column/xingdong/")
    services.article_unpublish(acting_user=pf.fresh(pw["editor"]), article=second, reason="重复")
    assert second.title not in client.get("/").content.decode()
    assert second.title not in client.get("/column/xingdong/").content.decode()


def test_public_page_serves_the_snapshot_not_the_live_draft(
    pw: pf.PortalWorld, client: Client
) -> None:
    article = pf.published(pw, title="原标题")
    Article.objects.filter(pk=article.pk).update(title="改过的标题")
    page = client.get(f"/article/{article.pk}/").content.decode()
    assert "原标题" in page
    assert "改过的标题" not in page


def test_article_page_metadata_share_print_and_csrf_per_request(
    pw: pf.PortalWorld, client: Client
) -> None:
    article = pf.published(pw)
    page = client.get(f"/article/{article.pk}/").content.decode()
    for text in (
        "来源",
        "延边州政协",
        "责任编辑",
        "李编辑",
        "初审：",
        "复审：",
        "终审：",
        "?print=1",
    ):
        assert text in page
    assert '<script src="http' not in page
    assert "__NINGJU_PORTAL_CSRF__" not in page
    again = client.get(f"/article/{article.pk}/?print=1").content.decode()
    assert "portal/print" in again


def test_korean_version_shown_when_reader_chooses_korean(
    pw: pf.PortalWorld, client: Client
) -> None:
    article = pf.published(
        pw,
        title="政协委员送医下乡",
        title_ko="정협위원 의료봉사",
        body_ko="<p>위원들이 마을을 찾았습니다.</p>",
    )
    plain = pf.published(pw, title="只有中文的文章")
    client.post("/preferences/language/", {"language": "ko", "next": "/"})
    page = client.get(f"/article/{article.pk}/").content.decode()
    assert "정협위원 의료봉사" in page
    assert "위원들이 마을을 찾았습니다" in page
    other = client.get(f"/article/{plain.pk}/").content.decode()
    assert "只有中文的文章" in other
    assert 'role="note"' in other  # says there is no Korean version
    zh = Client().get(f"/article/{article.pk}/").content.decode()
    assert "政协委员送医下乡" in zh
    assert "정협위원 의료봉사" not in zh


def test_search_accepts_traditional_input(pw: pf.PortalWorld, client: Client) -> None:
    article = pf.published(pw, title="委员联络站接待群众", body="<p>联络站每月开放接待日。</p>")
    page = client.get("/search/", {"q": "聯絡站"}).content.decode()
    assert article.title in page
    assert "找到 1 篇" in page
    assert "找到 0 篇" in client.get("/search/", {"q": "不存在的词"}).content.decode()


def test_county_site_is_separate(pw: pf.PortalWorld, client: Client) -> None:
    county = pf.published(pw, title="延吉市政协调研养老服务", author="county_staff", reviewers=())
    assert county.state == "pending_first"  # county has no second and third reviewer here
    page = client.get(f"/site/{pw.base.county.code}/").content.decode()
    assert "延吉市政协" in page
    assert client.get("/site/nonexistent/").status_code == 404


def test_feeds_are_well_formed(pw: pf.PortalWorld, client: Client) -> None:
    article = pf.published(pw, title="州政协召开常委会会议")
    rss = client.get("/rss/")
    assert rss.status_code == 200
    root = ET.fromstring(rss.content)  # noqa: S314 (our own feed, in a test)
    titles = [e.text for e in root.iter("title")]
    assert "州政协召开常委会会议" in titles
    column_rss = ET.fromstring(client.get("/column/news/rss/").content)  # noqa: S314
    assert column_rss.find("channel/item/link") is not None
    feed = client.get("/feed.json")
    assert feed["Content-Type"].startswith("application/feed+json")
    data = json.loads(feed.content)
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["items"][0]["id"] == str(article.pk)
    assert data["items"][0]["url"].endswith(f"/article/{article.pk}/")
    assert 'href="http://testserver/column/news/"' in data["items"][0]["content_html"]
    home = client.get("/").content.decode()
    assert 'rel="alternate" type="application/rss+xml"' in home
    assert 'type="application/feed+json"' in home


def test_verify_passes_intact_content_and_names_tampered_snapshot(
    pw: pf.PortalWorld, capsys: pytest.CaptureFixture[str]
) -> None:
    footer = pf.seed_footer()
    intact = pf.published(pw, title="完好的文章")
    victim = pf.published(
        pw, title="被篡改的文章", title_ko="변조된 글", body_ko="<p>조선어 본문</p>"
    )
    call_command("portal", "verify")
    Publication.objects.filter(article=victim, is_current=True).update(
        html=Concat(F("html"), Value(footer))
    )
    with pytest.raises(CommandError):
        call_command("portal", "verify")
    err = capsys.readouterr().err
    assert f"/article/{victim.pk}/" in err
    assert "被篡改的文章" in err
    assert f"/article/{intact.pk}/" not in err


def test_verify_catches_a_raw_edit_of_the_live_article(pw: pf.PortalWorld) -> None:
    footer = pf.seed_footer()
    victim = pf.published(pw, title="正文被直接改动")
    Article.objects.filter(pk=victim.pk).update(body=Concat(F("body"), Value(footer)))
    with pytest.raises(CommandError, match="differ"):
        call_command("portal", "verify")


def test_verify_catches_a_poisoned_cache(pw: pf.PortalWorld, client: Client) -> None:
    from django.core.cache import cache

    article = pf.published(pw)
    client.get(f"/article/{article.pk}/")
    keys = [k for k in cache._cache if f"/article/{article.pk}/" in k]  # type: ignore[attr-defined]
    assert keys
    for key in keys:
        raw = cache.get(key.split(":", 2)[-1])
        if raw:
            cache.set(
                key.split(":", 2)[-1],
                raw.replace(
                    "<!--/approved-->", '<a href="https://spam.example/">x</a><!--/approved-->'
                ),
            )
    with pytest.raises(CommandError):
        call_command("portal", "verify")


def test_home_query_count_is_pinned(
    pw: pf.PortalWorld,
    client: Client,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    for i in range(6):
        pf.published(pw, title=f"文章{i}", column=["news", "zhuxi", "weiyuanshuo"][i % 3])
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(12):
        assert client.get("/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/column/news/").status_code == 200


PUBLIC_PATHS = (
    "/",
    "/column/news/",
    "/column/news/rss/",
    "/rss/",
    "/feed.json",
    "/search/?q=政协",
    "/site/yanji/",
    "/site/yanji/column/news/",
    "/site/yanji/column/news/rss/",
    "/site/yanji/rss/",
    "/site/yanji/feed.json",
    "/site/yanji/search/?q=政协",
)


def test_public_pages_are_open_to_everyone(pw: pf.PortalWorld) -> None:
    """The public URLs (listed for EXCLUDED_NAMES in test_url_coverage): anonymous and every
    role get them; the article and its image only while published."""
    from django.core.files.base import ContentFile

    from tests.factories import ROLE_USERS
    from tests.permission_cases.portal import PNG

    article = pf.published(pw)
    stored = Article.objects.get(pk=article.pk)
    stored.image.save("x.png", ContentFile(PNG), save=True)
    paths = (*PUBLIC_PATHS, f"/article/{article.pk}/", f"/article/{article.pk}/image")
    for username in (None, *ROLE_USERS):
        client = Client()
        if username:
            client.force_login(pw[username])
        for path in paths:
            assert client.get(path).status_code == 200, (username, path)
    draft = pf.write(pw)
    assert Client().get(f"/article/{draft.pk}/").status_code == 404
    assert Client().get(f"/article/{draft.pk}/image").status_code == 404
    assert Client().get("/column/nope/").status_code == 404


def test_verify_catches_spam_planted_around_the_article(pw: pf.PortalWorld) -> None:
    from ningju.portal.models import Column

    footer = pf.seed_footer()
    article = pf.published(pw, column="news")
    call_command("portal", "verify")
    # A column in the navigation: its name is on every page, outside the approved content.
    Column.objects.filter(organisation=pw.base.prefecture, slug="zhuxi").update(
        name=next(line for line in footer.splitlines() if line.strip())[:40]
    )
    with pytest.raises(CommandError):
        call_command("portal", "verify")
    assert Article.objects.get(pk=article.pk).state == "published"
