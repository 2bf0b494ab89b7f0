from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .selectors import workspace_panels


@login_required
def home(request: HttpRequest) -> HttpResponse:
    panels = workspace_panels(user=request.user)  # type: ignore[arg-type]
    return render(request, "workspace/home.html", {"panels": panels})
