"""Field rules shared by the member form and the spreadsheet import."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .choices import ETHNIC_GROUPS

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_PHONE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


def id_check_digit(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def validate_id_number(value: str) -> None:
    """Resident ID (GB 11643-1999): 18 characters, a real birth date, a valid check digit."""
    value = (value or "").strip().upper()
    if not value:
        return
    if not re.fullmatch(r"\d{17}[\dX]", value):
        raise ValidationError(_("身份证号应为18位，最后一位可以是数字或X。"), code="id_format")
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError as exc:
        raise ValidationError(_("身份证号中的出生日期无效。"), code="id_birth") from exc
    if id_check_digit(value[:17]) != value[17]:
        raise ValidationError(_("身份证号校验位不正确，请核对。"), code="id_checksum")


def validate_phone(value: str) -> None:
    value = (value or "").strip()
    if value and not (_PHONE.match(value) or _LANDLINE.match(value)):
        raise ValidationError(
            _("请输入11位手机号码或带区号的固定电话（如 0433-2512345）。"), code="phone"
        )


def validate_ethnicity(value: str) -> None:
    if value and value.strip() not in ETHNIC_GROUPS:
        raise ValidationError(_("请填写规范的民族名称，如“汉族”“朝鲜族”。"), code="ethnicity")
