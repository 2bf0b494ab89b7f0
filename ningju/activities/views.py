"""Activity pages (/activities/): members record their own activities, office staff record
and confirm them; campaigns, committee brands and annual totals. Views only translate
forms into service calls (services.py) and reads (selectors.py)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ningju.core.errors import DomainError
from ningju.core.http import AuthedHttpRequest

from . import selectors, services
from .choices import ActivityKind, ActivityStatus
from .forms import ActivityForm, BrandForm, CampaignForm, PhotoForm, ReturnForm
from .models import ActivityPhoto
from .views_common import add_errors, get_or_404, inline_image, int_param, paginate, require


def _activity(request: AuthedHttpRequest, activity_id: int) -> Any:
    return get_or_404(selectors.activity_get, user=request.user, activity_id=activity_id)


@login_required
@require_GET
def index(request: AuthedHttpRequest) -> HttpResponse:
    """Activities of the organisation (confirmed ones, plus the member's own records)."""
    require(request, "activities.view")
    kind = request.GET.get("kind", "")
    kind = kind if kind in ActivityKind.values else ""
    status = request.GET.get("status", "")
    status = status if status in ActivityStatus.values else ""
    campaign_id = int_param(request, "campaign")
    query = request.GET.get("q", "").strip()[:50]
    queryset = selectors.activity_list(
        user=request.user, kind=kind, status=status, campaign_id=campaign_id, query=query
    )
    page = paginate(request, queryset)
    year = selectors.this_year()
    return render(
        request,
        "activities/index.html",
        {
            "page": page,
            "kinds": ActivityKind.choices,
            "statuses": ActivityStatus.choices,
            "kind": kind,
            "status": status,
            "campaigns": selectors.campaigns_with_totals(user=request.user)[:20],
            "campaign_id": campaign_id,
            "query": query,
            "year": year,
            "year_totals": selectors.totals(
                selectors.activities_visible_to(request.user).filter(occurred_on__year=year)
            ),
            "is_staff": request.user.has_perm("activities.manage"),
            "is_member": request.user.has_perm("activities.record_own"),
            "query_string": "&".join(
                f"{k}={quote(v)}"
                for k, v in (("kind", kind), ("status", status), ("q", query))
                if v
            ),
        },
    )


@login_required
@require_GET
def mine(request: AuthedHttpRequest) -> HttpResponse:
    """The member's own records and the activities they took part in."""
    require(request, "activities.record_own")
    queryset = selectors.activity_list(user=request.user, mine=True)
    return render(request, "activities/mine.html", {"page": paginate(request, queryset)})


def _form_page(
    request: AuthedHttpRequest, form: ActivityForm, *, activity: Any = None, office: bool
) -> HttpResponse:
    return render(
        request,
        "activities/form.html",
        {"form": form, "activity": activity, "office": office},
        status=400 if form.is_bound and form.errors else 200,
    )


def _save_activity(
    request: AuthedHttpRequest, form: ActivityForm, *, activity: Any, office: bool
) -> Any:
    """Create or update, and add the photo, in one transaction: a bad photo changes nothing."""
    data = services.ActivityData(**form.data_kwargs())
    try:
        with transaction.atomic():
            if activity is None:
                activity = services.activity_create(
                    acting_user=request.user, data=data, as_office=office
                )
            else:
                activity = services.activity_update(
                    acting_user=request.user, activity=activity, data=data
                )
            photo = form.cleaned_data.get("photo")
            if photo:
                services.activity_photo_add(acting_user=request.user, activity=activity, file=photo)
    except DomainError as exc:
        add_errors(form, exc)
        return None
    return activity


@login_required
@require_http_methods(["GET", "POST"])
def create(request: AuthedHttpRequest) -> HttpResponse:
    """A member records their own activity (saved as a draft, then submitted)."""
    require(request, "activities.record_own")
    organisation_id = request.user.principal.org
    form = ActivityForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        organisation_id=organisation_id,
    )
    if request.method == "POST" and form.is_valid():
        activity = _save_activity(request, form, activity=None, office=False)
        if activity is not None:
            if "submit" in request.POST:
                try:
                    services.activity_submit(acting_user=request.user, activity=activity)
                    messages.success(request, _("已提交，等待办公室确认。"))
                except DomainError as exc:
                    messages.error(request, str(exc.message))
            else:
                messages.success(request, _("已保存为草稿。"))
            return redirect("activities:detail", activity.pk)
    return _form_page(request, form, office=False)


