"""/api/v1/ operations of ningju.opinions."""

from ninja import Router

router = Router(tags=["opinions"])
