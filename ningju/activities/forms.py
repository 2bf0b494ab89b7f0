"""Forms: they check what a form can (a number is a number, a choice exists); every rule
is checked again in services.py, whose messages the views put next to these fields."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from ningju.orgs.models import Sector, SpecialCommittee

from .choices import ActivityKind, Cadence, OrganiserKind, StudyKind
from .models import Book, Brand, Campaign

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NUMBER = forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"})
IMAGE_ACCEPT = ".jpg,.jpeg,.png,image/jpeg,image/png"
FILE_ACCEPT = ".pdf,.docx,.xlsx,.jpg,.png"


def _count(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, required=False, initial=0, widget=NUMBER)


def _choices(rows: Any, empty: Any) -> list[tuple[Any, Any]]:
    return [("", empty), *((row.pk, str(row)) for row in rows)]


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("活动名称"), max_length=120)
    kind = forms.ChoiceField(label=_("活动类型"), choices=ActivityKind.choices)
    occurred_on = forms.DateField(label=_("活动日期"), widget=DATE)
    place = forms.CharField(label=_("地点"), max_length=120)
    organiser_kind = forms.ChoiceField(
        label=_("组织方"), choices=OrganiserKind.choices, initial=OrganiserKind.ORGANISATION
    )
    committee_id = forms.TypedChoiceField(
        label=_("专门委员会"), coerce=int, empty_value=None, required=False
    )
    sector_id = forms.TypedChoiceField(
        label=_("界别"), coerce=int, empty_value=None, required=False
    )
    campaign_id = forms.TypedChoiceField(
        label=_("活动主题"), coerce=int, empty_value=None, required=False
    )
    brand_id = forms.TypedChoiceField(
        label=_("一委一品品牌"), coerce=int, empty_value=None, required=False
    )
    report = forms.CharField(
        label=_("活动简报"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("写明做了什么、服务了谁、取得了什么成效，500 字以内为宜。"),
    )
    people_served = _count(_("服务群众（人次）"))
    value_donated = forms.DecimalField(
        label=_("捐赠价值（元）"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        required=False,
        initial=0,
        widget=forms.NumberInput(attrs={"min": 0, "step": "0.01", "inputmode": "decimal"}),
    )
    items_donated = _count(_("捐赠物品（件）"))
    trees_planted = _count(_("植树（棵）"))
    projects_signed = _count(_("签约项目（个）"))
    photo = forms.FileField(
        label=_("活动照片"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
        help_text=_("JPG 或 PNG，10 MB 以内；保存后还可以继续添加。"),
    )

    FIGURE_FIELDS = (
        "people_served",
        "value_donated",
        "items_donated",
        "trees_planted",
        "projects_signed",
    )

    def __init__(
        self,
        *args: Any,
        organisation_id: int,
        members: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(Any, self.fields["committee_id"]).choices = _choices(
            SpecialCommittee.objects.filter(organisation_id=organisation_id), _("（不选）")
        )
        cast(Any, self.fields["sector_id"]).choices = _choices(
            Sector.objects.filter(organisation_id=organisation_id), _("（不选）")
        )
        cast(Any, self.fields["campaign_id"]).choices = _choices(
            Campaign.objects.filter(organisation_id=organisation_id), _("（不属于任何主题）")
        )
        cast(Any, self.fields["brand_id"]).choices = _choices(
            Brand.objects.filter(organisation_id=organisation_id), _("（不属于任何品牌）")
        )
        if members is not None:
            self.fields["participant_ids"] = forms.TypedMultipleChoiceField(
                label=_("参加委员"),
                coerce=int,
                required=False,
                choices=[(m.pk, m.name) for m in members],
                widget=forms.CheckboxSelectMultiple,
            )

    @staticmethod
    def initial_for(activity: Any) -> dict[str, Any]:
        data = {
            name: getattr(activity, name)
            for name in (
                "title",
                "kind",
                "occurred_on",
                "place",
                "organiser_kind",
                "report",
                "committee_id",
                "sector_id",
                "campaign_id",
                "brand_id",
                *ActivityForm.FIGURE_FIELDS,
            )
        }
        data["participant_ids"] = [p.member_id for p in activity.participations.all()]
        return data

    def data_kwargs(self) -> dict[str, Any]:
        values = dict(self.cleaned_data)
        values.pop("photo", None)
        for name in self.FIGURE_FIELDS:
            if values.get(name) is None:
                values[name] = 0
        values.setdefault("participant_ids", [])
        return values


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("退回原因"), max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("添加照片"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
    )


class CampaignForm(forms.Form):
    title = forms.CharField(label=_("名称"), max_length=120)
    starts_on = forms.DateField(label=_("开始日期"), widget=DATE)
    ends_on = forms.DateField(label=_("结束日期"), widget=DATE)
    description = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    target_activities = _count(_("活动场次目标"))
    people_served = _count(_("服务群众目标（人次）"))
    value_donated = forms.DecimalField(
        label=_("捐赠价值目标（元）"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        required=False,
        initial=0,
        widget=forms.NumberInput(attrs={"min": 0, "step": "0.01", "inputmode": "decimal"}),
    )
    items_donated = _count(_("捐赠物品目标（件）"))
    trees_planted = _count(_("植树目标（棵）"))
    projects_signed = _count(_("签约项目目标（个）"))

    def data_kwargs(self) -> dict[str, Any]:
        return {k: (0 if v is None else v) for k, v in self.cleaned_data.items()}


class BrandForm(forms.Form):
    name = forms.CharField(label=_("品牌名称"), max_length=80)
    committee_id = forms.TypedChoiceField(
        label=_("专门委员会"), coerce=int, empty_value=None, required=False
    )
    description = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(Any, self.fields["committee_id"]).choices = _choices(
            SpecialCommittee.objects.filter(organisation_id=organisation_id), _("（不选）")
        )


class StudySessionForm(forms.Form):
    kind = forms.ChoiceField(label=_("学习类型"), choices=StudyKind.choices)
    title = forms.CharField(label=_("学习主题"), max_length=150)
    held_on = forms.DateField(label=_("日期"), widget=DATE)
    place = forms.CharField(label=_("地点"), max_length=120, required=False)
    speaker = forms.CharField(label=_("主讲人"), max_length=60, required=False)
    summary = forms.CharField(
        label=_("学习内容"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class AttendanceForm(forms.Form):
    member_ids = forms.TypedMultipleChoiceField(
        label=_("出勤委员"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(Any, self.fields["member_ids"]).choices = [(m.pk, m.name) for m in members]


class MaterialForm(forms.Form):
    file = forms.FileField(
        label=_("上传学习材料"),
        widget=forms.ClearableFileInput(attrs={"accept": FILE_ACCEPT}),
        help_text=_("PDF、Word、Excel 或图片，20 MB 以内。"),
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("我的学习心得"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )


class BookForm(forms.Form):
    title = forms.CharField(label=_("书名"), max_length=150)
    author = forms.CharField(label=_("作者"), max_length=100)
    isbn = forms.CharField(label=_("ISBN"), max_length=20, required=False, help_text=_("可不填。"))
    cover = forms.FileField(
        label=_("封面图片"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
        help_text=_("可不传；JPG 或 PNG，5 MB 以内。"),
    )


class CheckInForm(forms.Form):
    book_id = forms.TypedChoiceField(label=_("图书"), coerce=int, empty_value=None)
    read_on = forms.DateField(label=_("阅读日期"), widget=DATE)
    pages = _count(_("阅读页数"))
    minutes = _count(_("阅读分钟数"))
    note = forms.CharField(label=_("简短感想"), max_length=200, required=False)

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(Any, self.fields["book_id"]).choices = _choices(
            Book.objects.filter(organisation_id=organisation_id), _("请选择图书")
        )


class ReadingNoteForm(forms.Form):
    book_id = forms.TypedChoiceField(label=_("图书"), coerce=int, empty_value=None)
    text = forms.CharField(
        label=_("读书笔记"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(Any, self.fields["book_id"]).choices = _choices(
            Book.objects.filter(organisation_id=organisation_id), _("请选择图书")
        )


class ReadingGroupForm(forms.Form):
    name = forms.CharField(label=_("小组名称"), max_length=80)
    description = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    member_ids = forms.TypedMultipleChoiceField(
        label=_("组员"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(Any, self.fields["member_ids"]).choices = [(m.pk, m.name) for m in members]


class StaffStudyItemForm(forms.Form):
    cadence = forms.ChoiceField(label=_("类别"), choices=Cadence.choices)
    title = forms.CharField(label=_("学习内容"), max_length=150)
    planned_on = forms.DateField(label=_("计划日期"), widget=DATE)
    description = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class StaffTalkForm(forms.Form):
    speaker_id = forms.TypedChoiceField(label=_("主讲人"), coerce=int, empty_value=None)
    topic = forms.CharField(label=_("题目"), max_length=150)
    given_on = forms.DateField(label=_("日期"), widget=DATE)
    summary = forms.CharField(
        label=_("内容摘要"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    material = forms.FileField(
        label=_("材料"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": FILE_ACCEPT}),
        help_text=_("可不传；PDF、Word、Excel 或图片，20 MB 以内。"),
    )

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(Any, self.fields["speaker_id"]).choices = [("", _("请选择"))] + [
            (u.pk, u.display_name or u.username) for u in staff
        ]
