"""Forms of the meeting pages: they only parse input; the rules live in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ningju.orgs.models import Sector, Session, SpecialCommittee

from .choices import InviteScope, MeetingKind, SpeechKind
from .services import MeetingData

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


def _dt(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=DATETIME_FORMATS,
        widget=DateTimeLocalInput(),
        help_text=help_text,
    )


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("会议类别"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("会议名称"), max_length=120)
    session = forms.ModelChoiceField(
        label=_("届次（全体会议）"), queryset=Session.objects.none(), required=False
    )
    number = forms.IntegerField(label=_("第几次会议"), min_value=1, max_value=999, required=False)
    committee = forms.ModelChoiceField(
        label=_("专门委员会"), queryset=SpecialCommittee.objects.none(), required=False
    )
    sector = forms.ModelChoiceField(label=_("界别"), queryset=Sector.objects.none(), required=False)
    location = forms.CharField(label=_("地点"), max_length=120)
    starts_at = _dt(_("开始时间"))
    ends_at = _dt(_("结束时间"))
    signin_opens_at = _dt(_("签到开始"), required=False, help_text=_("不填则为会议开始前一小时。"))
    signin_closes_at = _dt(_("签到截止"), required=False, help_text=_("不填则为会议结束时。"))
    description = forms.CharField(
        label=_("会议说明"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["session"].queryset = Session.objects.filter(
            term__organisation_id=organisation_id
        ).select_related("term")
        fields["committee"].queryset = SpecialCommittee.objects.filter(
            organisation_id=organisation_id
        )
        fields["sector"].queryset = Sector.objects.filter(organisation_id=organisation_id)

    @staticmethod
    def initial_for(meeting: Any) -> dict[str, Any]:
        from django.utils import timezone

        return {
            "kind": meeting.kind,
            "title": meeting.title,
            "session": meeting.session_id,
            "number": meeting.number,
            "committee": meeting.committee_id,
            "sector": meeting.sector_id,
            "location": meeting.location,
            "starts_at": timezone.localtime(meeting.starts_at),
            "ends_at": timezone.localtime(meeting.ends_at),
            "signin_opens_at": timezone.localtime(meeting.signin_opens_at),
            "signin_closes_at": timezone.localtime(meeting.signin_closes_at),
            "description": meeting.description,
        }

    def data_object(self) -> MeetingData:
        d = self.cleaned_data
        return MeetingData(
            kind=d["kind"],
            title=d["title"],
            location=d["location"],
            starts_at=d["starts_at"],
            ends_at=d["ends_at"],
            signin_opens_at=d.get("signin_opens_at"),
            signin_closes_at=d.get("signin_closes_at"),
            session_id=d["session"].pk if d.get("session") else None,
            number=d.get("number"),
            committee_id=d["committee"].pk if d.get("committee") else None,
            sector_id=d["sector"].pk if d.get("sector") else None,
            description=d.get("description") or "",
        )


class InviteForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("邀请范围"), choices=InviteScope.choices, widget=forms.RadioSelect
    )
    committee = forms.ModelChoiceField(
        label=_("专门委员会"), queryset=SpecialCommittee.objects.none(), required=False
    )
    sector = forms.ModelChoiceField(label=_("界别"), queryset=Sector.objects.none(), required=False)

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["committee"].queryset = SpecialCommittee.objects.filter(
            organisation_id=organisation_id
        )
        fields["sector"].queryset = Sector.objects.filter(organisation_id=organisation_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("scope") == InviteScope.COMMITTEE and not data.get("committee"):
            self.add_error("committee", _("请选择专门委员会。"))
        if data.get("scope") == InviteScope.SECTOR and not data.get("sector"):
            self.add_error("sector", _("请选择界别。"))
        return data


class AgendaForm(forms.Form):
    title = forms.CharField(label=_("议题"), max_length=200)
    presenter = forms.CharField(label=_("汇报人"), max_length=60, required=False)
    is_first_topic = forms.BooleanField(label=_("第一议题"), required=False)
    study_material = forms.CharField(
        label=_("学习内容（第一议题）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MaterialForm(forms.Form):
    file = forms.FileField(
        label=_("会议材料"), help_text=_("PDF、Word、Excel、图片或文本，最大 20 MB。")
    )


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("会议纪要"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )


class LeaveForm(forms.Form):
    reason = forms.CharField(
        label=_("请假事由"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审批结果"),
        choices=[("approve", _("准假")), ("reject", _("不准假"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("审批意见"), max_length=200, required=False)


class ProxyForm(forms.Form):
    member = forms.TypedChoiceField(label=_("代签委员"), coerce=int, choices=[])
    reason = forms.CharField(label=_("代签原因"), max_length=200)

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["member"]
        field.choices = [("", "—"), *members]


class SpeechForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("发言形式"), choices=SpeechKind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("发言题目"), max_length=200)
    text = forms.CharField(
        label=_("发言内容"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    file = forms.FileField(
        label=_("发言稿（可选）"), required=False, help_text=_("PDF、Word 或文本，最大 20 MB。")
    )
    member = forms.TypedChoiceField(label=_("发言委员"), coerce=int, required=False, choices=[])

    def __init__(
        self, *args: Any, members: list[tuple[int, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if members is None:
            del self.fields["member"]
        else:
            field: Any = self.fields["member"]
            field.choices = [("", "—"), *members]
            field.required = True
