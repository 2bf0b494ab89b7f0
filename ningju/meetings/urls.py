from django.urls import path

from . import views, views_office

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views_office.create, name="create"),
    path("attendance/", views_office.overview, name="overview"),
    path("leave/", views.leave_queue, name="leave_queue"),
    path("leave/<int:leave_id>/decide/", views.leave_decide, name="leave_decide"),
    path("leave/<int:leave_id>/withdraw/", views.leave_withdraw, name="leave_withdraw"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/reset/", views.calendar_reset, name="calendar_reset"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
    path("signin/<str:code>/", views.signin, name="signin"),
    path("materials/<int:material_id>/", views.material_download, name="material"),
    path("speeches/<int:speech_id>/file/", views.speech_file, name="speech_file"),
    path("agenda/<int:item_id>/material/", views_office.material_add, name="material_add"),
    path("<int:meeting_id>/", views.detail, name="detail"),
    path("<int:meeting_id>/edit/", views_office.edit, name="edit"),
    path("<int:meeting_id>/invite/", views_office.invite, name="invite"),
    path("<int:meeting_id>/agenda/", views_office.agenda_add, name="agenda_add"),
    path("<int:meeting_id>/minutes/", views_office.minutes, name="minutes"),
    path("<int:meeting_id>/screen/", views_office.screen, name="screen"),
    path("<int:meeting_id>/attendance/", views_office.attendance, name="attendance"),
    path("<int:meeting_id>/leave/", views.leave_request, name="leave_request"),
    path("<int:meeting_id>/speeches/new/", views.speech_add, name="speech_add"),
    path(
        "<int:meeting_id>/<str:action>/",
        views_office.transition,
        name="transition",
    ),
]
