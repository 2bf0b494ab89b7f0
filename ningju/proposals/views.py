"""Pages for proposals. Thin: every change goes through services, every read through selectors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render

from ningju.core.errors import NotFoundOrForbidden
from ningju.core.http import AuthedHttpRequest

from . import selectors
from .choices import Status


@login_required
def proposal_list(request: AuthedHttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    query = request.GET.get("q", "").strip()[:60]
    proposals = selectors.proposal_list(user=request.user, status=status, query=query)
    page = Paginator(proposals, 30).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "proposals/list.html",
        {
            "page": page,
            "status": status,
            "query": query,
            "statuses": Status.choices,
            "query_string": query_string.urlencode(),
            "can_create": request.user.has_perm("proposals.create"),
        },
    )


@login_required
def detail(request: AuthedHttpRequest, proposal_id: int) -> HttpResponse:
    try:
        proposal = selectors.proposal_get(user=request.user, proposal_id=proposal_id)
    except NotFoundOrForbidden as exc:
        raise Http404 from exc
    return render(request, "proposals/detail.html", {"proposal": proposal})


@login_required
def assignment_detail(request: AuthedHttpRequest, assignment_id: int) -> HttpResponse:
    try:
        assignment = selectors.assignment_get(user=request.user, assignment_id=assignment_id)
    except NotFoundOrForbidden as exc:
        raise Http404 from exc
    return render(request, "proposals/assignment.html", {"assignment": assignment})
