"""The item page everyone with access shares (contributor, office staff)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ningju.core.http import AuthedHttpRequest

from . import selectors
from .views_member import get_opinion
from .workflow import EDITABLE, allowed_actions


@login_required
@require_GET
def detail(request: AuthedHttpRequest, opinion_id: int) -> HttpResponse:
    opinion = get_opinion(request, opinion_id)
    user = request.user
    may_process = user.has_perm("opinions.process", opinion)
    actions = set(allowed_actions(opinion.status)) if may_process else set()
    published = opinion.issue is not None and opinion.issue.status == "published"
    if not published:
        actions -= {"report", "adopt", "instruct"}
    return render(
        request,
        "opinions/detail.html",
        {
            "opinion": opinion,
            "contributors": list(opinion.contributors.all()),
            "is_author": user.has_perm("opinions.edit_draft", opinion),
            "editable": opinion.status in EDITABLE,
            "may_process": may_process,
            "actions": actions,
            "reports": list(opinion.reports.all()),
            "adoptions": list(opinion.adoptions.all()),
            "instructions": selectors.instructions_visible(user=user, opinion=opinion),
            "attachments": list(opinion.attachments.all()),
            "merged": list(opinion.merged_opinions.all()) if may_process else [],
        },
    )
