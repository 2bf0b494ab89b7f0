"""The sensitive-word and spam filter: what it holds, what it lets through, and its upkeep."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from ningju.core.models import AuditEvent
from ningju.moderation import services
from ningju.moderation.models import ModerationTerm
from tests import factories

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed"
needs_seed = pytest.mark.skipif(
    not (SEED / "injected-footer.txt").exists(), reason="shared/seed is not beside the clone"
)

ORDINARY = [
    # Committee writing: party, leadership, economy, ethnicity words must pass.
    "建议州政府加快延吉市老旧小区改造，增设无障碍坡道和扶手，方便老年人出行。",
    "习近平总书记强调，要把坚持党的领导贯穿到政协全部工作之中。",
    "铸牢中华民族共同体意识，推进朝汉双语教育，办好民族团结进步示范州。",
    "建议加强精品旅游线路建设，把长白山、图们江和延边美食串成一条线。",
    "会议时间：2026年3月5日 | 地点：州政协二楼会议室",
    "以下注意事项请委员们阅读：会议材料请提前领取。",
    "지방 특색 산업을 발전시키고 관광 명소를 정비할것을 건의합니다.",
]


@needs_seed
def test_the_injected_footer_is_held_and_the_article_passes() -> None:
    footer = services.screen_text((SEED / "injected-footer.txt").read_text(encoding="utf-8"))
    assert footer.flagged
    assert "term:obscene" in footer.codes
    assert "link_list" in footer.codes
    article = services.screen_text((SEED / "article.txt").read_text(encoding="utf-8"))
    assert not article.flagged, article.reasons


@needs_seed
def test_the_footer_appended_to_the_article_is_held() -> None:
    text = (SEED / "article.txt").read_text(encoding="utf-8") + (
        SEED / "injected-footer.txt"
    ).read_text(encoding="utf-8")
    assert services.screen_text(text).flagged


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_committee_text_passes(text: str) -> None:
    verdict = services.screen_text(text)
    assert not verdict.flagged, verdict.reasons


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("想了解网上赌场怎么开户", "term:gambling"),
        ("網上賭場，真人荷官在線", "term:gambling"),  # Traditional input
        ("久 草 视频", "term:obscene"),  # spaced out to dodge a plain match
        ("久*草", "term:obscene"),
        ("ＡＶ在线", "term:obscene"),  # full-width letters
        ("专业代开发票，价格优惠", "term:fraud"),
    ],
)
def test_listed_terms_are_held_however_they_are_written(text: str, code: str) -> None:
    verdict = services.screen_text(text)
    assert verdict.flagged
    assert code in verdict.codes


def test_one_suspect_word_alone_passes_but_two_or_with_a_link_are_held() -> None:
    assert not services.screen_text("欢迎加微信了解详情").flagged
    assert services.screen_text("免费领取礼品，加微信").flagged
    assert services.screen_text("加微信 http://example.top/x").flagged


def test_link_farms_and_hidden_markup_are_held() -> None:
    links = " ".join(f"http://site{i}.com/p" for i in range(3))
    assert "links" in services.screen_text(f"看这里 {links}").codes
    assert not services.screen_text("详见 http://www.ybzx.gov.cn/ 的通知").flagged
    hidden = services.screen_text('<p>正文</p><div style="display:none">广告</div>')
    assert hidden.codes == ["hidden_markup"]
    assert services.screen_text("<p onclick='x()'>正文</p>").flagged


def test_reasons_follow_the_readers_language() -> None:
    with translation.override("ko"):
        verdict = services.screen_text("网上赌场")
    assert verdict.reasons
    assert "网上赌场" in verdict.reasons[0]
    assert "含有违禁词语" not in verdict.reasons[0]


def test_the_command_prints_one_json_object_and_exits_zero(tmp_path: Path) -> None:
    spam = tmp_path / "spam.txt"
    spam.write_text("亚洲精品 | 偷拍 | 久草 | 在线播放 | 一区二区", encoding="utf-8")
    clean = tmp_path / "clean.txt"
    clean.write_text(ORDINARY[0], encoding="utf-8")
    for path, flagged in ((spam, True), (clean, False)):
        out = StringIO()
        call_command("moderation", "check", "--input", str(path), stdout=out)
        result = json.loads(out.getvalue())
        assert set(result) == {"flagged", "reasons"}
        assert result["flagged"] is flagged
        assert bool(result["reasons"]) is flagged


@pytest.mark.django_db
def test_a_committee_term_is_added_from_the_page_and_used_at_once(
    world: factories.World, login
) -> None:  # type: ignore[no-untyped-def]
    assert not services.screen_text("出售内部考题", organisation=world.prefecture).flagged
    client: Client = login(world["staff"])
    response = client.post(
        "/moderation/terms/", {"term": "出售內部考題", "category": "fraud", "weight": "block"}
    )
    assert response.status_code == 302
    assert services.screen_text("出售内部考题", organisation=world.prefecture).flagged
    # Only that committee uses it.
    assert not services.screen_text("出售内部考题", organisation=world.county).flagged
    assert AuditEvent.objects.filter(action="moderation.term_add").count() == 1
    page = client.get("/moderation/terms/")
    assert "出售內部考題" in page.content.decode()

    term = ModerationTerm.objects.get()
    assert client.post(f"/moderation/terms/{term.pk}/remove/").status_code == 302
    assert not services.screen_text("出售内部考题", organisation=world.prefecture).flagged
    assert AuditEvent.objects.filter(action="moderation.term_remove").count() == 1


@pytest.mark.django_db
def test_bad_term_input_is_explained_and_changes_nothing(world: factories.World, login) -> None:  # type: ignore[no-untyped-def]
    client: Client = login(world["editor"])
    empty = client.post(
        "/moderation/terms/", {"term": "  ", "category": "fraud", "weight": "block"}
    )
    assert empty.status_code == 400
    assert "请填写" in empty.content.decode() or "这个字段" in empty.content.decode()
    client.post("/moderation/terms/", {"term": "刷流水", "category": "fraud", "weight": "block"})
    again = client.post(
        "/moderation/terms/", {"term": "刷流水", "category": "fraud", "weight": "block"}
    )
    assert again.status_code == 400
    assert "已经在本会的词库里" in again.content.decode()
    assert "刷流水" in again.content.decode()  # what was typed is still there
    assert ModerationTerm.objects.count() == 1


@pytest.mark.django_db
def test_the_check_box_explains_a_verdict(world: factories.World, login) -> None:  # type: ignore[no-untyped-def]
    client: Client = login(world["staff"])
    response = client.post("/moderation/check/", {"text": "网上赌场"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert "会被拦下" in body
    assert "赌博" in body
