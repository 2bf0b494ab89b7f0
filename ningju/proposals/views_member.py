"""Member pages: drafting (with autosave), submitting, withdrawing, co-signing, rating, and the
member's own list. Every change goes through services.py; these views only translate forms
into service calls and put the services' messages next to the fields they concern."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ningju.core.errors import DomainError, NotFoundOrForbidden
from ningju.core.http import AuthedHttpRequest
from ningju.members.models import Membership
from ningju.textmatch.normalize import search_variants

from . import deadlines, selectors, services
from .choices import CosignStatus, ProposerRole, ReplyStatus, Status
from .defaults import settings_for
from .forms_member import FeedbackForm, ProposalForm, cosigner_candidates
from .models import Feedback, Proposal, Proposer, Reply
from .workflow import EDITABLE

SEARCH_LIMIT = 10
SIMILAR_LIMIT = 5
WITHDRAWABLE = (Status.DRAFT, Status.COSIGNING, Status.SUBMITTED, Status.RETURNED)


# --------------------------------------------------------------------------- helpers


def _proposal(request: AuthedHttpRequest, proposal_id: int) -> Proposal:
    """404 for a proposal this person may not see (missing and forbidden look the same)."""
    try:
        return selectors.proposal_get(user=request.user, proposal_id=proposal_id)
    except NotFoundOrForbidden as exc:
        raise Http404 from exc


def _require_member(request: AuthedHttpRequest) -> None:
    if not request.user.has_perm("proposals.create"):
        raise PermissionDenied


def _require_author(request: AuthedHttpRequest, proposal: Proposal) -> None:
    if not request.user.has_perm("proposals.edit_draft", proposal):
        raise PermissionDenied


def _form(
    request: AuthedHttpRequest, *, proposal: Proposal | None = None, bound: bool = False
) -> ProposalForm:
    organisation_id = request.user.principal.org
    return ProposalForm(
        request.POST if bound else None,
        organisation_id=organisation_id,
        exclude_member_id=request.user.principal.member_id,
        initial=ProposalForm.initial_for(proposal) if proposal is not None else None,
    )


def _add_domain_errors(form: ProposalForm | FeedbackForm, exc: DomainError) -> None:
    """Every message of the service next to its field; the rest above the form."""
    if exc.code == "invalid_proposal" and exc.detail:
        errors: dict[str | None, Any] = dict(exc.detail)
    else:
        errors = {exc.field: exc.message}
    for field, message in errors.items():
        form.add_error(field if field in form.fields else None, str(message))


def _has_content(form: ProposalForm) -> bool:
    data = form.cleaned_data
    return any(
        (data.get(name) or "").strip()
        for name in ("title", "situation", "analysis", "suggestions", "collective_name")
    )


def _edit_context(
    request: AuthedHttpRequest, form: ProposalForm, proposal: Proposal | None, **extra: Any
) -> dict[str, Any]:
    settings = settings_for(request.user.principal.org)
    body_length = sum(
        len(str(form[name].value() or "").replace("\r\n", "\n"))
        for name in ("situation", "analysis", "suggestions")
    )
    return {
        "form": form,
        "proposal": proposal,
        "settings": settings,
        "max_length": settings.max_length,
        "body_length": body_length,
        "chosen_cosigners": form.chosen_cosigners(),
        "save_url": reverse("proposals:edit", args=[proposal.pk])
        if proposal
        else reverse("proposals:create"),
        "autosave_url": reverse("proposals:autosave", args=[proposal.pk])
        if proposal
        else reverse("proposals:create"),
        "submit_url": reverse("proposals:submit", args=[proposal.pk])
        if proposal
        else reverse("proposals:create"),
        **extra,
    }


def _render_form(
    request: AuthedHttpRequest,
    form: ProposalForm,
    proposal: Proposal | None,
    **extra: Any,
) -> HttpResponse:
    return render(
        request, "proposals/member/form.html", _edit_context(request, form, proposal, **extra)
    )


def _status(
    request: AuthedHttpRequest,
    message: str,
    *,
    ok: bool = True,
    proposal: Proposal | None = None,
    new: bool = False,
) -> HttpResponse:
    """The small "已自动保存 10:42" element the edit form swaps in."""
    response = render(
        request,
        "proposals/member/_autosave_status.html",
        {"message": message, "ok": ok, "proposal": proposal, "new": new},
    )
    if new and proposal is not None:
        # Reloading the page now opens the saved draft, not an empty form.
        response["HX-Replace-Url"] = reverse("proposals:edit", args=[proposal.pk])
    return response


def _saved_message() -> str:
    return _("已自动保存 %(time)s") % {"time": timezone.localtime().strftime("%H:%M")}


def _existing_from_post(request: AuthedHttpRequest) -> Proposal | None:
    """The draft the new-proposal page already created (its first autosave set the id)."""
    raw = request.POST.get("proposal_id", "")
    if not raw.isdigit():
        return None
    proposal = _proposal(request, int(raw))
    _require_author(request, proposal)
    return proposal


def _save(request: AuthedHttpRequest, form: ProposalForm, proposal: Proposal | None) -> Proposal:
    data = form.draft_data(fallback=proposal)
    if proposal is None:
        return services.draft_create(acting_user=request.user, data=data)
    return services.draft_save(acting_user=request.user, proposal=proposal, data=data)


def _cosigner_search(request: AuthedHttpRequest, query: str, exclude: list[int]) -> list[Any]:
    query = query.strip()[:40]
    if not query:
        return []
    condition = Q()
    for text in search_variants(query):
        condition |= Q(name__icontains=text) | Q(name_ko__icontains=text)
    me = request.user.principal.member_id
    members = (
        cosigner_candidates(request.user.principal.org)
        .filter(condition)
        .exclude(pk__in=[*exclude, me or 0])
        .annotate(
            sector_name=Subquery(
                Membership.objects.filter(member=OuterRef("pk"), term__is_current=True).values(
                    "sector__name"
                )[:1]
            )
        )
        .order_by("name_sort_key", "id")
    )
    return list(members[:SEARCH_LIMIT])


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()]


# --------------------------------------------------------------------------- drafting


def _handle_post(
    request: AuthedHttpRequest, proposal: Proposal | None, action: str
) -> HttpResponse:
    """The full-page POST of the proposal form: save, submit, or (without JS) find members."""
    form = _form(request, proposal=proposal, bound=True)
    if action == "find_cosigners":
        # The no-JavaScript co-signer search: the page comes back with everything typed kept
        # and the matching members as checkboxes.
        form.is_valid()
        results = _cosigner_search(
            request, request.POST.get("cosigner_q", ""), _ids(request.POST.getlist("cosigners"))
        )
        return _render_form(
            request,
            form,
            proposal,
            cosigner_results=results,
            cosigner_query=request.POST.get("cosigner_q", ""),
            searched=True,
        )
    if not form.is_valid():
        return _render_form(request, form, proposal)
    try:
        proposal = _save(request, form, proposal)
    except DomainError as exc:
        _add_domain_errors(form, exc)
        return _render_form(request, form, proposal)
    if action != "submit":
        messages.success(request, _("草稿已保存。"))
        return redirect("proposals:edit", proposal_id=proposal.pk)
    try:
        proposal = services.submit(acting_user=request.user, proposal=proposal)
    except DomainError as exc:
        _add_domain_errors(form, exc)
        return _render_form(request, form, proposal, submit_failed=True)
    if proposal.status == Status.COSIGNING:
        messages.success(
            request,
            _("已发出联名邀请。被邀请的委员确认后（或期限届满后），提案将送提案委员会审查。"),
        )
    else:
        messages.success(request, _("提案已提交，请等待提案委员会审查。"))
    return redirect("proposals:detail", proposal_id=proposal.pk)


@login_required
@require_http_methods(["GET", "POST"])
def create(request: AuthedHttpRequest) -> HttpResponse:
    """写提案. Nothing is stored until the member types something (autosave) or saves."""
    _require_member(request)
    if request.method == "POST":
        existing = _existing_from_post(request)
        if request.htmx:
            return _autosave(request, existing)
        return _handle_post(request, existing, request.POST.get("action", "save"))
    return _render_form(request, _form(request), None)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthedHttpRequest, proposal_id: int) -> HttpResponse:
    proposal = _proposal(request, proposal_id)
    _require_author(request, proposal)
    if proposal.status not in EDITABLE:
        messages.info(request, _("提案已提交，不能再修改。"))
        return redirect("proposals:detail", proposal_id=proposal.pk)
    if request.method == "POST":
        return _handle_post(request, proposal, request.POST.get("action", "save"))
    return _render_form(request, _form(request, proposal=proposal), proposal)


@require_POST
def autosave(request: AuthedHttpRequest, proposal_id: int) -> HttpResponse:
    """htmx: the edit form posts itself after a pause in typing and when a field changes."""
    if not request.user.is_authenticated:
        if request.htmx:
            # htmx would follow a login redirect and paste the login page into the status.
            return _status(
                request, _("您已退出登录，内容未能保存。请先复制已写的内容，再重新登录。"), ok=False
            )
        return redirect_to_login(reverse("proposals:edit", args=[proposal_id]))
    proposal = _proposal(request, proposal_id)
    _require_author(request, proposal)
    return _autosave(request, proposal)


def _autosave(request: AuthedHttpRequest, proposal: Proposal | None) -> HttpResponse:
    form = _form(request, proposal=proposal, bound=True)
    valid = form.is_valid()
    if not valid and proposal is None:
        return _status(request, _("有内容不符合要求，未能自动保存，请检查标红的内容。"), ok=False)
    if proposal is None and not _has_content(form):
        return _status(request, _("开始填写后，草稿会自动保存。"))
    try:
        saved = _save(request, form, proposal)
    except DomainError as exc:
        return _status(request, str(exc.message), ok=False, proposal=proposal)
    message = _saved_message()
    if not valid:
        message = _("%(saved)s（有几项内容不符合要求，未保存这几项）") % {"saved": message}
    return _status(request, message, ok=valid, proposal=saved, new=proposal is None)


@login_required
@require_POST
def submit(request: AuthedHttpRequest, proposal_id: int) -> HttpResponse:
    """Saves what is on the page, then submits; problems come back next to their fields."""
    proposal = _proposal(request, proposal_id)
    _require_author(request, proposal)
    if proposal.status not in EDITABLE:
        messages.info(request, _("提案已提交，不能再修改。"))
        return redirect("proposals:detail", proposal_id=proposal.pk)
    return _handle_post(request, proposal, "submit")


@login_required
@require_GET
def member_search(request: AuthedHttpRequest) -> HttpResponse:
    """htmx: members of the committee (current term) matching a name, for the co-signer list."""
    _require_member(request)
    query = request.GET.get("cosigner_q") or request.GET.get("q") or ""
    results = _cosigner_search(request, query, _ids(request.GET.getlist("cosigners")))
    return render(
        request,
        "proposals/member/_cosigner_results.html",
        {"cosigner_results": results, "cosigner_query": query, "searched": bool(query.strip())},
    )


@login_required
@require_GET
def similar(request: AuthedHttpRequest) -> HttpResponse:
    """htmx: proposals of the committee that look like the one being written."""
    if not (request.user.has_perm("proposals.create") or request.user.has_perm("proposals.manage")):
        raise PermissionDenied
    title = request.GET.get("title", "")[:200]
    body = "\n".join(
        request.GET.get(name, "")[:5000]
        for name in ("body", "situation", "analysis", "suggestions")
    ).strip()
    raw_exclude = request.GET.get("exclude") or request.GET.get("proposal_id") or ""
    exclude_id = int(raw_exclude) if raw_exclude.isdigit() else None
    results: list[dict[str, Any]] = []
    available = True
    asked = len((title + body).strip()) >= 4
    if asked:
        try:
            from .similar import similar_proposals
        except ImportError:  # the similarity module is not installed yet
            available = False
        else:
            found = similar_proposals(
                user=request.user, title=title, body=body, exclude_id=exclude_id
            )[:SIMILAR_LIMIT]
            # Duplicates are found among every proposal of the committee; only those this
            # person may open are links (the module marks them, else ask the selector).
            unmarked = [p.pk for p, _score in found if not hasattr(p, "visible_to_viewer")]
            visible = set(
                selectors.proposals_visible_to(request.user)
                .filter(pk__in=unmarked)
                .values_list("pk", flat=True)
                if unmarked
                else []
            )
            results = [
                {
                    "proposal": p,
                    "score": score,
                    "visible": getattr(p, "visible_to_viewer", p.pk in visible),
                }
                for p, score in found
            ]
    return render(
        request,
        "proposals/member/_similar.html",
        {"results": results, "available": available, "asked": asked},
    )


# --------------------------------------------------------------------------- withdraw


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: AuthedHttpRequest, proposal_id: int) -> HttpResponse:
    """Asks first (a page, not a JavaScript dialog); only `confirm=yes` withdraws."""
    proposal = _proposal(request, proposal_id)
    _require_author(request, proposal)
    error = ""
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            services.withdraw(acting_user=request.user, proposal=proposal)
        except DomainError as exc:
            error = str(exc.message)
        else:
            if proposal.status == Status.DRAFT:
                messages.success(request, _("草稿已放弃。"))
            else:
                messages.success(request, _("提案已撤回。"))
            return redirect("proposals:mine")
    return render(
        request,
        "proposals/member/withdraw.html",
        {
            "proposal": proposal,
            "error": error,
            "can_withdraw": proposal.status in WITHDRAWABLE,
        },
    )


# --------------------------------------------------------------------------- co-signing


def _my_row(request: AuthedHttpRequest, proposal: Proposal) -> Proposer | None:
    member_id = request.user.principal.member_id
    return next(
        (p for p in proposal.proposers.all() if member_id and p.member_id == member_id), None
    )


@login_required
@require_http_methods(["GET", "POST"])
def cosign(request: AuthedHttpRequest, proposal_id: int) -> HttpResponse:
    """An invited member reads the proposal and confirms (附议) or declines before the deadline."""
    proposal = _proposal(request, proposal_id)
    row = _my_row(request, proposal)
    if row is None or row.role != ProposerRole.COSIGNER:
        raise PermissionDenied
    settings = settings_for(proposal.organisation_id)
    deadline = (
        deadlines.cosign_deadline(proposal.submitted_at, settings)
        if proposal.submitted_at
        else None
    )
    overdue = deadline is not None and timezone.localdate() > deadline
    open_ = (
        proposal.status == Status.COSIGNING and row.status == CosignStatus.INVITED and not overdue
    )
    error = ""
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer not in ("confirm", "decline"):
            error = _("请选择“确认联名”或“谢绝”。")
        elif overdue:
            error = _("联名确认期限已过，不能再答复。")
        else:
            try:
                services.cosign_respond(
                    acting_user=request.user, proposal=proposal, accept=answer == "confirm"
                )
            except DomainError as exc:
                error = str(exc.message)
            else:
                if answer == "confirm":
                    messages.success(request, _("您已确认联名。"))
                else:
                    messages.success(request, _("您已谢绝联名邀请。"))
                return redirect("proposals:detail", proposal_id=proposal.pk)
    first = next((p for p in proposal.proposers.all() if p.role == ProposerRole.FIRST), None)
    return render(
        request,
        "proposals/member/cosign.html",
        {
            "proposal": proposal,
            "row": row,
            "first": first,
            "deadline": deadline,
            "overdue": overdue,
            "open": open_,
            "error": error,
        },
    )


# --------------------------------------------------------------------------- rating


@login_required
@require_http_methods(["GET", "POST"])
def rate(request: AuthedHttpRequest, proposal_id: int) -> HttpResponse:
    """Each confirmed proposer rates the handling attitude and the result of this round."""
    proposal = _proposal(request, proposal_id)
    if not request.user.has_perm("proposals.rate", proposal):
        raise PermissionDenied
    member_id = request.user.principal.member_id or 0
    replies = list(
        Reply.objects.filter(
            assignment__proposal=proposal,
            assignment__round=proposal.handling_round,
            status=ReplyStatus.APPROVED,
        )
        .select_related("assignment__unit", "result_category", "signed_by")
        .order_by("assignment__role", "reviewed_at", "id")
    )
    mine = Feedback.objects.filter(
        proposal=proposal, member_id=member_id, round=proposal.handling_round
    ).first()
    settings = settings_for(proposal.organisation_id)
    last_reviewed = max((r.reviewed_at for r in replies if r.reviewed_at), default=None)
    due = deadlines.feedback_due(last_reviewed, settings) if last_reviewed else None
    overdue = due is not None and timezone.localdate() > due
    open_ = proposal.status == Status.REPLIED and mine is None and not overdue
    form = FeedbackForm(request.POST if request.method == "POST" and open_ else None)
    if request.method == "POST" and open_ and form.is_valid():
        try:
            feedback = services.feedback_submit(
                acting_user=request.user, proposal=proposal, data=form.feedback_data()
            )
        except DomainError as exc:
            _add_domain_errors(form, exc)
        else:
            if feedback.result == "unsatisfied":
                messages.success(
                    request, _("感谢您的评价。提案已退回承办单位重新办理，办理后会再请您评价。")
                )
            else:
                messages.success(request, _("感谢您的评价。"))
            return redirect("proposals:detail", proposal_id=proposal.pk)
    return render(
        request,
        "proposals/member/rate.html",
        {
            "proposal": proposal,
            "replies": replies,
            "mine": mine,
            "due": due,
            "overdue": overdue,
            "open": open_,
            "form": form,
        },
    )


# --------------------------------------------------------------------------- my proposals


@login_required
@require_GET
def mine(request: AuthedHttpRequest) -> HttpResponse:
    """我的提案: drafts first, then what waits for me, then everything else."""
    _require_member(request)
    user = request.user
    member_id = user.principal.member_id or 0
    my_rows = Proposer.objects.filter(proposal=OuterRef("pk"), member_id=member_id)
    last_approved = Reply.objects.filter(
        assignment__proposal=OuterRef("pk"),
        assignment__round=OuterRef("handling_round"),
        status=ReplyStatus.APPROVED,
    ).order_by("-reviewed_at")
    proposals = list(
        selectors.proposals_visible_to(user)
        .filter(Q(created_by_id=user.pk) | Q(Exists(my_rows)))
        .annotate(
            my_role=Subquery(my_rows.values("role")[:1]),
            my_status=Subquery(my_rows.values("status")[:1]),
            rated=Exists(
                Feedback.objects.filter(
                    proposal=OuterRef("pk"), member_id=member_id, round=OuterRef("handling_round")
                )
            ),
            replied_at=Subquery(last_approved.values("reviewed_at")[:1]),
        )
        .select_related("category")
        .prefetch_related(
            Prefetch(
                "proposers",
                queryset=Proposer.objects.filter(role=ProposerRole.FIRST).select_related("member"),
                to_attr="first_proposers",
            )
        )
        .order_by("-updated_at", "-id")
    )
    settings = settings_for(user.principal.org)
    today = timezone.localdate()
    drafts: list[dict[str, Any]] = []
    waiting: list[dict[str, Any]] = []
    others: list[dict[str, Any]] = []
    for p in proposals:
        first = p.first_proposers[0].member if p.first_proposers else None
        entry: dict[str, Any] = {"proposal": p, "first": first, "action": None, "due": None}
        if p.status == Status.DRAFT:
            # Someone else's draft that names me as co-signer: the invitation is not sent yet.
            if p.created_by_id == user.pk:
                drafts.append(entry)
            continue
        if p.status == Status.RETURNED and p.created_by_id == user.pk:
            entry["action"] = "revise"
        elif (
            p.status == Status.COSIGNING
            and p.my_role == ProposerRole.COSIGNER
            and p.my_status == CosignStatus.INVITED
        ):
            entry["action"] = "cosign"
            if p.submitted_at:
                entry["due"] = deadlines.cosign_deadline(p.submitted_at, settings)
        elif p.status == Status.REPLIED and p.my_status == CosignStatus.CONFIRMED and not p.rated:
            entry["action"] = "rate"
            if p.replied_at:
                entry["due"] = deadlines.feedback_due(p.replied_at, settings)
        if entry["due"] is not None and entry["due"] < today:
            entry["action"] = None  # too late to answer; the scheduled job closes it
        (waiting if entry["action"] else others).append(entry)
    return render(
        request,
        "proposals/member/mine.html",
        {"drafts": drafts, "waiting": waiting, "others": others},
    )
