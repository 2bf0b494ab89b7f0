"""The 微建议 transition table (pure). `tests/test_suggestions_workflow.py` walks every pair.

held      → text flagged by the screener: staff release it to the queue or reject it
submitted → staff triage: assign to a handling unit or an office, or reject
assigned  → the assignee replies (staff may reassign)
replied   → staff approve: publish (closed and public) or close quietly, or send it back
"""

from __future__ import annotations

from ningju.core.errors import TransitionNotAllowed

from .choices import Status

S = Status

TRANSITIONS: dict[tuple[str, str], str] = {
    (S.HELD, "release"): S.SUBMITTED,
    (S.HELD, "reject"): S.REJECTED,
    (S.SUBMITTED, "assign"): S.ASSIGNED,
    (S.SUBMITTED, "reject"): S.REJECTED,
    (S.ASSIGNED, "assign"): S.ASSIGNED,
    (S.ASSIGNED, "reply"): S.REPLIED,
    (S.REPLIED, "return"): S.ASSIGNED,
    (S.REPLIED, "publish"): S.CLOSED,
    (S.REPLIED, "close"): S.CLOSED,
}

ACTIONS = sorted({action for _status, action in TRANSITIONS})
OPEN = frozenset({S.HELD, S.SUBMITTED, S.ASSIGNED, S.REPLIED})


def next_status(current: str, action: str) -> str:
    try:
        return TRANSITIONS[(current, action)]
    except KeyError:
        raise TransitionNotAllowed(detail={"status": current, "action": action}) from None


def allowed_actions(current: str) -> list[str]:
    return [action for (status, action) in TRANSITIONS if status == current]
