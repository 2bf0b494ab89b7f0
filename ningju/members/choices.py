from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class PoliticalAffiliation(models.TextChoices):
    CPC = "cpc", _("中共党员")
    RCCK = "rcck", _("民革")
    CDL = "cdl", _("民盟")
    CNDCA = "cndca", _("民建")
    CAPD = "capd", _("民进")
    CPWDP = "cpwdp", _("农工党")
    CZGP = "czgp", _("致公党")
    JIUSAN = "jiusan", _("九三学社")
    TDSGL = "tdsgl", _("台盟")
    NON_PARTY = "non_party", _("无党派人士")
    MASSES = "masses", _("群众")


NON_CPC_AFFILIATIONS = frozenset(a for a in PoliticalAffiliation if a != PoliticalAffiliation.CPC)


class LeadershipPosition(models.TextChoices):
    NONE = "", _("无")
    CHAIR = "chair", _("主席")
    VICE_CHAIR = "vice_chair", _("副主席")
    SECRETARY_GENERAL = "secretary_general", _("秘书长")


CHAIR_MEETING_POSITIONS = frozenset(
    {LeadershipPosition.CHAIR, LeadershipPosition.VICE_CHAIR, LeadershipPosition.SECRETARY_GENERAL}
)


class CommitteePosition(models.TextChoices):
    DIRECTOR = "director", _("主任")
    DEPUTY_DIRECTOR = "deputy_director", _("副主任")
    MEMBER = "member", _("委员")


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", _("在任")
    RESIGNED = "resigned", _("已辞去")
    REMOVED = "removed", _("已撤销")


# 中国56个民族 (names as the national standard GB/T 3304 lists them).
ETHNIC_GROUPS: tuple[str, ...] = (
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
)

EDUCATION_LEVELS: tuple[str, ...] = (
    "博士研究生",
    "硕士研究生",
    "大学本科",
    "大学专科",
    "中专",
    "高中",
    "初中及以下",
)
