"""Member records through the pages: directory, profile, create/edit with bad input, reveal."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from ningju.core.models import AuditEvent
from ningju.members.models import Member, Membership
from ningju.orgs.models import Sector, SpecialCommittee
from tests import factories

pytestmark = pytest.mark.django_db


def _form(world: factories.World, **overrides: str) -> dict[str, str]:
    sector = Sector.objects.get(organisation=world.prefecture, name="医药卫生界")
    data = {
        "term": "",
        "name": "崔美善",
        "name_ko": "최미선",
        "sex": "female",
        "ethnicity": "朝鲜族",
        "birth_date": "1975-03-08",
        "political_affiliation": "capd",
        "education": "大学本科",
        "work_unit": "延边大学附属医院",
        "job_title": "主任医师",
        "id_number": factories.valid_id_number("19750308", male=False),
        "phone": "13904331234",
        "address": "吉林省延吉市进学街道局子街1327号",
        "email": "cui@example.cn",
        "expertise": "公共卫生",
        "biography": "长期从事基层医疗工作。",
        "sector": str(sector.pk),
        "leadership_position": "",
        "status": "active",
    }
    data.update(overrides)
    return data


def test_staff_adds_a_member_and_sees_the_profile(world: factories.World, login) -> None:  # type: ignore[no-untyped-def]
    client: Client = login(world["staff"])
    committee = SpecialCommittee.objects.get(organisation=world.prefecture, name="经济委员会")
    response = client.post(
        "/members/new/", _form(world, committees=str(committee.pk), director_of=str(committee.pk))
    )
    assert response.status_code == 302
    member = Member.objects.get(name="崔美善")
    assert member.organisation == world.prefecture
    seat = Membership.objects.get(member=member).seats.get()
    assert seat.position == "director"
    page = client.get(response.headers["Location"]).content.decode()
    assert "崔美善" in page
    assert "최미선" in page
    assert "139****1234" in page
    assert "13904331234" not in page
    assert AuditEvent.objects.filter(action="member.create", object_id=str(member.pk)).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("id_number", "222401197503081235", "校验位不正确"),
        ("id_number", "22240119751308123X", "出生日期无效"),
        ("id_number", "12345", "应为18位"),
        ("phone", "1390433", "11位手机号码"),
        ("ethnicity", "韩族", "规范的民族名称"),
        ("name", "", "这个字段是必填项"),
        ("email", "not-an-email", "有效的电子邮箱"),
        ("birth_date", "1975-13-40", "有效日期"),
    ],
)
def test_bad_input_is_explained_next_to_the_field_and_kept(
    world: factories.World,
    login,
    field: str,
    value: str,
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    client: Client = login(world["staff"])
    before = Member.objects.count()
    audit_before = AuditEvent.objects.count()
    response = client.post("/members/new/", _form(world, **{field: value}))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert f'id="id_{field}_error"' in page
    # What the user typed is still there (except the erroneous value itself for dates).
    assert "延边大学附属医院" in page
    assert "长期从事基层医疗工作。" in page
    assert Member.objects.count() == before
    assert AuditEvent.objects.count() == audit_before


def test_duplicate_id_number_is_refused(world: factories.World, login) -> None:  # type: ignore[no-untyped-def]
    client: Client = login(world["staff"])
    existing = Member.objects.get(name="金哲洙")
    response = client.post("/members/new/", _form(world, id_number=existing.id_number))
    assert response.status_code == 200
    assert "已有使用该身份证号的委员" in response.content.decode()
    assert not Member.objects.filter(name="崔美善").exists()


def test_edit_keeps_secret_fields_when_left_blank(world: factories.World, login) -> None:  # type: ignore[no-untyped-def]
    client: Client = login(world["staff"])
    member = Member.objects.get(name="金哲洙")
    old_id, old_phone = member.id_number, member.phone
    page = client.get(f"/members/{member.pk}/edit/").content.decode()
    assert old_id not in page
    assert old_phone not in page
    sector = Sector.objects.get(organisation=world.prefecture, name="经济界")
    response = client.post(
        f"/members/{member.pk}/edit/",
        _form(world, name="金哲洙", id_number="", phone="", address="", sector=str(sector.pk)),
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.id_number == old_id
    assert member.phone == old_phone
    assert member.work_unit == "延边大学附属医院"
    event = AuditEvent.objects.filter(action="member.update", object_id=str(member.pk)).get()
    assert event.before["work_unit"] == "延边大学"
    assert event.after["work_unit"] == "延边大学附属医院"
    assert "id_number" not in event.after


def test_reveal_shows_full_values_and_is_audited(world: factories.World, login) -> None:  # type: ignore[no-untyped-def]
    client: Client = login(world["staff"])
    member = Member.objects.get(name="金哲洙")
    response = client.post(f"/members/{member.pk}/reveal/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert member.phone in response.content.decode()
    event = AuditEvent.objects.get(action="member.reveal_personal_data")
    assert event.actor == world["staff"]
    assert event.object_id == str(member.pk)


@pytest.mark.parametrize("username", ["member", "standing", "chair", "director"])
def test_members_and_leaders_see_only_masked_data(
    world: factories.World, login, username: str
) -> None:  # type: ignore[no-untyped-def]
    client: Client = login(world[username])
    for member in Member.objects.filter(organisation=world.prefecture):
        page = client.get(f"/members/{member.pk}/").content.decode()
        assert member.phone not in page
        assert member.id_number not in page
        assert "查看完整信息" not in page


def test_personal_data_is_encrypted_in_the_database(world: factories.World) -> None:
    member = Member.objects.get(name="金哲洙")
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, id_number FROM members_member WHERE id = %s", [member.pk])
        phone, id_number = cursor.fetchone()
    assert phone.startswith("sm4g1:")
    assert "13812345678" not in phone
    assert member.id_number not in id_number


def test_directory_filters(world: factories.World, login) -> None:  # type: ignore[no-untyped-def]
    client: Client = login(world["staff"])
    committee = SpecialCommittee.objects.get(organisation=world.prefecture, name="经济委员会")
    page = client.get("/members/", {"committee": committee.pk}).content.decode()
    assert "金哲洙" in page
    assert "李东浩" in page
    assert "康芳" not in page
    page = client.get("/members/", {"affiliation": "cpc"}).content.decode()
    assert "康芳" in page
    assert "金哲洙" not in page
    page = client.get("/members/", {"standing": "on"}).content.decode()
    assert "朴英顺" in page
    assert "金哲洙" not in page
    # County members never appear in the prefecture directory.
    assert "崔明日" not in client.get("/members/").content.decode()


def test_directory_search_accepts_traditional_characters(world: factories.World, login) -> None:  # type: ignore[no-untyped-def]
    client: Client = login(world["member"])
    page = client.get("/members/", {"q": "東浩"}).content.decode()
    assert "李东浩" in page
    page = client.get("/members/", {"q": "jin zhe"}).content.decode()
    assert "金哲洙" in page


def test_directory_htmx_returns_only_results(world: factories.World, login) -> None:  # type: ignore[no-untyped-def]
    client: Client = login(world["member"])
    response = client.get("/members/", {"q": "金"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert "金哲洙" in body


def test_directory_query_count_is_constant(
    world: factories.World, login, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client: Client = login(world["staff"])
    for i in range(40):
        factories.member(world.prefecture, f"测试委员{i}", phone="")
    client.get("/members/")  # the first request of a session stamps its activity time
    with django_assert_max_num_queries(13):  # 12 + the unread-notifications badge
        response = client.get("/members/")
    assert response.status_code == 200
    assert "测试委员" in response.content.decode()
