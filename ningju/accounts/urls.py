from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("users/", views.user_list, name="users"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:user_id>/toggle/", views.user_toggle_active, name="user_toggle"),
    path("roles/", views.role_overview, name="role_overview"),
    path("users/<int:user_id>/roles/", views.user_roles, name="roles"),
    path("roles/<int:grant_id>/revoke/", views.role_revoke, name="role_revoke"),
]
