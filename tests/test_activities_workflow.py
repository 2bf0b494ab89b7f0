"""The activity transition table, pair by pair, and the services that walk it."""

from __future__ import annotations

import pytest

from ningju.activities import services, workflow
from ningju.activities.choices import ActivityStatus as S
from ningju.activities.models import Activity
from ningju.core.errors import PermissionDenied, TransitionNotAllowed
from ningju.performance.models import DutyRecord
from tests import activities_factories as af
from tests import factories

EXPECTED = {
    (S.DRAFT, "submit"): S.SUBMITTED,
    (S.RETURNED, "submit"): S.SUBMITTED,
    (S.SUBMITTED, "confirm"): S.CONFIRMED,
    (S.DRAFT, "confirm"): S.CONFIRMED,
    (S.SUBMITTED, "return"): S.RETURNED,
}


@pytest.mark.parametrize("status", S.values)
@pytest.mark.parametrize("action", workflow.ACTIONS)
def test_every_status_action_pair(status: str, action: str) -> None:
    expected = EXPECTED.get((status, action))
    if expected is None:
        with pytest.raises(TransitionNotAllowed):
            workflow.next_status(status, action)
        assert action not in workflow.allowed_actions(status)
    else:
        assert workflow.next_status(status, action) == expected
        assert action in workflow.allowed_actions(status)


@pytest.mark.django_db
def test_member_record_through_the_chain(world: factories.World) -> None:
    member, staff = world["member"], world["staff"]
    activity = af.member_activity(member, state="draft")
    assert not DutyRecord.objects.filter(source_id=str(activity.pk)).exists()
    # A member cannot confirm their own record; staff cannot submit it for them.
    with pytest.raises(PermissionDenied):
        services.activity_confirm(acting_user=member, activity=activity)
    with pytest.raises(PermissionDenied):
        services.activity_submit(acting_user=staff, activity=activity)
    # Staff may not return a draft (only what was submitted).
    with pytest.raises(PermissionDenied):
        services.activity_return(acting_user=staff, activity=activity, reason="x")
    services.activity_submit(acting_user=member, activity=activity)
    with pytest.raises(services.InvalidInput):
        services.activity_return(acting_user=staff, activity=activity, reason="  ")
    services.activity_return(acting_user=staff, activity=activity, reason="请补充照片")
    activity.refresh_from_db()
    assert (activity.status, activity.return_reason) == (S.RETURNED, "请补充照片")
    # Returned: the member edits and resubmits; the reason is cleared.
    services.activity_update(
        acting_user=member,
        activity=activity,
        data=af.activity_data(title="送医送药送健康（补充照片）"),
    )
    services.activity_submit(acting_user=member, activity=activity)
    services.activity_confirm(acting_user=staff, activity=activity)
    activity.refresh_from_db()
    assert activity.status == S.CONFIRMED
    assert activity.return_reason == ""
    assert activity.confirmed_by == staff
    record = DutyRecord.objects.get(source_id=str(activity.pk))
    assert (record.kind, record.member.name) == ("public_welfare", "金哲洙")
    # Confirmed is final: nobody edits it, a second confirmation is refused.
    with pytest.raises(PermissionDenied):
        services.activity_update(acting_user=staff, activity=activity, data=af.activity_data())
    with pytest.raises(PermissionDenied):
        services.activity_confirm(acting_user=staff, activity=activity)
    # The other organisation's staff cannot touch it.
    other = af.member_activity(member, state="submitted")
    with pytest.raises(PermissionDenied):
        services.activity_confirm(acting_user=world["county_staff"], activity=other)
    assert Activity.objects.get(pk=other.pk).status == S.SUBMITTED
    # Lecture-type activities are 参加活动 in the duty archive.
    lecture = af.office_activity(
        world.prefecture, participant_ids=[record.member_id], kind="lecture"
    )
    assert DutyRecord.objects.get(source_id=str(lecture.pk)).kind == "activity"
