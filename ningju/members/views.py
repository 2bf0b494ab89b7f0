from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ningju.core.errors import DomainError, NotFoundOrForbidden
from ningju.core.http import AuthedHttpRequest
from ningju.core.masking import mask_address, mask_id_number, mask_phone
from ningju.orgs.models import Organisation, Term
from ningju.performance.selectors import duty_records_of, duty_summary

from . import selectors, services
from .exporting import filters_from
from .forms import DirectoryFilterForm, MemberForm
from .models import Member

PAGE_SIZE = 30


def _visible_member(request: AuthedHttpRequest, member_id: int) -> Member:
    try:
        return selectors.member_get_visible(user=request.user, member_id=member_id)
    except NotFoundOrForbidden as exc:
        raise Http404 from exc


@login_required
def directory(request: AuthedHttpRequest) -> HttpResponse:
    """委员名录: filter by term, sector, committee, affiliation, ethnicity (htmx-updated)."""
    if not request.user.has_perm("members.view_directory"):
        raise PermissionDenied
    organisation_id = request.user.principal.org
    form = DirectoryFilterForm(request.GET or None, organisation_id=organisation_id)
    filters = selectors.DirectoryFilters()
    if form.is_valid():
        filters = filters_from(form.cleaned_data)
    memberships = selectors.membership_directory(user=request.user, filters=filters)
    page = Paginator(memberships, PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query_string": query_string.urlencode(),
        "can_add": request.user.has_perm("members.add_member"),
        "can_export": request.user.has_perm("members.export_members"),
    }
    template = "members/_directory_results.html" if request.htmx else "members/directory.html"
    return render(request, template, context)


@login_required
def detail(request: AuthedHttpRequest, member_id: int) -> HttpResponse:
    """委员风采: the profile, seats per term and the duty record summary."""
    member = _visible_member(request, member_id)
    memberships = list(selectors.memberships_of(member))
    context: dict[str, Any] = {
        "member": member,
        "memberships": memberships,
        "masked": {
            "id_number": mask_id_number(member.id_number),
            "phone": mask_phone(member.phone),
            "address": mask_address(member.address),
        },
        "can_edit": request.user.has_perm("members.change_member", member),
        "can_reveal": request.user.has_perm("members.reveal_personal_data", member),
    }
    if request.user.has_perm("performance.view_duty_records", member):
        records = duty_records_of(user=request.user, member=member)
        context["duty_summary"] = duty_summary(records)
        context["duty_records"] = list(records.select_related("organisation")[:20])
    return render(request, "members/detail.html", context)


@login_required
@require_POST
def reveal(request: AuthedHttpRequest, member_id: int) -> HttpResponse:
    """查看明文: shows the full values once, and writes the audit record."""
    member = _visible_member(request, member_id)
    try:
        revealed = services.personal_data_reveal(acting_user=request.user, member=member)
    except NotFoundOrForbidden as exc:
        raise Http404 from exc
    return render(request, "members/_revealed.html", {"member": member, "revealed": revealed})


def _term_for_edit(request: AuthedHttpRequest, organisation_id: int) -> Term:
    term_id = request.GET.get("term") or request.POST.get("term")
    terms = Term.objects.filter(organisation_id=organisation_id)
    term = terms.filter(pk=term_id).first() if term_id and str(term_id).isdigit() else None
    term = term or terms.filter(is_current=True).first()
    if term is None:
        raise Http404
    return term


@login_required
def create(request: AuthedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("members.add_member"):
        raise PermissionDenied
    organisation = Organisation.objects.get(pk=request.user.principal.org)
    term = _term_for_edit(request, organisation.pk)
    form = MemberForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_create(
                acting_user=request.user,
                organisation=organisation,
                term=term,
                data=form.to_member_data(),
            )
        except DomainError as exc:
            form.add_error(exc.field, str(exc.message))
        else:
            messages.success(request, _("已添加委员 %(name)s。") % {"name": member.name})
            return redirect("members:detail", member_id=member.pk)
    return render(request, "members/form.html", {"form": form, "term": term, "member": None})


@login_required
def edit(request: AuthedHttpRequest, member_id: int) -> HttpResponse:
    member = _visible_member(request, member_id)
    if not request.user.has_perm("members.change_member", member):
        raise Http404
    term = _term_for_edit(request, member.organisation_id)
    membership = member.memberships.filter(term=term).prefetch_related("seats").first()
    initial = MemberForm.initial_for(member, membership)
    # Stored personal data is never put back into the page: blank keeps the current value.
    for secret in ("id_number", "phone", "address"):
        initial[secret] = ""
    form = MemberForm(request.POST or None, organisation=member.organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.to_member_data()
        for secret in ("id_number", "phone", "address"):
            if not getattr(data, secret):
                setattr(data, secret, getattr(member, secret))
        try:
            services.member_update(acting_user=request.user, member=member, term=term, data=data)
        except DomainError as exc:
            form.add_error(exc.field, str(exc.message))
        else:
            messages.success(request, _("已保存 %(name)s 的信息。") % {"name": member.name})
            return redirect("members:detail", member_id=member.pk)
    masked = {
        "id_number": mask_id_number(member.id_number),
        "phone": mask_phone(member.phone),
        "address": mask_address(member.address),
    }
    return render(
        request,
        "members/form.html",
        {"form": form, "term": term, "member": member, "masked": masked},
    )
