"""/api/v1/ operations of ningju.stations."""

from ninja import Router

router = Router(tags=["stations"])
