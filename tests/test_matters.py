"""办实事: the workflow table, the chain through the pages (progress, evidence, report,
confirm), overdue logic with frozen time, the public list, permissions, query counts."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from ningju.core.errors import DomainError, TransitionNotAllowed
from ningju.matters import deadlines, selectors, services, workflow
from ningju.matters.choices import Status
from ningju.matters.models import Matter
from ningju.notify.models import Notification
from ningju.performance.models import DutyKind, DutyRecord
from tests import factories
from tests.suggestions_factories import jpeg, matter, matter_in

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize("status", Status.values)
@pytest.mark.parametrize("action", workflow.ACTIONS)
def test_transition_table_every_pair(status: str, action: str) -> None:
    expected = workflow.TRANSITIONS.get((status, action))
    if expected is None:
        with pytest.raises(TransitionNotAllowed):
            workflow.next_status(status, action)
    else:
        assert workflow.next_status(status, action) == expected
        assert action in workflow.allowed_actions(status)


def test_completed_and_cancelled_are_final() -> None:
    assert workflow.allowed_actions(Status.COMPLETED) == []
    assert workflow.allowed_actions(Status.CANCELLED) == []


# --------------------------------------------------------------------------- deadlines


class _M:
    def __init__(self, deadline: date, status: str = Status.IN_PROGRESS) -> None:
        self.deadline, self.status = deadline, status


def test_overdue_uses_local_dates_not_utc() -> None:
    m = _M(date(2026, 6, 6))
    # 23:30 on 6 June in Yanbian is 15:30 UTC: still on time.
    assert not deadlines.is_overdue(m, now=datetime(2026, 6, 6, 23, 30, tzinfo=SHANGHAI))
    # 00:10 on 7 June local time is still 6 June in UTC: overdue already.
    assert deadlines.is_overdue(m, now=datetime(2026, 6, 7, 0, 10, tzinfo=SHANGHAI))
    assert deadlines.days_left(m, now=datetime(2026, 6, 9, 9, 0, tzinfo=SHANGHAI)) == -3
    assert deadlines.is_due_soon(m, now=datetime(2026, 6, 1, 9, 0, tzinfo=SHANGHAI))
    # Reported or finished matters are never overdue.
    for status in (Status.REPORTED, Status.COMPLETED, Status.CANCELLED):
        assert not deadlines.is_overdue(
            _M(date(2026, 1, 1), status), now=datetime(2026, 6, 7, tzinfo=SHANGHAI)
        )


def test_overdue_in_lists_and_counts_with_frozen_time(world: factories.World) -> None:
    with time_machine.travel(datetime(2026, 5, 1, 9, 0, tzinfo=SHANGHAI), tick=False):
        late = matter(world, title="老旧小区加装扶手", deadline=date(2026, 5, 20))
        matter(world, title="朝汉双语标识更换", deadline=date(2026, 6, 30))
        done = matter(world, title="已报办结的", deadline=date(2026, 5, 10))
        services.matter_evidence_add(acting_user=world["staff"], matter=done, file=jpeg())
        services.matter_report_done(acting_user=world["staff"], matter=done, summary="已完成")
    with time_machine.travel(datetime(2026, 5, 21, 0, 5, tzinfo=SHANGHAI), tick=False):
        counts = selectors.matter_counts(user=world["staff"])
        assert counts["overdue"] == 1
        overdue = list(selectors.matter_list(user=world["staff"], overdue=True))
        assert overdue == [late]
        staff = Client()
        staff.force_login(world["staff"])
        page = staff.get("/matters/").content.decode()
        assert "已逾期 1 天" in page
        assert "mt-overdue" in page
        detail = staff.get(f"/matters/{late.pk}/").content.decode()
        assert "已逾期 1 天" in detail
    with time_machine.travel(datetime(2026, 5, 20, 23, 55, tzinfo=SHANGHAI), tick=False):
        assert selectors.matter_counts(user=world["staff"])["overdue"] == 0


# --------------------------------------------------------------------------- the chain


def test_whole_chain_through_the_pages(world: factories.World) -> None:
    staff, owner, unit = Client(), Client(), Client()
    staff.force_login(world["staff"])
    owner.force_login(world["member"])
    unit.force_login(world["unit_officer"])
    from tests.suggestions_factories import unit as the_unit

    member_id = world["member"].principal.member_id
    deadline = (timezone.localdate() + timedelta(days=40)).isoformat()
    response = staff.post(
        "/matters/new/",
        {
            "title": "农村客运班线恢复",
            "description": "和龙市东城镇村民反映班车停运，出行困难。",
            "beneficiaries": "东城镇光东村村民",
            "source_kind": "consultation",
            "source_reference": "有事来商量·东城镇协商会",
            "owner_member": member_id,
            "owner_unit": the_unit(world).pk,
            "deadline": deadline,
            "is_public": "on",
        },
    )
    m = Matter.objects.get(title="农村客运班线恢复")
    assert response.status_code == 302
    assert m.status == Status.PLANNED
    assert Notification.objects.filter(recipient=world["member"], event="matter.created")
    assert Notification.objects.filter(recipient=world["unit_officer"], event="matter.created")

    # The owner records progress: the work starts.
    response = owner.post(
        f"/matters/{m.pk}/progress/",
        {
            "progress-happened_on": timezone.localdate().isoformat(),
            "progress-percent": "60",
            "progress-stage": "working",
            "progress-note": "已与客运公司商定线路和班次。",
        },
    )
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.status == Status.IN_PROGRESS
    assert m.percent == 60

    # Reporting done needs evidence.
    response = unit.post(f"/matters/{m.pk}/report_done/", {"report-summary": "班线已恢复。"})
    assert response.status_code == 400
    assert "请先上传至少一张照片" in response.content.decode()
    bad = SimpleUploadedFile("photo.jpg", b"<html>not a photo</html>", content_type="image/jpeg")
    response = unit.post(f"/matters/{m.pk}/evidence/", {"evidence-file": bad})
    assert response.status_code == 400
    assert "文件内容与扩展名" in response.content.decode()
    response = unit.post(
        f"/matters/{m.pk}/evidence/", {"evidence-file": jpeg(), "evidence-caption": "首班车"}
    )
    assert response.status_code == 302
    evidence = m.evidence.get()
    download = owner.get(f"/matters/{m.pk}/evidence/{evidence.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    response = unit.post(
        f"/matters/{m.pk}/report_done/", {"report-summary": "班线已恢复，每日往返两趟。"}
    )
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.status == Status.REPORTED
    assert Notification.objects.filter(recipient=world["staff"], event="matter.reported")
    assert "农村客运班线恢复" not in Client().get("/matters/done/").content.decode()

    # The owner may not confirm; the office does.
    assert owner.post(f"/matters/{m.pk}/confirm/").status_code == 403
    assert staff.post(f"/matters/{m.pk}/confirm/").status_code == 302
    m.refresh_from_db()
    assert m.status == Status.COMPLETED
    assert m.completed_on is not None
    assert m.percent == 100
    record = DutyRecord.objects.get(source_id=str(m.pk), kind=DutyKind.PRACTICAL_MATTER)
    assert record.member_id == member_id
    public = Client().get("/matters/done/").content.decode()
    assert "农村客运班线恢复" in public
    assert "班线已恢复，每日往返两趟。" in public
    assert "photo.jpg" not in public


def test_office_may_return_and_cancel(world: factories.World) -> None:
    m = matter_in(world, "reported")
    staff = Client()
    staff.force_login(world["staff"])
    assert staff.post(f"/matters/{m.pk}/return/", {"return-reason": ""}).status_code == 400
    staff.post(f"/matters/{m.pk}/return/", {"return-reason": "照片看不出路灯已修好"})
    m.refresh_from_db()
    assert m.status == Status.IN_PROGRESS
    assert m.updates.filter(note__contains="照片看不出").exists()
    assert Notification.objects.filter(recipient=world["member"], event="matter.returned")
    staff.post(f"/matters/{m.pk}/cancel/", {"cancel-reason": "已由街道另行解决"})
    m.refresh_from_db()
    assert m.status == Status.CANCELLED


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "这个字段是必填项"),
        ("deadline", "2020-01-01", "承诺完成日期不能早于今天"),
        ("owner_member", "", "请指定牵头委员或责任单位"),
        ("deadline", "不是日期", "输入一个有效的日期"),
    ],
)
def test_bad_input_on_register_keeps_input_and_changes_nothing(
    world: factories.World, field: str, value: str, message: str
) -> None:
    staff = Client()
    staff.force_login(world["staff"])
    data = {
        "title": "延吉市公园路灯维修",
        "description": "居民反映公园步道路灯不亮。",
        "source_kind": "other",
        "owner_member": world["member"].principal.member_id,
        "deadline": (timezone.localdate() + timedelta(days=10)).isoformat(),
    }
    data[field] = value
    response = staff.post("/matters/new/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "居民反映公园步道路灯不亮。" in page
    assert not Matter.objects.exists()


def test_progress_rules(world: factories.World) -> None:
    m = matter(world)
    with pytest.raises(DomainError):
        services.matter_progress_add(acting_user=world["member"], matter=m, note="x", percent=101)
    with pytest.raises(DomainError):
        services.matter_progress_add(
            acting_user=world["member"],
            matter=m,
            note="x",
            percent=10,
            happened_on=timezone.localdate() + timedelta(days=2),
        )
    m.refresh_from_db()
    assert m.status == Status.PLANNED
    assert not m.updates.exists()


def test_who_sees_what(world: factories.World) -> None:
    owned = matter(world, title="委员牵头", with_unit=False)
    unit_only = matter(world, title="单位牵头", with_member=False)
    cases = {
        "staff": {owned.pk, unit_only.pk},
        "chair": {owned.pk, unit_only.pk},
        "member": {owned.pk},
        "unit_officer": {unit_only.pk},
        "standing": set(),
        "county_staff": set(),
        "public": set(),
    }
    for username, expected in cases.items():
        seen = set(selectors.matters_visible_to(user=world[username]).values_list("pk", flat=True))
        assert seen == expected, username
    client = Client()
    client.force_login(world["standing"])
    assert client.get(f"/matters/{owned.pk}/").status_code == 404
    client.force_login(world["unit_officer"])
    assert client.post(f"/matters/{owned.pk}/progress/", {}).status_code == 404
    assert (
        client.post(f"/matters/{unit_only.pk}/confirm/").status_code == 403
    )  # owners never confirm


def test_public_list_shows_only_completed_public_matters(
    world: factories.World, django_assert_max_num_queries
) -> None:
    for status in ("planned", "in_progress", "reported", "cancelled"):
        matter_in(world, status, title=f"未办结{status}")
    matter_in(world, "completed", title="私密实事", is_public=False)
    for n in range(23):
        matter_in(world, "completed", title=f"已办结实事{n}")
    Client().get("/matters/done/")
    with django_assert_max_num_queries(8):
        response = Client().get("/matters/done/")
    page = response.content.decode()
    assert "已办结实事22" in page
    assert "未办结" not in page
    assert "私密实事" not in page
    assert "第 1 / 2 页" in page
    assert "已办结实事0" in Client().get("/matters/done/?page=2").content.decode()
    # The selector the portal home page uses: newest first, limited, one query.
    with django_assert_max_num_queries(1):
        latest = selectors.matters_completed_public(organisation=world.prefecture, limit=3)
        titles = [m.title for m in latest]
        names = [m.organisation.short_name for m in latest]
    assert titles == ["已办结实事22", "已办结实事21", "已办结实事20"]
    assert len(names) == 3
    assert selectors.matters_completed_public(organisation=world.county, limit=3) == []
    assert selectors.matters_completed_public(organisation=world.prefecture, limit=0) == []


def test_list_query_count(world: factories.World, django_assert_max_num_queries) -> None:
    for n in range(25):
        matter(world, title=f"实事{n}")
    staff = Client()
    staff.force_login(world["staff"])
    staff.get("/matters/")
    with django_assert_max_num_queries(14):
        response = staff.get("/matters/")
    assert response.status_code == 200


def test_workspace_panels(world: factories.World) -> None:
    matter_in(world, "reported")
    staff = Client()
    staff.force_login(world["staff"])
    page = staff.get("/workspace/").content.decode()
    assert "报办结待确认" in page
    assert 'href="/matters/"' in page  # the nav entry
    matter(world, title="新的")
    member = Client()
    member.force_login(world["member"])
    assert "我牵头的实事" in member.get("/workspace/").content.decode()


def test_office_edits_while_open_and_not_after_reporting(world: factories.World) -> None:
    m = matter(world, title="路灯维修")
    staff = Client()
    staff.force_login(world["staff"])
    page = staff.get(f"/matters/{m.pk}/edit/").content.decode()
    assert 'value="路灯维修"' in page
    new_deadline = (timezone.localdate() + timedelta(days=60)).isoformat()
    response = staff.post(
        f"/matters/{m.pk}/edit/",
        {
            "title": "河南街道路灯维修（扩大到三个社区）",
            "description": m.description,
            "source_kind": "other",
            "owner_member": world["member"].principal.member_id,
            "deadline": new_deadline,
        },
    )
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.title == "河南街道路灯维修（扩大到三个社区）"
    assert m.deadline.isoformat() == new_deadline
    assert m.owner_unit is None
    assert not m.is_public
    reported = matter_in(world, "reported", title="已报办结")
    assert staff.get(f"/matters/{reported.pk}/edit/").status_code == 403
    owner = Client()
    owner.force_login(world["member"])
    assert owner.get(f"/matters/{m.pk}/edit/").status_code == 403
