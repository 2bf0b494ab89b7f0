from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from ningju.orgs.models import HandlingUnit, Office

from .choices import GRANTABLE_ROLES, AccountKind, Role


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码不正确。请注意区分大小写。"),
        "inactive": _("该账号已停用，请联系系统管理员。"),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("用户名")
        self.fields["password"].label = _("密码")
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class UserCreateForm(forms.Form):
    username = forms.RegexField(
        label=_("用户名"),
        max_length=150,
        regex=r"^[A-Za-z0-9_.@+-]+$",
        error_messages={"invalid": _("用户名只能包含字母、数字和 _ . @ + -。")},
    )
    display_name = forms.CharField(label=_("姓名"), max_length=60)
    kind = forms.ChoiceField(label=_("账号类型"), choices=AccountKind.choices)
    phone = forms.RegexField(
        label=_("手机号"),
        required=False,
        regex=r"^1\d{10}$",
        error_messages={"invalid": _("请输入11位手机号码。")},
    )
    password = forms.CharField(
        label=_("初始密码"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}, render_value=True),
        help_text=_("用户首次登录后须修改密码。"),
    )


class RoleGrantForm(forms.Form):
    role = forms.ChoiceField(
        label=_("角色"), choices=[(r.value, r.label) for r in Role if r in GRANTABLE_ROLES]
    )
    office = forms.ModelChoiceField(
        label=_("工作机构"), queryset=Office.objects.none(), required=False
    )
    handling_unit = forms.ModelChoiceField(
        label=_("承办单位"), queryset=HandlingUnit.objects.none(), required=False
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        office_field = cast(forms.ModelChoiceField, self.fields["office"])
        unit_field = cast(forms.ModelChoiceField, self.fields["handling_unit"])
        office_field.queryset = Office.objects.filter(organisation_id=organisation_id)
        unit_field.queryset = HandlingUnit.objects.filter(organisation_id=organisation_id)
