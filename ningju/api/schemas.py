from __future__ import annotations

from ninja import Schema


class ErrorOut(Schema):
    code: str
    message: str
    detail: dict


class OrganisationOut(Schema):
    id: int
    code: str
    name: str
    short_name: str


class MeOut(Schema):
    username: str
    display_name: str
    organisation: OrganisationOut | None
    roles: list[str]
    member_id: int | None
    language: str
    large_text: bool


class MemberRowOut(Schema):
    id: int
    name: str
    name_ko: str
    sex: str
    ethnicity: str
    political_affiliation: str
    sector: str
    work_unit: str
    job_title: str
    is_standing_committee: bool
    leadership_position: str
    committees: list[str]


class MemberDetailOut(MemberRowOut):
    phone: str
    id_number: str
    email: str
    expertise: str
    biography: str


class MemberPageOut(Schema):
    count: int
    page: int
    pages: int
    results: list[MemberRowOut]
