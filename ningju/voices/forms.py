"""Forms of the public page and the office pages. They collect input; the services check every
rule again and their DomainErrors land next to the named field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ningju.members.models import Member
from ningju.orgs.models import HandlingUnit

from .choices import RouteKind, Subject


class PublicRequestForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("向哪一级政协反映"), coerce=int)
    subject = forms.ChoiceField(label=_("领域"), choices=[("", _("请选择")), *Subject.choices])
    title = forms.CharField(label=_("标题"), max_length=80, help_text=_("一句话说明是什么事。"))
    text = forms.CharField(
        label=_("具体情况"),
        min_length=10,
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("在哪里、什么问题、希望怎样解决。10到1500字。"),
    )
    requester_name = forms.CharField(label=_("称呼（可不填）"), max_length=40, required=False)
    phone = forms.CharField(
        label=_("手机号"),
        max_length=20,
        help_text=_("只用于联系您和查询进展，不会公开。"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    publish_consent = forms.BooleanField(
        label=_("同意在办理结束后公开诉求和办理结果（不公开姓名和电话）"), required=False
    )
    consent = forms.BooleanField(
        label=_("我已阅读上面的个人信息告知，同意按告知处理我的信息"),
        error_messages={"required": _("请阅读个人信息告知并勾选同意后再提交。")},
    )
    # Honeypot: hidden from people (display:none in voices.css), filled in by bots.
    website = forms.CharField(label=_("网址"), required=False)

    def __init__(self, *args: Any, organisations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.choices = [("", _("请选择")), *((o.pk, o.name) for o in organisations)]  # type: ignore[attr-defined]
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean_phone(self) -> str:
        from ningju.core.errors import DomainError

        from .services import clean_mobile

        try:
            return clean_mobile(self.cleaned_data["phone"])
        except DomainError as exc:
            raise forms.ValidationError(str(exc.message)) from exc


class TrackForm(forms.Form):
    code = forms.CharField(label=_("查询码"), max_length=12)
    last4 = forms.RegexField(
        label=_("手机号后四位"),
        regex=r"^\d{4}$",
        error_messages={"invalid": _("请填写4位数字。")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("不予受理理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=500
    )


class MergeForm(forms.Form):
    into = forms.IntegerField(label=_("合并到"), widget=forms.HiddenInput)


class RouteForm(forms.Form):
    kind = forms.ChoiceField(label=_("转办给"), choices=RouteKind.choices, widget=forms.RadioSelect)
    member = forms.ModelChoiceField(
        label=_("委员"), queryset=Member.objects.none(), required=False, empty_label=_("请选择")
    )
    station = forms.ModelChoiceField(
        label=_("委员联络站"),
        queryset=Member.objects.none(),
        required=False,
        empty_label=_("请选择"),
    )
    unit = forms.ModelChoiceField(
        label=_("承办单位"),
        queryset=HandlingUnit.objects.none(),
        required=False,
        empty_label=_("请选择"),
    )
    note = forms.CharField(
        label=_("转办说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        from ningju.stations.models import Station

        super().__init__(*args, **kwargs)
        member_field: Any = self.fields["member"]
        member_field.queryset = Member.objects.filter(
            organisation_id=organisation_id, memberships__term__is_current=True
        ).distinct()
        station_field: Any = self.fields["station"]
        station_field.queryset = Station.objects.filter(
            organisation_id=organisation_id, is_active=True
        )
        unit_field: Any = self.fields["unit"]
        unit_field.queryset = HandlingUnit.objects.filter(
            organisation_id=organisation_id, is_active=True
        )
        for name in ("member", "station", "unit"):
            f: Any = self.fields[name]
            f.choices = list(iter(f.choices))


class AnswerForm(forms.Form):
    outcome = forms.CharField(
        label=_("办理结果"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=3000,
        help_text=_("写给提出人看：做了什么、结果如何。同意公开的，经工作人员审核后会在网上公开。"),
    )
