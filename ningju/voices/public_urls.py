from django.urls import URLPattern

app_name = "voices_public"
urlpatterns: list[URLPattern] = []
