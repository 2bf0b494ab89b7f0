"""Excel import and export of members (.xlsx)."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ningju.accounts.choices import AccountKind, Role
from ningju.accounts.services import role_grant, user_create
from ningju.core.models import AuditEvent
from ningju.members.choices import CommitteePosition, PoliticalAffiliation
from ningju.members.models import CommitteeSeat, Member, MemberImport, Membership
from ningju.members.validators import id_check_digit
from ningju.orgs.choices import HandlingUnitKind, OfficeKind, OrganisationLevel, SectorKind
from ningju.orgs.models import HandlingUnit, Office, Organisation, Sector, SpecialCommittee, Term

PASSWORD = "Xy7!long-enough-pass"
HEADERS = [
    "姓名*", "朝鲜文姓名", "性别*", "民族*", "出生日期", "政治面貌*", "界别*", "学历",
    "工作单位", "职务职称", "身份证号", "手机号", "通讯地址", "电子邮箱", "专长领域", "常委",
    "领导职务", "专门委员会", "任职状态",
]  # fmt: skip
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def make_id(birth: str, serial: str = "123") -> str:
    first17 = "222401" + birth + serial
    return first17 + id_check_digit(first17)


def row(name: str, id_number: str, **overrides: object) -> list[object]:
    values: dict[str, object] = {
        "姓名*": name,
        "朝鲜文姓名": "",
        "性别*": "男",
        "民族*": "朝鲜族",
        "出生日期": "",
        "政治面貌*": "中共党员",
        "界别*": "经济界",
        "学历": "大学本科",
        "工作单位": "延吉市第一中学",
        "职务职称": "校长",
        "身份证号": id_number,
        "手机号": "13812345678",
        "通讯地址": "延吉市河南街道光明路1号",
        "电子邮箱": "",
        "专长领域": "",
        "常委": "否",
        "领导职务": "",
        "专门委员会": "",
        "任职状态": "",
    }
    for key, value in overrides.items():
        header = key if key in values else f"{key}*"
        assert header in values, key
        values[header] = value
    return [values[h] for h in HEADERS]


def xlsx(rows: list[list[object]], headers: list[str] | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers or HEADERS)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def good_rows() -> list[list[object]]:
    return [
        row("金哲洙", make_id("19700501"), 专门委员会="经济委员会（主任）、文史委员会", 常委="是"),
        row("李明", make_id("19800212", "456"), 性别="女", 民族="汉族", 政治面貌="民盟"),
        row("朴英爱", make_id("19650930", "789"), 界别="教育界", 领导职务="副主席"),
    ]


def upload(client, content: bytes, name: str = "members.xlsx"):
    return client.post(
        reverse("members:import"), {"file": SimpleUploadedFile(name, content, content_type=XLSX)}
    )


def load(response) -> openpyxl.Workbook:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == XLSX
    return openpyxl.load_workbook(io.BytesIO(response.content))


def all_text(workbook: openpyxl.Workbook) -> str:
    return "\n".join(
        str(value)
        for sheet in workbook.worksheets
        for values in sheet.iter_rows(values_only=True)
        for value in values
        if value is not None
    )


# --- Fixtures -------------------------------------------------------------------------------


def make_org(code: str, name: str) -> Organisation:
    return Organisation.objects.create(
        code=code,
        name=name,
        short_name=name[:4],
        region=name[:2],
        level=OrganisationLevel.PREFECTURE,
    )


def make_staff(org: Organisation, username: str):
    office = Office.objects.create(organisation=org, name="办公室", kind=OfficeKind.GENERAL)
    user = user_create(
        acting_user=None,
        organisation=org,
        username=username,
        display_name="王干事",
        kind=AccountKind.STAFF,
        password=PASSWORD,
        must_change_password=False,
    )
    role_grant(acting_user=None, user=user, role=Role.OFFICE_STAFF, office=office)
    return user


@pytest.fixture
def org(db):
    return make_org("yanbian", "延边州政协")


@pytest.fixture
def term(org):
    return Term.objects.create(
        organisation=org, number=14, starts_on=date(2023, 1, 1), is_current=True
    )


@pytest.fixture
def sectors(org):
    return {
        name: Sector.objects.create(organisation=org, name=name, kind=SectorKind.PROFESSION)
        for name in ("经济界", "教育界", "无党派人士")
    }


@pytest.fixture
def committees(org):
    return {
        name: SpecialCommittee.objects.create(organisation=org, name=name)
        for name in ("经济委员会", "文史委员会")
    }


@pytest.fixture
def staff(org, term, sectors, committees):
    return make_staff(org, "staff")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    """Uploads enqueue the task on commit; the test transaction never commits."""

    def post(client, content: bytes, name: str = "members.xlsx"):
        with django_capture_on_commit_callbacks(execute=True):
            return upload(client, content, name)

    return post


def make_member(
    org, term, sector, name: str, id_number: str, phone: str = "13812345678", user=None
):
    from ningju.core import crypto

    member = Member.objects.create(
        organisation=org,
        user=user,
        name=name,
        sex="male",
        ethnicity="汉族",
        political_affiliation=PoliticalAffiliation.CPC,
        id_number=id_number,
        id_number_index=crypto.blind_index(id_number, purpose="id_number"),
        phone=phone,
        address="延吉市河南街道光明路1号",
    )
    Membership.objects.create(member=member, term=term, sector=sector)
    return member


# --- Template -------------------------------------------------------------------------------


def test_template_is_xlsx_with_headers_help_and_dropdowns(staff_client, sectors, committees):
    workbook = load(staff_client.get(reverse("members:import_template")))
    sheet = workbook["委员信息"]
    assert [c.value for c in sheet[1]] == HEADERS
    assert "填写说明" in workbook.sheetnames
    help_text = all_text(workbook)
    for name in (*sectors, *committees):
        assert name in help_text
    validated = {str(v.sqref).split(":")[0] for v in sheet.data_validations.dataValidation}
    # 性别 C, 政治面貌 F, 界别 G, 常委 P, 领导职务 Q
    assert {"C2", "F2", "G2", "P2", "Q2"} <= validated
    assert sheet.column_dimensions["K"].number_format == "@"  # ID numbers stay text


# --- Import ---------------------------------------------------------------------------------


def test_good_file_creates_members_memberships_and_audit(staff_client, run_tasks, term, committees):
    response = run_tasks(staff_client, xlsx(good_rows()))
    job = MemberImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("members:import_status", args=[job.pk])
    assert job.status == MemberImport.Status.COMMITTED, job.errors
    assert (job.created_count, job.updated_count) == (3, 0)
    assert job.total_rows == job.processed_rows == 3
    assert bytes(job.content) == b""  # the clear-text file is not kept

    assert Member.objects.count() == 3
    assert Membership.objects.filter(term=term).count() == 3
    kim = Member.objects.get(name="金哲洙")
    assert kim.birth_date == date(1970, 5, 1)  # taken from the ID number
    seat = kim.memberships.get()
    assert seat.is_standing_committee
    positions = {
        s.committee.name: s.position for s in CommitteeSeat.objects.filter(membership=seat)
    }
    assert positions == {
        "经济委员会": CommitteePosition.DIRECTOR,
        "文史委员会": CommitteePosition.MEMBER,
    }
    assert Member.objects.get(name="朴英爱").memberships.get().leadership_position == "vice_chair"
    assert AuditEvent.objects.filter(action="member.create").count() == 3
    assert AuditEvent.objects.filter(action="member.import").count() == 1

    page = staff_client.get(response["Location"])
    assert "新增 3 位委员" in page.content.decode()


def test_reimporting_the_same_file_updates_instead_of_duplicating(staff_client, run_tasks):
    run_tasks(staff_client, xlsx(good_rows()))
    changed = good_rows()
    changed[0][HEADERS.index("职务职称")] = "名誉校长"
    run_tasks(staff_client, xlsx(changed))

    second = MemberImport.objects.order_by("-pk").first()
    assert second.status == MemberImport.Status.COMMITTED, second.errors
    assert (second.created_count, second.updated_count) == (0, 3)
    assert Member.objects.count() == 3
    assert Membership.objects.count() == 3
    assert Member.objects.get(name="金哲洙").job_title == "名誉校长"
    assert AuditEvent.objects.filter(action="member.update").count() == 1  # only the change


def test_one_bad_row_saves_nothing_and_lists_row_and_column(staff_client, run_tasks):
    rows = good_rows()
    bad_id = make_id("19800212", "456")
    rows[1][HEADERS.index("身份证号")] = bad_id[:-1] + ("0" if bad_id[-1] != "0" else "1")
    response = run_tasks(staff_client, xlsx(rows))

    job = MemberImport.objects.get()
    assert job.status == MemberImport.Status.INVALID
    assert Member.objects.count() == 0
    assert Membership.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="member.").exists()
    assert job.errors[0]["row"] == 3
    assert job.errors[0]["column"] == "身份证号"

    page = staff_client.get(response["Location"]).content.decode()
    assert "第3行" in page
    assert "身份证号" in page
    assert "校验位不正确" in page
    assert "hx-trigger" not in page  # finished: no more polling

    errors = load(staff_client.get(reverse("members:import_errors", args=[job.pk])))
    assert "校验位不正确" in all_text(errors)


def test_problems_are_shown_in_the_readers_language(staff_client, run_tasks):
    rows = good_rows()
    rows[1][HEADERS.index("身份证号")] = "222401198002124561"  # wrong check digit
    staff_client.cookies["ningju_language"] = "ko"
    response = run_tasks(staff_client, xlsx(rows))
    job = MemberImport.objects.get()
    assert job.errors[0]["message"] == "身份证号校验位不正确，请核对。"  # stored as the source
    korean = staff_client.get(response["Location"]).content.decode()
    assert "신분증번호의 검증자리가 맞지 않습니다" in korean
    staff_client.cookies["ningju_language"] = "zh-hans"
    chinese = staff_client.get(response["Location"]).content.decode()
    assert "身份证号校验位不正确，请核对。" in chinese


def test_row_errors_name_each_column(staff_client, run_tasks):
    rows = [
        row("", make_id("19700501"), 性别="X", 民族="火星族", 界别="不存在界", 手机号="12345"),
        row("甲", make_id("19700501"), 专门委员会="不存在委员会", 电子邮箱="not-an-email"),
        row("乙", make_id("19700501")),  # same ID as row 3
    ]
    run_tasks(staff_client, xlsx(rows))
    job = MemberImport.objects.get()
    found = {(e["row"], e["column"]) for e in job.errors}
    assert {(2, "姓名"), (2, "性别"), (2, "民族"), (2, "界别"), (2, "手机号")} <= found
    assert {(3, "专门委员会"), (3, "电子邮箱"), (4, "身份证号")} <= found
    assert Member.objects.count() == 0


def test_traditional_characters_in_lookup_values(staff_client, run_tasks):
    rows = [
        row("金鐘國", make_id("19700501"), 民族="朝鮮族", 政治面貌="無黨派人士", 界别="無黨派人士")
    ]
    run_tasks(staff_client, xlsx(rows))
    member = Member.objects.get()
    assert member.name == "金鐘國"  # names stay as typed
    assert member.ethnicity == "朝鲜族"
    assert member.political_affiliation == PoliticalAffiliation.NON_PARTY
    assert member.memberships.get().sector.name == "无党派人士"


def test_masked_values_from_an_export_are_refused(staff_client, run_tasks):
    run_tasks(staff_client, xlsx([row("甲", "222401********1234", 手机号="138****5678")]))
    job = MemberImport.objects.get()
    assert {e["column"] for e in job.errors} == {"身份证号", "手机号"}
    assert "脱敏" in job.errors[0]["message"]


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"name,phone\n1,2\n", "members.csv", "不是有效的 Excel"),
        (b"this is not a spreadsheet", "members.xlsx", "不是有效的 Excel"),
        (xlsx([], headers=["姓名*", "性别*"]), "members.xlsx", "民族*"),
        (xlsx([], headers=["名字"]), "members.xlsx", "没有找到表头"),
        (xlsx([]), "members.xlsx", "没有委员数据"),
    ],
)
def test_bad_files_are_refused_next_to_the_field(staff_client, run_tasks, content, name, expected):
    response = run_tasks(staff_client, content, name)
    assert response.status_code == 200
    page = response.content.decode()
    assert expected in page
    assert 'class="errorlist"' in page
    assert "没有任何改动" in page
    assert MemberImport.objects.count() == 0
    assert Member.objects.count() == 0


def test_too_many_rows_and_too_large_files(staff_client, run_tasks, monkeypatch):
    from ningju.members import importing

    monkeypatch.setattr(importing, "MAX_ROWS", 2)
    response = run_tasks(staff_client, xlsx(good_rows()))
    assert "一次最多导入 2 位委员" in response.content.decode()
    monkeypatch.setattr(importing, "MAX_FILE_BYTES", 100)
    response = run_tasks(staff_client, xlsx(good_rows()[:1]))
    assert "文件超过" in response.content.decode()
    assert MemberImport.objects.count() == 0


def test_status_page_polls_with_a_progress_bar_while_running(staff_client, staff, org):
    job = MemberImport.objects.create(
        organisation=org,
        uploaded_by=staff,
        file_name="members.xlsx",
        content=b"x",
        status=MemberImport.Status.VALIDATING,
        total_rows=200,
        processed_rows=50,
    )
    url = reverse("members:import_status", args=[job.pk])
    page = staff_client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert f'hx-get="{url}"' in page
    fragment = staff_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith("<section")
    assert '<progress max="200" value="50"' in fragment
    assert "style=" not in fragment
    assert "<script" not in fragment


def test_task_reports_progress_as_it_goes(staff, org, term, sectors, committees, monkeypatch):
    from ningju.members import importing, tasks

    monkeypatch.setattr(importing, "PROGRESS_EVERY", 2)
    updates: list[dict] = []
    original = tasks._update

    def record(import_id, **fields):
        updates.append(fields)
        original(import_id, **fields)

    monkeypatch.setattr(tasks, "_update", record)
    job = MemberImport.objects.create(
        organisation=org, uploaded_by=staff, file_name="m.xlsx", content=xlsx(good_rows())
    )
    result = tasks.run_member_import.enqueue(job.pk)
    assert result.return_value == MemberImport.Status.COMMITTED
    assert {"total_rows": 3} in updates
    assert [u["processed_rows"] for u in updates if set(u) == {"processed_rows"}] == [2, 3]
    # Running the same import again changes nothing.
    assert tasks.run_member_import.enqueue(job.pk).return_value == MemberImport.Status.COMMITTED
    assert Member.objects.count() == 3


# --- Permissions ----------------------------------------------------------------------------


@pytest.fixture
def member_user(org, term, sectors):
    user = user_create(
        acting_user=None,
        organisation=org,
        username="member",
        display_name="金委员",
        kind=AccountKind.MEMBER,
        password=PASSWORD,
        must_change_password=False,
    )
    make_member(org, term, sectors["经济界"], "金委员", make_id("19700101", "111"), user=user)
    return user


@pytest.fixture
def unit_user(org):
    unit = HandlingUnit.objects.create(
        organisation=org, name="教育局", kind=HandlingUnitKind.GOVERNMENT
    )
    user = user_create(
        acting_user=None,
        organisation=org,
        username="unit",
        display_name="经办人",
        kind=AccountKind.UNIT,
        password=PASSWORD,
        must_change_password=False,
    )
    role_grant(acting_user=None, user=user, role=Role.UNIT_OFFICER, handling_unit=unit)
    return user


@pytest.mark.parametrize("who", ["member_user", "unit_user"])
def test_members_and_unit_users_get_403(client, request, staff, org, who):
    job = MemberImport.objects.create(
        organisation=org, uploaded_by=staff, file_name="m.xlsx", content=b""
    )
    client.force_login(request.getfixturevalue(who))
    for url in (
        reverse("members:import_template"),
        reverse("members:import"),
        reverse("members:import_status", args=[job.pk]),
        reverse("members:import_errors", args=[job.pk]),
        reverse("members:export"),
    ):
        assert client.get(url).status_code == 403, url
    assert upload(client, xlsx(good_rows())).status_code == 403
    assert client.post(reverse("members:export"), {}).status_code == 403
    assert Member.objects.filter(user__isnull=True).count() == 0


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("members:import"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_other_organisations_staff_gets_404(client, staff, org):
    job = MemberImport.objects.create(
        organisation=org, uploaded_by=staff, file_name="m.xlsx", content=b""
    )
    other = make_org("yanji", "延吉市政协")
    Term.objects.create(organisation=other, number=15, starts_on=date(2022, 1, 1), is_current=True)
    client.force_login(make_staff(other, "other-staff"))
    assert client.get(reverse("members:import_status", args=[job.pk])).status_code == 404
    assert client.get(reverse("members:import_errors", args=[job.pk])).status_code == 404


# --- Export ---------------------------------------------------------------------------------


@pytest.fixture
def listed(org, term, sectors):
    return [
        make_member(org, term, sectors["经济界"], "金哲洙", make_id("19700501"), "13812345678"),
        make_member(
            org, term, sectors["教育界"], "李明", make_id("19800212", "456"), "13998765432"
        ),
    ]


def exported_rows(response) -> tuple[openpyxl.Workbook, list[tuple]]:
    workbook = load(response)
    sheet = workbook["委员信息"]
    return workbook, list(sheet.iter_rows(min_row=3, values_only=True))


def test_export_masks_personal_data_by_default_and_audits(staff_client, staff, listed):
    response = staff_client.post(reverse("members:export"), {})
    workbook, rows = exported_rows(response)
    text = all_text(workbook)
    assert "138****5678" in text
    assert "13812345678" not in text
    assert listed[0].id_number not in text
    assert "222401********" in text
    assert len(rows) == 2
    sheet = workbook["委员信息"]
    assert [c.value for c in sheet[2]] == HEADERS
    assert "导出人" in sheet["A1"].value
    assert staff.username in sheet["A1"].value
    assert workbook.properties.creator == staff.username
    assert response["Cache-Control"].startswith("max-age=0")
    event = AuditEvent.objects.get(action="member.export")
    assert event.actor_id == staff.pk
    assert event.after["count"] == 2
    assert event.after["unmasked"] is False
    assert not AuditEvent.objects.filter(action="member.export_unmasked").exists()


def test_export_uses_the_directory_filters(staff_client, listed, sectors):
    response = staff_client.post(reverse("members:export"), {"sector": sectors["教育界"].pk})
    _workbook, rows = exported_rows(response)
    assert [r[0] for r in rows] == ["李明"]
    page = staff_client.get(reverse("members:export"), {"sector": sectors["教育界"].pk})
    assert page.status_code == 200
    assert f'value="{sectors["教育界"].pk}" selected' in page.content.decode()


def test_unmasked_export_needs_the_checkbox_and_is_audited(staff_client, listed):
    response = staff_client.post(reverse("members:export"), {"full_data": "on"})
    workbook, _rows = exported_rows(response)
    text = all_text(workbook)
    assert "13812345678" in text
    assert listed[0].id_number in text
    event = AuditEvent.objects.get(action="member.export_unmasked")
    assert sorted(event.after["members"]) == sorted(m.pk for m in listed)
    assert AuditEvent.objects.get(action="member.export").after["unmasked"] is True


def test_exported_text_never_becomes_a_formula(staff_client, listed):
    Member.objects.filter(pk=listed[0].pk).update(work_unit='=HYPERLINK("http://x","y")')
    workbook, _rows = exported_rows(staff_client.post(reverse("members:export"), {}))
    cell = next(c for c in workbook["委员信息"]["I"] if c.value and str(c.value).startswith("="))
    assert cell.data_type == "s"


def test_unmasked_export_round_trips_through_import(staff_client, run_tasks, listed):
    response = staff_client.post(reverse("members:export"), {"full_data": "on"})
    run_tasks(staff_client, response.content)
    job = MemberImport.objects.get()
    assert job.status == MemberImport.Status.COMMITTED, job.errors
    assert (job.created_count, job.updated_count) == (0, 2)


def test_export_query_count_is_bounded(
    staff_client, org, term, sectors, committees, django_assert_max_num_queries
):
    for i in range(60):
        member = make_member(
            org, term, sectors["经济界"], f"委员{i:02d}", make_id("19700501", f"{i:03d}")
        )
        seat = member.memberships.get()
        CommitteeSeat.objects.create(membership=seat, committee=committees["经济委员会"])
    with django_assert_max_num_queries(25):
        response = staff_client.post(reverse("members:export"), {})
    _workbook, rows = exported_rows(response)
    assert len(rows) == 60
    assert all(r[HEADERS.index("专门委员会")] == "经济委员会" for r in rows)


def test_directory_links_to_import_and_export(staff_client):
    page = staff_client.get(reverse("members:directory")).content.decode()
    assert reverse("members:import") in page
    assert reverse("members:export") in page
