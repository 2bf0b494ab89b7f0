"""URL patterns of views_member.py (names are listed in docs/proposals.md)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
