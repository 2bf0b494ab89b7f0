"""Forms of the publishing pages. Rules (三审, the filter, who may act) live in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ningju.core.sanitize import SanitizedHTMLField

from .choices import ReviewDecision
from .models import Column
from .services import ArticleData, CorrectionData

HARD_CAP = 50_000


class ArticleForm(forms.Form):
    column = forms.ModelChoiceField(label=_("栏目"), queryset=Column.objects.none())
    title = forms.CharField(label=_("标题"), max_length=120)
    summary = forms.CharField(
        label=_("摘要"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("列表和订阅里显示；不填则取正文开头。"),
    )
    body = SanitizedHTMLField(
        label=_("正文"),
        max_length=HARD_CAP,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("可以使用 <p>、<strong>、<h2>、列表、表格和链接；其他格式会被去掉。"),
    )
    source = forms.CharField(label=_("来源"), max_length=80, required=False)
    author_name = forms.CharField(
        label=_("作者"), max_length=80, required=False, help_text=_("不填则用您的姓名。")
    )
    editor_name = forms.CharField(label=_("责任编辑"), max_length=40, required=False)
    image = forms.FileField(
        label=_("题图"),
        required=False,
        help_text=_("JPG 或 PNG，10 MB 以内，自动缩小到 1600 像素。"),
    )
    image_alt = forms.CharField(label=_("题图说明"), max_length=120, required=False)
    title_ko = forms.CharField(label=_("朝鲜文标题"), max_length=200, required=False)
    body_ko = SanitizedHTMLField(
        label=_("朝鲜文正文"),
        max_length=HARD_CAP,
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "lang": "ko"}),
        help_text=_("有朝鲜文版本时填写；读者选择朝鲜文时显示。"),
    )
    publish_at = forms.DateTimeField(
        label=_("定时发布"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("不填则终审通过后立即发布。"),
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["column"].queryset = Column.objects.filter(organisation_id=organisation_id)  # type: ignore[attr-defined]
        self.fields["title_ko"].widget.attrs["lang"] = "ko"

    def to_data(self) -> ArticleData:
        c = self.cleaned_data
        return ArticleData(
            column_id=c["column"].pk,
            title=c["title"],
            body=c["body"],
            summary=c["summary"],
            title_ko=c["title_ko"],
            body_ko=c["body_ko"],
            source=c["source"],
            author_name=c["author_name"],
            editor_name=c["editor_name"],
            image=c["image"],
            image_alt=c["image_alt"],
            publish_at=c["publish_at"],
        )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结果"), choices=ReviewDecision.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("审核意见"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("退回时必填，作者会看到。"),
    )


class UnpublishForm(forms.Form):
    reason = forms.CharField(
        label=_("撤稿理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CorrectionForm(forms.Form):
    note = forms.CharField(
        label=_("更正说明"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("在文章下方公开显示，例如：原文第二段“2024年”应为“2025年”。"),
    )
    body = SanitizedHTMLField(
        label=_("更正后的正文"), max_length=HARD_CAP, widget=forms.Textarea(attrs={"rows": 16})
    )
    body_ko = SanitizedHTMLField(
        label=_("更正后的朝鲜文正文"),
        max_length=HARD_CAP,
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "lang": "ko"}),
    )

    def to_data(self) -> CorrectionData:
        c = self.cleaned_data
        return CorrectionData(note=c["note"], body=c["body"], body_ko=c["body_ko"])
