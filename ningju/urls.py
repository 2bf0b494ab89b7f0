from django.urls import include, path

from ningju.api.urls import api
from ningju.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("preferences/", include("ningju.core.urls")),
    path("accounts/", include("ningju.accounts.urls")),
    path("workspace/", include("ningju.workspace.urls")),
    path("members/", include("ningju.members.urls")),
    path("proposals/", include("ningju.proposals.urls")),
    path("opinions/", include("ningju.opinions.urls")),
    path("voices/", include("ningju.voices.urls")),
    path("consult/", include("ningju.voices.public_urls")),
    path("stations/", include("ningju.stations.urls")),
    path("suggestions/", include("ningju.suggestions.urls")),
    path("matters/", include("ningju.matters.urls")),
    path("meetings/", include("ningju.meetings.urls")),
    path("activities/", include("ningju.activities.urls")),
    path("study/", include("ningju.activities.study_urls")),
    path("moderation/", include("ningju.moderation.urls")),
    path("audit/", include("ningju.core.audit_urls")),
    path("notifications/", include("ningju.notify.urls")),
    path("api/v1/", api.urls),
    path("", include("ningju.portal.urls")),
]

handler400 = "ningju.core.views.bad_request"
handler403 = "ningju.core.views.permission_denied"
handler404 = "ningju.core.views.page_not_found"
handler500 = "ningju.core.views.server_error"
