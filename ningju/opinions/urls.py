"""URL names of 社情民意 (the contract is in docs/opinions.md)."""

from django.urls import path

from . import views, views_member

app_name = "opinions"
urlpatterns = [
    # Members.
    path("new/", views_member.create, name="create"),
    path("mine/", views_member.mine, name="mine"),
    path("<int:opinion_id>/", views.detail, name="detail"),
    path("<int:opinion_id>/edit/", views_member.edit, name="edit"),
    path("<int:opinion_id>/autosave/", views_member.autosave, name="autosave"),
    path("<int:opinion_id>/withdraw/", views_member.withdraw, name="withdraw"),
    path("<int:opinion_id>/attachments/", views_member.attachment_add, name="attachment_add"),
    path("attachments/<int:attachment_id>/", views_member.attachment_download, name="attachment"),
    path(
        "attachments/<int:attachment_id>/remove/",
        views_member.attachment_remove,
        name="attachment_remove",
    ),
]
