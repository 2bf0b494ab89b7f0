from django.urls import URLPattern, path

from . import views as v

app_name = "stations"
urlpatterns: list[URLPattern] = [
    path("", v.station_list, name="list"),
    path("new/", v.station_create, name="create"),
    path("<int:station_id>/", v.station_detail, name="detail"),
    path("<int:station_id>/edit/", v.station_edit, name="edit"),
    path("<int:station_id>/members/", v.station_members, name="members"),
    path(
        "<int:station_id>/members/<int:member_id>/remove/",
        v.station_member_remove,
        name="member_remove",
    ),
    path("<int:station_id>/roster/", v.roster, name="roster"),
    path("shifts/<int:shift_id>/mark/", v.shift_mark, name="shift_mark"),
    path("<int:station_id>/receptions/", v.reception_list, name="receptions"),
    path("<int:station_id>/receptions/new/", v.reception_create, name="reception_create"),
    path("receptions/<int:reception_id>/", v.reception_detail, name="reception_detail"),
    path(
        "receptions/<int:reception_id>/to-opinion/",
        v.reception_to_opinion,
        name="reception_to_opinion",
    ),
    path(
        "receptions/<int:reception_id>/to-proposal/",
        v.reception_to_proposal,
        name="reception_to_proposal",
    ),
    path("<int:station_id>/activities/new/", v.activity_create, name="activity_create"),
]
