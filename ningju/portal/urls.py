from collections.abc import Callable
from typing import Any

from django.urls import path

from . import feeds, views_manage, views_public

app_name = "portal"

# Each public page exists for the prefecture at the root and for any other committee under
# /site/<code>/ (the same view; `org` tells which site).
_PUBLIC: list[tuple[str, Callable[..., Any], str]] = [
    ("", views_public.home, "home"),
    ("column/<slug:slug>/", views_public.column, "column"),
    ("column/<slug:slug>/rss/", feeds.column_feed, "column_feed"),
    ("search/", views_public.search, "search"),
    ("rss/", feeds.site_feed, "feed"),
    ("feed.json", feeds.json_feed, "json_feed"),
]

urlpatterns = [
    *[path(route, view, name=name) for route, view, name in _PUBLIC],
    *[path(f"site/<slug:org>/{route}", view, name=f"site_{name}") for route, view, name in _PUBLIC],
    path("article/<int:pk>/", views_public.article, name="article"),
    path("article/<int:pk>/image", views_public.article_image, name="image"),
    # The editors' and writers' back office.
    path("publishing/", views_manage.desk, name="manage"),
    path("publishing/new/", views_manage.create, name="manage_new"),
    path("publishing/<int:pk>/", views_manage.detail, name="manage_detail"),
    path("publishing/<int:pk>/edit/", views_manage.edit, name="manage_edit"),
    path("publishing/<int:pk>/autosave/", views_manage.autosave, name="manage_autosave"),
    path("publishing/<int:pk>/image", views_manage.draft_image, name="manage_image"),
    path("publishing/<int:pk>/submit/", views_manage.submit, name="manage_submit"),
    path("publishing/<int:pk>/review/", views_manage.review, name="manage_review"),
    path("publishing/<int:pk>/unpublish/", views_manage.unpublish, name="manage_unpublish"),
    path("publishing/<int:pk>/revise/", views_manage.revise, name="manage_revise"),
    path("publishing/<int:pk>/correct/", views_manage.correct, name="manage_correct"),
]
