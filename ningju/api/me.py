from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from .schemas import ErrorOut, MeOut

router = Router(tags=["me"])


@router.get("", response={200: MeOut, 401: ErrorOut})
def me(request: HttpRequest) -> MeOut:
    """The signed-in person, their organisation and roles."""
    user = request.user
    principal = user.principal  # type: ignore[union-attr]
    organisation = user.organisation  # type: ignore[union-attr]
    return MeOut(
        username=user.username,  # type: ignore[union-attr]
        display_name=str(user),
        organisation=organisation,
        roles=sorted(principal.roles),
        member_id=principal.member_id,
        language=user.preferred_language or "zh-hans",  # type: ignore[union-attr]
        large_text=user.large_text,  # type: ignore[union-attr]
    )
