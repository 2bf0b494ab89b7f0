"""Forms of the member pages: the proposal draft and the rating of a reply.

They check only what a form can check (a choice exists, a number is a number). Every rule of
the chain — the 案由 form, the length limit, who may act — is checked in services.py, and its
message is put next to the field by the view. Drafts must save whatever has been typed, so
almost nothing here is required.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from ningju.members.models import Member
from ningju.orgs.models import HandlingUnit, Sector, SpecialCommittee

from .choices import COLLECTIVE_TYPES, ProposerType, Satisfaction
from .models import Category, Proposal
from .services import DraftData, FeedbackData

# A safety cap per text box, far above any committee's length limit: the limit itself is
# checked on submission (with its own message), so an over-long draft still saves.
HARD_CAP = 20_000

PROPOSER_TYPE_EXPLANATIONS = {
    ProposerType.INDIVIDUAL: _("您一个人提出的提案。"),
    ProposerType.JOINT: _(
        "由您牵头，邀请其他委员一起提出。被邀请的委员在网上确认或谢绝，期限内确认后才送审查。"
    ),
    ProposerType.SECTOR_GROUP: _("全体会议期间，以界别或委员小组的名义提出，由召集人提交。"),
    ProposerType.PARTY_ORG: _("以参加政协的党派或人民团体的名义提出。"),
    ProposerType.SPECIAL_COMMITTEE: _("以政协专门委员会的名义提出。"),
}

SATISFACTION_EXPLANATIONS = {
    Satisfaction.SATISFIED: _("问题已经解决，或答复实在、措施具体。"),
    Satisfaction.BASICALLY: _("大体认可，但还有不足。"),
    Satisfaction.UNSATISFIED: _("答复敷衍或没有解决问题。提案将退回承办单位重新办理。"),
}


def _normalise(text: str) -> str:
    """Browsers send a line break as CR LF; count and store it as one character."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _body(rows: int, help_id: str) -> forms.Textarea:
    return forms.Textarea(
        attrs={
            "rows": rows,
            "data-counter-group": "body",
            "aria-describedby": f"{help_id} body-counter",
        }
    )


def category_choices(organisation_id: int) -> list[Any]:
    """Grouped by the first level; a first-level category without children is chosen itself."""
    rows = list(
        Category.objects.filter(organisation_id=organisation_id).order_by("sort_order", "id")
    )
    children: dict[int, list[Category]] = {}
    for row in rows:
        if row.parent_id:
            children.setdefault(row.parent_id, []).append(row)
    choices: list[Any] = [("", _("请选择分类"))]
    for row in rows:
        if row.parent_id:
            continue
        kids = children.get(row.pk)
        if kids:
            choices.append((row.name, [(str(kid.pk), kid.name) for kid in kids]))
        else:
            choices.append((str(row.pk), row.name))
    return choices


def cosigner_candidates(organisation_id: int) -> Any:
    """Members of the committee with a seat in the current term."""
    return Member.objects.filter(
        organisation_id=organisation_id,
        memberships__term__is_current=True,
        memberships__status="active",
    ).distinct()


