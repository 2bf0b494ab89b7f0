"""The member spreadsheet (.xlsx): template, reading, row checks and the all-or-nothing commit.

The sheet is an official exchange format, so its headers and cell values are Chinese for
everyone. What people read on screen (the problems found in a file) is stored as the Chinese
source message plus parameters and translated when shown, in the reader's language.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ningju.accounts.models import User
from ningju.core import audit, crypto
from ningju.core.errors import DomainError
from ningju.orgs.models import Organisation, Sector, SpecialCommittee, Term
from ningju.textmatch.normalize import to_simplified

from . import services
from .choices import (
    EDUCATION_LEVELS,
    ETHNIC_GROUPS,
    CommitteePosition,
    LeadershipPosition,
    MembershipStatus,
    PoliticalAffiliation,
    Sex,
)
from .models import Member, MemberImport
from .services import MemberData
from .validators import validate_ethnicity, validate_id_number, validate_phone

MAX_ROWS = 5000
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # a 5 MB zip that inflates past this is not a member list
MAX_PROBLEMS = 1000
PROGRESS_EVERY = 50
HEADER_SEARCH_ROWS = 5  # an export has a watermark line above the headers
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

SHEET_TITLE = "委员信息"
HELP_SHEET_TITLE = "填写说明"
OPTIONS_SHEET_TITLE = "选项"
LIST_SEPARATORS = re.compile(r"[、,;]")
COMMITTEE_ENTRY = re.compile(r"^(?P<name>.+?)\s*\((?P<position>[^()]*)\)$")

# --- Messages (Chinese source strings; stored as such and translated when shown) -----------

MSG_NOT_XLSX = _(
    "这不是有效的 Excel（.xlsx）文件。请在 Excel 或 WPS 中用“另存为”保存成 .xlsx 格式后再上传。"
)
MSG_FILE_EMPTY = _("上传的文件是空的。")
MSG_FILE_TOO_BIG = _("文件超过 %(max)s MB。请把委员分成几个文件分批导入。")
MSG_NO_HEADER = _("没有找到表头。第一行应是“姓名*”“性别*”等列名，请下载模板后按模板填写。")
MSG_MISSING_COLUMNS = _("表头缺少以下列：%(columns)s。请下载模板后按模板的表头填写。")
MSG_NO_ROWS = _("表格中没有委员数据。请从第%(row)s行起每行填写一位委员。")
MSG_TOO_MANY_ROWS = _("表格超过 %(max)s 行。一次最多导入 %(max)s 位委员，请分批导入。")
MSG_NO_TERM = _("本组织还没有设置本届，暂时不能导入。请先设置本届。")
MSG_FAILED = _("处理文件时出错，没有导入任何数据。请稍后重试；如果仍然出错，请联系系统管理员。")
MSG_MORE_PROBLEMS = _("还有 %(count)s 处错误未列出。请先修改以上错误后重新上传。")

MSG_REQUIRED = _("必须填写。")
MSG_TOO_LONG = _("不能超过%(max)s个字（现在是%(length)s个）。")
MSG_SEX = _("请填写“男”或“女”。")
MSG_DATE = _("请输入有效日期，如 1970-05-01。")
MSG_DATE_RANGE = _("出生日期应在 1900-01-01 到今天之间。")
MSG_DATE_MISMATCH = _("与身份证号中的出生日期（%(date)s）不一致。")
MSG_AFFILIATION = _("“%(value)s”不是可选的政治面貌。可以填写：%(choices)s。")
MSG_SECTOR = _("本组织没有“%(value)s”这个界别。可以填写：%(choices)s。")
MSG_SECTOR_NONE = _("本组织还没有设置界别，请先设置界别。")
MSG_EDUCATION = _("“%(value)s”不是可选的学历。可以填写：%(choices)s。")
MSG_MASKED = _("这是脱敏显示的号码（含*），不能导入。请填写完整号码。")
MSG_ID_NUMERIC = _(
    "身份证号被存成了数字，后几位可能已被 Excel 改动。请把该列设为“文本”格式后重新输入。"
)
MSG_ID_DUPLICATE = _("与第%(first)s行的身份证号重复。")
MSG_EMAIL = _("请输入有效的电子邮箱地址。")
MSG_YES_NO = _("请填写“是”或“否”，不填表示“否”。")
MSG_LEADERSHIP = _("请填写“主席”“副主席”“秘书长”，或者不填。")
MSG_COMMITTEE = _("本组织没有“%(value)s”这个专门委员会。可以填写：%(choices)s。")
MSG_COMMITTEE_POSITION = _("“%(value)s”括号中的职务只能是“主任”或“副主任”，如：经济委员会(主任)。")
MSG_COMMITTEE_TWICE = _("专门委员会“%(value)s”填写了不止一次。")
MSG_STATUS = _("请填写“在任”“已辞去”“已撤销”，不填表示“在任”。")


# --- Columns -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # the header without the required mark; errors name the column by it
    required: bool = False
    max_length: int | None = None
    width: int = 14
    note: str = ""  # shown on the 填写说明 sheet (part of the Chinese exchange format)
    number_format: str = ""

    @property
    def header(self) -> str:
        return f"{self.label}*" if self.required else self.label


@lru_cache(maxsize=1)
def _affiliation_labels() -> tuple[str, ...]:
    return tuple(source_label(label) for _value, label in PoliticalAffiliation.choices)


COLUMNS: tuple[Column, ...] = (
    Column("name", "姓名", True, 40, 10, "委员本人姓名。"),
    Column("name_ko", "朝鲜文姓名", False, 40, 12, "朝鲜族委员可填写朝鲜文姓名，如：김철수。"),
    Column("sex", "性别", True, None, 7, "填写“男”或“女”。"),
    Column("ethnicity", "民族", True, 12, 10, "填写规范的民族名称，如“汉族”“朝鲜族”。"),
    Column(
        "birth_date",
        "出生日期",
        False,
        None,
        12,
        "日期格式，如 1970-05-01。不填时按身份证号推算。",
        "yyyy-mm-dd",
    ),
    Column("political_affiliation", "政治面貌", True, None, 12, "从下拉列表中选择。"),
    Column("sector", "界别", True, None, 16, "从下拉列表中选择本组织的界别（见下方列表）。"),
    Column("education", "学历", False, 20, 12, "可填写：" + "、".join(EDUCATION_LEVELS) + "。"),
    Column("work_unit", "工作单位", False, 100, 24, "不超过100个字。"),
    Column("job_title", "职务职称", False, 100, 18, "不超过100个字。"),
    Column(
        "id_number",
        "身份证号",
        False,
        18,
        21,
        "18位居民身份证号码，请保持本列为“文本”格式。与本组织已有委员身份证号相同的行会更新该委员，"
        "否则新增委员；不填身份证号的行每次导入都会新增委员。",
        "@",
    ),
    Column(
        "phone",
        "手机号",
        False,
        20,
        14,
        "11位手机号码，或带区号的固定电话（如 0433-2512345）。",
        "@",
    ),
    Column("address", "通讯地址", False, 200, 28, "不超过200个字。"),
    Column("email", "电子邮箱", False, 254, 22, "如：name@example.cn。"),
    Column("expertise", "专长领域", False, 200, 18, "不超过200个字。"),
    Column("is_standing_committee", "常委", False, None, 7, "是 / 否，不填为“否”。"),
    Column("leadership_position", "领导职务", False, None, 10, "主席、副主席、秘书长，或不填。"),
    Column(
        "committees",
        "专门委员会",
        False,
        None,
        30,
        "多个专门委员会用“、”或“,”分开；担任主任、副主任的在名称后加“(主任)”或“(副主任)”，"
        "如：经济委员会(主任)、文史委员会。",
    ),
    Column("status", "任职状态", False, None, 10, "在任、已辞去、已撤销，不填为“在任”。"),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
FIELD_COLUMN = {  # DomainError.field from the services → the column to blame
    "id_number": "id_number",
    "phone": "phone",
    "name": "name",
    "sector": "sector",
}


# --- Problems ------------------------------------------------------------------------------


def msgid(message: str | Promise) -> str:
    """The untranslated source text of a (lazy) message, for storing."""
    with translation.override(None):
        return str(message)


def problem(row: int | None, column: str, message: str | Promise, **params: Any) -> dict[str, Any]:
    """One stored problem: Excel row number, column label, source message and its values."""
    return {"row": row, "column": column, "message": msgid(message), "params": params}


def describe(stored: dict[str, Any]) -> dict[str, Any]:
    """A stored problem in the current language: row, column and the message text."""
    message = str(stored.get("message") or "")
    text = gettext(message) if message else ""
    params = stored.get("params") or {}
    if params:
        try:
            text = text % params
        except (KeyError, TypeError, ValueError):  # a translation with broken placeholders
            try:
                text = message % params
            except (KeyError, TypeError, ValueError):
                text = message
    return {"row": stored.get("row"), "column": stored.get("column") or "", "message": text}


def describe_all(stored: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [describe(p) for p in stored]


def cap_problems(problems: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    rest = len(problems) - MAX_PROBLEMS
    return [*problems[:MAX_PROBLEMS], problem(None, "", MSG_MORE_PROBLEMS, count=rest)]


class WorkbookError(Exception):
    """The file as a whole cannot be read (not xlsx, wrong headers, empty, too large)."""

    def __init__(self, message: str | Promise, **params: Any) -> None:
        self.message = message
        self.params = params
        super().__init__(msgid(message))

    def as_problem(self) -> dict[str, Any]:
        return problem(None, "", self.message, **self.params)

    def as_validation_error(self) -> ValidationError:
        return ValidationError(self.message, code="workbook", params=self.params or None)  # type: ignore[arg-type]


class RowRefusedError(Exception):
    """A service refused one row while committing; the whole import is rolled back."""

    def __init__(self, stored: dict[str, Any]) -> None:
        self.problem = stored
        super().__init__(stored["message"])


# --- Choice values in the sheet ------------------------------------------------------------


def source_label(label: str | Promise) -> str:
    return msgid(label)


def choice_label(choices: type[models.TextChoices], value: str) -> str:
    """The Chinese label a sheet uses for a stored choice value ("" when blank)."""
    if not value:
        return ""
    for choice_value, label in choices.choices:
        if choice_value == value:
            return source_label(label)
    return value


def _choice_lookup(choices: type[models.TextChoices], **aliases: str) -> dict[str, str]:
    lookup = {
        to_simplified(source_label(label)): value for value, label in choices.choices if value
    }
    lookup.update({to_simplified(k): v for k, v in aliases.items()})
    return lookup


@lru_cache(maxsize=1)
def _lookups() -> dict[str, dict[str, Any]]:
    return {
        "sex": _choice_lookup(Sex, 男性=Sex.MALE, 女性=Sex.FEMALE),
        "political_affiliation": _choice_lookup(
            PoliticalAffiliation,
            中国共产党党员=PoliticalAffiliation.CPC,
            中共预备党员=PoliticalAffiliation.CPC,
            共产党员=PoliticalAffiliation.CPC,
            无党派=PoliticalAffiliation.NON_PARTY,
        ),
        "leadership_position": {
            **_choice_lookup(LeadershipPosition),
            "": LeadershipPosition.NONE,
            "无": LeadershipPosition.NONE,
        },
        "status": {**_choice_lookup(MembershipStatus), "": MembershipStatus.ACTIVE},
        "committee_position": {
            "主任": CommitteePosition.DIRECTOR,
            "副主任": CommitteePosition.DEPUTY_DIRECTOR,
            "委员": CommitteePosition.MEMBER,
        },
        "yes_no": {"": False, "是": True, "否": False},
        "education": {
            **{e: e for e in EDUCATION_LEVELS},
            "博士": "博士研究生",
            "硕士": "硕士研究生",
            "本科": "大学本科",
            "大专": "大学专科",
        },
    }


# --- Reading the file ----------------------------------------------------------------------


@dataclass(frozen=True)
class SheetRow:
    number: int  # the row number as Excel shows it
    values: dict[str, Any]


def check_upload(name: str, size: int) -> None:
    """Cheap checks on an upload before its content is read."""
    if not (name or "").lower().endswith(".xlsx"):
        raise WorkbookError(MSG_NOT_XLSX)
    if not size:
        raise WorkbookError(MSG_FILE_EMPTY)
    if size > MAX_FILE_BYTES:
        raise WorkbookError(MSG_FILE_TOO_BIG, max=MAX_FILE_BYTES // (1024 * 1024))


def _header_key(value: Any) -> str:
    text = to_simplified(str(value)) if value is not None else ""
    text = re.sub(r"\(.*?\)", "", text)
    return re.sub(r"[\s*]", "", text)


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_rows(content: bytes) -> list[SheetRow]:
    """The non-blank data rows of the member sheet; raises WorkbookError for a bad file."""
    if not content:
        raise WorkbookError(MSG_FILE_EMPTY)
    if len(content) > MAX_FILE_BYTES:
        raise WorkbookError(MSG_FILE_TOO_BIG, max=MAX_FILE_BYTES // (1024 * 1024))
    buffer = io.BytesIO(content)
    try:
        with zipfile.ZipFile(buffer) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise WorkbookError(MSG_FILE_TOO_BIG, max=MAX_FILE_BYTES // (1024 * 1024))
    except zipfile.BadZipFile as exc:
        raise WorkbookError(MSG_NOT_XLSX) from exc
    buffer.seek(0)
    try:
        workbook = load_workbook(buffer, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors for damaged files
        raise WorkbookError(MSG_NOT_XLSX) from exc
    try:
        if SHEET_TITLE in workbook.sheetnames:
            sheet = workbook[SHEET_TITLE]
        elif workbook.worksheets:
            sheet = workbook.worksheets[0]
        else:
            raise WorkbookError(MSG_NO_HEADER)
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # some programs write a wrong sheet size
        return _rows_of(sheet.iter_rows(values_only=True))
    finally:
        workbook.close()


def _rows_of(raw_rows: Iterable[Sequence[Any]]) -> list[SheetRow]:
    positions: dict[str, int] | None = None
    header_row = 0
    rows: list[SheetRow] = []
    for number, values in enumerate(raw_rows, start=1):
        if positions is None:
            if number > HEADER_SEARCH_ROWS:
                break
            labels = [_header_key(v) for v in values]
            if COLUMN_BY_KEY["name"].label in labels:
                positions = _column_positions(labels)
                header_row = number
            continue
        cells = {k: values[i] if i < len(values) else None for k, i in positions.items()}
        if all(_is_blank(v) for v in cells.values()):  # notes in extra columns are ignored
            continue
        if len(rows) >= MAX_ROWS:
            raise WorkbookError(MSG_TOO_MANY_ROWS, max=MAX_ROWS)
        rows.append(SheetRow(number, cells))
    if positions is None:
        raise WorkbookError(MSG_NO_HEADER)
    if not rows:
        raise WorkbookError(MSG_NO_ROWS, row=header_row + 1)
    return rows


def _column_positions(labels: list[str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for column in COLUMNS:
        if column.label in labels:
            positions[column.key] = labels.index(column.label)
    missing = [c.header for c in COLUMNS if c.key not in positions]
    if missing:
        raise WorkbookError(MSG_MISSING_COLUMNS, columns="、".join(missing))
    return positions


# --- Checking rows -------------------------------------------------------------------------


@dataclass
class ImportContext:
    """What rows are checked against: the organisation's sectors, committees and members."""

    organisation: Organisation
    term: Term
    sectors: dict[str, int]
    sector_names: list[str]
    committees: dict[str, int]
    committee_names: list[str]
    members_by_id_index: dict[str, int]


