"""《社情民意》 issues: the list, one issue, starting, publishing and reporting an issue,
and the issue as Word and PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ningju.core.errors import DomainError, NotFoundOrForbidden
from ningju.core.http import AuthedHttpRequest
from ningju.core.uploads import content_disposition

from . import documents, selectors, services
from .choices import IssueStatus
from .forms import IssueForm, ReportForm
from .models import JournalIssue
from .views_member import add_domain_errors

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _issue(request: AuthedHttpRequest, issue_id: int) -> JournalIssue:
    try:
        return selectors.issue_get(user=request.user, issue_id=issue_id)
    except NotFoundOrForbidden as exc:
        raise Http404 from exc


def _office_issue(request: AuthedHttpRequest, issue_id: int) -> JournalIssue:
    issue = _issue(request, issue_id)
    if not request.user.has_perm("opinions.process", issue):
        raise PermissionDenied
    return issue


@login_required
@require_GET
def issues(request: AuthedHttpRequest) -> HttpResponse:
    """Members read the published issues; office staff also see those being edited."""
    principal = request.user.principal
    if not (principal.member_id or request.user.has_perm("opinions.manage")):
        raise PermissionDenied
    rows = list(selectors.issues_visible_to(request.user).select_related("organisation"))
    counts = {
        row["issue_id"]: row["n"] for row in selectors.issue_counts(issue_ids=[i.pk for i in rows])
    }
    for row in rows:
        row.item_count = counts.get(row.pk, 0)  # type: ignore[attr-defined]
    return render(
        request,
        "opinions/issues/list.html",
        {
            "issues": rows,
            "may_manage": request.user.has_perm("opinions.manage"),
            "form": IssueForm(initial={"year": timezone.localdate().year}),
        },
    )


@login_required
@require_POST
def issue_create(request: AuthedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("opinions.manage"):
        raise PermissionDenied
    form = IssueForm(request.POST)
    if form.is_valid():
        try:
            issue = services.issue_create(
                acting_user=request.user,
                year=form.cleaned_data["year"],
                editor_note=form.cleaned_data["editor_note"],
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("已新建 %(issue)s。") % {"issue": issue})
            return redirect("opinions:issue", issue_id=issue.pk)
    rows = list(selectors.issues_visible_to(request.user))
    return render(
        request,
        "opinions/issues/list.html",
        {"issues": rows, "may_manage": True, "form": form},
        status=400,
    )


@login_required
@require_GET
def issue(request: AuthedHttpRequest, issue_id: int) -> HttpResponse:
    found = _issue(request, issue_id)
    may_process = request.user.has_perm("opinions.process", found)
    return render(
        request,
        "opinions/issues/detail.html",
        {
            "issue": found,
            "items": selectors.issue_items(found),
            "may_process": may_process,
            "is_leader": selectors.is_leader(request.user)
            and found.status == IssueStatus.PUBLISHED,
            "editing": found.status == IssueStatus.EDITING,
        },
    )


@login_required
@require_POST
def issue_publish(request: AuthedHttpRequest, issue_id: int) -> HttpResponse:
    found = _office_issue(request, issue_id)
    try:
        services.issue_publish(acting_user=request.user, issue=found)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("本期已印发，反映人会收到通知。"))
    return redirect("opinions:issue", issue_id=found.pk)


@login_required
@require_http_methods(["GET", "POST"])
def issue_report(request: AuthedHttpRequest, issue_id: int) -> HttpResponse:
    """报送本期: every item of the issue goes to the chosen targets."""
    found = _office_issue(request, issue_id)
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.issue_report(
                    acting_user=request.user, issue=found, targets=form.cleaned_data["targets"]
                )
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                messages.success(request, _("本期报送已登记。"))
                return redirect("opinions:issue", issue_id=found.pk)
        status = 400
    return render(
        request, "opinions/issues/report.html", {"issue": found, "form": form}, status=status
    )


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    return response


@login_required
@require_GET
def issue_docx(request: AuthedHttpRequest, issue_id: int) -> HttpResponse:
    doc = documents.issue_document(_issue(request, issue_id))
    return _download(documents.issue_docx(doc), f"{doc.filename}.docx", DOCX)


@login_required
@require_GET
def issue_pdf(request: AuthedHttpRequest, issue_id: int) -> HttpResponse:
    doc = documents.issue_document(_issue(request, issue_id))
    return _download(documents.issue_pdf(doc), f"{doc.filename}.pdf", "application/pdf")
