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