def load_context(organisation: Organisation, term: Term) -> ImportContext:
    sectors = list(Sector.objects.filter(organisation=organisation).values_list("pk", "name"))
    committees = list(
        SpecialCommittee.objects.filter(organisation=organisation).values_list("pk", "name")
    )
    members = (
        Member.objects.filter(organisation=organisation)
        .exclude(id_number_index="")
        .values_list("id_number_index", "pk")
    )
    return ImportContext(
        organisation=organisation,
        term=term,
        sectors={to_simplified(name): pk for pk, name in sectors},
        sector_names=[name for _pk, name in sectors],
        committees={to_simplified(name): pk for pk, name in committees},
        committee_names=[name for _pk, name in committees],
        members_by_id_index=dict(members),
    )


@dataclass
class RowPlan:
    row: int
    data: MemberData
    member_id: int | None  # an existing member with the same ID number → update


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _compact(value: str) -> str:
    """Full-width → half-width, no spaces: for numbers and addresses people copy around."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value))


_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def _parse_date(value: Any) -> date | None:
    """A date cell, ``1970-05-01`` (also / . 年月日) or ``19700501``; ValueError otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _compact(_text(value))
    if not text:
        return None
    match = _DATE_TEXT.match(text) or re.match(r"^(\d{4})(\d{2})(\d{2})$", text)
    if not match:
        raise ValueError(text)
    return date(int(match[1]), int(match[2]), int(match[3]))


