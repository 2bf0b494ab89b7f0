"""Forms of the 办实事 pages; the services check every rule again."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from ningju.members.models import Member
from ningju.orgs.models import HandlingUnit
from ningju.stations.models import Reception
from ningju.voices.models import PublicRequest

from .choices import SourceKind, Stage
from .services import MatterData

SOURCE_CHOICES_LIMIT = 200


class MatterForm(forms.Form):
    title = forms.CharField(label=_("实事名称"), max_length=100)
    description = forms.CharField(
        label=_("群众诉求与承诺内容"), widget=forms.Textarea(attrs={"rows": 5}), max_length=2000
    )
    beneficiaries = forms.CharField(label=_("受益群众"), max_length=120, required=False)
    location = forms.CharField(label=_("地点"), max_length=120, required=False)
    source_kind = forms.ChoiceField(label=_("来源"), choices=SourceKind.choices)
    public_request = forms.ModelChoiceField(
        label=_("来源群众诉求"), queryset=PublicRequest.objects.none(), required=False
    )
    reception = forms.ModelChoiceField(
        label=_("来源联络站接待"), queryset=Reception.objects.none(), required=False
    )
    source_reference = forms.CharField(label=_("来源说明"), max_length=200, required=False)
    owner_member = forms.ModelChoiceField(
        label=_("牵头委员"), queryset=Member.objects.none(), required=False
    )
    owner_unit = forms.ModelChoiceField(
        label=_("责任单位"), queryset=HandlingUnit.objects.none(), required=False
    )
    deadline = forms.DateField(
        label=_("承诺完成日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    is_public = forms.BooleanField(
        label=_("办结后在门户公开"),
        required=False,
        initial=True,
        help_text=_("涉及个人隐私的实事请取消勾选。"),
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        querysets = {
            "owner_member": Member.objects.filter(
                organisation_id=organisation_id, memberships__term__is_current=True
            )
            .distinct()
            .order_by("name"),
            "owner_unit": HandlingUnit.objects.filter(
                organisation_id=organisation_id, is_active=True
            ).order_by("sort_order", "id"),
            "public_request": PublicRequest.objects.filter(
                organisation_id=organisation_id
            ).order_by("-id")[:SOURCE_CHOICES_LIMIT],
            "reception": Reception.objects.filter(organisation_id=organisation_id).order_by("-id")[
                :SOURCE_CHOICES_LIMIT
            ],
        }
        for name, queryset in querysets.items():
            field = cast(forms.ModelChoiceField, self.fields[name])
            field.queryset = queryset
            # Evaluated once: rendering and validation would otherwise each query.
            field.choices = [("", "---------"), *[(o.pk, str(o)) for o in queryset]]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("owner_member") and not data.get("owner_unit"):
            self.add_error("owner_member", _("请指定牵头委员或责任单位（至少一个）。"))
        return data

    def to_data(self) -> MatterData:
        d = self.cleaned_data
        return MatterData(
            title=d["title"],
            description=d["description"],
            deadline=d["deadline"],
            owner_member=d["owner_member"],
            owner_unit=d["owner_unit"],
            beneficiaries=d["beneficiaries"],
            location=d["location"],
            source_kind=d["source_kind"],
            source_reference=d["source_reference"],
            public_request=d["public_request"],
            reception=d["reception"],
            is_public=d["is_public"],
        )


class ProgressForm(forms.Form):
    happened_on = forms.DateField(
        label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    percent = forms.IntegerField(label=_("完成进度（%）"), min_value=0, max_value=100)
    stage = forms.ChoiceField(
        label=_("所处阶段"), choices=[("", _("不填")), *Stage.choices], required=False
    )
    note = forms.CharField(
        label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("照片或文件"),
        help_text=_("支持 JPG、PNG、PDF、DOCX，单个不超过 10 MB。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf,.docx"}),
    )
    caption = forms.CharField(label=_("说明"), max_length=100, required=False)


class ReportForm(forms.Form):
    summary = forms.CharField(
        label=_("办结情况"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=200)
