"""Activity pages, mounted at /activities/ (see docs/activities.md)."""

from django.urls import URLPattern, path

from . import views

app_name = "activities"
urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.create, name="create"),
    path("record/", views.record, name="record"),
    path("review/", views.review, name="review"),
    path("totals/", views.totals, name="totals"),
    path("<int:activity_id>/", views.detail, name="detail"),
    path("<int:activity_id>/edit/", views.edit, name="edit"),
    path("<int:activity_id>/submit/", views.submit, name="submit"),
    path("<int:activity_id>/confirm/", views.confirm, name="confirm"),
    path("<int:activity_id>/return/", views.return_, name="return"),
    path("<int:activity_id>/photos/", views.photo_add, name="photo_add"),
    path("photos/<int:photo_id>/", views.photo, name="photo"),
    path("campaigns/", views.campaigns, name="campaigns"),
    path("campaigns/new/", views.campaign_edit, name="campaign_create"),
    path("campaigns/<int:campaign_id>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:campaign_id>/edit/", views.campaign_edit, name="campaign_edit"),
    path("brands/", views.brands, name="brands"),
    path("brands/new/", views.brand_create, name="brand_create"),
    path("brands/<int:brand_id>/", views.brand_detail, name="brand"),
]
