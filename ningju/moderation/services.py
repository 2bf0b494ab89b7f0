"""The sensitive-word and spam filter, and the upkeep of a committee's own word list.

`screen_text` is what the rest of the product calls before it accepts public text
(有事来商量, 微建议) or publishes an article. A flagged text is held for a person to review;
nothing is thrown away. The shipped list lives in `data/terms.tsv` (maintained with the
code); each committee adds its own terms on the 敏感词管理 page.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ningju.accounts.models import User
from ningju.core import audit
from ningju.core.errors import DomainError, PermissionDenied
from ningju.orgs.models import Organisation

from . import screening
from .models import ModerationTerm, TermCategory, TermWeight

# Each server re-reads a committee's terms at most this often; a change made on one server
# reaches the others within this time (and at once on the server where it was made).
TERMS_TTL_SECONDS = 60
_org_terms: dict[int, tuple[float, tuple[screening.Term, ...]]] = {}


@dataclass
class Verdict:
    flagged: bool
    reasons: list[str] = field(default_factory=list)  # for the reviewer, in their language
    codes: list[str] = field(default_factory=list)  # stable: term:<category>, links, ...


def _category_label(category: str) -> str:
    try:
        return str(TermCategory(category).label)
    except ValueError:
        return str(TermCategory.OTHER.label)


def _organisation_terms(organisation_id: int) -> tuple[screening.Term, ...]:
    cached = _org_terms.get(organisation_id)
    now = time.monotonic()
    if cached is not None and now - cached[0] < TERMS_TTL_SECONDS:
        return cached[1]
    rows = ModerationTerm.objects.filter(organisation_id=organisation_id).values_list(
        "term", "category", "weight"
    )
    terms = tuple(
        screening.Term(screening.compact(term), category, weight)
        for term, category, weight in rows
        if screening.compact(term)
    )
    _org_terms[organisation_id] = (now, terms)
    return terms


def _forget_terms(organisation_id: int) -> None:
    _org_terms.pop(organisation_id, None)


def screen_text(text: str, *, organisation: Organisation | int | None = None) -> Verdict:
    """Judge `text` (plain or HTML; Traditional or simplified). Never raises on content."""
    terms: tuple[screening.Term, ...] = screening.shipped_terms()
    if organisation is not None:
        organisation_id = organisation if isinstance(organisation, int) else organisation.pk
        terms = terms + _organisation_terms(organisation_id)
    findings = screening.examine(text or "", terms)
    verdict = Verdict(flagged=findings.flagged)
    if not verdict.flagged:
        return verdict
    for category, found in findings.block_terms.items():
        verdict.codes.append(f"term:{category}")
        verdict.reasons.append(
            _("含有违禁词语（%(category)s）：%(terms)s")
            % {"category": _category_label(category), "terms": "、".join(found)}
        )
    for category, found in findings.suspect_terms.items():
        verdict.codes.append(f"suspect:{category}")
        verdict.reasons.append(
            _("含有可疑词语（%(category)s）：%(terms)s")
            % {"category": _category_label(category), "terms": "、".join(found)}
        )
    if findings.links:
        verdict.codes.append("links")
        verdict.reasons.append(
            _("含有 %(count)s 个链接，疑似广告或垃圾信息") % {"count": findings.links}
        )
    if findings.link_list:
        verdict.codes.append("link_list")
        verdict.reasons.append(_("有用“|”分隔的短语串，像被植入的垃圾链接列表"))
    if findings.hidden_markup:
        verdict.codes.append("hidden_markup")
        verdict.reasons.append(_("含有隐藏文字或脚本代码"))
    return verdict


# --------------------------------------------------------------------------- word list


class TermInvalid(DomainError):
    code = "term_invalid"
    default_message = gettext_lazy("请填写要拦截的词语（1 到 40 个字）。")


class TermExists(DomainError):
    code = "term_exists"
    default_message = gettext_lazy("这个词语已经在本会的词库里了。")


def _require_manager(user: User) -> None:
    if not user.has_perm("moderation.manage_terms"):
        raise PermissionDenied()


def term_add(
    *, acting_user: User, term: str, category: str, weight: str = TermWeight.BLOCK
) -> ModerationTerm:
    """Add a term to the acting user's committee list. Audited."""
    _require_manager(acting_user)
    cleaned = " ".join((term or "").split())
    if not cleaned or len(cleaned) > 40 or not screening.compact(cleaned):
        raise TermInvalid(field="term")
    if category not in TermCategory.values:
        raise TermInvalid(gettext_lazy("请选择词语的类别。"), field="category")
    if weight not in TermWeight.values:
        raise TermInvalid(gettext_lazy("请选择处理方式。"), field="weight")
    organisation_id = acting_user.principal.org
    try:
        with transaction.atomic():
            row = ModerationTerm.objects.create(
                organisation_id=organisation_id,
                term=cleaned,
                category=category,
                weight=weight,
                created_by=acting_user,
            )
            audit.record(
                action="moderation.term_add",
                actor=acting_user,
                organisation=organisation_id,
                target=row,
                after={"term": cleaned, "category": category, "weight": weight},
            )
    except IntegrityError as exc:
        raise TermExists(field="term") from exc
    _forget_terms(organisation_id)
    transaction.on_commit(lambda: _forget_terms(organisation_id))  # a read before commit
    return row


def term_remove(*, acting_user: User, term: ModerationTerm) -> None:
    """Take a term off the committee list. Audited."""
    _require_manager(acting_user)
    organisation_id = term.organisation_id
    with transaction.atomic():
        before: dict[str, Any] = {
            "term": term.term,
            "category": term.category,
            "weight": term.weight,
        }
        audit.record(
            action="moderation.term_remove",
            actor=acting_user,
            organisation=organisation_id,
            target=term,
            before=before,
        )
        term.delete()
    _forget_terms(organisation_id)
    transaction.on_commit(lambda: _forget_terms(organisation_id))
