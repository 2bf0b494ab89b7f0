from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TermCategory, TermWeight


class TermForm(forms.Form):
    term = forms.CharField(label=_("词语"), max_length=40)
    category = forms.ChoiceField(label=_("类别"), choices=TermCategory.choices)
    weight = forms.ChoiceField(
        label=_("处理方式"), choices=TermWeight.choices, initial=TermWeight.BLOCK
    )


class CheckForm(forms.Form):
    text = forms.CharField(
        label=_("要检查的文字"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("粘贴一段文字，看过滤器会不会拦下它、为什么。不会保存。"),
    )
