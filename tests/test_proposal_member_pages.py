"""The member's proposal pages: drafting with autosave, submitting, co-signing, withdrawing,
rating, and the member's own list. Driven through the test client during the plenary."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ningju.members.models import Member
from ningju.orgs.models import Sector
from ningju.proposals import services as s
from ningju.proposals.choices import HandlingMode, ReviewOutcome, Status
from ningju.proposals.models import (
    Category,
    Feedback,
    Proposal,
    ProposalSettings,
    ResultCategory,
)
from tests import factories

pytestmark = pytest.mark.django_db
DURING_PLENARY = timezone.make_aware(timezone.datetime(2026, 1, 12, 10, 0))
TITLE = "关于加快长白山人参产业高质量发展的建议"
SITUATION = "延边人参种植面积大，但精深加工不足。"
ANALYSIS = "品牌分散，缺少龙头企业带动。"
SUGGESTIONS = "一是统一区域品牌；二是建设精深加工园区。"
HTMX = {"HTTP_HX_REQUEST": "true"}


def _category(w: factories.ProposalWorld) -> Category:
    return Category.objects.filter(organisation=w.prefecture, parent__isnull=False).first()  # type: ignore[return-value]


def form_data(w: factories.ProposalWorld, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "proposer_type": "individual",
        "title": TITLE,
        "situation": SITUATION,
        "analysis": ANALYSIS,
        "suggestions": SUGGESTIONS,
        "category": str(_category(w).pk),
        "consent_to_publish": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response: Any) -> str:
    return response.content.decode()


def _draft(w: factories.ProposalWorld, username: str = "member", **extra: Any) -> Proposal:
    fields: dict[str, Any] = {
        "title": TITLE,
        "situation": SITUATION,
        "analysis": ANALYSIS,
        "suggestions": SUGGESTIONS,
        "category_id": _category(w).pk,
        **extra,
    }
    data = s.DraftData(**fields)
    return s.draft_create(acting_user=w[username], data=data)


def _replied(w: factories.ProposalWorld, **extra: Any) -> Proposal:
    """Drafted, submitted, co-signed if joint, registered, assigned, answered and approved."""
    proposal = _draft(w, **extra)
    s.submit(acting_user=w["member"], proposal=proposal)
    proposal.refresh_from_db()
    if proposal.status == Status.COSIGNING:
        s.cosign_respond(acting_user=w["standing"], proposal=proposal, accept=True)
    s.review(
        acting_user=w["staff"], proposal=proposal, decision=s.ReviewDecision(ReviewOutcome.PASS)
    )
    s.review(
        acting_user=w["pdirector"],
        proposal=proposal,
        decision=s.ReviewDecision(ReviewOutcome.REGISTER),
    )
    s.assign(
        acting_user=w["staff"],
        proposal=proposal,
        mode=HandlingMode.LEAD,
        lead_unit_id=w.units[0].pk,
    )
    assignment = proposal.assignments.get(role="lead")
    category = ResultCategory.objects.get(organisation=w.prefecture, code="A")
    reply = s.reply_save(
        acting_user=w["unit_officer"],
        assignment=assignment,
        data=s.ReplyData(
            body="经研究，我局已将人参精深加工园区列入明年工作计划。",
            result_category_id=category.pk,
            publicity="public",
        ),
    )
    s.reply_send(acting_user=w["unit_officer"], reply=reply)
    s.reply_sign(acting_user=w["unit_signer"], reply=reply, approve=True)
    s.reply_review(acting_user=w["staff"], reply=reply, approve=True)
    proposal.refresh_from_db()
    assert proposal.status == Status.REPLIED
    return proposal


# --------------------------------------------------------------------------- drafting


@time_machine.travel(DURING_PLENARY)
def test_create_page_shows_counter_categories_and_types(pworld: factories.ProposalWorld) -> None:
    response = client_for(pworld["member"]).get(reverse("proposals:create"))
    assert response.status_code == 200
    html = text(response)
    assert 'data-counter-for="body" data-maxlength="2000"' in html
    assert html.count('data-counter-group="body"') == 3
    # Two-level categories: first level as a group, second level selectable.
    assert '<optgroup label="社会建设">' in html
    assert ">食品安全</option>" in html
    assert "关于……的建议" in html
    for label in ("个人提案", "联名提案", "界别、小组提案", "党派团体提案", "专委会提案"):
        assert label in html
    assert "延边州卫生健康委员会" in html  # suggested handling units
    assert Proposal.objects.count() == 0  # opening the page stores nothing


@time_machine.travel(DURING_PLENARY)
def test_length_limit_follows_the_committee_setting(pworld: factories.ProposalWorld) -> None:
    ProposalSettings.objects.filter(organisation=pworld.prefecture).update(max_length=1500)
    html = text(client_for(pworld["member"]).get(reverse("proposals:create")))
    assert 'data-maxlength="1500"' in html
    assert "1500 字" in html


@time_machine.travel(DURING_PLENARY)
def test_bad_title_is_refused_with_a_message_and_nothing_typed_is_lost(
    pworld: factories.ProposalWorld,
) -> None:
    w = pworld
    client = client_for(w["member"])
    response = client.post(
        reverse("proposals:create"),
        form_data(w, title="人参产业发展", category="", action="submit"),
    )
    assert response.status_code == 200
    html = text(response)
    assert "案由请写成“关于……的建议”的形式。" in html
    assert "请选择提案分类。" in html  # every problem is shown, not only the first
    assert SITUATION in html
    assert "人参产业发展" in html
    proposal = Proposal.objects.get()
    assert proposal.status == Status.DRAFT  # saved as a draft, not submitted
    assert proposal.submitted_at is None
    assert proposal.situation == SITUATION
    # The page now works on the saved draft: its buttons post to the edit and submit URLs.
    assert reverse("proposals:submit", args=[proposal.pk]) in html
    # Fixing the title and submitting again goes through.
    response = client.post(
        reverse("proposals:submit", args=[proposal.pk]), form_data(w, action="submit")
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("proposals:detail", args=[proposal.pk])
    proposal.refresh_from_db()
    assert proposal.status == Status.SUBMITTED
    assert proposal.period == "plenary"


@time_machine.travel(DURING_PLENARY)
def test_over_length_body_is_refused_on_submission_but_saved(
    pworld: factories.ProposalWorld,
) -> None:
    w = pworld
    client = client_for(w["member"])
    long_text = "情" * 1990
    response = client.post(
        reverse("proposals:create"), form_data(w, situation=long_text, action="submit")
    )
    html = text(response)
    total = 1990 + len(ANALYSIS) + len(SUGGESTIONS)
    assert f"正文共 {total} 字，超过了 2000 字的上限，请精简。" in html
    assert long_text in html
    assert 'class="counter over"' in html
    proposal = Proposal.objects.get()
    assert proposal.status == Status.DRAFT
    assert len(proposal.situation) == 1990


@time_machine.travel(DURING_PLENARY)
def test_line_breaks_count_as_one_character(pworld: factories.ProposalWorld) -> None:
    w = pworld
    client = client_for(w["member"])
    client.post(
        reverse("proposals:create"), form_data(w, situation="第一行\r\n第二行", action="save")
    )
    assert Proposal.objects.get().situation == "第一行\n第二行"


@time_machine.travel(DURING_PLENARY)
def test_autosave_creates_the_draft_once_then_updates_it(pworld: factories.ProposalWorld) -> None:
    w = pworld
    client = client_for(w["member"])
    # Nothing typed yet: nothing stored.
    empty = client.post(
        reverse("proposals:create"),
        {"proposer_type": "individual", "title": "", "consent_to_publish": "on"},
        **HTMX,
    )
    assert empty.status_code == 200
    assert Proposal.objects.count() == 0
    # The first autosave of the new page creates the draft, even with half a title.
    first = client.post(
        reverse("proposals:create"),
        {"proposer_type": "individual", "title": "关于人参", "situation": "种植面积大"},
        **HTMX,
    )
    assert first.status_code == 200
    proposal = Proposal.objects.get()
    assert proposal.title == "关于人参"
    assert proposal.status == Status.DRAFT
    html = text(first)
    assert "已自动保存 10:00" in html
    assert 'id="autosave-status"' in html
    assert (
        f'name="proposal_id" id="id_proposal_id" value="{proposal.pk}" hx-swap-oob="true"' in html
    )
    assert first["HX-Replace-Url"] == reverse("proposals:edit", args=[proposal.pk])
    # The next autosave from the same page carries the id and updates that draft.
    client.post(
        reverse("proposals:create"),
        {"proposal_id": str(proposal.pk), "proposer_type": "individual", "title": "关于人参产业"},
        **HTMX,
    )
    assert Proposal.objects.count() == 1
    # The edit page posts to the autosave URL.
    edit_html = text(client.get(reverse("proposals:edit", args=[proposal.pk])))
    assert f'hx-post="{reverse("proposals:autosave", args=[proposal.pk])}"' in edit_html
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 1, 12, 10, 7))):
        response = client.post(
            reverse("proposals:autosave", args=[proposal.pk]),
            form_data(w, title="关于人参产业的建议", suggestions="一是……"),
            **HTMX,
        )
    assert response.status_code == 200
    assert "已自动保存 10:07" in text(response)
    assert "HX-Replace-Url" not in response
    proposal.refresh_from_db()
    assert proposal.title == "关于人参产业的建议"
    assert proposal.suggestions == "一是……"
    assert Proposal.objects.count() == 1


@time_machine.travel(DURING_PLENARY)
def test_autosave_after_submission_says_so_and_changes_nothing(
    pworld: factories.ProposalWorld,
) -> None:
    w = pworld
    proposal = _draft(w)
    s.submit(acting_user=w["member"], proposal=proposal)
    response = client_for(w["member"]).post(
        reverse("proposals:autosave", args=[proposal.pk]),
        form_data(w, title="关于别的建议"),
        **HTMX,
    )
    assert "提案已提交，不能再修改。" in text(response)
    proposal.refresh_from_db()
    assert proposal.title == TITLE


def test_autosave_after_sign_out_tells_the_member(pworld: factories.ProposalWorld) -> None:
    proposal = _draft(pworld)
    response = Client().post(reverse("proposals:autosave", args=[proposal.pk]), {}, **HTMX)
    assert response.status_code == 200
    assert "您已退出登录" in text(response)


@time_machine.travel(DURING_PLENARY)
def test_explicit_save_and_edit_round_trip(pworld: factories.ProposalWorld) -> None:
    w = pworld
    client = client_for(w["member"])
    units = [str(u.pk) for u in w.units]
    response = client.post(
        reverse("proposals:create"),
        form_data(w, suggested_units=units, consent_to_publish=None, action="save"),
    )
    proposal = Proposal.objects.get()
    assert response["Location"] == reverse("proposals:edit", args=[proposal.pk])
    assert set(proposal.suggested_units.values_list("pk", flat=True)) == {u.pk for u in w.units}
    assert proposal.consent_to_publish is False
    html = text(client.get(reverse("proposals:edit", args=[proposal.pk])))
    assert TITLE in html
    assert SUGGESTIONS in html
    assert "草稿已保存" in html


@time_machine.travel(DURING_PLENARY)
def test_collective_proposal_needs_its_body_and_sector(pworld: factories.ProposalWorld) -> None:
    w = pworld
    client = client_for(w["member"])
    response = client.post(
        reverse("proposals:create"), form_data(w, proposer_type="sector_group", action="submit")
    )
    html = text(response)
    assert "集体提案请填写提案单位名称。" in html
    assert "界别提案请选择界别。" in html
    economy = Sector.objects.get(organisation=w.prefecture, name="经济界")
    proposal = Proposal.objects.get()
    response = client.post(
        reverse("proposals:submit", args=[proposal.pk]),
        form_data(
            w,
            proposer_type="sector_group",
            collective_name="经济界别",
            sector=str(economy.pk),
            contact_name="金哲洙",
            action="submit",
        ),
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.collective_name, proposal.sector_id) == (
        Status.SUBMITTED,
        "经济界别",
        economy.pk,
    )


@time_machine.travel(DURING_PLENARY)
def test_submitted_proposal_is_no_longer_editable(pworld: factories.ProposalWorld) -> None:
    w = pworld
    proposal = _draft(w)
    s.submit(acting_user=w["member"], proposal=proposal)
    client = client_for(w["member"])
    response = client.get(reverse("proposals:edit", args=[proposal.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("proposals:detail", args=[proposal.pk])
    response = client.post(
        reverse("proposals:submit", args=[proposal.pk]), form_data(w, title="关于别的建议")
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.title == TITLE


# --------------------------------------------------------------------------- co-signing


def _joint(w: factories.ProposalWorld, client: Client) -> Proposal:
    cosigner = Member.objects.get(name="朴英顺")
    response = client.post(
        reverse("proposals:create"),
        form_data(w, proposer_type="joint", cosigners=[str(cosigner.pk)], action="submit"),
        follow=True,
    )
    assert "已发出联名邀请" in text(response)
    proposal = Proposal.objects.get()
    assert proposal.status == Status.COSIGNING
    return proposal


@time_machine.travel(DURING_PLENARY)
def test_joint_proposal_invites_a_cosigner_who_confirms(pworld: factories.ProposalWorld) -> None:
    w = pworld
    proposal = _joint(w, client_for(w["member"]))
    cosigner = client_for(w["standing"])
    page = cosigner.get(reverse("proposals:cosign", args=[proposal.pk]))
    assert page.status_code == 200
    html = text(page)
    assert "2026年1月19日" in html  # 7 days after submission
    assert "确认联名" in html
    assert "谢绝" in html
    assert "金哲洙委员邀请您联名" in html
    assert SUGGESTIONS in html
    response = cosigner.post(reverse("proposals:cosign", args=[proposal.pk]), {"answer": "confirm"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Status.SUBMITTED
    assert proposal.proposers.get(member__name="朴英顺").status == "confirmed"
    # Answered once: the page now says so and offers no buttons.
    html = text(cosigner.get(reverse("proposals:cosign", args=[proposal.pk])))
    assert "您已确认联名。" in html
    assert 'value="confirm"' not in html


@time_machine.travel(DURING_PLENARY)
def test_joint_proposal_cosigner_declines(pworld: factories.ProposalWorld) -> None:
    w = pworld
    proposal = _joint(w, client_for(w["member"]))
    cosigner = client_for(w["standing"])
    response = cosigner.post(
        reverse("proposals:cosign", args=[proposal.pk]), {"answer": "decline"}, follow=True
    )
    assert "您已谢绝联名邀请。" in text(response)
    proposal.refresh_from_db()
    # Nobody joined, so it goes ahead as the first proposer's own proposal.
    assert (proposal.status, proposal.proposer_type) == (Status.SUBMITTED, "individual")
    # An empty answer changes nothing and says what to do.
    other = _draft(w, proposer_type="joint", cosigner_ids=[Member.objects.get(name="朴英顺").pk])
    s.submit(acting_user=w["member"], proposal=other)
    response = cosigner.post(reverse("proposals:cosign", args=[other.pk]), {"answer": ""})
    assert "请选择“确认联名”或“谢绝”。" in text(response)
    other.refresh_from_db()
    assert other.status == Status.COSIGNING


@time_machine.travel(DURING_PLENARY)
def test_cosign_after_the_deadline_is_refused(pworld: factories.ProposalWorld) -> None:
    w = pworld
    proposal = _joint(w, client_for(w["member"]))
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 1, 20, 9, 0))):
        cosigner = client_for(w["standing"])  # a new sign-in: a week has passed
        html = text(cosigner.get(reverse("proposals:cosign", args=[proposal.pk])))
        assert "联名确认期限已过" in html
        assert 'value="confirm"' not in html
        cosigner.post(reverse("proposals:cosign", args=[proposal.pk]), {"answer": "confirm"})
    proposal.refresh_from_db()
    assert proposal.status == Status.COSIGNING


@time_machine.travel(DURING_PLENARY)
def test_cosign_page_is_only_for_invited_members(pworld: factories.ProposalWorld) -> None:
    w = pworld
    proposal = _joint(w, client_for(w["member"]))
    url = reverse("proposals:cosign", args=[proposal.pk])
    assert client_for(w["member"]).get(url).status_code == 403  # the author is not invited
    assert client_for(w["director"]).get(url).status_code == 404  # cannot see it at all
    assert client_for(w["county_member"]).get(url).status_code == 404


# --------------------------------------------------------------------------- withdraw


@time_machine.travel(DURING_PLENARY)
def test_withdraw_asks_first(pworld: factories.ProposalWorld) -> None:
    w = pworld
    proposal = _draft(w)
    s.submit(acting_user=w["member"], proposal=proposal)
    client = client_for(w["member"])
    url = reverse("proposals:withdraw", args=[proposal.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "确定撤回" in text(page)
    # The detail page's button posts without the confirmation: that only shows the question.
    unconfirmed = client.post(url)
    assert unconfirmed.status_code == 200
    assert "确定撤回" in text(unconfirmed)
    proposal.refresh_from_db()
    assert proposal.status == Status.SUBMITTED
    response = client.post(url, {"confirm": "yes"})
    assert response["Location"] == reverse("proposals:mine")
    proposal.refresh_from_db()
    assert proposal.status == Status.WITHDRAWN
    # Once withdrawn there is nothing more to withdraw.
    assert "已不能撤回" in text(client.get(url))
    assert client_for(w["standing"]).get(url).status_code == 404


# --------------------------------------------------------------------------- rating


@time_machine.travel(DURING_PLENARY)
def test_rate_page_and_unsatisfied_needs_a_reason(pworld: factories.ProposalWorld) -> None:
    w = pworld
    proposal = _replied(w)
    client = client_for(w["member"])
    url = reverse("proposals:rate", args=[proposal.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = text(page)
    assert "人参精深加工园区列入明年工作计划" in html  # the approved reply letter
    assert "2026年1月27日" in html  # 15 days to rate
    for label in ("满意", "基本满意", "不满意"):
        assert f"<strong>{label}</strong>" in html
    # 不满意 without a reason: the service's message next to the comment, nothing stored.
    response = client.post(url, {"attitude": "basically", "result": "unsatisfied", "comment": ""})
    assert response.status_code == 200
    html = text(response)
    assert "选择“不满意”时，请写明原因，承办单位将据此重新办理。" in html
    assert 'id="id_comment_error"' in html
    assert not Feedback.objects.exists()
    # Nothing chosen: both questions are named.
    html = text(client.post(url, {}))
    assert "请对办理态度作出评价。" in html
    assert "请对办理结果作出评价。" in html
    # With a reason it goes back to the units for re-handling.
    response = client.post(
        url, {"attitude": "basically", "result": "unsatisfied", "comment": "措施不具体"}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Status.REHANDLING
    assert proposal.handling_round == 2


@time_machine.travel(DURING_PLENARY)
def test_rate_page_only_for_confirmed_proposers_when_replied(
    pworld: factories.ProposalWorld,
) -> None:
    w = pworld
    before = _draft(w)
    s.submit(acting_user=w["member"], proposal=before)
    html = text(client_for(w["member"]).get(reverse("proposals:rate", args=[before.pk])))
    assert "不在评价阶段" in html
    assert 'name="attitude"' not in html
    proposal = _replied(
        w, proposer_type="joint", cosigner_ids=[Member.objects.get(name="朴英顺").pk]
    )
    url = reverse("proposals:rate", args=[proposal.pk])
    assert client_for(w["standing"]).get(url).status_code == 200  # confirmed co-signer rates too
    assert client_for(w["director"]).get(url).status_code == 404
    assert client_for(w["staff"]).get(url).status_code == 403  # sees it, but is no proposer
    client = client_for(w["member"])
    client.post(url, {"attitude": "satisfied", "result": "satisfied"})
    html = text(client.get(url))
    assert "您的评价" in html
    assert 'name="attitude"' not in html
    proposal.refresh_from_db()
    assert proposal.status == Status.REPLIED  # waiting for the co-signer


@time_machine.travel(DURING_PLENARY)
def test_rating_after_the_deadline_is_refused(pworld: factories.ProposalWorld) -> None:
    w = pworld
    proposal = _replied(w)
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 1, 28, 9, 0))):
        client = client_for(w["member"])  # a new sign-in: two weeks have passed
        url = reverse("proposals:rate", args=[proposal.pk])
        html = text(client.get(url))
        assert "评价期限（2026年1月27日）已过" in html
        assert 'name="attitude"' not in html
        client.post(url, {"attitude": "satisfied", "result": "satisfied"})
        assert "已答复，请评价办理情况" not in text(client.get(reverse("proposals:mine")))
    assert not Feedback.objects.exists()


# --------------------------------------------------------------------------- permissions


@time_machine.travel(DURING_PLENARY)
@pytest.mark.parametrize("username", ["unit_officer", "staff", "public", "sysadmin"])
def test_only_members_may_write_proposals(pworld: factories.ProposalWorld, username: str) -> None:
    client = client_for(pworld[username])
    assert client.get(reverse("proposals:create")).status_code == 403
    assert client.post(reverse("proposals:create"), form_data(pworld)).status_code == 403
    assert client.get(reverse("proposals:mine")).status_code == 403
    assert client.get(reverse("proposals:member_search"), {"q": "金"}).status_code == 403
    assert Proposal.objects.count() == 0


@time_machine.travel(DURING_PLENARY)
def test_another_member_cannot_see_or_touch_a_draft(pworld: factories.ProposalWorld) -> None:
    w = pworld
    proposal = _draft(w)
    for username in ("standing", "county_member", "staff"):
        client = client_for(w[username])
        assert client.get(reverse("proposals:edit", args=[proposal.pk])).status_code == 404
        for name in ("autosave", "submit", "withdraw"):
            response = client.post(reverse(f"proposals:{name}", args=[proposal.pk]), form_data(w))
            assert response.status_code == 404, (username, name)
        # Nor through the id the new-proposal page carries.
        response = client.post(
            reverse("proposals:create"), {**form_data(w), "proposal_id": str(proposal.pk)}, **HTMX
        )
        assert response.status_code in (403, 404)
    proposal.refresh_from_db()
    assert proposal.status == Status.DRAFT
    assert proposal.title == TITLE


def test_anonymous_is_sent_to_sign_in(pworld: factories.ProposalWorld) -> None:
    response = Client().get(reverse("proposals:create"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# --------------------------------------------------------------------------- co-signer search


@time_machine.travel(DURING_PLENARY)
def test_member_search_finds_current_members_of_the_committee(
    pworld: factories.ProposalWorld,
) -> None:
    w = pworld
    client = client_for(w["member"])
    html = text(client.get(reverse("proposals:member_search"), {"cosigner_q": "朴"}))
    assert "朴英顺" in html
    assert 'name="cosigners"' in html
    assert "金哲洙" not in text(client.get(reverse("proposals:member_search"), {"q": "金哲"}))
    assert "崔明日" not in text(client.get(reverse("proposals:member_search"), {"q": "崔"}))
    already = Member.objects.get(name="朴英顺").pk
    html = text(
        client.get(reverse("proposals:member_search"), {"q": "朴", "cosigners": [str(already)]})
    )
    assert "朴英顺" not in html
    assert "没有找到" in html


@time_machine.travel(DURING_PLENARY)
def test_cosigner_search_works_without_javascript(pworld: factories.ProposalWorld) -> None:
    w = pworld
    response = client_for(w["member"]).post(
        reverse("proposals:create"),
        form_data(w, proposer_type="joint", cosigner_q="朴", action="find_cosigners"),
    )
    html = text(response)
    assert 'id="cosigner-option-' in html
    assert "朴英顺" in html
    assert SITUATION in html  # what was typed is still there
    assert Proposal.objects.count() == 0


# --------------------------------------------------------------------------- my proposals


@time_machine.travel(DURING_PLENARY)
def test_mine_lists_drafts_then_what_needs_action(
    pworld: factories.ProposalWorld, django_assert_max_num_queries: Any
) -> None:
    w = pworld
    standing = Member.objects.get(name="朴英顺")
    member = Member.objects.get(name="金哲洙")
    _draft(w)
    _draft(w, title="")
    submitted = _draft(w)
    s.submit(acting_user=w["member"], proposal=submitted)
    _replied(w)
    # 朴英顺 invites 金哲洙 to co-sign.
    invitation = s.draft_create(
        acting_user=w["standing"],
        data=s.DraftData(
            title="关于改善延吉西市场周边交通的建议",
            situation="西市场周边停车难。",
            suggestions="增设停车场。",
            category_id=_category(w).pk,
            proposer_type="joint",
            cosigner_ids=[member.pk],
        ),
    )
    s.submit(acting_user=w["standing"], proposal=invitation)
    assert standing.pk != member.pk
    client = client_for(w["member"])
    client.get(reverse("proposals:mine"))  # warm the per-process caches
    with django_assert_max_num_queries(12):
        response = client.get(reverse("proposals:mine"))
    assert response.status_code == 200
    html = text(response)
    assert html.index("等您处理") < html.index("草稿") < html.index("已提交的提案")
    assert "朴英顺邀请您联名" in html
    assert "请在2026年1月19日前确认" in html
    assert "已答复，请评价办理情况" in html
    assert "请在2026年1月27日前评价" in html
    assert "（未填写案由）" in html
    assert "已提交，待审查" in html
    assert reverse("proposals:cosign", args=[invitation.pk]) in html
    # A draft that names 金哲洙 as co-signer is not his to see among his drafts until it is sent.
    s.draft_create(
        acting_user=w["standing"],
        data=s.DraftData(
            title="关于朴英顺草稿的建议", proposer_type="joint", cosigner_ids=[member.pk]
        ),
    )
    assert "关于朴英顺草稿的建议" not in text(client.get(reverse("proposals:mine")))
    # More proposals do not mean more queries.
    for _ in range(3):
        _draft(w)
    with django_assert_max_num_queries(12):
        client.get(reverse("proposals:mine"))


# --------------------------------------------------------------------------- similar


@time_machine.travel(DURING_PLENARY)
def test_similar_panel_lists_submitted_proposals(pworld: factories.ProposalWorld) -> None:
    pytest.importorskip(
        "ningju.proposals.similar", reason="ningju/proposals/similar.py is not written yet"
    )
    w = pworld
    other = s.draft_create(
        acting_user=w["standing"],
        data=s.DraftData(
            title="关于推动长白山人参精深加工的建议",
            situation="人参精深加工不足，品牌分散。",
            suggestions="建设人参精深加工园区，统一区域品牌。",
            category_id=_category(w).pk,
        ),
    )
    s.submit(acting_user=w["standing"], proposal=other)
    client = client_for(w["member"])
    response = client.get(
        reverse("proposals:similar"),
        {"title": TITLE, "body": SITUATION + SUGGESTIONS},
    )
    assert response.status_code == 200
    html = text(response)
    assert "关于推动长白山人参精深加工的建议" in html
    assert "相似度" in html
    # Someone else's proposal is named (to avoid a duplicate) but not a link the member may open.
    assert reverse("proposals:detail", args=[other.pk]) not in html
    # The author sees their own as a link; the one being edited is left out.
    own = text(
        client_for(w["standing"]).get(
            reverse("proposals:similar"), {"title": TITLE, "body": SITUATION + SUGGESTIONS}
        )
    )
    assert reverse("proposals:detail", args=[other.pk]) in own
    excluded = text(
        client_for(w["standing"]).get(
            reverse("proposals:similar"),
            {"title": TITLE, "body": SITUATION + SUGGESTIONS, "exclude": str(other.pk)},
        )
    )
    assert "关于推动长白山人参精深加工的建议" not in excluded
    # Too little text: the panel stays empty.
    assert "相似" not in text(client.get(reverse("proposals:similar"), {"title": "关于"}))
    assert client_for(w["unit_officer"]).get(reverse("proposals:similar")).status_code == 403


def test_similar_refuses_non_members(pworld: factories.ProposalWorld) -> None:
    response = client_for(pworld["unit_officer"]).get(reverse("proposals:similar"), {"title": "x"})
    assert response.status_code == 403


def test_deadlines_used_on_the_pages() -> None:
    """The dates the tests expect: 7 days to co-sign, 15 days to rate (defaults)."""
    from ningju.proposals import deadlines

    settings = ProposalSettings(cosign_days=7, feedback_days=15)
    moment = timezone.make_aware(timezone.datetime(2026, 1, 12, 10, 0))
    assert deadlines.cosign_deadline(moment, settings) == date(2026, 1, 19)
    assert deadlines.feedback_due(moment, settings) == date(2026, 1, 27)
