"""The activity transition table (pure).

A member records their own activity as a draft, submits it, and the office confirms it
(then it counts: totals and duty records) or returns it with a reason. Office staff who
record an activity themselves confirm it straight from the draft.
`tests/test_activities_workflow.py` walks every (status, action) pair.
"""

from __future__ import annotations

from ningju.core.errors import TransitionNotAllowed

from .choices import ActivityStatus

S = ActivityStatus

TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, "submit"): S.SUBMITTED,
    (S.RETURNED, "submit"): S.SUBMITTED,
    (S.SUBMITTED, "confirm"): S.CONFIRMED,
    (S.DRAFT, "confirm"): S.CONFIRMED,
    (S.SUBMITTED, "return"): S.RETURNED,
}

ACTIONS = sorted({action for _status, action in TRANSITIONS})
EDITABLE = frozenset({S.DRAFT, S.RETURNED})


def next_status(current: str, action: str) -> str:
    """The status `action` leads to from `current`, or TransitionNotAllowed."""
    try:
        return TRANSITIONS[(current, action)]
    except KeyError:
        raise TransitionNotAllowed(detail={"status": current, "action": action}) from None


def allowed_actions(current: str) -> list[str]:
    return [action for (status, action) in TRANSITIONS if status == current]
