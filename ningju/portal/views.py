from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ningju.orgs.models import Organisation


def home(request: HttpRequest) -> HttpResponse:
    """The public face of the prefecture committee and the committees below it."""
    root = Organisation.objects.filter(parent__isnull=True).order_by("sort_order", "id").first()
    children = list(root.children.order_by("sort_order", "id")) if root else []
    return render(request, "portal/home.html", {"root": root, "children": children})
