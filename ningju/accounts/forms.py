from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ningju.orgs.models import HandlingUnit, Office

from .choices import GRANTABLE_ROLES, AccountKind, Role
from .models import SecurityPolicy


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码不正确。请注意区分大小写。"),
        "inactive": _("该账号已停用，请联系系统管理员。"),
    }

    def get_invalid_login_error(self) -> ValidationError:
        lockout = getattr(self.request, "ningju_lockout", None)
        if lockout is not None:
            return ValidationError(
                gettext("登录失败次数过多，已暂时锁定。请在 %(minutes)s 分钟后再试。")
                % {"minutes": lockout.minutes_left},
                code="locked",
            )
        if getattr(self.request, "ningju_dormant", False):
            return ValidationError(
                gettext("该账号长期未登录，已按规定停用。请联系系统管理员恢复。"), code="dormant"
            )
        return super().get_invalid_login_error()

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


class ChangePasswordForm(PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": _("原密码不正确，请重新输入。"),
        "password_mismatch": _("两次输入的新密码不一致。"),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("原密码")
        self.fields["new_password1"].label = _("新密码")
        self.fields["new_password2"].label = _("再次输入新密码")
        self.fields["new_password1"].help_text = _(
            "至少 8 个字符，包含大写字母、小写字母、数字、符号中的至少 3 类；不能包含用户名，不能与最近 5 次的密码相同。"
        )


class SecurityPolicyForm(forms.ModelForm):
    class Meta:
        model = SecurityPolicy
        fields = [
            "min_length",
            "required_classes",
            "history_count",
            "max_age_days",
            "lockout_threshold",
            "lockout_minutes",
            "idle_timeout_minutes",
            "dormant_days",
            "members_require_two_factor",
        ]

    def clean_min_length(self) -> int:
        value = self.cleaned_data["min_length"]
        if value < 8:
            raise ValidationError(_("等保三级要求密码至少 8 位。"))
        return value

    def clean_required_classes(self) -> int:
        value = self.cleaned_data["required_classes"]
        if not 1 <= value <= 4:
            raise ValidationError(_("请输入 1 到 4 之间的数字。"))
        return value

    def clean_idle_timeout_minutes(self) -> int:
        value = self.cleaned_data["idle_timeout_minutes"]
        if not 1 <= value <= 30:
            raise ValidationError(_("无操作退出时间应在 1 到 30 分钟之间。"))
        return value

    def clean_lockout_threshold(self) -> int:
        value = self.cleaned_data["lockout_threshold"]
        if not 1 <= value <= 10:
            raise ValidationError(_("请输入 1 到 10 之间的数字。"))
        return value

    def clean_max_age_days(self) -> int:
        value = self.cleaned_data["max_age_days"]
        if not 1 <= value <= 90:
            raise ValidationError(_("密码有效期应在 1 到 90 天之间。"))
        return value
