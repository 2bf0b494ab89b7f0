"""Pages of two-factor authentication: set-up, the code after login, status, admin reset.

These URLs are exempt from `TwoFactorMiddleware` (they are where it sends people), so each
view that shows or changes the second factor checks for itself that a person who already
has one has entered a code in this session.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

import django_otp
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ningju.core.errors import DomainError
from ningju.core.http import AuthedHttpRequest
from ningju.core.views import safe_next

from . import two_factor
from .models import User

NEW_CODES_SESSION_KEY = "ningju_2fa_new_recovery_codes"


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("验证码"),
        max_length=32,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
        error_messages={"required": gettext_lazy("请输入验证码。")},
    )


class SetupCodeForm(CodeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        field.label = gettext_lazy("手机上显示的6位数字")
        field.help_text = gettext_lazy("数字每30秒变一次，输入现在显示的那一组即可。")
        field.widget.attrs.update({"inputmode": "numeric", "maxlength": "7"})


class VerifyForm(CodeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        field.label = gettext_lazy("验证码")
        field.help_text = gettext_lazy(
            "打开手机上的验证器应用，输入“凝聚”（Ningju）账号下显示的6位数字。"
            "手机不在身边时，可以输入一个8位恢复码。"
        )


def _verify_url(request: AuthedHttpRequest) -> str:
    return two_factor.url_with_next(reverse("accounts:two_factor_verify"), request)


def verified_if_enrolled(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Whoever already has a second factor must have used it in this session: otherwise a
    password alone could replace or switch off the authenticator."""

    @wraps(view)
    def wrapper(request: AuthedHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not two_factor.session_verified(request.user) and two_factor.has_confirmed_device(
            request.user
        ):
            return redirect(_verify_url(request))
        return view(request, *args, **kwargs)

    return wrapper


@login_required
@never_cache
@verified_if_enrolled
def setup(request: AuthedHttpRequest) -> HttpResponse:
    """Scan the QR code, type the 6-digit code; then the recovery codes are shown once."""
    user = request.user
    replacing = two_factor.has_confirmed_device(user)
    form = SetupCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = two_factor.totp_confirm(user=user, code=form.cleaned_data["code"])
        except DomainError as exc:
            form.add_error("code", str(exc.message))
        else:
            django_otp.login(request, device)
            request.session[NEW_CODES_SESSION_KEY] = codes
            messages.success(
                request, _("两步验证已启用。以后登录时，输入密码后还要输入手机上的6位数字。")
            )
            return redirect("accounts:two_factor_recovery_codes")
    device = two_factor.totp_begin(user)
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_code": two_factor.qr_data_uri(device),
            "secret": two_factor.secret_for_display(device),
            "replacing": replacing,
            "required": two_factor.two_factor_required(user),
        },
    )


@login_required
@never_cache
@verified_if_enrolled
def recovery_codes(request: AuthedHttpRequest) -> HttpResponse:
    """New recovery codes, shown once: they are taken out of the session as they are shown."""
    codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    return render(
        request,
        "accounts/two_factor_recovery_codes.html",
        {"codes": codes, "next_url": reverse("workspace:home")},
    )


@login_required
@never_cache
def verify(request: AuthedHttpRequest) -> HttpResponse:
    """The code after the password: from the authenticator app, or a recovery code."""
    user = request.user
    next_url = safe_next(request, fallback=reverse("workspace:home"))
    if two_factor.session_verified(request.user) or not two_factor.has_confirmed_device(user):
        return redirect(next_url)
    form = VerifyForm(request.POST or None)
    locked_until = two_factor.lockout_until(user)
    if request.method == "POST" and form.is_valid():
        result = two_factor.verify(request, user, form.cleaned_data["code"])
        if result.ok:
            left = result.recovery_codes_left
            if left is not None:
                messages.warning(
                    request,
                    _(
                        "您用了一个恢复码，还剩 %(count)d 个。如果手机丢了或换了，"
                        "请到“两步验证”页面选择“更换手机”，并重新生成恢复码。"
                    )
                    % {"count": left},
                )
            return redirect(next_url)
        form.add_error("code", result.message)
        locked_until = result.locked_until
    return render(
        request,
        "accounts/two_factor_verify.html",
        {
            "form": form,
            "next": next_url,
            "locked_message": two_factor.locked_message(locked_until) if locked_until else "",
        },
    )


def _render_status(
    request: AuthedHttpRequest,
    *,
    regenerate_form: CodeForm | None = None,
    disable_form: CodeForm | None = None,
) -> HttpResponse:
    user = request.user
    device = two_factor.confirmed_device(user)
    return render(
        request,
        "accounts/two_factor_status.html",
        {
            "device": device,
            "codes_left": two_factor.recovery_codes_left(user) if device else 0,
            "required": two_factor.two_factor_required(user),
            "required_by_role": two_factor.required_by_role(user),
            "regenerate_form": regenerate_form or CodeForm(prefix="regenerate"),
            "disable_form": disable_form or CodeForm(prefix="disable"),
        },
    )


@login_required
@never_cache
@verified_if_enrolled
def status(request: AuthedHttpRequest) -> HttpResponse:
    return _render_status(request)


@login_required
@require_POST
@verified_if_enrolled
def regenerate(request: AuthedHttpRequest) -> HttpResponse:
    form = CodeForm(request.POST, prefix="regenerate")
    if form.is_valid():
        try:
            codes = two_factor.recovery_codes_regenerate(
                user=request.user, code=form.cleaned_data["code"]
            )
        except DomainError as exc:
            form.add_error("code", str(exc.message))
        else:
            request.session[NEW_CODES_SESSION_KEY] = codes
            messages.success(request, _("已生成新的恢复码，旧的恢复码已作废。"))
            return redirect("accounts:two_factor_recovery_codes")
    return _render_status(request, regenerate_form=form)


@login_required
@require_POST
@verified_if_enrolled
def disable(request: AuthedHttpRequest) -> HttpResponse:
    form = CodeForm(request.POST, prefix="disable")
    if form.is_valid():
        try:
            two_factor.disable(user=request.user, code=form.cleaned_data["code"])
        except DomainError as exc:
            form.add_error("code", str(exc.message))
        else:
            messages.success(request, _("两步验证已关闭。登录时只需输入密码。"))
            return redirect("accounts:two_factor")
    return _render_status(request, disable_form=form)


@login_required
@require_POST
def reset(request: AuthedHttpRequest, user_id: int) -> HttpResponse:
    """Security admin: remove a user's authenticator (lost phone) in their organisation."""
    if not request.user.has_perm("accounts.manage_roles"):
        raise PermissionDenied
    subject = User.objects.filter(pk=user_id, organisation_id=request.user.principal.org).first()
    if subject is None:
        raise Http404
    try:
        two_factor.reset(acting_user=request.user, user=subject)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("已重置 %(name)s 的两步验证。该用户下次登录时需要重新设置。") % {"name": subject},
        )
    return redirect("accounts:roles", user_id=subject.pk)
