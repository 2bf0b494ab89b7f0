"""Research-office pages: the screening queue and one page per action on an item.
Each page shows the item, a small form, and the service's message next to the field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ningju.core.errors import DomainError
from ningju.core.http import AuthedHttpRequest
from ningju.core.uploads import protected_file_response

from . import selectors, services
from .choices import IssueStatus, Status
from .forms import AdoptForm, CompileForm, EditForm, InstructForm, MergeForm, ReasonForm, ReportForm
from .models import Instruction, JournalIssue, Opinion
from .views_member import add_domain_errors, get_opinion
from .workflow import SCREENABLE, can

PAGE_SIZE = 20


def _office_opinion(request: AuthedHttpRequest, opinion_id: int) -> Opinion:
    opinion = get_opinion(request, opinion_id)
    if not request.user.has_perm("opinions.process", opinion):
        raise PermissionDenied
    return opinion


def _require_office(request: AuthedHttpRequest) -> None:
    if not request.user.has_perm("opinions.manage"):
        raise PermissionDenied


QUEUE_TABS = (
    ("", gettext_lazy("待处理")),
    (Status.SUBMITTED, gettext_lazy("新提交")),
    (Status.SCREENING, gettext_lazy("筛选中")),
    (Status.EDITED, gettext_lazy("已编辑，待编入期刊")),
    (Status.COMPILED, gettext_lazy("已编入期刊")),
    (Status.REPORTED, gettext_lazy("已报送")),
    (Status.ADOPTED, gettext_lazy("已被采用")),
    (Status.RETURNED, gettext_lazy("退回修改")),
    (Status.NOT_USED, gettext_lazy("未采编")),
)


@login_required
@require_GET
def queue(request: AuthedHttpRequest) -> HttpResponse:
    """筛选队列: what the office still has to screen, edit or compile, oldest first."""
    _require_office(request)
    status = request.GET.get("status", "")
    if status not in dict(QUEUE_TABS):
        status = ""
    query = request.GET.get("q", "").strip()[:40]
    qs = selectors.screening_queue(user=request.user, status=status, query=query)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "opinions/office/queue.html",
        {"page": page, "tabs": QUEUE_TABS, "status": status, "query": query},
    )


@login_required
@require_POST
def screen(request: AuthedHttpRequest, opinion_id: int) -> HttpResponse:
    opinion = _office_opinion(request, opinion_id)
    try:
        services.opinion_screen(acting_user=request.user, opinion=opinion)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已开始筛选。"))
    return redirect("opinions:detail", opinion_id=opinion.pk)


def _action_page(
    request: AuthedHttpRequest,
    opinion_id: int,
    *,
    action: str,
    form_class: Callable[..., Any],
    run: Callable[[Opinion, dict[str, Any]], Any],
    done: str,
    heading: str,
    button: str,
    form_kwargs: dict[str, Any] | None = None,
    initial: dict[str, Any] | None = None,
    files: bool = False,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """One office action: GET shows the form, POST calls the service; errors stay on the page
    with everything typed kept; an action the status no longer allows says so."""
    opinion = _office_opinion(request, opinion_id)
    kwargs = form_kwargs or {}
    allowed = can(opinion.status, action)
    if request.method == "POST":
        form = form_class(request.POST, request.FILES if files else None, **kwargs)
        if form.is_valid():
            try:
                with transaction.atomic():  # e.g. a new issue and the compile, or neither
                    run(opinion, form.cleaned_data)
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                messages.success(request, done)
                return redirect("opinions:detail", opinion_id=opinion.pk)
        status = 400
    else:
        form = form_class(initial=initial, **kwargs)
        status = 200
    return render(
        request,
        "opinions/office/action.html",
        {
            "opinion": opinion,
            "form": form,
            "heading": heading,
            "button": button,
            "action": action,
            "allowed": allowed,
            "files": files,
            **(extra or {}),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def process(request: AuthedHttpRequest, opinion_id: int) -> HttpResponse:
    """编辑: the edited version for the journal, next to the original (both are kept)."""
    opinion = _office_opinion(request, opinion_id)
    initial = {
        "edited_title": opinion.edited_title or opinion.title,
        "edited_body": opinion.edited_body
        or "\n\n".join(t for t in (opinion.situation, opinion.analysis, opinion.suggestion) if t),
    }
    return _action_page(
        request,
        opinion_id,
        action="edit",
        form_class=EditForm,
        run=lambda o, d: services.opinion_edit(
            acting_user=request.user,
            opinion=o,
            edited_title=d["edited_title"],
            edited_body=d["edited_body"],
        ),
        done=_("编辑稿已保存，原稿保持不变。"),
        heading=_("编辑"),
        button=_("保存编辑稿"),
        initial=initial,
        extra={"show_original": True},
    )


@login_required
@require_http_methods(["GET", "POST"])
def return_(request: AuthedHttpRequest, opinion_id: int) -> HttpResponse:
    return _action_page(
        request,
        opinion_id,
        action="return",
        form_class=ReasonForm,
        run=lambda o, d: services.opinion_return(
            acting_user=request.user, opinion=o, reason=d["reason"]
        ),
        done=_("已退回，反映人会收到通知。"),
        heading=_("退回修改"),
        button=_("退回"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def decline(request: AuthedHttpRequest, opinion_id: int) -> HttpResponse:
    return _action_page(
        request,
        opinion_id,
        action="decline",
        form_class=ReasonForm,
        run=lambda o, d: services.opinion_decline(
            acting_user=request.user, opinion=o, reason=d["reason"]
        ),
        done=_("已标记为未采编，反映人会收到通知。"),
        heading=_("不予采编"),
        button=_("不予采编"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def merge(request: AuthedHttpRequest, opinion_id: int) -> HttpResponse:
    opinion = _office_opinion(request, opinion_id)
    candidates = list(
        selectors.opinions_visible_to(request.user)
        .filter(status__in=SCREENABLE)
        .exclude(pk=opinion.pk)
        .order_by("-submitted_at")[:200]
    )

    def run(o: Opinion, d: dict[str, Any]) -> Any:
        into = next((c for c in candidates if c.pk == d["into"]), None)
        if into is None:
            raise DomainError(_("请选择要并入的信息。"), field="into")
        return services.opinion_merge(acting_user=request.user, opinion=o, into=into)

    return _action_page(
        request,
        opinion_id,
        action="merge",
        form_class=MergeForm,
        form_kwargs={"candidates": candidates},
        run=run,
        done=_("已合并：反映人已计入并入的信息。"),
        heading=_("合并到同类信息"),
        button=_("合并"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def compile_(request: AuthedHttpRequest, opinion_id: int) -> HttpResponse:
    """编入期刊: choose an issue still being edited, or start the next one."""
    _office_opinion(request, opinion_id)
    issues = list(
        JournalIssue.objects.visible_to(request.user)
        .filter(status=IssueStatus.EDITING)
        .order_by("-year", "-number")
    )

    def run(o: Opinion, d: dict[str, Any]) -> Any:
        issue: JournalIssue | None
        if d["issue"] == "new":
            issue = services.issue_create(acting_user=request.user)
        else:
            issue = next((i for i in issues if str(i.pk) == d["issue"]), None)
        if issue is None:
            raise DomainError(_("请选择期刊。"), field="issue")
        return services.opinion_compile(acting_user=request.user, opinion=o, issue=issue)

    return _action_page(
        request,
        opinion_id,
        action="compile",
        form_class=CompileForm,
        form_kwargs={"issues": issues},
        run=run,
        done=_("已编入期刊。"),
        heading=_("编入期刊"),
        button=_("编入期刊"),
    )


@login_required
@require_POST
def uncompile(request: AuthedHttpRequest, opinion_id: int) -> HttpResponse:
    opinion = _office_opinion(request, opinion_id)
    try:
        services.opinion_uncompile(acting_user=request.user, opinion=opinion)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已撤出本期。"))
    return redirect("opinions:detail", opinion_id=opinion.pk)


@login_required
@require_http_methods(["GET", "POST"])
def report(request: AuthedHttpRequest, opinion_id: int) -> HttpResponse:
    return _action_page(
        request,
        opinion_id,
        action="report",
        form_class=ReportForm,
        run=lambda o, d: services.opinion_report(
            acting_user=request.user, opinion=o, targets=d["targets"]
        ),
        done=_("报送已登记。"),
        heading=_("登记报送"),
        button=_("登记报送"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def adopt(request: AuthedHttpRequest, opinion_id: int) -> HttpResponse:
    return _action_page(
        request,
        opinion_id,
        action="adopt",
        form_class=AdoptForm,
        run=lambda o, d: services.opinion_adopt(acting_user=request.user, opinion=o, **d),
        done=_("采用情况已登记，反映人会收到通知。"),
        heading=_("登记采用"),
        button=_("登记采用"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def instruct(request: AuthedHttpRequest, opinion_id: int) -> HttpResponse:
    return _action_page(
        request,
        opinion_id,
        action="instruct",
        form_class=InstructForm,
        run=lambda o, d: services.opinion_instruct(acting_user=request.user, opinion=o, **d),
        done=_("领导批示已登记，反映人会收到通知。"),
        heading=_("登记领导批示"),
        button=_("登记批示"),
        files=True,
    )


@login_required
@require_GET
def instruction_scan(request: AuthedHttpRequest, instruction_id: int) -> FileResponse:
    """The scanned instruction: confidential ones only for office staff and contributors."""
    instruction = (
        Instruction.objects.select_related("opinion")
        .filter(pk=instruction_id, opinion__in=selectors.opinions_visible_to(request.user))
        .exclude(scan="")
        .first()
    )
    if instruction is None:
        raise Http404
    if instruction.is_confidential and not request.user.has_perm(
        "opinions.see_feedback", instruction.opinion
    ):
        raise Http404
    return protected_file_response(
        instruction.scan.open("rb"),
        filename=instruction.scan_name,
        content_type=instruction.scan_content_type,
    )
