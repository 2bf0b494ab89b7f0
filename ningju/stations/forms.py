"""Forms of the station pages. They collect input; services check every rule again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ningju.members.models import Member
from ningju.orgs.models import HandlingUnit, Sector

from .choices import ActivityKind, Channel, Handling, Satisfaction, StationKind, StationRole


def _members(organisation_id: int) -> Any:
    return Member.objects.filter(
        organisation_id=organisation_id, memberships__term__is_current=True
    ).distinct()


def _fix(field: Any) -> None:
    field.choices = list(iter(field.choices))


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class StationForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=80)
    kind = forms.ChoiceField(label=_("类型"), choices=StationKind.choices)
    sector = forms.ModelChoiceField(
        label=_("界别"),
        queryset=Sector.objects.none(),
        required=False,
        empty_label=_("不限界别"),
        help_text=_("界别委员联络站须选择界别。"),
    )
    address = forms.CharField(label=_("地址"), max_length=200)
    opening_hours = forms.CharField(label=_("开放时间"), max_length=120, required=False)
    contact_name = forms.CharField(label=_("联系人"), max_length=40, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    opened_on = forms.DateField(label=_("设立日期"), required=False, widget=DateInput)
    description = forms.CharField(
        label=_("简介"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    is_active = forms.BooleanField(label=_("在用"), required=False, initial=True)

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["sector"]
        field.queryset = Sector.objects.filter(organisation_id=organisation_id)
        _fix(field)


class AssignForm(forms.Form):
    member = forms.ModelChoiceField(
        label=_("委员"), queryset=Member.objects.none(), empty_label=_("请选择")
    )
    role = forms.ChoiceField(label=_("职责"), choices=StationRole.choices)

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["member"]
        field.queryset = _members(organisation_id)
        _fix(field)


class ShiftForm(forms.Form):
    member = forms.ModelChoiceField(
        label=_("值班委员"), queryset=Member.objects.none(), empty_label=_("请选择")
    )
    on_date = forms.DateField(label=_("值班日期"), widget=DateInput)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args: Any, station: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["member"]
        field.queryset = Member.objects.filter(pk__in=station.assignments.values("member_id"))
        _fix(field)


class ReceptionForm(forms.Form):
    received_at = forms.DateTimeField(label=_("接待时间"), widget=DateTimeInput)
    channel = forms.ChoiceField(label=_("渠道"), choices=Channel.choices)
    visitor_name = forms.CharField(label=_("来访人称呼（可不填）"), max_length=40, required=False)
    visitor_phone = forms.CharField(
        label=_("来访人手机号（可不填）"),
        max_length=20,
        required=False,
        help_text=_("仅在需要回复时填写，加密保存，列表中遮挡显示。"),
    )
    topic = forms.CharField(label=_("事项"), max_length=120)
    issue = forms.CharField(label=_("反映的问题"), widget=forms.Textarea(attrs={"rows": 5}))
    handling = forms.ChoiceField(label=_("处理方式"), choices=Handling.choices)
    referred_unit = forms.ModelChoiceField(
        label=_("转交部门"),
        queryset=HandlingUnit.objects.none(),
        required=False,
        empty_label=_("不转交"),
    )
    handling_note = forms.CharField(
        label=_("处理情况"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("当场答复的内容、转交的情况；答复群众诉求时会作为办理结果。"),
    )
    satisfaction = forms.ChoiceField(
        label=_("来访人满意度"), choices=Satisfaction.choices, required=False
    )
    received_by = forms.ModelChoiceField(
        label=_("接待委员"),
        queryset=Member.objects.none(),
        required=False,
        empty_label=_("工作人员接待"),
    )
    public_request = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, station: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit: Any = self.fields["referred_unit"]
        unit.queryset = HandlingUnit.objects.filter(
            organisation_id=station.organisation_id, is_active=True
        )
        _fix(unit)
        member: Any = self.fields["received_by"]
        member.queryset = _members(station.organisation_id)
        _fix(member)
        if not self.is_bound:
            self.initial.setdefault("received_at", timezone.localtime().replace(second=0))


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("活动类型"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("主题"), max_length=120)
    held_on = forms.DateField(label=_("日期"), widget=DateInput)
    summary = forms.CharField(
        label=_("情况"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    attendees = forms.ModelMultipleChoiceField(
        label=_("参加委员"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, station: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["attendees"]
        field.queryset = Member.objects.filter(pk__in=station.assignments.values("member_id"))
        _fix(field)