class RowChecker:
    """Checks rows one by one, reusing the form's validators; remembers ID numbers seen."""

    def __init__(self, context: ImportContext) -> None:
        self.context = context
        self.lookups = _lookups()
        self.seen_ids: dict[str, int] = {}

    def check(self, row: SheetRow) -> tuple[RowPlan | None, list[dict[str, Any]]]:
        problems: list[dict[str, Any]] = []
        values: dict[str, Any] = {}

        def fail(key: str, message: str | Promise, **params: Any) -> None:
            problems.append(problem(row.number, COLUMN_BY_KEY[key].label, message, **params))

        raw = row.values
        text = {c.key: _text(raw.get(c.key)) for c in COLUMNS}
        for column in COLUMNS:
            value = text[column.key]
            if column.required and not value:
                fail(column.key, MSG_REQUIRED)
            elif column.max_length and len(value) > column.max_length:
                fail(column.key, MSG_TOO_LONG, max=column.max_length, length=len(value))
        failed = {p["column"] for p in problems}

        def ok(key: str) -> bool:
            return COLUMN_BY_KEY[key].label not in failed

        for key in ("name", "name_ko", "work_unit", "job_title", "address", "expertise"):
            values[key] = text[key]
        if ok("sex"):
            values["sex"] = self._choice("sex", text["sex"], fail, MSG_SEX)
        if ok("ethnicity"):
            values["ethnicity"] = self._ethnicity(text["ethnicity"], fail)
        if ok("political_affiliation"):
            values["political_affiliation"] = self._choice(
                "political_affiliation",
                text["political_affiliation"],
                fail,
                MSG_AFFILIATION,
                value=text["political_affiliation"],
                choices="、".join(_affiliation_labels()),
            )
        if ok("sector"):
            values["sector_id"] = self._sector(text["sector"], fail)
        if ok("education"):
            values["education"] = self._education(text["education"], fail)
        id_number = self._id_number(raw.get("id_number"), text["id_number"], fail, ok)
        values["id_number"] = id_number or ""
        values["birth_date"] = self._birth_date(raw.get("birth_date"), id_number, fail)
        if ok("phone"):
            values["phone"] = self._phone(text["phone"], fail)
        if ok("email"):
            values["email"] = self._email(text["email"], fail)
        values["is_standing_committee"] = self._choice(
            "yes_no", text["is_standing_committee"], fail, MSG_YES_NO, key="is_standing_committee"
        )
        values["leadership_position"] = self._choice(
            "leadership_position", text["leadership_position"], fail, MSG_LEADERSHIP
        )
        values["status"] = self._choice("status", text["status"], fail, MSG_STATUS)
        values["committees"] = self._committees(text["committees"], fail)

        if id_number:
            first = self.seen_ids.setdefault(id_number, row.number)
            if first != row.number:
                fail("id_number", MSG_ID_DUPLICATE, first=first)
        if problems:
            return None, problems
        index = crypto.blind_index(id_number, purpose="id_number") if id_number else ""
        return (
            RowPlan(
                row=row.number,
                data=MemberData(**values),
                member_id=self.context.members_by_id_index.get(index) if index else None,
            ),
            [],
        )

    # Each helper reports through `fail` and returns the cleaned value (None when bad).

    def _choice(
        self,
        lookup: str,
        typed: str,
        fail: Callable[..., None],
        message: str | Promise,
        /,
        *,
        key: str | None = None,
        **params: Any,
    ) -> Any:
        table = self.lookups[lookup]
        normalised = to_simplified(typed)
        if normalised in table:
            return table[normalised]
        fail(key or lookup, message, **params)
        return None

    def _ethnicity(self, value: str, fail: Callable[..., None]) -> str | None:
        normalised = re.sub(r"\s+", "", to_simplified(value))
        if normalised not in ETHNIC_GROUPS and f"{normalised}族" in ETHNIC_GROUPS:
            normalised += "族"
        try:
            validate_ethnicity(normalised)
        except ValidationError as exc:
            _fail_validation(fail, "ethnicity", exc)
            return None
        return normalised

    def _sector(self, value: str, fail: Callable[..., None]) -> int | None:
        if not self.context.sectors:
            fail("sector", MSG_SECTOR_NONE)
            return None
        sector_id = self.context.sectors.get(to_simplified(value))
        if sector_id is None:
            fail("sector", MSG_SECTOR, value=value, choices="、".join(self.context.sector_names))
        return sector_id

    def _education(self, value: str, fail: Callable[..., None]) -> str:
        if not value:
            return ""
        education = self.lookups["education"].get(to_simplified(value))
        if education is None:
            fail("education", MSG_EDUCATION, value=value, choices="、".join(EDUCATION_LEVELS))
            return ""
        return str(education)

    def _id_number(
        self, raw: Any, value: str, fail: Callable[..., None], ok: Callable[[str], bool]
    ) -> str | None:
        if not ok("id_number"):
            return None
        value = _compact(value).upper()
        if not value:
            return ""
        if "*" in value:
            fail("id_number", MSG_MASKED)
            return None
        if isinstance(raw, float) and not raw.is_integer():
            fail("id_number", MSG_ID_NUMERIC)
            return None
        try:
            validate_id_number(value)
        except ValidationError as exc:
            if isinstance(raw, int | float):
                fail("id_number", MSG_ID_NUMERIC)
            else:
                _fail_validation(fail, "id_number", exc)
            return None
        return value

    def _birth_date(
        self, raw: Any, id_number: str | None, fail: Callable[..., None]
    ) -> date | None:
        from_id = None
        if id_number:
            from_id = date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
        try:
            value = _parse_date(raw)
        except ValueError:
            fail("birth_date", MSG_DATE)
            return None
        if value is None:
            return from_id
        if not date(1900, 1, 1) <= value <= timezone.localdate():
            fail("birth_date", MSG_DATE_RANGE)
            return None
        if from_id and value != from_id:
            fail("birth_date", MSG_DATE_MISMATCH, date=from_id.isoformat())
            return None
        return value

    def _phone(self, value: str, fail: Callable[..., None]) -> str:
        value = _compact(value)
        if "*" in value:
            fail("phone", MSG_MASKED)
            return ""
        if re.fullmatch(r"1\d{2}-\d{4}-\d{4}", value):
            value = value.replace("-", "")
        try:
            validate_phone(value)
        except ValidationError as exc:
            _fail_validation(fail, "phone", exc)
            return ""
        return value

    def _email(self, value: str, fail: Callable[..., None]) -> str:
        value = _compact(value)
        if not value:
            return ""
        try:
            validate_email(value)
        except ValidationError:
            fail("email", MSG_EMAIL)
            return ""
        return value

    def _committees(self, value: str, fail: Callable[..., None]) -> dict[int, str]:
        seats: dict[int, str] = {}
        for entry in LIST_SEPARATORS.split(to_simplified(value)):
            entry = entry.strip()
            if not entry:
                continue
            name, position = entry, CommitteePosition.MEMBER
            match = COMMITTEE_ENTRY.match(entry)
            if match:
                name = match["name"].strip()
                found = self.lookups["committee_position"].get(
                    re.sub(r"\s+", "", match["position"])
                )
                if found is None:
                    fail("committees", MSG_COMMITTEE_POSITION, value=entry)
                    continue
                position = found
            committee_id = self.context.committees.get(name)
            if committee_id is None:
                fail(
                    "committees",
                    MSG_COMMITTEE,
                    value=name,
                    choices="、".join(self.context.committee_names) or "—",
                )
            elif committee_id in seats:
                fail("committees", MSG_COMMITTEE_TWICE, value=name)
            else:
                seats[committee_id] = position
        return seats


