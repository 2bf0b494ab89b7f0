"""URL patterns of views_stats.py (names are listed in docs/proposals.md)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
