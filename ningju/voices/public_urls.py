from django.urls import URLPattern, path

from . import views_public as v

app_name = "voices_public"
urlpatterns: list[URLPattern] = [
    path("", v.consult, name="consult"),
    path("thanks/", v.thanks, name="thanks"),
    path("track/", v.track, name="track"),
    path("outcomes/<int:request_id>/", v.outcome, name="outcome"),
]
