"""Defaults a committee starts with (domain.md §1.4, §1.5, §1.8); all editable afterwards."""

from __future__ import annotations

from django.db import transaction

from ningju.orgs.models import Organisation

from .models import Category, ProposalSettings, RefusalReason, ResultCategory

CATEGORIES: dict[str, list[str]] = {
    "经济建设": ["产业发展", "营商环境", "开放合作", "城乡建设", "财税金融"],
    "政治建设": ["民主法治", "政府治理", "统一战线"],
    "文化建设": ["文化事业", "文旅融合", "民族文化传承"],
    "社会建设": ["教育", "医疗卫生", "养老托育", "就业社保", "食品安全", "交通管理", "基层治理"],
    "生态文明建设": ["生态保护", "环境治理", "资源利用"],
}

REFUSAL_REASONS: list[str] = [
    "涉及党和国家秘密的",
    "国家明令禁止的",
    "中共党员对党内有关组织、人事安排等方面有意见的",
    "民主党派成员反映本组织内部问题的",
    "进入民事、刑事、行政诉讼以及仲裁程序的",
    "属于学术研讨的",
    "为本人或亲属解决个人问题的",
    "宣传、推介具体作品、产品的",
    "指名举报的",
    "内容空泛、没有具体建议的",
    "进入行政复议程序，尚未结案的",
    "执纪执法机关正在处理的",
    "超出本级职权范围的（转请上级政协委员提出）",
    "一事多案或不符合一事一案要求的",
]

RESULT_CATEGORIES: list[tuple[str, str]] = [
    ("A", "所提问题已经解决或基本解决"),
    ("B", "正在解决或列入计划逐步解决"),
    ("C", "因条件限制留作参考"),
]


@transaction.atomic
def install_defaults(organisation: Organisation) -> ProposalSettings:
    """Idempotent: creates only what the committee does not have yet."""
    settings, _created = ProposalSettings.objects.get_or_create(organisation=organisation)
    if not Category.objects.filter(organisation=organisation).exists():
        for i, (parent_name, children) in enumerate(CATEGORIES.items()):
            parent = Category.objects.create(
                organisation=organisation, name=parent_name, sort_order=i
            )
            for j, child in enumerate(children):
                Category.objects.create(
                    organisation=organisation, parent=parent, name=child, sort_order=j
                )
    if not RefusalReason.objects.filter(organisation=organisation).exists():
        RefusalReason.objects.bulk_create(
            RefusalReason(organisation=organisation, text=text, sort_order=i)
            for i, text in enumerate(REFUSAL_REASONS)
        )
    if not ResultCategory.objects.filter(organisation=organisation).exists():
        ResultCategory.objects.bulk_create(
            ResultCategory(organisation=organisation, code=code, name=name, sort_order=i)
            for i, (code, name) in enumerate(RESULT_CATEGORIES)
        )
    return settings


def settings_for(organisation_id: int) -> ProposalSettings:
    found = ProposalSettings.objects.filter(organisation_id=organisation_id).first()
    if found is None:
        return install_defaults(Organisation.objects.get(pk=organisation_id))
    return found
