"""The public pages on /consult/ (no login): state a concern, get a follow-up code, track it,
read published outcomes. They work without JavaScript."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ningju.core import audit
from ningju.core.errors import DomainError
from ningju.core.masking import mask_name
from ningju.core.middleware import client_ip

from . import ratelimit, selectors, services
from .choices import Status
from .forms import PublicRequestForm, TrackForm
from .models import PublicRequest
from .services import RateLimited, Submission, format_code
from .workflow import PUBLIC_STATUS

OUTCOMES_PER_PAGE = 10
TRACK_LOOKUPS_PER_HOUR = 20
SESSION_CODE = "voices_code"


def _outcomes_page(request: HttpRequest) -> object:
    paginator = Paginator(selectors.published_outcomes(), OUTCOMES_PER_PAGE)
    return paginator.get_page(request.GET.get("page"))


def consult(request: HttpRequest) -> HttpResponse:
    organisations = services.submission_organisations()
    status = 200
    if request.method == "POST":
        form = PublicRequestForm(request.POST, organisations=organisations)
        if form.is_valid():
            data = form.cleaned_data
            if data["website"]:
                # A bot filled in the hidden field: nothing is stored, and it is told nothing.
                audit.record(action="voices.honeypot", success=False, object_type="voices")
                request.session[SESSION_CODE] = ""
                return redirect("voices_public:thanks")
            try:
                created = services.request_submit(
                    data=Submission(
                        organisation_id=data["organisation"],
                        subject=data["subject"],
                        title=data["title"],
                        text=data["text"],
                        phone=data["phone"],
                        requester_name=data["requester_name"],
                        publish_consent=data["publish_consent"],
                        consent=data["consent"],
                    ),
                    ip_address=client_ip(request) or "",
                )
            except RateLimited as exc:
                form.add_error(None, str(exc.message))
                status = 429
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
                status = 400
            else:
                request.session[SESSION_CODE] = created.code
                return redirect("voices_public:thanks")
        else:
            status = 400
    else:
        form = PublicRequestForm(organisations=organisations)
    return render(
        request,
        "voices/public/consult.html",
        {
            "form": form,
            "page": _outcomes_page(request),
            "retention_years": services.RETENTION_YEARS,
        },
        status=status,
    )


def thanks(request: HttpRequest) -> HttpResponse:
    if SESSION_CODE not in request.session:
        return redirect("voices_public:consult")
    code = request.session.get(SESSION_CODE, "")
    return render(request, "voices/public/thanks.html", {"code": format_code(code) if code else ""})


def track(request: HttpRequest) -> HttpResponse:
    found: PublicRequest | None = None
    status = 200
    if request.method == "POST":
        form = TrackForm(request.POST)
        if ratelimit.ip_exceeded(client_ip(request) or "", limit=TRACK_LOOKUPS_PER_HOUR):
            form.is_valid()
            form.add_error(None, _("查询过于频繁，请一小时后再试。"))
            status = 429
        elif form.is_valid():
            found = selectors.request_track(
                code=form.cleaned_data["code"], phone_last4=form.cleaned_data["last4"]
            )
            if found is None:
                form.add_error(None, _("没有找到：请核对查询码和手机号后四位。"))
                status = 404
        else:
            status = 400
    else:
        form = TrackForm()
    context: dict[str, Any] = {"form": form, "found": found}
    if found is not None:
        shown = PUBLIC_STATUS.get(found.status, found.status)
        context.update(
            {
                "shown_status": Status(shown).label,
                "code": format_code(found.code),
                "show_outcome": found.status in (Status.ANSWERED, Status.PUBLISHED),
                "merged_code": format_code(found.merged_into.code) if found.merged_into else "",
            }
        )
    return render(request, "voices/public/track.html", context, status=status)


def outcome(request: HttpRequest, request_id: int) -> HttpResponse:
    found = selectors.published_outcomes().filter(pk=request_id).first()
    if found is None:
        raise Http404
    return render(
        request,
        "voices/public/outcome.html",
        {"item": found, "name": mask_name(found.requester_name) if found.requester_name else ""},
    )
