from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from ningju.core.http import AuthedHttpRequest

from .selectors import workspace_panels


@login_required
def home(request: AuthedHttpRequest) -> HttpResponse:
    panels = workspace_panels(user=request.user)
    return render(request, "workspace/home.html", {"panels": panels})
