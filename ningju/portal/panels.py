from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ningju.workspace.selectors import Panel, Task

from . import selectors
from .choices import ArticleState


def panels(user: Any) -> list[Panel]:
    principal = user.principal
    if not principal.organisation_id:
        return []
    desk = reverse("portal:manage")
    result: list[Panel] = []
    if user.has_perm("portal.desk"):
        panel = Panel(key="portal", title=_("网站发布"), empty_text=_("没有待审稿件。"))
        for column in selectors.stale_news_columns(organisation_id=principal.organisation_id):
            label = (
                _("栏目“%(name)s”已超过两周没有更新（政府网站检查要求）")
                if column.last_published_at
                else _("栏目“%(name)s”还没有发布过文章")
            ) % {"name": column.label(get_language())}
            panel.tasks.append(Task(label, desk, urgent=True))
        labels = dict(ArticleState.choices)
        for state, count in selectors.pending_for(user).items():
            panel.tasks.append(Task(labels[state], f"{desk}?state={state}", count))
        result.append(panel)
    elif user.has_perm("portal.write"):
        mine = selectors.articles_visible_to(user).filter(state=ArticleState.RETURNED).count()
        panel = Panel(key="portal", title=_("我的稿件"))
        if mine:
            panel.tasks.append(
                Task(
                    _("退回修改的稿件"), f"{desk}?state={ArticleState.RETURNED}", mine, urgent=True
                )
            )
        panel.tasks.append(Task(_("写稿件投给网站"), reverse("portal:manage_new")))
        result.append(panel)
    return result
