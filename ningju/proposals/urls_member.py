"""URL patterns of views_member.py (names are listed in docs/proposals.md)."""

from django.urls import URLPattern, path

from . import views_member

urlpatterns: list[URLPattern] = [
    path("new/", views_member.create, name="create"),
    path("mine/", views_member.mine, name="mine"),
    path("similar/", views_member.similar, name="similar"),
    path("members/search/", views_member.member_search, name="member_search"),
    path("<int:proposal_id>/edit/", views_member.edit, name="edit"),
    path("<int:proposal_id>/autosave/", views_member.autosave, name="autosave"),
    path("<int:proposal_id>/submit/", views_member.submit, name="submit"),
    path("<int:proposal_id>/withdraw/", views_member.withdraw, name="withdraw"),
    path("<int:proposal_id>/cosign/", views_member.cosign, name="cosign"),
    path("<int:proposal_id>/rate/", views_member.rate, name="rate"),
]
