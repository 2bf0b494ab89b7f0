from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ningju.core.errors import DomainError
from ningju.core.http import AuthedHttpRequest
from ningju.orgs.models import Organisation

from . import services
from .forms import LoginForm, RoleGrantForm, UserCreateForm
from .models import RoleGrant, User


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