@login_required
@require_http_methods(["GET", "POST"])
def record(request: AuthedHttpRequest) -> HttpResponse:
    """Office staff record an activity with its participant list."""
    require(request, "activities.manage")
    organisation_id = request.user.principal.org
    form = ActivityForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        organisation_id=organisation_id,
        members=selectors.organisation_members(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        activity = _save_activity(request, form, activity=None, office=True)
        if activity is not None:
            if "confirm" in request.POST:
                services.activity_confirm(acting_user=request.user, activity=activity)
                messages.success(request, _("活动已确认，计入统计。"))
            else:
                messages.success(request, _("已保存，确认后计入统计。"))
            return redirect("activities:detail", activity.pk)
    return _form_page(request, form, office=True)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthedHttpRequest, activity_id: int) -> HttpResponse:
    activity = _activity(request, activity_id)
    require(request, "activities.edit", activity)
    office = activity.reported_by_id is None
    members = selectors.organisation_members(user=request.user) if office else None
    form = ActivityForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        organisation_id=activity.organisation_id,
        members=members,
        initial=ActivityForm.initial_for(activity),
    )
    if request.method == "POST" and form.is_valid():
        saved = _save_activity(request, form, activity=activity, office=office)
        if saved is not None:
            messages.success(request, _("已保存。"))
            return redirect("activities:detail", saved.pk)
    return _form_page(request, form, activity=activity, office=office)


@login_required
@require_GET
def detail(request: AuthedHttpRequest, activity_id: int) -> HttpResponse:
    activity = _activity(request, activity_id)
    user = request.user
    return render(
        request,
        "activities/detail.html",
        {
            "activity": activity,
            "participants": [p.member for p in activity.participations.select_related("member")],
            "photos": list(activity.photos.all()),
            "photo_form": PhotoForm(),
            "return_form": ReturnForm(),
            "can": {
                "edit": user.has_perm("activities.edit", activity),
                "submit": user.has_perm("activities.submit", activity),
                "confirm": user.has_perm("activities.confirm", activity),
                "return": user.has_perm("activities.return", activity),
                "photo": user.has_perm("activities.add_photo", activity)
                and activity.photos.count() < ActivityPhoto.MAX_PER_ACTIVITY,
            },
        },
    )


def _act(request: AuthedHttpRequest, activity_id: int, action: str) -> HttpResponse:
    activity = _activity(request, activity_id)
    require(request, f"activities.{action}", activity)
    try:
        if action == "submit":
            services.activity_submit(acting_user=request.user, activity=activity)
            messages.success(request, _("已提交，等待办公室确认。"))
        else:
            services.activity_confirm(acting_user=request.user, activity=activity)
            messages.success(request, _("活动已确认，计入统计。"))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("activities:detail", activity.pk)


@login_required
@require_POST
def submit(request: AuthedHttpRequest, activity_id: int) -> HttpResponse:
    return _act(request, activity_id, "submit")


@login_required
@require_POST
def confirm(request: AuthedHttpRequest, activity_id: int) -> HttpResponse:
    return _act(request, activity_id, "confirm")


