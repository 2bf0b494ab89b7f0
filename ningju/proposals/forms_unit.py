"""Forms of the handling-unit pages. They check what a form can check (a date, a choice, a
required field); every rule of the chain is checked again, and only, in services.py."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import MeetingForm, Publicity
from .models import ResultCategory
from .services import ReplyData

DATE_ERRORS = {"invalid": _("请输入有效日期，如 2026-03-01。")}

# Plain words under each result category, so a unit picks the right one (domain.md §1.8).
# Committees that configure other codes get just the category's own name.
CATEGORY_EXPLANATIONS = {
    "A": _("建议已被采纳，所提问题已经解决或基本解决。"),
    "B": _("已经着手解决，或已列入年度计划、规划；请在答复中写明时间安排。"),
    "C": _("因政策、财力等条件限制目前难以解决，留作工作参考；请在答复中说明原因。"),
    "D": _("作为今后工作的参考。"),
}

PUBLICITY_EXPLANATIONS: dict[str, Any] = {
    Publicity.PUBLIC: _("答复将在门户网站公开，个人信息会被去除。"),
    Publicity.ON_REQUEST: _("不主动公开，有人依法申请时提供。"),
    Publicity.NOT_PUBLIC: _("涉及国家秘密、商业秘密或个人隐私，不予公开。"),
}


def _textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class ObjectionForm(forms.Form):
    reason = forms.CharField(
        label=_("申请调整的理由"),
        widget=_textarea(5),
        max_length=2000,
        help_text=_("请说明为什么该提案不属于本单位职责，以及建议由哪个单位办理。"),
        error_messages={"required": _("请写明申请调整的理由。")},
    )


class ExtensionForm(forms.Form):
    until = forms.DateField(
        label=_("申请延至"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={**DATE_ERRORS, "required": _("请选择申请延至的日期。")},
    )
    reason = forms.CharField(
        label=_("延期理由"),
        widget=_textarea(4),
        max_length=2000,
        error_messages={"required": _("请写明延期理由。")},
    )

    def __init__(self, *args: Any, earliest: date, latest: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        widget = self.fields["until"].widget
        widget.attrs["min"] = earliest.isoformat()
        widget.attrs["max"] = latest.isoformat()
        self.fields["until"].help_text = _("最晚可延至 %(latest)s。") % {
            "latest": latest.isoformat()
        }


class MeetingRecordForm(forms.Form):
    form = forms.ChoiceField(
        label=_("面商方式"),
        choices=[("", _("请选择")), *MeetingForm.choices],
        error_messages={"required": _("请选择面商方式。")},
    )
    held_on = forms.DateField(
        label=_("面商日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={**DATE_ERRORS, "required": _("请填写面商日期。")},
    )
    notes = forms.CharField(
        label=_("面商情况"),
        widget=_textarea(5),
        max_length=4000,
        required=False,
        help_text=_("与提案人交流了什么、提案人有什么意见和期望。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_on"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        needs_notes = cleaned.get("form") and cleaned["form"] != MeetingForm.WAIVED
        if needs_notes and not (cleaned.get("notes") or "").strip():
            self.add_error("notes", _("请简要记录面商情况。"))
        return cleaned


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("答复正文"),
        widget=_textarea(14),
        max_length=20000,
        help_text=_("写明对每条建议的采纳情况、已经采取和将要采取的措施；不能采纳的，说明原因。"),
        error_messages={"required": _("请填写答复正文。")},
    )
    result_category = forms.ModelChoiceField(
        label=_("办理结果类别"),
        queryset=ResultCategory.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("请选择办理结果类别。"),
            "invalid_choice": _("请选择办理结果类别。"),
        },
    )
    publicity = forms.ChoiceField(
        label=_("公开属性"),
        choices=Publicity.choices,
        widget=forms.RadioSelect,
        initial=Publicity.PUBLIC,
        error_messages={"required": _("请选择公开属性。")},
    )
    contact_name = forms.CharField(label=_("联系人"), max_length=40, required=False)
    contact_phone = forms.CharField(
        label=_("联系电话"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["result_category"])
        field.queryset = ResultCategory.objects.filter(organisation_id=organisation_id)
        self.categories = list(field.queryset)
        # Evaluate the choices once: rendering and validation would each query again.
        field.choices = [(c.pk, str(c)) for c in self.categories]

    def category_options(self) -> list[dict[str, Any]]:
        """Radio options with their plain explanation (template-friendly)."""
        chosen = str(self["result_category"].value() or "")
        return [
            {
                "value": c.pk,
                "id": f"id_result_category_{i}",
                "code": c.code,
                "name": c.name,
                "explanation": CATEGORY_EXPLANATIONS.get(c.code.upper(), ""),
                "checked": str(c.pk) == chosen,
            }
            for i, c in enumerate(self.categories)
        ]

    def publicity_options(self) -> list[dict[str, Any]]:
        chosen = str(self["publicity"].value() or "")
        return [
            {
                "value": value,
                "id": f"id_publicity_{i}",
                "label": label,
                "explanation": PUBLICITY_EXPLANATIONS.get(value, ""),
                "checked": value == chosen,
            }
            for i, (value, label) in enumerate(Publicity.choices)
        ]

    def to_data(self) -> ReplyData:
        data = self.cleaned_data
        return ReplyData(
            body=data["body"],
            result_category_id=data["result_category"].pk,
            publicity=data["publicity"],
            contact_name=data.get("contact_name", ""),
            contact_phone=data.get("contact_phone", ""),
        )


class CosignForm(forms.Form):
    agreed = forms.TypedChoiceField(
        label=_("会签意见"),
        choices=[("yes", _("同意")), ("no", _("不同意，退回主办单位修改"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择同意或不同意。")},
    )
    comment = forms.CharField(
        label=_("意见"),
        widget=_textarea(4),
        max_length=4000,
        required=False,
        help_text=_("不同意时必填：请写明需要修改的地方。"),
    )


class SignForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("签发意见"),
        choices=[("yes", _("同意签发")), ("no", _("退回经办人修改"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择签发或退回。")},
    )
    comment = forms.CharField(
        label=_("意见"),
        widget=_textarea(4),
        max_length=4000,
        required=False,
        help_text=_("退回时必填：经办人会看到这条意见。"),
    )