def _fail_validation(fail: Callable[..., None], key: str, exc: ValidationError) -> None:
    message = exc.message if hasattr(exc, "message") else exc.messages[0]
    fail(key, message, **(getattr(exc, "params", None) or {}))


def check_rows(
    rows: Sequence[SheetRow],
    context: ImportContext,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[RowPlan], list[dict[str, Any]]]:
    """Every row checked; the plans are only usable when the problem list is empty."""
    checker = RowChecker(context)
    plans: list[RowPlan] = []
    problems: list[dict[str, Any]] = []
    for done, row in enumerate(rows, start=1):
        plan, row_problems = checker.check(row)
        if plan is not None:
            plans.append(plan)
        problems.extend(row_problems)
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == len(rows)):
            progress(done)
    return plans, problems


# --- Committing ----------------------------------------------------------------------------


def commit(
    plans: Sequence[RowPlan],
    *,
    acting_user: User,
    context: ImportContext,
    job: MemberImport | None = None,
    progress: Callable[[int], None] | None = None,
) -> tuple[int, int]:
    """Create or update every planned member in ONE transaction: all rows or none.

    Returns (created, updated). A service refusing any row raises RowRefusedError after the
    transaction has been rolled back.
    """
    created = updated = 0
    with transaction.atomic():
        existing = Member.objects.in_bulk([p.member_id for p in plans if p.member_id])
        for done, plan in enumerate(plans, start=1):
            try:
                member = existing.get(plan.member_id) if plan.member_id else None
                if member is None:
                    services.member_create(
                        acting_user=acting_user,
                        organisation=context.organisation,
                        term=context.term,
                        data=plan.data,
                    )
                    created += 1
                else:
                    plan.data.biography = member.biography  # not part of the sheet: kept
                    services.member_update(
                        acting_user=acting_user, member=member, term=context.term, data=plan.data
                    )
                    updated += 1
            except DomainError as exc:
                key = FIELD_COLUMN.get(exc.field or "")
                column = COLUMN_BY_KEY[key].label if key else ""
                raise RowRefusedError(problem(plan.row, column, exc.message)) from exc
            if progress is not None and (done % PROGRESS_EVERY == 0 or done == len(plans)):
                progress(done)
        audit.record(
            action="member.import",
            actor=acting_user,
            organisation=context.organisation,
            target=job,
            object_type="" if job else "members.memberimport",
            object_repr="" if job else "委员导入",
            after={
                "file_name": job.file_name if job else "",
                "term": context.term.pk,
                "created": created,
                "updated": updated,
            },
        )
    return created, updated


