"""People who sign in, and the roles granted to them in an organisation."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ningju.core.fields import EncryptedTextField
from ningju.core.models import TimeStampedModel

from .choices import AccountKind, Role

if TYPE_CHECKING:
    from .principal import Principal


class User(AbstractUser):
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("所属组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    kind = models.CharField(
        _("账号类型"), max_length=10, choices=AccountKind.choices, default=AccountKind.PUBLIC
    )
    display_name = models.CharField(_("姓名"), max_length=60, blank=True)
    phone = EncryptedTextField(_("手机号"), blank=True)
    phone_index = models.CharField(max_length=32, blank=True, db_index=True, editable=False)
    preferred_language = models.CharField(_("界面语言"), max_length=10, blank=True)
    large_text = models.BooleanField(_("大字模式"), default=False)
    must_change_password = models.BooleanField(_("须修改密码"), default=False)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)

    objects: ClassVar[UserManager[User]] = UserManager()  # type: ignore[assignment]

    _principal_cache: Principal | None = None
    BLIND_INDEXES: ClassVar[dict[str, tuple[str, str]]] = {"phone_index": ("phone", "phone")}

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering: ClassVar = ["username"]

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def principal(self) -> Principal:
        """Roles of this user, loaded once per request."""
        from .principal import load_principal

        if self._principal_cache is None:
            self._principal_cache = load_principal(self)
        return self._principal_cache

    def forget_principal(self) -> None:
        self._principal_cache = None


class RoleGrant(TimeStampedModel):
    """An explicitly granted role (staff, handling unit, editor, administrators).

    Member roles (委员, 常委, 主席会议成员, 专委会主任) follow from the member record and are
    never granted by hand, so they cannot drift from it.
    """

    user = models.ForeignKey(
        User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="role_grants"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("组织"), on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)
    office = models.ForeignKey(
        "orgs.Office",
        verbose_name=_("工作机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handling_unit = models.ForeignKey(
        "orgs.HandlingUnit",
        verbose_name=_("承办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    granted_by = models.ForeignKey(
        User,
        verbose_name=_("授权人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        ordering: ClassVar = ["organisation", "role", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="role_grant_unique"
            ),
            models.CheckConstraint(
                condition=~Q(role="office_staff") | Q(office__isnull=False),
                name="role_grant_staff_has_office",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=["unit_officer", "unit_signer"])
                | Q(handling_unit__isnull=False),
                name="role_grant_unit_role_has_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class SecurityPolicy(TimeStampedModel):
    """Login and password rules of one organisation, set by its security admin (安全管理员)."""

    organisation = models.OneToOneField(
        "orgs.Organisation",
        verbose_name=_("组织"),
        on_delete=models.CASCADE,
        related_name="security_policy",
    )
    min_length = models.PositiveSmallIntegerField(_("密码最短长度"), default=8)
    required_classes = models.PositiveSmallIntegerField(
        _("密码须包含的字符类别数"),
        default=3,
        help_text=_("大写字母、小写字母、数字、符号四类中至少几类。"),
    )
    history_count = models.PositiveSmallIntegerField(_("不得重复使用最近几次的密码"), default=5)
    max_age_days = models.PositiveSmallIntegerField(_("密码有效期（天）"), default=90)
    lockout_threshold = models.PositiveSmallIntegerField(_("连续失败几次后锁定"), default=5)
    lockout_minutes = models.PositiveSmallIntegerField(_("锁定时长（分钟）"), default=15)
    idle_timeout_minutes = models.PositiveSmallIntegerField(_("无操作自动退出（分钟）"), default=30)
    dormant_days = models.PositiveSmallIntegerField(_("多少天未登录即停用账号"), default=90)
    members_require_two_factor = models.BooleanField(_("委员也必须启用两步验证"), default=False)

    class Meta:
        verbose_name = _("安全策略")
        verbose_name_plural = _("安全策略")
        ordering: ClassVar = ["organisation"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(min_length__gte=8), name="policy_min_length_at_least_8"
            ),
            models.CheckConstraint(
                condition=Q(required_classes__gte=1) & Q(required_classes__lte=4),
                name="policy_required_classes_1_to_4",
            ),
            models.CheckConstraint(
                condition=Q(idle_timeout_minutes__gte=1) & Q(idle_timeout_minutes__lte=30),
                name="policy_idle_timeout_at_most_30",
            ),
            models.CheckConstraint(
                condition=Q(lockout_threshold__gte=1) & Q(lockout_threshold__lte=10),
                name="policy_lockout_threshold_1_to_10",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class PasswordHistory(models.Model):
    """Hashes of a user's previous passwords, so the last N cannot be reused."""

    user = models.ForeignKey(
        User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="password_history"
    )
    password = models.CharField(_("密码哈希"), max_length=128)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")
        ordering: ClassVar = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.created_at:%Y-%m-%d}"


class LoginAttempt(models.Model):
    """One password attempt, counted for the per-account and per-IP lockout."""

    username = models.CharField(_("用户名"), max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True, db_index=True)
    succeeded = models.BooleanField(_("成功"), default=False)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("登录尝试")
        verbose_name_plural = _("登录尝试")
        ordering: ClassVar = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.username} {self.created_at:%Y-%m-%d %H:%M}"


class ApiToken(models.Model):
    """A sign-in for the mobile app: a bearer token, stored only as its SHA-256 digest.

    Issued by `POST /api/v1/auth/token` after the password (and the 2FA code where the
    account has one), valid for `ningju.accounts.api_tokens.LIFETIME` and dropped after
    `IDLE_LIMIT` without use; the holder sees and revokes their devices on 账号安全.
    """

    user = models.ForeignKey(
        User, verbose_name=_("账号"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    digest = models.CharField(_("摘要"), max_length=64, unique=True)
    prefix = models.CharField(_("前缀"), max_length=8)
    device_name = models.CharField(_("设备"), max_length=60, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("到期时间"))
    last_used_at = models.DateTimeField(_("最近使用"))
    revoked_at = models.DateTimeField(_("注销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("移动端登录")
        verbose_name_plural = _("移动端登录")
        ordering: ClassVar = ["-created_at", "id"]

    def __str__(self) -> str:
        return f"{self.user} · {self.device_name or self.prefix}"
