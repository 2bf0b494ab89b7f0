from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountKind(models.TextChoices):
    MEMBER = "member", _("委员")
    STAFF = "staff", _("机关干部")
    UNIT = "unit", _("承办单位")
    ADMIN = "admin", _("管理员")
    PUBLIC = "public", _("公众")


class Role(models.TextChoices):
    """Every business role. Member-derived roles come from the member record, the rest
    from explicit grants (see `ningju.accounts.principal`)."""

    MEMBER = "member", _("委员")
    STANDING_MEMBER = "standing_member", _("常委")
    CHAIR_MEETING = "chair_meeting", _("主席会议成员")
    COMMITTEE_DIRECTOR = "committee_director", _("专委会主任")
    OFFICE_STAFF = "office_staff", _("机关工作人员")
    UNIT_OFFICER = "unit_officer", _("承办单位经办人")
    UNIT_SIGNER = "unit_signer", _("承办单位签发领导")
    PORTAL_EDITOR = "portal_editor", _("门户编辑")
    PUBLIC = "public", _("公众")
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("审计管理员")


GRANTABLE_ROLES = (
    Role.OFFICE_STAFF,
    Role.UNIT_OFFICER,
    Role.UNIT_SIGNER,
    Role.PORTAL_EDITOR,
    Role.SYSTEM_ADMIN,
    Role.SECURITY_ADMIN,
    Role.AUDIT_ADMIN,
)
ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
UNIT_ROLES = frozenset({Role.UNIT_OFFICER, Role.UNIT_SIGNER})
