"""URL patterns of views_office.py (names are listed in docs/proposals.md)."""

from django.urls import URLPattern, path

from . import views_office as v

urlpatterns: list[URLPattern] = [
    path("review/", v.review_queue, name="review_queue"),
    path("<int:proposal_id>/review/", v.review, name="review"),
    path("<int:proposal_id>/assign/", v.assign, name="assign"),
    path("handling/", v.handling, name="handling"),
    path(
        "assignments/<int:assignment_id>/objection/",
        v.objection_decide,
        name="objection_decide",
    ),
    path(
        "assignments/<int:assignment_id>/extension/decide/",
        v.extension_decide,
        name="extension_decide",
    ),
    path("replies/<int:reply_id>/review/", v.reply_review, name="reply_review"),
    path("<int:proposal_id>/feedback/offline/", v.offline_feedback, name="offline_feedback"),
    path("<int:proposal_id>/key/", v.key, name="key"),
    path("<int:proposal_id>/supervision/", v.supervision, name="supervision"),
    path("<int:proposal_id>/excellent/", v.excellent, name="excellent"),
]
