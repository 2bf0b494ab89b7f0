"""Study and reading pages, mounted at /study/ (see docs/activities.md)."""

from django.urls import URLPattern, path

from . import views_study as views

app_name = "study"
urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("new/", views.session_create, name="create"),
    path("<int:session_id>/", views.session_detail, name="detail"),
    path("<int:session_id>/attendance/", views.attendance, name="attendance"),
    path("<int:session_id>/materials/", views.material_add, name="material_add"),
    path("<int:session_id>/note/", views.note, name="note"),
    path("materials/<int:material_id>/", views.material, name="material"),
    path("reading/", views.reading, name="reading"),
    path("reading/checkin/", views.checkin, name="checkin"),
    path("reading/notes/", views.reading_note, name="reading_note"),
    path("books/", views.books, name="books"),
    path("books/new/", views.book_create, name="book_create"),
    path("books/<int:book_id>/cover/", views.book_cover, name="book_cover"),
    path("groups/", views.groups, name="groups"),
    path("groups/new/", views.group_create, name="group_create"),
    path("groups/<int:group_id>/", views.group_detail, name="group"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/new/", views.calendar_create, name="calendar_create"),
    path("calendar/<int:item_id>/mark/", views.calendar_mark, name="calendar_mark"),
    path("talks/", views.talks, name="talks"),
    path("talks/new/", views.talk_create, name="talk_create"),
    path("talks/<int:talk_id>/material/", views.talk_material, name="talk_material"),
]
