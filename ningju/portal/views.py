from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from ningju.orgs.models import Organisation

from .site import root_organisation


def home(request: HttpRequest, org: str | None = None) -> HttpResponse:
    """The public face of the prefecture committee and the committees below it."""
    root = get_object_or_404(Organisation, code=org) if org else root_organisation()
    children = list(root.children.order_by("sort_order", "id")) if root else []
    return render(
        request, "portal/home.html", {"root": root, "children": children, "portal_org": root}
    )
