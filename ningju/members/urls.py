from django.urls import path

from . import views, views_io

app_name = "members"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.create, name="create"),
    path("<int:member_id>/", views.detail, name="detail"),
    path("<int:member_id>/edit/", views.edit, name="edit"),
    path("<int:member_id>/reveal/", views.reveal, name="reveal"),
    path("import/", views_io.import_upload, name="import"),
    path("import/template.xlsx", views_io.import_template, name="import_template"),
    path("import/<int:import_id>/", views_io.import_status, name="import_status"),
    path("import/<int:import_id>/errors.xlsx", views_io.import_errors, name="import_errors"),
    path("export/", views_io.export, name="export"),
]
