"""The public-request transition table (pure). Services look every change up here;
`tests/test_voices_workflow.py` walks every (status, action) pair.
"""

from __future__ import annotations

from ningju.core.errors import TransitionNotAllowed

from .choices import Status

S = Status

TRANSITIONS: dict[tuple[str, str], str] = {
    # The moderation filter held it: staff release it or reject it.
    (S.HELD, "release"): S.RECEIVED,
    (S.HELD, "reject"): S.REJECTED,
    (S.RECEIVED, "reject"): S.REJECTED,
    # A duplicate joins the request it repeats.
    (S.RECEIVED, "merge"): S.MERGED,
    # Routing to a member, a station or a handling unit; routing again re-assigns.
    (S.RECEIVED, "route"): S.ROUTED,
    (S.ROUTED, "route"): S.ROUTED,
    # The receiver records the outcome; staff may correct it before publishing.
    (S.ROUTED, "answer"): S.ANSWERED,
    (S.ANSWERED, "answer"): S.ANSWERED,
    # Publishing needs the requester's consent (checked in the service and the database).
    (S.ANSWERED, "publish"): S.PUBLISHED,
    (S.PUBLISHED, "unpublish"): S.ANSWERED,
}

ACTIONS = sorted({action for _status, action in TRANSITIONS})
OPEN = frozenset({S.HELD, S.RECEIVED, S.ROUTED})
# What the requester sees on the tracking page (held looks like "being checked").
PUBLIC_STATUS: dict[str, str] = {S.HELD.value: S.RECEIVED.value}


def next_status(current: str, action: str) -> str:
    """The status `action` leads to from `current`, or TransitionNotAllowed."""
    try:
        return TRANSITIONS[(current, action)]
    except KeyError:
        raise TransitionNotAllowed(detail={"status": current, "action": action}) from None


def allowed_actions(current: str) -> list[str]:
    return [action for (status, action) in TRANSITIONS if status == current]