# --- Workbooks -----------------------------------------------------------------------------

HEADER_FONT = Font(bold=True)
REQUIRED_FONT = Font(bold=True, color="8C1D18")
HEADER_FILL = PatternFill("solid", fgColor="EFEBE3")


def put(sheet: Worksheet, row: int, column: int, value: Any) -> Any:
    """Write a cell; text is always text (never a formula), whatever it starts with."""
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    return cell


def member_workbook(
    organisation: Organisation, *, title_line: str = ""
) -> tuple[Workbook, Worksheet, int]:
    """The member sheet with headers, formats, dropdowns and the 填写说明 sheet.

    Returns the workbook, the member sheet and the first data row. `title_line` (the export
    watermark) goes above the headers; reading skips it.
    """
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = SHEET_TITLE
    header_row = 1
    if title_line:
        put(sheet, 1, 1, title_line).font = REQUIRED_FONT
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
        header_row = 2
    first, last = header_row + 1, header_row + MAX_ROWS
    for index, column in enumerate(COLUMNS, start=1):
        cell = put(sheet, header_row, index, column.header)
        cell.font = REQUIRED_FONT if column.required else HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
        if column.note:
            cell.comment = Comment(column.note, "凝聚")
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.number_format:
            sheet.column_dimensions[letter].number_format = column.number_format
    sheet.freeze_panes = sheet.cell(row=first, column=1)

    sectors = list(Sector.objects.filter(organisation=organisation).values_list("name", flat=True))
    committees = list(
        SpecialCommittee.objects.filter(organisation=organisation).values_list("name", flat=True)
    )
    _add_dropdowns(workbook, sheet, sectors, first, last)
    _add_help_sheet(workbook, organisation, sectors, committees)
    workbook.active = 0
    return workbook, sheet, first


