from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.ChangePasswordView.as_view(), name="password_change"),
    path("keepalive/", views.keepalive, name="keepalive"),
    path("security/", views.my_security, name="security"),
    path("tokens/<int:token_id>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("policy/", views.security_policy, name="policy"),
    path("users/", views.user_list, name="users"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:user_id>/toggle/", views.user_toggle_active, name="user_toggle"),
    path("roles/", views.role_overview, name="role_overview"),
    path("users/<int:user_id>/roles/", views.user_roles, name="roles"),
    path("roles/<int:grant_id>/revoke/", views.role_revoke, name="role_revoke"),
]

# Two-factor authentication (TwoFactorMiddleware exempts everything under 2fa/).
from . import views_two_factor as two_factor_views  # noqa: E402

urlpatterns += [
    path("2fa/", two_factor_views.status, name="two_factor"),
    path("2fa/setup/", two_factor_views.setup, name="two_factor_setup"),
    path("2fa/verify/", two_factor_views.verify, name="two_factor_verify"),
    path(
        "2fa/recovery-codes/",
        two_factor_views.recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path(
        "2fa/recovery-codes/new/",
        two_factor_views.regenerate,
        name="two_factor_regenerate",
    ),
    path("2fa/disable/", two_factor_views.disable, name="two_factor_disable"),
    path("users/<int:user_id>/2fa/reset/", two_factor_views.reset, name="two_factor_reset"),
]
