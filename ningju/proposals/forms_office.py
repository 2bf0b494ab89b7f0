"""Forms of the 提案委 office's pages (views_office.py). They only collect input; every rule
is checked again by the services, whose DomainErrors land next to the named field."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ningju.members.models import Member
from ningju.orgs.models import HandlingUnit

from .choices import Conversion, HandlingMode, ReviewOutcome, Satisfaction
from .models import RefusalReason, ResultCategory

COMMENT_REQUIRED = _("请写明理由，提案人会看到。")
REASON_REQUIRED = _("请选择不予立案的理由。")
MERGE_REQUIRED = _("请选择要并入的提案。")


def _fix_choices(field: forms.Field) -> None:
    """Evaluate a model field's choices once: rendering and validation would each query."""
    choice_field = cast(forms.ModelChoiceField, field)
    choice_field.choices = list(iter(choice_field.choices))  # type: ignore[arg-type]


class ReviewForm(forms.Form):
    """初审/复审/终审: the outcomes this level may choose, and what each one needs."""

    outcome = forms.ChoiceField(label=_("审查结果"), widget=forms.RadioSelect)
    refusal_reason = forms.ModelChoiceField(
        label=_("不予立案理由"),
        queryset=RefusalReason.objects.none(),
        required=False,
        empty_label=_("请选择理由"),
    )
    conversion = forms.ChoiceField(
        label=_("转办方式"),
        choices=Conversion.choices,
        required=False,
        help_text=_("不予立案的意见建议可转为社情民意信息、意见建议或委员来信继续处理。"),
    )
    merge_into = forms.IntegerField(label=_("并入的提案"), required=False, min_value=1)
    comment = forms.CharField(
        label=_("审查意见"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("退回修改和不予立案时必填；提案人会看到这段意见。"),
    )

    def __init__(self, *args: Any, final: bool, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.final = final
        if final:
            allowed = [
                ReviewOutcome.REGISTER,
                ReviewOutcome.MERGE,
                ReviewOutcome.REFUSE,
                ReviewOutcome.RETURN,
            ]
        else:
            allowed = [ReviewOutcome.PASS, ReviewOutcome.RETURN]
        outcome = cast(forms.ChoiceField, self.fields["outcome"])
        outcome.choices = [(o.value, o.label) for o in allowed]
        reasons = cast(forms.ModelChoiceField, self.fields["refusal_reason"])
        reasons.queryset = RefusalReason.objects.filter(
            organisation_id=organisation_id, is_active=True
        )
        _fix_choices(reasons)
        if not final:
            for name in ("refusal_reason", "conversion", "merge_into"):
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        outcome = data.get("outcome")
        comment = (data.get("comment") or "").strip()
        if outcome in (ReviewOutcome.RETURN, ReviewOutcome.REFUSE) and not comment:
            self.add_error("comment", COMMENT_REQUIRED)
        if outcome == ReviewOutcome.REFUSE and not data.get("refusal_reason"):
            self.add_error("refusal_reason", REASON_REQUIRED)
        if outcome == ReviewOutcome.MERGE and not data.get("merge_into"):
            self.add_error("merge_into", MERGE_REQUIRED)
        return data


def _unit_choices(units: Iterable[HandlingUnit], suggested: set[int]) -> list[tuple[int, str]]:
    marker = _("（提案人建议）")
    return [(u.pk, f"{u.name}{marker}" if u.pk in suggested else u.name) for u in units]


class AssignForm(forms.Form):
    """交办: 主办 + 会办/协办, or 分办 among several units."""

    mode = forms.ChoiceField(
        label=_("办理方式"),
        choices=HandlingMode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择办理方式。")},
    )
    lead_unit = forms.TypedChoiceField(label=_("主办单位"), coerce=int, required=False)
    co_units = forms.TypedMultipleChoiceField(
        label=_("会办（协办）单位"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    separate_units = forms.TypedMultipleChoiceField(
        label=_("分办单位"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("各单位分别办理、分别答复，至少选择两个。"),
    )

    def __init__(self, *args: Any, units: list[HandlingUnit], suggested: list[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = _unit_choices(units, set(suggested))
        lead = cast(forms.TypedChoiceField, self.fields["lead_unit"])
        lead.choices = [("", _("请选择主办单位")), *choices]
        for name in ("co_units", "separate_units"):
            cast(forms.TypedMultipleChoiceField, self.fields[name]).choices = choices
        if not self.is_bound:
            self.initial.setdefault("mode", HandlingMode.LEAD)
            if suggested:
                self.initial.setdefault("lead_unit", suggested[0])
                self.initial.setdefault("co_units", suggested[1:])
                self.initial.setdefault("separate_units", suggested)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        mode = data.get("mode")
        if mode == HandlingMode.LEAD and not data.get("lead_unit"):
            self.add_error("lead_unit", _("请选择主办单位。"))
        if mode == HandlingMode.SEPARATE and len(data.get("separate_units") or []) < 2:
            self.add_error("separate_units", _("分别办理请至少选择两个承办单位。"))
        return data


class ObjectionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("决定"),
        choices=[
            ("accept", _("同意调整：该单位撤出")),
            ("reject", _("不同意调整：该单位继续办理")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("请作出决定。")},
    )
    replacement_unit = forms.TypedChoiceField(
        label=_("改由哪个单位办理"),
        coerce=int,
        required=False,
        help_text=_("主办单位撤出时必须指定新的主办单位；会办、分办单位可不指定。"),
    )

    def __init__(self, *args: Any, units: Iterable[HandlingUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["replacement_unit"])
        field.choices = [("", _("不指定")), *((u.pk, u.name) for u in units)]


class ExtensionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("决定"),
        choices=[("approve", _("同意延期")), ("refuse", _("不同意延期，按原期限办理"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("请作出决定。")},
    )


class ReplyReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结果"),
        choices=[("approve", _("审核通过，送提案人")), ("return", _("退回承办单位修改"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择审核结果。")},
    )
    result_category = forms.ModelChoiceField(
        label=_("办理结果类别"),
        queryset=ResultCategory.objects.none(),
        empty_label=None,
        help_text=_("提案委可根据答复内容调整承办单位标注的类别。"),
    )
    comment = forms.CharField(
        label=_("审核意见"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("退回时必填，承办单位会看到。"),
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["result_category"])
        field.queryset = ResultCategory.objects.filter(organisation_id=organisation_id)
        _fix_choices(field)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("decision") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("退回时请写明意见。"))
        return data


class OfflineFeedbackForm(forms.Form):
    member = forms.TypedChoiceField(
        label=_("提案人"),
        coerce=int,
        error_messages={"required": _("请选择提案人。")},
    )
    attitude = forms.ChoiceField(
        label=_("对办理态度的评价"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请对办理态度作出评价。")},
    )
    result = forms.ChoiceField(
        label=_("对办理结果的评价"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请对办理结果作出评价。")},
    )
    comment = forms.CharField(
        label=_("委员意见"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("按委员填写的纸质评价表照录；选择“不满意”时必填。"),
    )

    def __init__(self, *args: Any, members: Iterable[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["member"])
        field.choices = [("", _("请选择")), *((m.pk, m.name) for m in members)]


class KeyForm(forms.Form):
    supervisor = forms.TypedChoiceField(
        label=_("督办领导"),
        coerce=int,
        error_messages={"required": _("请选择督办领导。")},
        help_text=_("由主席会议成员领衔督办。"),
    )

    def __init__(self, *args: Any, leaders: Iterable[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["supervisor"])
        field.choices = [("", _("请选择")), *leaders]


SUPERVISION_FORMS = [_("督办调研"), _("督办协商会"), _("走访承办单位"), _("听取办理情况汇报")]


class SupervisionForm(forms.Form):
    held_on = forms.DateField(
        label=_("日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("请填写日期。"),
            "invalid": _("请输入有效日期，如 2026-03-01。"),
        },
    )
    form = forms.CharField(
        label=_("督办方式"),
        max_length=40,
        widget=forms.TextInput(attrs={"list": "supervision-forms"}),
        error_messages={"required": _("请填写督办方式。")},
        help_text=_("如：督办调研、督办协商会、走访承办单位。"),
    )
    notes = forms.CharField(
        label=_("督办情况"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("请填写督办情况。")},
    )

    def clean_held_on(self) -> Any:
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("督办日期不能晚于今天。"))
        return held_on


def leaders_of(organisation_id: int) -> list[tuple[int, str]]:
    """(member id, "name · position") of the members holding a leadership position
    (主席、副主席、秘书长) in the organisation's current term."""
    from ningju.members.choices import LeadershipPosition, MembershipStatus
    from ningju.members.models import Membership

    seats = (
        Membership.objects.filter(
            member__organisation_id=organisation_id,
            term__is_current=True,
            status=MembershipStatus.ACTIVE,
        )
        .exclude(leadership_position=LeadershipPosition.NONE)
        .select_related("member")
        .order_by("member__name_sort_key")
    )
    rank = {p.value: i for i, p in enumerate(LeadershipPosition)}
    ordered = sorted(seats, key=lambda s: rank.get(s.leadership_position, 99))
    return [
        (s.member_id, f"{s.member.name} · {s.get_leadership_position_display()}") for s in ordered
    ]
