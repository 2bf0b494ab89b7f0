"""The 办实事 transition table (pure). `tests/test_matters_workflow.py` walks every pair."""

from __future__ import annotations

from ningju.core.errors import TransitionNotAllowed

from .choices import Status

S = Status

TRANSITIONS: dict[tuple[str, str], str] = {
    # The owner records progress; the first update starts the work.
    (S.PLANNED, "progress"): S.IN_PROGRESS,
    (S.IN_PROGRESS, "progress"): S.IN_PROGRESS,
    # The owner reports it done (with evidence); the office confirms or sends it back.
    (S.PLANNED, "report_done"): S.REPORTED,
    (S.IN_PROGRESS, "report_done"): S.REPORTED,
    (S.REPORTED, "confirm"): S.COMPLETED,
    (S.REPORTED, "return"): S.IN_PROGRESS,
    # The office withdraws a promise that will not be kept (with a reason).
    (S.PLANNED, "cancel"): S.CANCELLED,
    (S.IN_PROGRESS, "cancel"): S.CANCELLED,
}

ACTIONS = sorted({action for _status, action in TRANSITIONS})
EDITABLE = frozenset({S.PLANNED, S.IN_PROGRESS})
# Evidence may be added while work goes on and while the office checks it.
EVIDENCE_OPEN = frozenset({S.PLANNED, S.IN_PROGRESS, S.REPORTED})


def next_status(current: str, action: str) -> str:
    try:
        return TRANSITIONS[(current, action)]
    except KeyError:
        raise TransitionNotAllowed(detail={"status": current, "action": action}) from None


def allowed_actions(current: str) -> list[str]:
    return [action for (status, action) in TRANSITIONS if status == current]
