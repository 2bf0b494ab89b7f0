"""URL patterns of views_unit.py (names are listed in docs/proposals.md)."""

from django.urls import URLPattern, path

from . import views_unit

urlpatterns: list[URLPattern] = [
    path("assignments/<int:assignment_id>/", views_unit.assignment_detail, name="assignment"),
]
