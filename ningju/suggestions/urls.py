from django.urls import path

from . import views

app_name = "suggestions"
urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("new/", views.public_new, name="public_new"),
    path("sent/", views.public_sent, name="public_sent"),
    path("mine/", views.mine, name="mine"),
    path("mine/new/", views.member_new, name="member_new"),
    path("queue/", views.queue, name="queue"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<slug:action>/", views.act, name="act"),
]
