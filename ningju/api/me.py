from __future__ import annotations

from typing import cast

from django.http import HttpRequest
from ninja import Router

from ningju.accounts.models import User

from .schemas import ErrorOut, MeOut, OrganisationOut

router = Router(tags=["me"])


@router.get("", response={200: MeOut, 401: ErrorOut})
def me(request: HttpRequest) -> MeOut:
    """The signed-in person, their organisation and roles."""
    user = cast(User, request.user)
    organisation = user.organisation
    return MeOut(
        username=user.username,
        display_name=str(user),
        organisation=OrganisationOut.from_orm(organisation) if organisation else None,
        roles=sorted(user.principal.roles),
        member_id=user.principal.member_id,
        language=user.preferred_language or "zh-hans",
        large_text=user.large_text,
    )
