from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("large-text/", views.toggle_large_text, name="large_text"),
    path("language/", views.set_language, name="set_language"),
]
