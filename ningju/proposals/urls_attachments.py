"""URL patterns of views_attachments.py (names are listed in docs/proposals.md)."""

from django.urls import URLPattern, path

from . import views_attachments

urlpatterns: list[URLPattern] = [
    path(
        "<int:proposal_id>/attachments/",
        views_attachments.attachment_add,
        name="attachment_add",
    ),
    path(
        "attachments/<int:attachment_id>/",
        views_attachments.attachment_download,
        name="attachment_download",
    ),
    path(
        "attachments/<int:attachment_id>/remove/",
        views_attachments.attachment_remove,
        name="attachment_remove",
    ),
]