def _dropdown(sheet: Worksheet, key: str, formula: str, first: int, last: int) -> None:
    letter = get_column_letter(list(COLUMN_BY_KEY).index(key) + 1)
    validation = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="输入有误",
        error="请从下拉列表中选择。",
    )
    validation.add(f"{letter}{first}:{letter}{last}")
    sheet.add_data_validation(validation)


def _add_dropdowns(
    workbook: Workbook, sheet: Worksheet, sectors: list[str], first: int, last: int
) -> None:
    def inline(values: Iterable[str]) -> str:
        return '"' + ",".join(values) + '"'

    _dropdown(sheet, "sex", inline(source_label(label) for _v, label in Sex.choices), first, last)
    _dropdown(sheet, "political_affiliation", inline(_affiliation_labels()), first, last)
    _dropdown(sheet, "is_standing_committee", inline(["是", "否"]), first, last)
    _dropdown(
        sheet,
        "leadership_position",
        inline(source_label(label) for value, label in LeadershipPosition.choices if value),
        first,
        last,
    )
    _dropdown(
        sheet,
        "status",
        inline(source_label(label) for _v, label in MembershipStatus.choices),
        first,
        last,
    )
    if sectors:
        # Sector lists can exceed the 255 characters of an inline list: refer to a range.
        options = workbook.create_sheet(OPTIONS_SHEET_TITLE)
        options.sheet_state = "hidden"
        put(options, 1, 1, "界别")
        for index, name in enumerate(sectors, start=2):
            put(options, index, 1, name)
        formula = f"'{OPTIONS_SHEET_TITLE}'!$A$2:$A${len(sectors) + 1}"
        _dropdown(sheet, "sector", formula, first, last)


