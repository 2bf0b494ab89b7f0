"""Forms of the 社情民意 pages. They only shape input; services decide and give messages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import AdoptionLevel, AdoptionMode, ContributorKind, LeaderLevel, ReportTarget
from .models import Opinion

TEXTAREA = {"rows": 6, "data-counter-group": "body"}


class OpinionForm(forms.Form):
    contributor_kind = forms.ChoiceField(
        label=_("以谁的名义反映"), choices=ContributorKind.choices, initial=ContributorKind.MEMBER
    )
    unit_name = forms.CharField(
        label=_("反映单位"),
        required=False,
        max_length=80,
        help_text=_("以党派、专委会、界别或县（市）政协名义反映时填写。"),
    )
    title = forms.CharField(
        label=_("标题"),
        required=False,
        max_length=120,
        help_text=_("一条信息只反映一件事，标题点明问题，如“关于……的情况和建议”。"),
    )
    situation = forms.CharField(
        label=_("情况"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    analysis = forms.CharField(
        label=_("分析"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    suggestion = forms.CharField(
        label=_("建议"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    source_note = forms.CharField(
        label=_("信息来源"),
        required=False,
        max_length=300,
        help_text=_("例如：走访调研、委员联络站接待、群众来信。"),
    )

    FIELDS = (
        "contributor_kind",
        "unit_name",
        "title",
        "situation",
        "analysis",
        "suggestion",
        "source_note",
    )

    @classmethod
    def initial_for(cls, opinion: Opinion) -> dict[str, Any]:
        return {name: getattr(opinion, name) for name in cls.FIELDS}

    def data_for_service(self) -> dict[str, str]:
        data = self.cleaned_data
        return {name: data.get(name) or "" for name in self.FIELDS}


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("选择文件"), help_text=_("PDF、Word、Excel 或图片，每个不超过 10 MB，最多 5 个。")
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("理由"), widget=forms.Textarea(attrs={"rows": 4}), max_length=1000, required=False
    )


class EditForm(forms.Form):
    edited_title = forms.CharField(label=_("编辑后标题"), max_length=120, required=False)
    edited_body = forms.CharField(
        label=_("编辑后正文"), widget=forms.Textarea(attrs={"rows": 16}), required=False
    )


class MergeForm(forms.Form):
    into = forms.TypedChoiceField(label=_("并入哪条信息"), coerce=int, choices=())

    def __init__(self, *args: Any, candidates: list[Opinion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["into"]
        field.choices = [(o.pk, f"{o.display_title}") for o in candidates]  # type: ignore[attr-defined]
        self.fields["into"].error_messages["required"] = _("请选择要并入的信息。")
        self.fields["into"].error_messages["invalid_choice"] = _("请选择要并入的信息。")


class CompileForm(forms.Form):
    issue = forms.TypedChoiceField(label=_("编入哪一期"), coerce=str, choices=())

    def __init__(self, *args: Any, issues: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issue"].choices = [  # type: ignore[attr-defined]
            ("new", _("新建一期")),
            *[(str(i.pk), str(i)) for i in issues],
        ]
        self.fields["issue"].initial = str(issues[0].pk) if issues else "new"


class ReportForm(forms.Form):
    targets = forms.MultipleChoiceField(
        label=_("报送对象"),
        choices=ReportTarget.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class AdoptForm(forms.Form):
    level = forms.ChoiceField(label=_("采用层级"), choices=AdoptionLevel.choices)
    body = forms.CharField(label=_("采用单位"), max_length=80, required=False)
    mode = forms.ChoiceField(
        label=_("采用方式"),
        choices=AdoptionMode.choices,
        widget=forms.RadioSelect,
        initial=AdoptionMode.SINGLE,
    )
    adopted_on = forms.DateField(
        label=_("采用日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    note = forms.CharField(label=_("说明"), max_length=300, required=False)


class InstructForm(forms.Form):
    leader_level = forms.ChoiceField(label=_("批示领导层级"), choices=LeaderLevel.choices)
    leader_title = forms.CharField(
        label=_("批示领导"), max_length=60, required=False, help_text=_("例如：省政府副省长。")
    )
    instructed_on = forms.DateField(
        label=_("批示日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    text = forms.CharField(
        label=_("批示内容"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    scan = forms.FileField(
        label=_("批示扫描件"),
        required=False,
        help_text=_("PDF 或图片，不超过 10 MB。可只上传扫描件。"),
    )
    is_confidential = forms.BooleanField(
        label=_("涉密或不宜公开：只让机关工作人员和反映人看到"), required=False
    )


class IssueForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    editor_note = forms.CharField(label=_("编者按"), max_length=300, required=False)
