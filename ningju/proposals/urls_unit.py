"""URL patterns of views_unit.py (names are listed in docs/proposals.md)."""

from django.urls import URLPattern, path

from . import views_unit

urlpatterns: list[URLPattern] = [
    path("unit/", views_unit.unit_queue, name="unit_queue"),
    path("assignments/<int:assignment_id>/", views_unit.assignment_detail, name="assignment"),
    path("assignments/<int:assignment_id>/object/", views_unit.objection, name="objection"),
    path("assignments/<int:assignment_id>/extension/", views_unit.extension, name="extension"),
    path("assignments/<int:assignment_id>/meeting/", views_unit.meeting, name="meeting"),
    path("assignments/<int:assignment_id>/reply/", views_unit.reply, name="reply"),
    path("replies/<int:reply_id>/send/", views_unit.reply_send, name="reply_send"),
    path("replies/<int:reply_id>/cosign/", views_unit.reply_cosign, name="reply_cosign"),
    path("replies/<int:reply_id>/sign/", views_unit.reply_sign, name="reply_sign"),
]
