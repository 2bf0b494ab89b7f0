from django.db import models
from django.utils.translation import gettext_lazy as _


class ContributorKind(models.TextChoices):
    MEMBER = "member", _("委员个人")
    PARTY = "party", _("民主党派、工商联、人民团体")
    COMMITTEE = "committee", _("专门委员会")
    SECTOR = "sector", _("界别")
    COUNTY = "county", _("县（市）政协")
    OTHER = "other", _("其他单位")


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交，待筛选")
    SCREENING = "screening", _("筛选中")
    RETURNED = "returned", _("退回修改")
    EDITED = "edited", _("已编辑，待编入期刊")
    MERGED = "merged", _("已合并")
    NOT_USED = "not_used", _("未采编")
    COMPILED = "compiled", _("已编入期刊")
    REPORTED = "reported", _("已报送")
    ADOPTED = "adopted", _("已被采用")
    WITHDRAWN = "withdrawn", _("已撤回")


class IssueStatus(models.TextChoices):
    EDITING = "editing", _("编辑中")
    PUBLISHED = "published", _("已印发")


class ReportTarget(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", _("同级党委（州委、县市委）")
    GOVERNMENT = "government", _("同级政府（州政府、县市政府）")
    PREFECTURE_CPPCC = "prefecture_cppcc", _("州政协")
    PROVINCIAL_CPPCC = "provincial_cppcc", _("省政协")
    NATIONAL_CPPCC = "national_cppcc", _("全国政协")


class AdoptionLevel(models.TextChoices):
    OWN = "own", _("本级采用")
    PREFECTURE = "prefecture", _("州委、州政府采用")
    PROVINCIAL_CPPCC = "provincial_cppcc", _("省政协采用")
    PROVINCIAL_PARTY = "provincial_party", _("省委办公厅、省委统战部采用")
    NATIONAL_CPPCC = "national_cppcc", _("全国政协采用")
    CENTRAL_UFWD = "central_ufwd", _("中央统战部采用")
    PARTY_CENTRAL = "party_central", _("党派中央采用")


# Adoption by a provincial or higher body (counted apart in the statistics).
HIGH_LEVELS = frozenset(
    {
        AdoptionLevel.PROVINCIAL_CPPCC,
        AdoptionLevel.PROVINCIAL_PARTY,
        AdoptionLevel.NATIONAL_CPPCC,
        AdoptionLevel.CENTRAL_UFWD,
        AdoptionLevel.PARTY_CENTRAL,
    }
)


class AdoptionMode(models.TextChoices):
    SINGLE = "single", _("单篇采用")
    COMBINED = "combined", _("综合采用")


class LeaderLevel(models.TextChoices):
    PREFECTURE = "prefecture", _("州领导批示")
    PREFECTURE_MAIN = "prefecture_main", _("州主要领导批示")
    PROVINCIAL = "provincial", _("省领导批示")
    PROVINCIAL_MAIN = "provincial_main", _("省主要领导批示")
    CENTRAL = "central", _("中央领导批示")
