"""The 社情民意 transition table (pure): which action moves which status where.

Services look every state change up here, so pages, the API and commands cannot take a
path the table does not list. `tests/test_opinions_workflow.py` walks every (status, action)
pair and every (from, to) pair of statuses.
"""

from __future__ import annotations

from ningju.core.errors import TransitionNotAllowed

from .choices import Status

S = Status

TRANSITIONS: dict[tuple[str, str], str] = {
    # The contributor's side.
    (S.DRAFT, "submit"): S.SUBMITTED,
    (S.RETURNED, "submit"): S.SUBMITTED,
    (S.DRAFT, "withdraw"): S.WITHDRAWN,
    (S.SUBMITTED, "withdraw"): S.WITHDRAWN,
    (S.RETURNED, "withdraw"): S.WITHDRAWN,
    # Screening by the research office.
    (S.SUBMITTED, "screen"): S.SCREENING,
    (S.SUBMITTED, "return"): S.RETURNED,
    (S.SCREENING, "return"): S.RETURNED,
    (S.SUBMITTED, "edit"): S.EDITED,
    (S.SCREENING, "edit"): S.EDITED,
    (S.EDITED, "edit"): S.EDITED,
    (S.SUBMITTED, "merge"): S.MERGED,
    (S.SCREENING, "merge"): S.MERGED,
    (S.EDITED, "merge"): S.MERGED,
    (S.SUBMITTED, "decline"): S.NOT_USED,
    (S.SCREENING, "decline"): S.NOT_USED,
    (S.EDITED, "decline"): S.NOT_USED,
    # The journal: only an edited text goes into an issue; it can come out while the issue
    # is still being edited.
    (S.EDITED, "compile"): S.COMPILED,
    (S.COMPILED, "uncompile"): S.EDITED,
    # Upward: 报送, 采用 and 批示 (a second report, adoption or instruction keeps the status).
    (S.COMPILED, "report"): S.REPORTED,
    (S.REPORTED, "report"): S.REPORTED,
    (S.ADOPTED, "report"): S.ADOPTED,
    (S.COMPILED, "adopt"): S.ADOPTED,
    (S.REPORTED, "adopt"): S.ADOPTED,
    (S.ADOPTED, "adopt"): S.ADOPTED,
    (S.COMPILED, "instruct"): S.COMPILED,
    (S.REPORTED, "instruct"): S.REPORTED,
    (S.ADOPTED, "instruct"): S.ADOPTED,
}

ACTIONS = sorted({action for _status, action in TRANSITIONS})
EDITABLE = frozenset({S.DRAFT, S.RETURNED})
SCREENABLE = frozenset({S.SUBMITTED, S.SCREENING, S.EDITED})
IN_JOURNAL = frozenset({S.COMPILED, S.REPORTED, S.ADOPTED})


def next_status(current: str, action: str) -> str:
    """The status `action` leads to from `current`, or TransitionNotAllowed."""
    try:
        return TRANSITIONS[(current, action)]
    except KeyError:
        raise TransitionNotAllowed(detail={"status": current, "action": action}) from None


def allowed_actions(current: str) -> list[str]:
    return [action for (status, action) in TRANSITIONS if status == current]


def can(current: str, action: str) -> bool:
    return (current, action) in TRANSITIONS
