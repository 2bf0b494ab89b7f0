"""/api/v1/ operations of ningju.voices."""

from ninja import Router

router = Router(tags=["voices"])
