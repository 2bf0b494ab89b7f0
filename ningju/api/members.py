from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Query, Router, Schema

from ningju.core.masking import mask_id_number, mask_phone
from ningju.members import selectors
from ningju.members.models import Member, Membership

from .schemas import ErrorOut, MemberDetailOut, MemberPageOut

router = Router(tags=["members"])


class MemberFilters(Schema):
    term: int | None = None
    sector: int | None = None
    committee: int | None = None
    affiliation: str = ""
    ethnicity: str = ""
    q: str = ""
    standing: bool = False
    page: int = 1


def _row(membership: Membership) -> dict:
    return _member_row(membership.member, membership)


def _member_row(member: Member, membership: Membership | None) -> dict:
    """The directory row; a member without a current seat has empty seat fields."""
    seats = list(membership.seats.all()) if membership else []
    return {
        "id": member.pk,
        "name": member.name,
        "name_ko": member.name_ko,
        "sex": member.sex,
        "ethnicity": member.ethnicity,
        "political_affiliation": member.political_affiliation,
        "sector": membership.sector.name if membership else "",
        "work_unit": member.work_unit,
        "job_title": member.job_title,
        "is_standing_committee": bool(membership and membership.is_standing_committee),
        "leadership_position": membership.leadership_position if membership else "",
        "committees": [seat.committee.name for seat in seats],
    }


@router.get("", response={200: MemberPageOut, 401: ErrorOut, 403: ErrorOut})
def member_list(request: HttpRequest, filters: Query[MemberFilters]) -> dict:
    """The member directory of the caller's organisation, 50 a page; contact data masked."""
    if not request.user.has_perm("members.view_directory"):
        from ningju.core.errors import PermissionDenied

        raise PermissionDenied()
    qs = selectors.membership_directory(
        user=request.user,
        filters=selectors.DirectoryFilters(
            term_id=filters.term,
            sector_id=filters.sector,
            committee_id=filters.committee,
            affiliation=filters.affiliation,
            ethnicity=filters.ethnicity,
            query=filters.q,
            standing_only=filters.standing,
        ),
    )
    paginator = Paginator(qs, 50)
    page = paginator.get_page(filters.page)
    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "results": [_row(m) for m in page.object_list],
    }


@router.get("/{member_id}", response={200: MemberDetailOut, 401: ErrorOut, 404: ErrorOut})
def member_detail(request: HttpRequest, member_id: int) -> dict:
    """One member; ID number and phone are always masked in the API."""
    member: Member = selectors.member_get_visible(user=request.user, member_id=member_id)
    membership = selectors.memberships_of(member).filter(term__is_current=True).first()
    row = _member_row(member, membership)
    return row | {
        "phone": mask_phone(member.phone),
        "id_number": mask_id_number(member.id_number),
        "email": member.email,
        "expertise": member.expertise,
        "biography": member.biography,
    }
