"""Prepare the portal benchmark database: a committee's site with 40 published articles
(each through the real services: write → 送审 → 初审/复审/终审 → publish). Prints the path of
the article page to measure."""

from __future__ import annotations

import django

django.setup()

from django.core.management import call_command  # noqa: E402

from ningju.accounts import services as account_services  # noqa: E402
from ningju.accounts.choices import AccountKind, Role  # noqa: E402
from ningju.orgs.models import Organisation  # noqa: E402
from ningju.portal import services  # noqa: E402
from ningju.portal.models import Column  # noqa: E402

PARAGRAPH = (
    "州政协围绕人参产业高质量发展开展专题调研，调研组走访种植基地、加工企业和检验检测机构，"
    "与参农、企业负责人和部门同志座谈，梳理出标准化种植、品牌建设、精深加工三方面的问题，"
    "提出了延长产业链、完善质量追溯、培育区域公用品牌等建议。"
)


def main() -> None:
    call_command("migrate", verbosity=0)
    org = Organisation.objects.create(
        code="bench",
        name="延边州政协（压测）",
        short_name="州政协",
        region="延边",
        level="prefecture",
    )
    services.site_ensure(organisation=org, sponsor="延边州政协办公室", icp_line="吉ICP备00000000号")
    people = {}
    for username in ("writer", "editor1", "editor2", "editor3"):
        user = account_services.user_create(
            acting_user=None,
            organisation=org,
            username=username,
            display_name=username,
            kind=AccountKind.STAFF,
            password="bench-Password-1",  # noqa: S106
            must_change_password=False,
        )
        account_services.role_grant(acting_user=None, user=user, role=Role.PORTAL_EDITOR)
        user.forget_principal()
        people[username] = user
    columns = list(Column.objects.filter(organisation=org))
    last = None
    for i in range(40):
        article = services.article_create(
            acting_user=people["writer"],
            data=services.ArticleData(
                column_id=columns[i % len(columns)].pk,
                title=f"州政协调研人参产业发展（{i + 1}）",
                body="".join(f"<p>{PARAGRAPH}</p>" for _ in range(8)),
                title_ko=f"인삼산업 발전 조사연구 ({i + 1})",
                body_ko="<p>주정협 조사연구조는 인삼재배기지를 찾았습니다.</p>" * 6,
                source="延边州政协",
                editor_name="李编辑",
            ),
        )
        services.article_submit(acting_user=people["writer"], article=article)
        for name in ("editor1", "editor2", "editor3"):
            article = services.article_review(
                acting_user=people[name], article=article, decision="pass"
            )
        last = article
    assert last is not None
    print(f"/article/{last.pk}/")


if __name__ == "__main__":
    main()
