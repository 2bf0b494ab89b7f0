"""Similar proposals of the same committee, for drafting and review."""

from __future__ import annotations

import pytest
import time_machine
from django.utils import timezone

from ningju.proposals import services as s
from ningju.proposals.models import Category
from ningju.proposals.similar import similar_proposals
from tests import factories

pytestmark = pytest.mark.django_db
DURING_PLENARY = timezone.make_aware(timezone.datetime(2026, 1, 12, 10, 0))


def _submit(
    w: factories.ProposalWorld, username: str, title: str, situation: str, suggestions: str
) -> int:
    category = Category.objects.filter(organisation=w.prefecture, parent__isnull=False).first()
    proposal = s.draft_create(
        acting_user=w[username],
        data=s.DraftData(
            title=title, situation=situation, suggestions=suggestions, category_id=category.pk
        ),
    )
    s.submit(acting_user=w[username], proposal=proposal)
    return proposal.pk


@time_machine.travel(DURING_PLENARY)
def test_near_duplicate_ranks_first_and_county_is_apart(pworld: factories.ProposalWorld) -> None:
    w = pworld
    parking = _submit(
        w,
        "director",
        "关于缓解延吉市中心城区停车难的建议",
        "延吉市医院和学校周边停车位不足，乱停车严重。",
        "建设立体停车楼，机关停车场夜间错时开放。",
    )
    _submit(
        w,
        "standing",
        "关于加快长白山人参产业发展的建议",
        "人参精深加工不足。",
        "统一区域品牌，建设加工园区。",
    )
    _submit(
        w,
        "chair",
        "关于改善延吉市公共交通的建议",
        "公交线路覆盖不足，高峰时段拥挤。",
        "优化线路，增加高峰班次。",
    )
    hits = similar_proposals(
        user=w["staff"],
        title="關於解決延吉市停車難問題的建議",
        body="醫院、學校周邊停車位緊張，建議利用邊角地建設立體停車場，推動單位停車場錯時開放。",
    )
    assert hits
    assert hits[0][0].pk == parking
    assert 0 < hits[0][1] <= 1
    # The county committee's index never shows the prefecture's proposals.
    assert (
        similar_proposals(
            user=w["county_staff"], title="关于缓解延吉市中心城区停车难的建议", body="停车"
        )
        == []
    )


@time_machine.travel(DURING_PLENARY)
def test_member_sees_titles_but_links_only_what_they_may_open(
    pworld: factories.ProposalWorld,
) -> None:
    w = pworld
    _submit(w, "director", "关于缓解延吉市中心城区停车难的建议", "停车位不足。", "建设立体停车楼。")
    [(proposal, _score)] = similar_proposals(
        user=w["member"], title="关于解决延吉停车难的建议", body="立体停车楼", top=1
    )
    assert proposal.visible_to_viewer is False  # type: ignore[attr-defined]
    assert similar_proposals(user=w["member"], title="", body="") == []
