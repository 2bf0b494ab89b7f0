from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposerType(models.TextChoices):
    INDIVIDUAL = "individual", _("个人提案")
    JOINT = "joint", _("联名提案")
    SECTOR_GROUP = "sector_group", _("界别、小组提案")
    PARTY_ORG = "party_org", _("党派团体提案")
    SPECIAL_COMMITTEE = "special_committee", _("专委会提案")


COLLECTIVE_TYPES = frozenset(
    {ProposerType.SECTOR_GROUP, ProposerType.PARTY_ORG, ProposerType.SPECIAL_COMMITTEE}
)


class Period(models.TextChoices):
    PLENARY = "plenary", _("大会提案")
    INTERIM = "interim", _("平时提案")


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    COSIGNING = "cosigning", _("待联名确认")
    SUBMITTED = "submitted", _("已提交，待审查")
    IN_REVIEW = "in_review", _("审查中")
    RETURNED = "returned", _("退回修改")
    REGISTERED = "registered", _("已立案，待交办")
    MERGED = "merged", _("已并案")
    NOT_REGISTERED = "not_registered", _("不予立案")
    WITHDRAWN = "withdrawn", _("已撤回")
    HANDLING = "handling", _("办理中")
    REPLIED = "replied", _("已答复，待评价")
    REHANDLING = "rehandling", _("重新办理中")
    COMPLETED = "completed", _("已办结")


class ProposerRole(models.TextChoices):
    FIRST = "first", _("第一提案人")
    COSIGNER = "cosigner", _("联名提案人")


class CosignStatus(models.TextChoices):
    INVITED = "invited", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    DECLINED = "declined", _("已谢绝")
    EXPIRED = "expired", _("逾期未确认")


class ReviewOutcome(models.TextChoices):
    PASS = "pass", _("通过，提交上一级审查")
    REGISTER = "register", _("立案")
    MERGE = "merge", _("并案")
    REFUSE = "refuse", _("不予立案")
    RETURN = "return", _("退回修改")


class Conversion(models.TextChoices):
    NONE = "", _("不转办")
    OPINION = "opinion", _("转社情民意信息")
    SUGGESTION = "suggestion", _("转意见建议")
    LETTER = "letter", _("转委员来信")


class HandlingMode(models.TextChoices):
    LEAD = "lead", _("主办会办")
    SEPARATE = "separate", _("分别办理")


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("主办")
    CO = "co", _("会办")
    SEPARATE = "separate", _("分办")


class AssignmentStatus(models.TextChoices):
    HANDLING = "handling", _("办理中")
    OBJECTED = "objected", _("申请调整")
    WITHDRAWN = "withdrawn", _("已调整撤出")
    REPLIED = "replied", _("已答复")


class ExtensionStatus(models.TextChoices):
    NONE = "", _("无")
    REQUESTED = "requested", _("已申请延期")
    APPROVED = "approved", _("已同意延期")
    REFUSED = "refused", _("未同意延期")


class ReplyStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    COSIGNING = "cosigning", _("会签中")
    AWAITING_SIGNER = "awaiting_signer", _("待签发")
    SUBMITTED = "submitted", _("已签发，待审核")
    APPROVED = "approved", _("审核通过")
    RETURNED = "returned", _("退回修改")


class Publicity(models.TextChoices):
    PUBLIC = "public", _("主动公开")
    ON_REQUEST = "on_request", _("依申请公开")
    NOT_PUBLIC = "not_public", _("不予公开")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY = "basically", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class MeetingForm(models.TextChoices):
    VISIT = "visit", _("走访面商")
    PHONE = "phone", _("电话沟通")
    FORUM = "forum", _("座谈协商")
    WAIVED = "waived", _("委员表示无需走访")
