from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    PLENARY = "plenary", _("全体会议")
    STANDING = "standing", _("常委会议")
    CHAIR = "chair", _("主席会议")
    SPECIAL_COMMITTEE = "committee", _("专门委员会会议")
    SECTOR_GROUP = "sector", _("界别组会议")
    STUDY = "study", _("学习会")


# Leave from these is decided by the chair (主席); from the others by the office (办公室).
CHAIR_APPROVED_KINDS = frozenset({MeetingKind.PLENARY, MeetingKind.STANDING})


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发通知")
    SIGNIN_OPEN = "signin_open", _("签到中")
    CLOSED = "closed", _("已结束")
    CANCELLED = "cancelled", _("已取消")


class InviteScope(models.TextChoices):
    ALL = "all", _("全体委员")
    STANDING = "standing", _("常委")
    CHAIR_MEETING = "chair_meeting", _("主席会议成员")
    COMMITTEE = "committee", _("专门委员会")
    SECTOR = "sector", _("界别")


class LeaveStatus(models.TextChoices):
    REQUESTED = "requested", _("待审批")
    APPROVED = "approved", _("已准假")
    REJECTED = "rejected", _("未准假")
    WITHDRAWN = "withdrawn", _("已撤回")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("出席")
    LEAVE = "leave", _("请假")
    ABSENT = "absent", _("缺席")


class SignInMethod(models.TextChoices):
    QR = "qr", _("扫码签到")
    PROXY = "proxy", _("代签")


class SpeechKind(models.TextChoices):
    WRITTEN = "written", _("书面发言")
    ORAL = "oral", _("口头发言")
