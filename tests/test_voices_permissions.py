"""The public pages and anonymous API operations of 有事来商量 answer everyone alike,
signed in or not (see PUBLIC_CASES in tests/permission_cases/voices.py)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests import factories
from tests import voices_factories as vf
from tests.factories import ROLE_USERS
from tests.matrix import Case
from tests.permission_cases.voices import PUBLIC_CASES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("case", PUBLIC_CASES, ids=lambda c: c.name)
def test_public_operations_answer_everyone_alike(world: factories.World, case: Case) -> None:
    url = case.url(world)
    data = case.data(world) if callable(case.data) else case.data
    body: dict[str, Any] = {}
    if data is not None:
        body = {"data": json.dumps(data), "content_type": "application/json"}
    for username in (None, *ROLE_USERS):
        vf.clear_limits()
        client = Client()
        if username:
            client.force_login(world[username])
        response = getattr(client, case.method)(url, **body)
        assert response.status_code == case.ok_status, f"{case.name}: {username}"
