"""The proposal transition table (pure): which action moves which status where.

Services look up every state change here before doing anything, so the pages, the API and
scheduled jobs cannot take a path the table does not list. `tests/test_proposal_workflow.py`
walks every (status, action) pair.
"""

from __future__ import annotations

from ningju.core.errors import TransitionNotAllowed

from .choices import Status

S = Status

TRANSITIONS: dict[tuple[str, str], str] = {
    # The member's side.
    (S.DRAFT, "submit"): S.SUBMITTED,
    (S.RETURNED, "submit"): S.SUBMITTED,
    (S.DRAFT, "submit_joint"): S.COSIGNING,
    (S.RETURNED, "submit_joint"): S.COSIGNING,
    (S.COSIGNING, "cosigning_done"): S.SUBMITTED,
    (S.DRAFT, "withdraw"): S.WITHDRAWN,
    (S.COSIGNING, "withdraw"): S.WITHDRAWN,
    (S.SUBMITTED, "withdraw"): S.WITHDRAWN,
    (S.RETURNED, "withdraw"): S.WITHDRAWN,
    # Review (初审/复审/终审).
    (S.SUBMITTED, "pass"): S.IN_REVIEW,
    (S.IN_REVIEW, "pass"): S.IN_REVIEW,
    (S.SUBMITTED, "register"): S.REGISTERED,
    (S.IN_REVIEW, "register"): S.REGISTERED,
    (S.SUBMITTED, "merge"): S.MERGED,
    (S.IN_REVIEW, "merge"): S.MERGED,
    (S.SUBMITTED, "refuse"): S.NOT_REGISTERED,
    (S.IN_REVIEW, "refuse"): S.NOT_REGISTERED,
    (S.SUBMITTED, "return"): S.RETURNED,
    (S.IN_REVIEW, "return"): S.RETURNED,
    # Handling: merged originals follow their lead proposal into handling.
    (S.REGISTERED, "assign"): S.HANDLING,
    (S.MERGED, "assign"): S.HANDLING,
    (S.HANDLING, "all_replies_approved"): S.REPLIED,
    (S.REHANDLING, "all_replies_approved"): S.REPLIED,
    # Feedback.
    (S.REPLIED, "all_satisfied"): S.COMPLETED,
    (S.REPLIED, "feedback_closed"): S.COMPLETED,
    (S.REPLIED, "unsatisfied"): S.REHANDLING,
}

ACTIONS = sorted({action for _status, action in TRANSITIONS})
EDITABLE = frozenset({S.DRAFT, S.RETURNED})
UNDER_REVIEW = frozenset({S.SUBMITTED, S.IN_REVIEW})
# Counted as 立案 in statistics ("立案X件（含并案Y件）").
REGISTERED_FAMILY = frozenset(
    {S.REGISTERED, S.MERGED, S.HANDLING, S.REPLIED, S.REHANDLING, S.COMPLETED}
)


def next_status(current: str, action: str) -> str:
    """The status `action` leads to from `current`, or TransitionNotAllowed."""
    try:
        return TRANSITIONS[(current, action)]
    except KeyError:
        raise TransitionNotAllowed(detail={"status": current, "action": action}) from None


def allowed_actions(current: str) -> list[str]:
    return [action for (status, action) in TRANSITIONS if status == current]
