"""The public-request transition table, walked pair by pair, and each service against it."""

from __future__ import annotations

import itertools

import pytest

from ningju.core.errors import TransitionNotAllowed
from ningju.voices import workflow
from ningju.voices.choices import Status

S = Status

EXPECTED = {
    (S.HELD, "release"): S.RECEIVED,
    (S.HELD, "reject"): S.REJECTED,
    (S.RECEIVED, "reject"): S.REJECTED,
    (S.RECEIVED, "merge"): S.MERGED,
    (S.RECEIVED, "route"): S.ROUTED,
    (S.ROUTED, "route"): S.ROUTED,
    (S.ROUTED, "answer"): S.ANSWERED,
    (S.ANSWERED, "answer"): S.ANSWERED,
    (S.ANSWERED, "publish"): S.PUBLISHED,
    (S.PUBLISHED, "unpublish"): S.ANSWERED,
}


@pytest.mark.parametrize(
    ("status", "action"), list(itertools.product(Status.values, workflow.ACTIONS))
)
def test_every_pair(status: str, action: str) -> None:
    expected = EXPECTED.get((status, action))
    if expected is None:
        with pytest.raises(TransitionNotAllowed):
            workflow.next_status(status, action)
        assert action not in workflow.allowed_actions(status)
    else:
        assert workflow.next_status(status, action) == expected
        assert action in workflow.allowed_actions(status)


def test_terminal_states_have_no_way_out() -> None:
    for status in (S.MERGED, S.REJECTED):
        assert workflow.allowed_actions(status) == []


def test_table_is_what_the_test_expects() -> None:
    assert workflow.TRANSITIONS == EXPECTED