class ProposalForm(forms.Form):
    proposer_type = forms.ChoiceField(
        label=_("提案者类型"),
        choices=ProposerType.choices,
        initial=ProposerType.INDIVIDUAL,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("请选择提案者类型。")},
    )
    title = forms.CharField(
        label=_("案由（标题）"),
        max_length=120,
        required=False,
        help_text=_("请写成“关于……的建议”，如：关于加强农村养老服务的建议。"),
        error_messages={"max_length": _("案由最多 %(limit_value)d 个字。")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    situation = forms.CharField(
        label=_("一、情况"),
        required=False,
        max_length=HARD_CAP,
        help_text=_("存在什么问题，有哪些事实和数据。"),
        widget=_body(6, "id_situation_helptext"),
    )
    analysis = forms.CharField(
        label=_("二、分析"),
        required=False,
        max_length=HARD_CAP,
        help_text=_("问题的原因，解决它为什么重要、是否可行。"),
        widget=_body(5, "id_analysis_helptext"),
    )
    suggestions = forms.CharField(
        label=_("三、建议"),
        required=False,
        max_length=HARD_CAP,
        help_text=_("具体、可行的办法，可以分条写：一是……二是……"),
        widget=_body(6, "id_suggestions_helptext"),
    )
    category = forms.ChoiceField(
        label=_("提案分类"),
        required=False,
        error_messages={"invalid_choice": _("请从列表中选择分类。")},
    )
    cosigners = forms.ModelMultipleChoiceField(
        label=_("联名委员"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("所选委员不在本届委员名单中。")},
    )
    suggested_units = forms.ModelMultipleChoiceField(
        label=_("建议承办单位（可多选，可不选）"),
        queryset=HandlingUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("请从列表中选择承办单位。")},
    )
    consent_to_publish = forms.BooleanField(
        label=_("同意公开本提案"),
        required=False,
        initial=True,
        help_text=_("同意后，立案的提案和答复可以在门户网站公开。"),
    )
    collective_name = forms.CharField(
        label=_("提案单位名称"),
        max_length=80,
        required=False,
        help_text=_("如：民盟延边州委员会、经济界别、经济委员会。"),
    )
    sector = forms.ModelChoiceField(
        label=_("界别"),
        queryset=Sector.objects.none(),
        required=False,
        empty_label=_("请选择界别"),
        error_messages={"invalid_choice": _("请从列表中选择界别。")},
    )
    committee = forms.ModelChoiceField(
        label=_("专门委员会"),
        queryset=SpecialCommittee.objects.none(),
        required=False,
        empty_label=_("请选择专门委员会"),
        error_messages={"invalid_choice": _("请从列表中选择专门委员会。")},
    )
    contact_name = forms.CharField(label=_("联系人"), max_length=40, required=False)
    contact_phone = forms.CharField(
        label=_("联系电话"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    def __init__(
        self,
        *args: Any,
        organisation_id: int,
        exclude_member_id: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organisation_id = organisation_id
        cast(forms.ChoiceField, self.fields["category"]).choices = category_choices(organisation_id)
        candidates = cosigner_candidates(organisation_id)
        if exclude_member_id:
            candidates = candidates.exclude(pk=exclude_member_id)
        # Only the chosen members are rendered (as chips); the rest is found by searching.
        self._candidates = candidates
        cast(forms.ModelMultipleChoiceField, self.fields["cosigners"]).queryset = candidates
        self._set_queryset(
            "suggested_units",
            HandlingUnit.objects.filter(organisation_id=organisation_id, is_active=True),
        )
        self._set_queryset("sector", Sector.objects.filter(organisation_id=organisation_id))
        self._set_queryset(
            "committee", SpecialCommittee.objects.filter(organisation_id=organisation_id)
        )

    def _set_queryset(self, name: str, queryset: Any) -> None:
        field = cast(forms.ModelChoiceField, self.fields[name])
        field.queryset = queryset
        # Evaluate the choices once: rendering and validation would each query.
        field.choices = list(iter(field.choices))  # type: ignore[arg-type]

    @classmethod
    def initial_for(cls, proposal: Proposal) -> dict[str, Any]:
        return {
            "proposer_type": proposal.proposer_type,
            "title": proposal.title,
            "situation": proposal.situation,
            "analysis": proposal.analysis,
            "suggestions": proposal.suggestions,
            "category": str(proposal.category_id or ""),
            "cosigners": [p.member_id for p in proposal.proposers.all() if p.role == "cosigner"],
            "suggested_units": list(proposal.suggested_units.values_list("pk", flat=True)),
            "consent_to_publish": proposal.consent_to_publish,
            "collective_name": proposal.collective_name,
            "sector": proposal.sector_id,
            "committee": proposal.committee_id,
            "contact_name": proposal.contact_name,
            "contact_phone": proposal.contact_phone,
        }

    def clean_situation(self) -> str:
        return _normalise(self.cleaned_data["situation"])

    def clean_analysis(self) -> str:
        return _normalise(self.cleaned_data["analysis"])

    def clean_suggestions(self) -> str:
        return _normalise(self.cleaned_data["suggestions"])

    def clean_category(self) -> int | None:
        value = self.cleaned_data.get("category") or ""
        return int(value) if value else None

    # ------------------------------------------------------------------ for the template

    def proposer_type_options(self) -> list[tuple[Any, Any]]:
        """(radio, plain-words explanation) for each proposer type."""
        return [
            (radio, PROPOSER_TYPE_EXPLANATIONS.get(radio.data["value"], ""))
            for radio in self["proposer_type"]
        ]

    def chosen_cosigners(self) -> list[Member]:
        """The co-signers currently chosen (from the typed data, else the saved draft)."""
        if self.is_bound:
            raw = self.data.getlist("cosigners") if hasattr(self.data, "getlist") else []
        else:
            raw = self.initial.get("cosigners") or []
        ids = [int(v) for v in raw if str(v).isdigit()]
        if not ids:
            return []
        found = {m.pk: m for m in self._candidates.filter(pk__in=ids)}
        return [found[i] for i in dict.fromkeys(ids) if i in found]

    # ------------------------------------------------------------------ to the service

    def draft_data(self, fallback: Proposal | None = None) -> DraftData:
        """DraftData from the valid fields; an invalid field keeps the saved value (autosave)."""
        data = self.cleaned_data
        saved = self.initial_for(fallback) if fallback is not None else {}

        def pick(name: str, default: Any) -> Any:
            if name in data:
                return data[name]
            return saved.get(name, default)

        proposer_type = pick("proposer_type", ProposerType.INDIVIDUAL) or ProposerType.INDIVIDUAL
        collective = proposer_type in COLLECTIVE_TYPES
        cosigners = pick("cosigners", [])
        units = pick("suggested_units", [])
        sector = pick("sector", None)
        committee = pick("committee", None)
        category = pick("category", None)
        if isinstance(category, str):
            category = int(category) if category.isdigit() else None
        return DraftData(
            title=pick("title", "") or "",
            situation=pick("situation", "") or "",
            analysis=pick("analysis", "") or "",
            suggestions=pick("suggestions", "") or "",
            proposer_type=proposer_type,
            category_id=category,
            consent_to_publish=bool(pick("consent_to_publish", True)),
            collective_name=(pick("collective_name", "") or "") if collective else "",
            sector_id=_pk(sector) if proposer_type == ProposerType.SECTOR_GROUP else None,
            committee_id=_pk(committee)
            if proposer_type == ProposerType.SPECIAL_COMMITTEE
            else None,
            contact_name=(pick("contact_name", "") or "") if collective else "",
            contact_phone=(pick("contact_phone", "") or "") if collective else "",
            cosigner_ids=[_pk(m) for m in cosigners if m]
            if proposer_type == ProposerType.JOINT
            else [],
            suggested_unit_ids=[_pk(u) for u in units if u],
        )


def _pk(value: Any) -> Any:
    if value is None or value == "":
        return None
    return getattr(value, "pk", value)


class FeedbackForm(forms.Form):
    attitude = forms.ChoiceField(
        label=_("办理态度"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("请对办理态度作出评价。"),
            "invalid_choice": _("请对办理态度作出评价。"),
        },
    )
    result = forms.ChoiceField(
        label=_("办理结果"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("请对办理结果作出评价。"),
            "invalid_choice": _("请对办理结果作出评价。"),
        },
    )
    comment = forms.CharField(
        label=_("意见和建议"),
        required=False,
        max_length=2000,
        help_text=_("选择“不满意”时必须写明原因；其他情况可不填。"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("意见最多 %(limit_value)d 个字。")},
    )

    def options(self, name: str) -> list[tuple[Any, Any]]:
        return [
            (radio, SATISFACTION_EXPLANATIONS.get(radio.data["value"], "")) for radio in self[name]
        ]

    def attitude_options(self) -> list[tuple[Any, Any]]:
        return self.options("attitude")

    def result_options(self) -> list[tuple[Any, Any]]:
        return self.options("result")

    def feedback_data(self) -> FeedbackData:
        data = self.cleaned_data
        return FeedbackData(
            attitude=data["attitude"], result=data["result"], comment=data.get("comment", "")
        )
