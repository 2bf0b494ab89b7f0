"""/api/v1/ operations of ningju.meetings."""

from ninja import Router

router = Router(tags=["meetings"])
