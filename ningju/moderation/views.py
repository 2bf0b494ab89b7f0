"""敏感词管理: a committee's own word list and a box to try the filter on a text."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ningju.core.errors import DomainError
from ningju.core.http import AuthedHttpRequest

from . import screening, services
from .forms import CheckForm, TermForm
from .models import ModerationTerm


def _require_manager(request: AuthedHttpRequest) -> None:
    if not request.user.has_perm("moderation.manage_terms"):
        raise PermissionDenied


def _page(
    request: AuthedHttpRequest,
    form: TermForm,
    check_form: CheckForm,
    verdict: services.Verdict | None = None,
    status: int = 200,
) -> HttpResponse:
    terms = ModerationTerm.objects.visible_to(request.user).select_related("created_by")
    return render(
        request,
        "moderation/terms.html",
        {
            "form": form,
            "check_form": check_form,
            "verdict": verdict,
            "terms": terms,
            "shipped_count": len(screening.shipped_terms()),
        },
        status=status,
    )


@login_required
def terms(request: AuthedHttpRequest) -> HttpResponse:
    _require_manager(request)
    if request.method != "POST":
        return _page(request, TermForm(), CheckForm())
    form = TermForm(request.POST)
    if form.is_valid():
        try:
            row = services.term_add(acting_user=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("已加入词库：%(term)s") % {"term": row.term})
            return redirect("moderation:terms")
    return _page(request, form, CheckForm(), status=400)


@login_required
@require_POST
def term_remove(request: AuthedHttpRequest, term_id: int) -> HttpResponse:
    _require_manager(request)
    term = ModerationTerm.objects.visible_to(request.user).filter(pk=term_id).first()
    if term is None:
        raise Http404
    services.term_remove(acting_user=request.user, term=term)
    messages.success(request, _("已从词库移除：%(term)s") % {"term": term.term})
    return redirect("moderation:terms")


@login_required
@require_POST
def check(request: AuthedHttpRequest) -> HttpResponse:
    _require_manager(request)
    check_form = CheckForm(request.POST)
    if not check_form.is_valid():
        return _page(request, TermForm(), check_form, status=400)
    verdict = services.screen_text(
        check_form.cleaned_data["text"], organisation=request.user.principal.org
    )
    if request.htmx:
        return render(request, "moderation/_verdict.html", {"verdict": verdict})
    return _page(request, TermForm(), check_form, verdict)
