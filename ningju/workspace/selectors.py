"""What each person sees first after signing in: the things that need their action."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ningju.accounts import two_factor
from ningju.accounts.choices import ADMIN_ROLES, Role
from ningju.accounts.models import RoleGrant, User
from ningju.core.models import AuditEvent
from ningju.members.models import Member, MemberImport, Membership
from ningju.orgs.models import HandlingUnit
from ningju.orgs.selectors import organisation_figures, sector_figures
from ningju.performance.models import DutyRecord


@dataclass
class Task:
    label: str | Promise
    url: str
    count: int | None = None
    urgent: bool = False


@dataclass
class Panel:
    key: str
    title: str | Promise
    tasks: list[Task] = field(default_factory=list)
    empty_text: str | Promise = ""
    data: dict[str, Any] = field(default_factory=dict)


def _member_panel(user: User) -> Panel:
    member = Member.objects.get(pk=user.principal.member_id or 0)
    year = timezone.localdate().year
    records = DutyRecord.objects.filter(member=member, occurred_on__year=year, is_void=False)
    panel = Panel(key="member", title=_("我的履职"))
    detail = reverse("members:detail", args=[member.pk])
    missing = [
        label
        for label, value in (
            (_("手机号"), member.phone),
            (_("通讯地址"), member.address),
            (_("专长领域"), member.expertise),
        )
        if not value
    ]
    if missing:
        panel.tasks.append(
            Task(
                _("个人信息未填全：%(fields)s。请联系委员联络室补充。")
                % {"fields": "、".join(str(m) for m in missing)},
                detail,
                urgent=True,
            )
        )
    panel.tasks.append(Task(_("%(year)s年履职记录") % {"year": year}, detail, records.count()))
    panel.data["member"] = member
    return panel


def _staff_panel(user: User) -> Panel:
    organisation_id = user.principal.org
    panel = Panel(key="staff", title=_("委员管理"))
    current = Membership.objects.filter(
        term__organisation_id=organisation_id, term__is_current=True, status="active"
    )
    incomplete = current.filter(Q(member__phone_index="") | Q(member__id_number_index="")).count()
    directory = reverse("members:directory")
    panel.tasks.append(Task(_("本届在任委员"), directory, current.count()))
    if incomplete:
        panel.tasks.append(
            Task(_("缺少手机号或身份证号的委员"), directory, incomplete, urgent=True)
        )
    pending = MemberImport.objects.filter(
        organisation_id=organisation_id, status__in=["pending", "validating", "invalid"]
    ).count()
    if pending:
        panel.tasks.append(Task(_("未完成的名册导入"), directory, pending, urgent=True))
    return panel


def _leader_panel(user: User) -> Panel:
    return Panel(
        key="leadership",
        title=_("委员队伍概况"),
        data={
            "organisations": organisation_figures(user=user),
            "sectors": sector_figures(user=user),
        },
    )


def _unit_panel(user: User) -> Panel:
    unit = HandlingUnit.objects.get(pk=user.principal.handling_unit_id or 0)
    colleagues = (
        RoleGrant.objects.filter(handling_unit=unit)
        .exclude(user=user)
        .select_related("user")
        .order_by("role", "user__username")
    )
    return Panel(
        key="unit",
        title=_("承办工作 · %(unit)s") % {"unit": unit.name},
        empty_text=_("目前没有交办给本单位、需要您处理的事项。"),
        data={"unit": unit, "colleagues": list(colleagues)},
    )


def _system_admin_panel(user: User) -> Panel:
    users = User.objects.filter(organisation_id=user.principal.org)
    url = reverse("accounts:users")
    panel = Panel(key="system_admin", title=_("账号管理"))
    panel.tasks.append(Task(_("本组织账号"), url, users.count()))
    inactive = users.filter(is_active=False).count()
    if inactive:
        panel.tasks.append(Task(_("已停用账号"), url, inactive))
    must_change = users.filter(must_change_password=True, is_active=True).count()
    if must_change:
        panel.tasks.append(Task(_("尚未修改初始密码的账号"), url, must_change, urgent=True))
    return panel


def _security_admin_panel(user: User) -> Panel:
    url = reverse("accounts:role_overview")
    admins = RoleGrant.objects.filter(
        organisation_id=user.principal.org, role__in=ADMIN_ROLES
    ).select_related("user")
    panel = Panel(key="security_admin", title=_("角色与权限"), data={"admins": list(admins)})
    panel.tasks.append(Task(_("授权管理"), url))
    return panel


def _audit_admin_panel(user: User) -> Panel:
    since = timezone.now() - timedelta(hours=24)
    url = reverse("audit:list")
    events = AuditEvent.objects.filter(occurred_at__gte=since)
    panel = Panel(key="audit_admin", title=_("安全审计"))
    panel.tasks.append(Task(_("近24小时审计记录"), url, events.count()))
    failed = events.filter(success=False).count()
    if failed:
        panel.tasks.append(
            Task(_("近24小时失败的登录和操作"), url + "?success=0", failed, urgent=True)
        )
    return panel


def _security_panel(user: User) -> Panel | None:
    """启用两步验证: urgent where the role requires it (reachable only while enforcement is
    off, as in the demo: otherwise the middleware sends these people to set-up first),
    a suggestion for members."""
    if not two_factor.two_factor_offered(user) or two_factor.has_confirmed_device(user):
        return None
    required = two_factor.required_by_role(user)
    label = (
        _("启用两步验证（必须启用）") if required else _("启用两步验证（建议启用，让账号更安全）")
    )
    return Panel(
        key="security",
        title=_("账号安全"),
        tasks=[Task(label, reverse("accounts:two_factor_setup"), urgent=required)],
    )


def _proposal_panel(user: User) -> Panel | None:
    from ningju.proposals.workspace import proposal_tasks

    rows = proposal_tasks(user)
    if not rows:
        return None
    panel = Panel(key="proposals", title=_("提案工作"))
    for label, url, count, urgent in rows:
        panel.tasks.append(Task(label, url, None if count < 0 else count, urgent=urgent))
    return panel


# Apps add their own panels: a `panels.py` module with `panels(user) -> list[Panel]`.
PANEL_APPS = (
    "meetings",
    "activities",
    "opinions",
    "voices",
    "stations",
    "suggestions",
    "matters",
    "portal",
    "moderation",
)


def _app_panels(user: User) -> list[Panel]:
    from importlib import import_module
    from importlib.util import find_spec

    found: list[Panel] = []
    for app in PANEL_APPS:
        name = f"ningju.{app}.panels"
        if find_spec(name) is not None:
            found.extend(import_module(name).panels(user))
    return found


def workspace_panels(*, user: User) -> list[Panel]:
    principal = user.principal
    panels: list[Panel] = []
    security = _security_panel(user)
    if security is not None:
        panels.append(security)
    proposals = _proposal_panel(user)
    if proposals is not None:
        panels.append(proposals)
    panels.extend(_app_panels(user))
    if principal.has(Role.SYSTEM_ADMIN):
        panels.append(_system_admin_panel(user))
    if principal.has(Role.SECURITY_ADMIN):
        panels.append(_security_admin_panel(user))
    if principal.has(Role.AUDIT_ADMIN):
        panels.append(_audit_admin_panel(user))
    if principal.has(Role.OFFICE_STAFF):
        panels.append(_staff_panel(user))
    if principal.has(Role.CHAIR_MEETING, Role.OFFICE_STAFF):
        panels.append(_leader_panel(user))
    if principal.has(Role.UNIT_OFFICER, Role.UNIT_SIGNER):
        unit_panel = _unit_panel(user)
        if proposals is not None:
            unit_panel.empty_text = ""
        panels.append(unit_panel)
    if principal.member_id:
        panels.append(_member_panel(user))
    # Whatever is waiting on this person (overdue, to decide, returned to them) comes first;
    # otherwise the order above stands. A member can have a dozen panels on a phone.
    panels.sort(key=lambda panel: not any(task.urgent for task in panel.tasks))
    return panels
