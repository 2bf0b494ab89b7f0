from __future__ import annotations

import pytest
from django.test import Client

from tests import factories


@pytest.fixture
def world(db: None) -> factories.World:
    return factories.world()


@pytest.fixture
def login(client: Client):  # type: ignore[no-untyped-def]
    """Sign a user in on the test client; returns the client."""

    def _login(user) -> Client:  # type: ignore[no-untyped-def]
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def pworld(db: None) -> factories.ProposalWorld:
    """A world ready for the proposal chain (see factories.proposal_world)."""
    return factories.proposal_world()


@pytest.fixture(autouse=True)
def _default_language():  # type: ignore[no-untyped-def]
    """Each test starts in the default language. A request through the test client leaves
    its language active in the thread, so without this a test that reads a Traditional or
    Korean page would change the messages the next test in that worker sees."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
