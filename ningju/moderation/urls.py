from django.urls import path

from . import views

app_name = "moderation"
urlpatterns = [
    path("terms/", views.terms, name="terms"),
    path("terms/<int:term_id>/remove/", views.term_remove, name="term_remove"),
    path("check/", views.check, name="check"),
]
