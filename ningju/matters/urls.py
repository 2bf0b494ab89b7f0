from django.urls import path

from . import views

app_name = "matters"
urlpatterns = [
    path("", views.matter_list, name="list"),
    path("done/", views.public_done, name="public_done"),
    path("new/", views.matter_new, name="new"),
    path("<int:pk>/", views.matter_detail, name="detail"),
    path("<int:pk>/edit/", views.matter_edit, name="edit"),
    path("<int:pk>/evidence/<int:evidence_id>/", views.evidence_download, name="evidence"),
    path("<int:pk>/<slug:action>/", views.matter_act, name="act"),
]
