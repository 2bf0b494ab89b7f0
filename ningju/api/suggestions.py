"""/api/v1/ operations of ningju.suggestions."""

from ninja import Router

router = Router(tags=["suggestions"])
