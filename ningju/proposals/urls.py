from django.urls import path

from . import urls_attachments, urls_member, urls_office, urls_stats, urls_unit, views

app_name = "proposals"
urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("<int:proposal_id>/", views.detail, name="detail"),
    *urls_member.urlpatterns,
    *urls_office.urlpatterns,
    *urls_unit.urlpatterns,
    *urls_stats.urlpatterns,
    *urls_attachments.urlpatterns,
]