@login_required
@require_http_methods(["GET", "POST"])
def return_(request: AuthedHttpRequest, activity_id: int) -> HttpResponse:
    activity = _activity(request, activity_id)
    require(request, "activities.return", activity)
    form = ReturnForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_return(
                acting_user=request.user, activity=activity, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("已退回给委员。"))
            return redirect("activities:review")
    return render(
        request,
        "activities/return.html",
        {"activity": activity, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def photo_add(request: AuthedHttpRequest, activity_id: int) -> HttpResponse:
    activity = _activity(request, activity_id)
    require(request, "activities.add_photo", activity)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid() and form.cleaned_data.get("photo"):
        try:
            services.activity_photo_add(
                acting_user=request.user, activity=activity, file=form.cleaned_data["photo"]
            )
            messages.success(request, _("照片已添加。"))
        except DomainError as exc:
            for message in (exc.detail or {"": exc.message}).values():
                messages.error(request, str(message))
    else:
        messages.error(request, _("请选择要上传的照片。"))
    return redirect("activities:detail", activity.pk)


@login_required
@require_GET
def photo(request: AuthedHttpRequest, photo_id: int) -> FileResponse:
    """A photo, shown to whoever may see its activity."""
    row = (
        ActivityPhoto.objects.filter(
            pk=photo_id, activity__in=selectors.activities_visible_to(request.user)
        )
        .only("file")
        .first()
    )
    if row is None:
        raise Http404
    return inline_image(row.file.name)


@login_required
@require_GET
def review(request: AuthedHttpRequest) -> HttpResponse:
    """The office's queue: activities members submitted, oldest first."""
    require(request, "activities.manage")
    queryset = selectors.activities_to_confirm(user=request.user)
    return render(request, "activities/review.html", {"page": paginate(request, queryset)})


# --------------------------------------------------------------------------- campaigns, brands


@login_required
@require_GET
def campaigns(request: AuthedHttpRequest) -> HttpResponse:
    require(request, "activities.view")
    rows = [
        (campaign, selectors.campaign_progress(campaign))
        for campaign in selectors.campaigns_with_totals(user=request.user)
    ]
    return render(
        request,
        "activities/campaigns.html",
        {"rows": rows, "is_staff": request.user.has_perm("activities.manage")},
    )


@login_required
@require_GET
def campaign_detail(request: AuthedHttpRequest, campaign_id: int) -> HttpResponse:
    require(request, "activities.view")
    campaign = get_or_404(selectors.campaign_get, user=request.user, campaign_id=campaign_id)
    queryset = selectors.activity_list(user=request.user, campaign_id=campaign.pk).filter(
        status=ActivityStatus.CONFIRMED
    )
    return render(
        request,
        "activities/campaign_detail.html",
        {
            "campaign": campaign,
            "progress": selectors.campaign_progress(campaign),
            "page": paginate(request, queryset),
            "is_staff": request.user.has_perm("activities.manage"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request: AuthedHttpRequest, campaign_id: int | None = None) -> HttpResponse:
    require(request, "activities.manage")
    campaign = (
        get_or_404(selectors.campaign_get, user=request.user, campaign_id=campaign_id)
        if campaign_id
        else None
    )
    initial = None
    if campaign is not None:
        initial = {
            name: getattr(campaign, name)
            for name in CampaignForm.base_fields
            if hasattr(campaign, name)
        }
    form = CampaignForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.campaign_save(
                acting_user=request.user,
                campaign=campaign,
                data=services.CampaignData(**form.data_kwargs()),
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("活动主题已保存。"))
            return redirect("activities:campaign", saved.pk)
    return render(
        request,
        "activities/campaign_form.html",
        {"form": form, "campaign": campaign},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_GET
def brands(request: AuthedHttpRequest) -> HttpResponse:
    require(request, "activities.view")
    return render(
        request,
        "activities/brands.html",
        {
            "brands": selectors.brands_with_totals(user=request.user),
            "is_staff": request.user.has_perm("activities.manage"),
        },
    )


@login_required
@require_GET
def brand_detail(request: AuthedHttpRequest, brand_id: int) -> HttpResponse:
    require(request, "activities.view")
    brand = get_or_404(selectors.brand_get, user=request.user, brand_id=brand_id)
    queryset = selectors.activity_list(user=request.user, brand_id=brand.pk).filter(
        status=ActivityStatus.CONFIRMED
    )
    return render(
        request,
        "activities/brand_detail.html",
        {"brand": brand, "page": paginate(request, queryset)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def brand_create(request: AuthedHttpRequest) -> HttpResponse:
    require(request, "activities.manage")
    form = BrandForm(
        request.POST if request.method == "POST" else None,
        organisation_id=request.user.principal.org,
    )
    if request.method == "POST" and form.is_valid():
        try:
            brand = services.brand_save(acting_user=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("品牌已保存。"))
            return redirect("activities:brand", brand.pk)
    return render(
        request,
        "activities/simple_form.html",
        {"form": form, "title": _("新建一委一品品牌"), "back": "activities:brands"},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_GET
def totals(request: AuthedHttpRequest) -> HttpResponse:
    """This year's figures: own organisation, each county below it, and all together."""
    require(request, "activities.view")
    year = int_param(request, "year") or selectors.this_year()
    return render(
        request,
        "activities/totals.html",
        {
            "totals": selectors.annual_totals(user=request.user, year=year),
            "years": list(range(selectors.this_year(), selectors.this_year() - 5, -1)),
        },
    )
