from django.urls import URLPattern, path

from . import views as v

app_name = "voices"
urlpatterns: list[URLPattern] = [
    path("", v.request_list, name="list"),
    path("<int:request_id>/", v.request_detail, name="detail"),
    path("<int:request_id>/release/", v.release, name="release"),
    path("<int:request_id>/reject/", v.reject, name="reject"),
    path("<int:request_id>/merge/", v.merge, name="merge"),
    path("<int:request_id>/route/", v.route, name="route"),
    path("<int:request_id>/answer/", v.answer, name="answer"),
    path("<int:request_id>/publish/", v.publish, name="publish"),
    path("<int:request_id>/unpublish/", v.unpublish, name="unpublish"),
    path("<int:request_id>/phone/", v.phone, name="phone"),
]
