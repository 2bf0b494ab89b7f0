"""Forms of the 微建议 pages. They collect input; the services check every rule again and
their DomainErrors land next to the named field."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from ningju.orgs.models import HandlingUnit, Office, Organisation

from .choices import Category

BODY_HELP = _("简明扼要，一事一议，最多 %(max)s 字。")


class SuggestionForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=60)
    category = forms.ChoiceField(label=_("类别"), choices=Category.choices, initial=Category.OTHER)
    body = forms.CharField(
        label=_("建议内容"), widget=forms.Textarea(attrs={"rows": 6}), max_length=2000
    )

    def __init__(self, *args: Any, max_length: int = 500, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = BODY_HELP % {"max": max_length}
        self.fields["body"].widget.attrs["data-maxlength"] = str(max_length)
        self.fields["body"].widget.attrs["data-counter"] = "body-count"


class PublicSuggestionForm(SuggestionForm):
    organisation = forms.ModelChoiceField(
        label=_("提交给"),
        queryset=Organisation.objects.none(),
        empty_label=None,
    )
    name = forms.CharField(
        label=_("姓名或称呼"), max_length=40, required=False, help_text=_("可不填。")
    )
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=20,
        required=False,
        help_text=_("可不填；留下电话，工作人员才能把答复告诉您。"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    consent = forms.BooleanField(
        label=_("我已阅读上面的个人信息告知，同意按此处理我填写的信息。"),
        error_messages={"required": _("请阅读并同意个人信息告知。")},
    )
    # Honeypot: hidden from people (the wrapper has the `hidden` attribute); bots fill it.
    website = forms.CharField(label=_("网址（请留空）"), required=False)

    field_order = ("organisation", "title", "category", "body", "name", "phone", "consent")

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["organisation"])
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        field.choices = [(o.pk, o.name) for o in organisations]


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(label=_("交由谁办理"))
    note = forms.CharField(
        label=_("分办意见"), max_length=200, required=False, widget=forms.TextInput()
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = HandlingUnit.objects.filter(organisation_id=organisation_id, is_active=True)
        offices = Office.objects.filter(organisation_id=organisation_id)
        cast(forms.ChoiceField, self.fields["assignee"]).choices = [
            ("", _("请选择")),
            (_("办理单位"), [(f"unit:{u.pk}", u.name) for u in units.order_by("sort_order", "id")]),
            (
                _("本会科室"),
                [(f"office:{o.pk}", o.name) for o in offices.order_by("sort_order", "id")],
            ),
        ]

    def target(self) -> tuple[str, int]:
        kind, _sep, pk = self.cleaned_data["assignee"].partition(":")
        return kind, int(pk)


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 6}), max_length=2000
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=200)


class ApproveForm(forms.Form):
    reply = forms.CharField(
        label=_("答复（可修改措辞后审定）"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=2000,
    )
