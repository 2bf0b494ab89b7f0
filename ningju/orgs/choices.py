from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationLevel(models.TextChoices):
    NATIONAL = "national", _("全国")
    PROVINCE = "province", _("省级")
    PREFECTURE = "prefecture", _("州（市）级")
    COUNTY = "county", _("县（市、区）级")


class OfficeKind(models.TextChoices):
    GENERAL = "general", _("办公室")
    PROPOSAL = "proposal", _("提案委员会")
    RESEARCH = "research", _("研究室")
    LIAISON = "liaison", _("委员联络室")
    PUBLICITY = "publicity", _("宣传信息")
    OTHER = "other", _("其他")


class HandlingUnitKind(models.TextChoices):
    GOVERNMENT = "government", _("政府部门")
    PARTY = "party", _("党委部门")
    JUDICIAL = "judicial", _("法院、检察院")
    PEOPLES_ORG = "peoples_org", _("人民团体")
    STATIONED = "stationed", _("驻地中省直单位")
    ENTERPRISE = "enterprise", _("企事业单位")
    OTHER = "other", _("其他")


class SectorKind(models.TextChoices):
    PARTY = "party", _("党派")
    PEOPLES_ORG = "peoples_org", _("人民团体")
    PROFESSION = "profession", _("界别")
