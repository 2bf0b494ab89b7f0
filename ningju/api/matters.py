"""/api/v1/ operations of ningju.matters."""

from ninja import Router

router = Router(tags=["matters"])