def _add_help_sheet(
    workbook: Workbook, organisation: Organisation, sectors: list[str], committees: list[str]
) -> None:
    sheet = workbook.create_sheet(HELP_SHEET_TITLE, 1)
    term = organisation.current_term()
    lines: list[tuple[Any, ...]] = [
        (f"{organisation.name} 委员信息表 填写说明",),
        (),
        ("1. 每行填写一位委员，表头（第一行）请勿修改；带 * 的列必须填写。",),
        (f"2. 委员导入到本届（第{term.number}届）。" if term else "2. 委员导入到本届。",),
        (
            "3. 身份证号与本组织已有委员相同的行会更新该委员的信息（以表格为准，空白单元格会清空原有内容），"
            "其余行新增委员。",
        ),
        (
            "4. 系统逐行校验，只要有一处错误，整个文件都不会导入；"
            "请按页面上的错误清单修改后重新上传。",
        ),
        (f"5. 一次最多导入 {MAX_ROWS} 行，文件不超过 {MAX_FILE_BYTES // (1024 * 1024)} MB。",),
        (),
        ("列名", "是否必填", "填写要求"),
    ]
    for column in COLUMNS:
        note = column.note
        if column.key == "political_affiliation":
            note = "可填写：" + "、".join(_affiliation_labels()) + "。"
        lines.append((column.header, "必填" if column.required else "选填", note))
    lines += [(), ("本组织的界别",), *[(name,) for name in sectors or ["（尚未设置）"]]]
    lines += [(), ("本组织的专门委员会",), *[(name,) for name in committees or ["（尚未设置）"]]]
    for row, values in enumerate(lines, start=1):
        for position, value in enumerate(values, start=1):
            cell = put(sheet, row, position, value)
            if value in {"列名", "是否必填", "填写要求", "本组织的界别", "本组织的专门委员会"}:
                cell.font = HEADER_FONT
                cell.fill = HEADER_FILL
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 10
    sheet.column_dimensions["C"].width = 90


def build_template(organisation: Organisation) -> bytes:
    workbook, _sheet, _first = member_workbook(organisation)
    return workbook_bytes(workbook)


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def build_problem_workbook(problems: Iterable[dict[str, Any]]) -> bytes:
    """The problem list as a sheet, in the current language (for fixing the file offline)."""
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = "errors"
    for index, title in enumerate((gettext("行"), gettext("列"), gettext("问题")), start=1):
        put(sheet, 1, index, title).font = HEADER_FONT
    for row, described in enumerate(describe_all(problems), start=2):
        put(sheet, row, 1, described["row"] or "")
        put(sheet, row, 2, described["column"])
        put(sheet, row, 3, described["message"])
    sheet.column_dimensions["B"].width = 14
    sheet.column_dimensions["C"].width = 80
    return workbook_bytes(workbook)
