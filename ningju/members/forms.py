from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from ningju.orgs.models import Organisation, Sector, SpecialCommittee, Term

from .choices import (
    EDUCATION_LEVELS,
    ETHNIC_GROUPS,
    CommitteePosition,
    LeadershipPosition,
    MembershipStatus,
    PoliticalAffiliation,
    Sex,
)
from .models import Member, Membership
from .services import MemberData
from .validators import validate_ethnicity, validate_id_number, validate_phone


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("姓名或单位"), required=False, max_length=40)
    term = forms.ModelChoiceField(
        label=_("届"), queryset=Term.objects.none(), required=False, empty_label=None
    )
    sector = forms.ModelChoiceField(
        label=_("界别"), queryset=Sector.objects.none(), required=False, empty_label=_("全部界别")
    )
    committee = forms.ModelChoiceField(
        label=_("专门委员会"),
        queryset=SpecialCommittee.objects.none(),
        required=False,
        empty_label=_("全部专委会"),
    )
    affiliation = forms.ChoiceField(
        label=_("政治面貌"),
        required=False,
        choices=[("", _("全部")), *PoliticalAffiliation.choices],
    )
    ethnicity = forms.ChoiceField(
        label=_("民族"), required=False, choices=[("", _("全部"))] + [(e, e) for e in ETHNIC_GROUPS]
    )
    standing = forms.BooleanField(label=_("只看常委"), required=False)

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_queryset("term", Term.objects.filter(organisation_id=organisation_id))
        self._set_queryset("sector", Sector.objects.filter(organisation_id=organisation_id))
        self._set_queryset(
            "committee", SpecialCommittee.objects.filter(organisation_id=organisation_id)
        )

    def _set_queryset(self, name: str, queryset: Any) -> None:
        field = cast(forms.ModelChoiceField, self.fields[name])
        field.queryset = queryset
        # Evaluate the choices once: rendering and the `required` check would each query.
        field.choices = list(iter(field.choices))  # type: ignore[arg-type]


class MemberForm(forms.Form):
    """Profile and seat of one member in one term. Validates like the import does."""

    name = forms.CharField(label=_("姓名"), max_length=40)
    name_ko = forms.CharField(
        label=_("朝鲜文姓名"), max_length=40, required=False, help_text=_("如：김철수")
    )
    sex = forms.ChoiceField(label=_("性别"), choices=Sex.choices)
    ethnicity = forms.CharField(
        label=_("民族"), max_length=12, validators=[validate_ethnicity], help_text=_("如：朝鲜族")
    )
    birth_date = forms.DateField(
        label=_("出生日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("请输入有效日期，如 1970-05-01。")},
    )
    political_affiliation = forms.ChoiceField(
        label=_("政治面貌"), choices=PoliticalAffiliation.choices
    )
    education = forms.ChoiceField(
        label=_("学历"), required=False, choices=[("", "—")] + [(e, e) for e in EDUCATION_LEVELS]
    )
    work_unit = forms.CharField(label=_("工作单位"), max_length=100, required=False)
    job_title = forms.CharField(label=_("职务职称"), max_length=100, required=False)
    id_number = forms.CharField(
        label=_("身份证号"), max_length=18, required=False, validators=[validate_id_number]
    )
    phone = forms.CharField(
        label=_("手机号"), max_length=20, required=False, validators=[validate_phone]
    )
    address = forms.CharField(label=_("通讯地址"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("电子邮箱"),
        required=False,
        error_messages={"invalid": _("请输入有效的电子邮箱地址。")},
    )
    expertise = forms.CharField(label=_("专长领域"), max_length=200, required=False)
    biography = forms.CharField(
        label=_("个人简介"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )
    sector = forms.ModelChoiceField(label=_("界别"), queryset=Sector.objects.none())
    is_standing_committee = forms.BooleanField(label=_("常委"), required=False)
    leadership_position = forms.ChoiceField(
        label=_("领导职务"), choices=LeadershipPosition.choices, required=False
    )
    status = forms.ChoiceField(label=_("任职状态"), choices=MembershipStatus.choices)
    committees = forms.ModelMultipleChoiceField(
        label=_("所在专门委员会"),
        queryset=SpecialCommittee.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    director_of = forms.ModelChoiceField(
        label=_("担任主任的专委会"),
        queryset=SpecialCommittee.objects.none(),
        required=False,
        empty_label=_("不担任"),
    )
    deputy_director_of = forms.ModelChoiceField(
        label=_("担任副主任的专委会"),
        queryset=SpecialCommittee.objects.none(),
        required=False,
        empty_label=_("不担任"),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (
            ("sector", Sector.objects.filter(organisation=organisation)),
            ("committees", SpecialCommittee.objects.filter(organisation=organisation)),
            ("director_of", SpecialCommittee.objects.filter(organisation=organisation)),
            ("deputy_director_of", SpecialCommittee.objects.filter(organisation=organisation)),
        ):
            cast(forms.ModelChoiceField, self.fields[name]).queryset = queryset

    @classmethod
    def initial_for(cls, member: Member, membership: Membership | None) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(member, name)
            for name in (
                "name",
                "name_ko",
                "sex",
                "ethnicity",
                "birth_date",
                "political_affiliation",
                "education",
                "work_unit",
                "job_title",
                "id_number",
                "phone",
                "address",
                "email",
                "expertise",
                "biography",
            )
        }
        if membership is not None:
            seats = list(membership.seats.all())
            initial |= {
                "sector": membership.sector_id,
                "is_standing_committee": membership.is_standing_committee,
                "leadership_position": membership.leadership_position,
                "status": membership.status,
                "committees": [s.committee_id for s in seats],
                "director_of": next(
                    (s.committee_id for s in seats if s.position == CommitteePosition.DIRECTOR),
                    None,
                ),
                "deputy_director_of": next(
                    (
                        s.committee_id
                        for s in seats
                        if s.position == CommitteePosition.DEPUTY_DIRECTOR
                    ),
                    None,
                ),
            }
        return initial

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()

    def clean_ethnicity(self) -> str:
        return self.cleaned_data["ethnicity"].strip()

    def clean_id_number(self) -> str:
        return self.cleaned_data["id_number"].strip().upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        director, deputy = data.get("director_of"), data.get("deputy_director_of")
        if director and deputy and director == deputy:
            self.add_error("deputy_director_of", _("同一专委会不能同时担任主任和副主任。"))
        return data

    def to_member_data(self) -> MemberData:
        data = self.cleaned_data
        committees: dict[int, str] = {c.pk: CommitteePosition.MEMBER for c in data["committees"]}
        if data.get("director_of"):
            committees[data["director_of"].pk] = CommitteePosition.DIRECTOR
        if data.get("deputy_director_of"):
            committees[data["deputy_director_of"].pk] = CommitteePosition.DEPUTY_DIRECTOR
        return MemberData(
            name=data["name"],
            name_ko=data["name_ko"].strip(),
            sex=data["sex"],
            ethnicity=data["ethnicity"],
            birth_date=data["birth_date"],
            political_affiliation=data["political_affiliation"],
            education=data["education"],
            work_unit=data["work_unit"].strip(),
            job_title=data["job_title"].strip(),
            id_number=data["id_number"],
            phone=data["phone"].strip(),
            address=data["address"].strip(),
            email=data["email"],
            expertise=data["expertise"].strip(),
            biography=data["biography"].strip(),
            sector_id=data["sector"].pk,
            is_standing_committee=data["is_standing_committee"],
            leadership_position=data["leadership_position"] or LeadershipPosition.NONE,
            status=data["status"],
            committees=committees,
        )
