"""The meeting and leave transition tables (pure). Services look every change up here;
tests/test_meetings_workflow.py walks every (status, action) pair."""

from __future__ import annotations

from ningju.core.errors import TransitionNotAllowed

from .choices import LeaveStatus, MeetingStatus

M = MeetingStatus
L = LeaveStatus

MEETING_TRANSITIONS: dict[tuple[str, str], str] = {
    (M.DRAFT, "publish"): M.PUBLISHED,
    (M.PUBLISHED, "open_signin"): M.SIGNIN_OPEN,
    (M.SIGNIN_OPEN, "close"): M.CLOSED,
    (M.DRAFT, "cancel"): M.CANCELLED,
    (M.PUBLISHED, "cancel"): M.CANCELLED,
}

LEAVE_TRANSITIONS: dict[tuple[str, str], str] = {
    (L.REQUESTED, "approve"): L.APPROVED,
    (L.REQUESTED, "reject"): L.REJECTED,
    (L.REQUESTED, "withdraw"): L.WITHDRAWN,
    (L.APPROVED, "withdraw"): L.WITHDRAWN,
}

MEETING_ACTIONS = sorted({action for _status, action in MEETING_TRANSITIONS})
LEAVE_ACTIONS = sorted({action for _status, action in LEAVE_TRANSITIONS})
# Invitations, agenda and details may still change; members see the meeting once published.
EDITABLE = frozenset({M.DRAFT, M.PUBLISHED})
VISIBLE_TO_INVITEES = frozenset({M.PUBLISHED, M.SIGNIN_OPEN, M.CLOSED, M.CANCELLED})
# Leave may be asked for (and withdrawn) until the meeting has closed.
LEAVE_OPEN = frozenset({M.PUBLISHED, M.SIGNIN_OPEN})


def _next(table: dict[tuple[str, str], str], current: str, action: str) -> str:
    try:
        return table[(current, action)]
    except KeyError:
        raise TransitionNotAllowed(detail={"status": current, "action": action}) from None


def meeting_next(current: str, action: str) -> str:
    """The status `action` leads a meeting to, or TransitionNotAllowed."""
    return _next(MEETING_TRANSITIONS, current, action)


def leave_next(current: str, action: str) -> str:
    """The status `action` leads a leave request to, or TransitionNotAllowed."""
    return _next(LEAVE_TRANSITIONS, current, action)


def meeting_actions(current: str) -> list[str]:
    return [action for (status, action) in MEETING_TRANSITIONS if status == current]
