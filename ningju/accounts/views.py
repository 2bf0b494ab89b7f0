from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ningju.core.errors import DomainError
from ningju.core.http import AuthedHttpRequest
from ningju.core.models import AuditEvent
from ningju.orgs.models import Organisation

from . import api_tokens, security, services
from .forms import (
    ChangePasswordForm,
    LoginForm,
    RoleGrantForm,
    SecurityPolicyForm,
    UserCreateForm,
)
from .models import ApiToken, RoleGrant, User


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        language = form.get_user().preferred_language
        if language:
            from django.conf import settings

            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                samesite="Lax",
                httponly=True,
                secure=self.request.is_secure(),
            )
        return response


def _require(request: AuthedHttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _own_user(request: AuthedHttpRequest, user_id: int) -> User:
    user = User.objects.filter(
        pk=user_id,
        organisation_id=request.user.principal.org,
    ).first()
    if user is None:
        raise Http404
    return user


@login_required
def user_list(request: AuthedHttpRequest) -> HttpResponse:
    """System admin: the accounts of their organisation."""
    _require(request, "accounts.manage_users")
    users = (
        User.objects.filter(organisation_id=request.user.principal.org)
        .prefetch_related(Prefetch("role_grants", queryset=RoleGrant.objects.order_by("role")))
        .order_by("username")
    )
    query = request.GET.get("q", "").strip()
    if query:
        users = users.filter(username__icontains=query) | users.filter(
            display_name__icontains=query
        )
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    form = UserCreateForm()
    return render(request, "accounts/user_list.html", {"page": page, "form": form, "query": query})


@login_required
def user_create(request: AuthedHttpRequest) -> HttpResponse:
    _require(request, "accounts.manage_users")
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(
                acting_user=request.user,
                organisation=Organisation.objects.get(pk=request.user.principal.org),
                **form.cleaned_data,
            )
        except DomainError as exc:
            form.add_error(exc.field, str(exc.message))
        else:
            messages.success(request, _("已创建账号 %(name)s。") % {"name": user.username})
            return redirect("accounts:users")
    return render(request, "accounts/user_form.html", {"form": form})


@login_required
@require_POST
def user_toggle_active(request: AuthedHttpRequest, user_id: int) -> HttpResponse:
    _require(request, "accounts.manage_users")
    user = _own_user(request, user_id)
    try:
        services.user_set_active(
            acting_user=request.user,
            user=user,
            active=not user.is_active,
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("accounts:users")


@login_required
def user_roles(request: AuthedHttpRequest, user_id: int) -> HttpResponse:
    """Security admin: grant and revoke roles."""
    _require(request, "accounts.manage_roles")
    user = _own_user(request, user_id)
    form = RoleGrantForm(
        request.POST or None,
        organisation_id=request.user.principal.org,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.role_grant(acting_user=request.user, user=user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field, str(exc.message))
        else:
            messages.success(request, _("已授予角色。"))
            return redirect("accounts:roles", user_id=user.pk)
    grants = user.role_grants.select_related("office", "handling_unit").order_by("role")
    return render(
        request, "accounts/user_roles.html", {"subject": user, "grants": grants, "form": form}
    )


@login_required
@require_POST
def role_revoke(request: AuthedHttpRequest, grant_id: int) -> HttpResponse:
    _require(request, "accounts.manage_roles")
    grant = (
        RoleGrant.objects.filter(
            pk=grant_id,
            organisation_id=request.user.principal.org,
        )
        .select_related("user")
        .first()
    )
    if grant is None:
        raise Http404
    try:
        services.role_revoke(acting_user=request.user, grant=grant)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已撤销角色。"))
    return redirect("accounts:roles", user_id=grant.user_id)


@login_required
def role_overview(request: AuthedHttpRequest) -> HttpResponse:
    _require(request, "accounts.manage_roles")
    users = (
        User.objects.filter(organisation_id=request.user.principal.org)
        .exclude(kind="member")
        .prefetch_related(Prefetch("role_grants", queryset=RoleGrant.objects.order_by("role")))
        .order_by("username")
    )
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/role_overview.html", {"page": page})


class ChangePasswordView(auth_views.PasswordChangeView):
    """First login, expiry, or by choice: the policy's rules apply and history is kept."""

    template_name = "accounts/password_change.html"
    form_class = ChangePasswordForm
    success_url = reverse_lazy("workspace:home")

    def form_valid(self, form: ChangePasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        security.password_changed(user=form.user)
        messages.success(self.request, _("密码已修改。"))
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["forced"] = user.is_authenticated and security.password_expired(user)
        return context


@login_required
@require_POST
def keepalive(request: AuthedHttpRequest) -> HttpResponse:
    """The idle-timeout warning's "继续使用" button: any request resets the clock."""
    return HttpResponse(status=204)


LOGIN_ACTIONS = (
    "auth.login",
    "auth.login_failed",
    "auth.logout",
    "account.2fa_verified",
    "account.2fa_failed",
    "account.api_token_issued",
    "account.api_token_revoked",
)


@login_required
def my_security(request: AuthedHttpRequest) -> HttpResponse:
    """账号安全: one's own login history, password age and two-factor status."""
    history = AuditEvent.objects.filter(
        actor_username=request.user.username, action__in=LOGIN_ACTIONS
    ).order_by("-sequence")[:30]
    policy = security.policy_for_user(request.user)
    return render(
        request,
        "accounts/security.html",
        {"history": history, "policy": policy, "devices": api_tokens.tokens_of(request.user)},
    )


@login_required
@require_POST
def api_token_revoke(request: AuthedHttpRequest, token_id: int) -> HttpResponse:
    """Sign a phone out of the mobile app (one's own devices only)."""
    token = ApiToken.objects.filter(pk=token_id, user=request.user).first()
    if token is None:
        raise Http404
    api_tokens.token_revoke(acting_user=request.user, token=token)
    messages.success(request, _("已让该设备退出登录。"))
    return redirect("accounts:security")


@login_required
def security_policy(request: AuthedHttpRequest) -> HttpResponse:
    _require(request, "accounts.manage_policy")
    instance = security.policy_for(request.user.principal.org)
    form = SecurityPolicyForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.Meta.fields}
        services.security_policy_update(acting_user=request.user, changes=changes)
        messages.success(request, _("安全策略已保存。"))
        return redirect("accounts:policy")
    return render(request, "accounts/policy.html", {"form": form})
