"""/api/v1/ operations of ningju.activities."""

from ninja import Router

router = Router(tags=["activities"])
