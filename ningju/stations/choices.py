from django.db import models
from django.utils.translation import gettext_lazy as _


class StationKind(models.TextChoices):
    STATION = "station", _("委员联络站")
    SECTOR_STATION = "sector_station", _("界别委员联络站")
    STUDIO = "studio", _("委员工作室")
    HALL = "hall", _("协商议事室")


class StationRole(models.TextChoices):
    CONVENOR = "convenor", _("召集人")
    RESIDENT = "resident", _("驻站委员")
    LIAISON = "liaison", _("联络员")


class ShiftStatus(models.TextChoices):
    PLANNED = "planned", _("待值班")
    DONE = "done", _("已值班")
    MISSED = "missed", _("未到岗")


class Channel(models.TextChoices):
    WALK_IN = "walk_in", _("来访")
    PHONE = "phone", _("来电")
    ONLINE = "online", _("网上")
    VISIT = "visit", _("走访")
    BOX = "box", _("意见箱")


class Handling(models.TextChoices):
    PENDING = "pending", _("待处理")
    ANSWERED = "answered", _("当场答复")
    REFERRED = "referred", _("转交有关部门")
    OPINION = "opinion", _("转为社情民意")
    PROPOSAL_LEAD = "proposal_lead", _("转为提案线索")
    CONSULTATION_TOPIC = "consultation_topic", _("列为协商议题")


class Satisfaction(models.TextChoices):
    UNKNOWN = "", _("未评价")
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class ActivityKind(models.TextChoices):
    STUDY = "study", _("学习")
    RESEARCH = "research", _("调研")
    CONSULTATION = "consultation", _("协商议事")
    VISIT = "visit", _("走访慰问")
    LEGAL_AID = "legal_aid", _("法律援助")
    CLINIC = "clinic", _("义诊")
    OTHER = "other", _("其他")
