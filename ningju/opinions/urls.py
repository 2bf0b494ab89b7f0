from django.urls import URLPattern

app_name = "opinions"
urlpatterns: list[URLPattern] = []
