"""Handling-unit pages: the unit's queue and each assignment's work."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from ningju.core.errors import NotFoundOrForbidden
from ningju.core.http import AuthedHttpRequest

from . import selectors


@login_required
def assignment_detail(request: AuthedHttpRequest, assignment_id: int) -> HttpResponse:
    try:
        assignment = selectors.assignment_get(user=request.user, assignment_id=assignment_id)
    except NotFoundOrForbidden as exc:
        raise Http404 from exc
    return render(request, "proposals/unit/assignment.html", {"assignment": assignment})
