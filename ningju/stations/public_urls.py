from django.urls import URLPattern

app_name = "stations_public"
urlpatterns: list[URLPattern] = []
