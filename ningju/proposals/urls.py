from django.urls import path

from . import views

app_name = "proposals"
urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("<int:proposal_id>/", views.detail, name="detail"),
    path("assignments/<int:assignment_id>/", views.assignment_detail, name="assignment"),
]
