"""Shared model bases and the append-only audit trail."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("audit events are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit events are append-only")


class AuditEvent(models.Model):
    """One line of the audit trail, chained to the previous one with an SM3 hash.

    Rows are only ever appended through `ningju.core.audit.record`; the queryset and the
    instance refuse updates and deletes, and `ningju audit verify` proves nothing was
    changed underneath the application (by SQL or by a restored backup).
    """

    sequence = models.PositiveBigIntegerField(_("序号"), unique=True)
    occurred_at = models.DateTimeField(_("时间"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    actor_username = models.CharField(_("账号"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("组织"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    action = models.CharField(_("操作"), max_length=80, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=80, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    success = models.BooleanField(_("是否成功"), default=True)
    previous_hash = models.CharField(_("前一条哈希"), max_length=64)
    hash = models.CharField(_("哈希"), max_length=64)

    objects: ClassVar[AuditEventQuerySet] = AuditEventQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering: ClassVar = ["-sequence"]
        indexes: ClassVar = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit events are append-only")


class AuditChainHead(models.Model):
    """A single row locked while appending, so concurrent writers form one chain."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("审计链头")
        verbose_name_plural = _("审计链头")
        ordering: ClassVar = ["id"]

    def __str__(self) -> str:
        return f"{self.sequence}"


class PeriodicJobState(models.Model):
    """When each scheduled job (`ningju.core.periodic`) last ran, and how it went.

    The row is locked while a run is claimed, so several app servers may all run
    `ningju periodic run-due` every minute and each job still runs once.
    """

    name = models.CharField(_("任务"), max_length=60, unique=True)
    last_started_at = models.DateTimeField(_("上次开始"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("上次结束"), null=True, blank=True)
    last_ok = models.BooleanField(_("上次成功"), null=True)
    last_output = models.TextField(_("上次输出"), blank=True)

    class Meta:
        verbose_name = _("定时任务状态")
        verbose_name_plural = _("定时任务状态")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name
