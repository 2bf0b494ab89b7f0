"""The statistics page (office staff and leaders) and its xlsx export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ningju.core.http import AuthedHttpRequest
from ningju.core.uploads import content_disposition
from ningju.orgs.models import Organisation

from .statistics import FIGURES, figure_labels, opinion_figures, statistics_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(request: AuthedHttpRequest) -> int:
    raw = request.GET.get("year", "")
    this_year = timezone.localdate().year
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= this_year + 1 else this_year


def _require(request: AuthedHttpRequest) -> None:
    if not request.user.has_perm("opinions.view_statistics"):
        raise PermissionDenied


@login_required
@require_GET
def stats(request: AuthedHttpRequest) -> HttpResponse:
    _require(request)
    year = _year(request)
    figures = opinion_figures(organisation_id=request.user.principal.org, year=year)
    this_year = timezone.localdate().year
    return render(
        request,
        "opinions/stats.html",
        {
            "figures": figures,
            "year": year,
            "years": list(range(this_year, this_year - 5, -1)),
            "labels": [figure_labels()[f] for f in FIGURES],
            "total_pairs": list(
                zip((figure_labels()[f] for f in FIGURES), figures.total.values, strict=True)
            ),
        },
    )


@login_required
@require_GET
def stats_xlsx(request: AuthedHttpRequest) -> HttpResponse:
    _require(request)
    year = _year(request)
    organisation = Organisation.objects.get(pk=request.user.principal.org)
    figures = opinion_figures(organisation_id=organisation.pk, year=year)
    content = statistics_workbook(figures, organisation_name=organisation.name, user=request.user)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition(f"社情民意统计{year}.xlsx")
    return response
