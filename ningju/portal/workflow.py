"""The article transition table (pure): which action moves which state where.

三审: every article passes 初审, 复审 and 终审 (each by a different person, never its author)
before it can appear on the public site. `tests/test_portal_workflow.py` walks every pair.
"""

from __future__ import annotations

from ningju.core.errors import TransitionNotAllowed

from .choices import ArticleState, ReviewLevel

S = ArticleState

TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, "submit"): S.PENDING_FIRST,
    (S.RETURNED, "submit"): S.PENDING_FIRST,
    (S.PENDING_FIRST, "pass"): S.PENDING_SECOND,
    (S.PENDING_SECOND, "pass"): S.PENDING_FINAL,
    (S.PENDING_FINAL, "pass"): S.APPROVED,
    (S.PENDING_FIRST, "return"): S.RETURNED,
    (S.PENDING_SECOND, "return"): S.RETURNED,
    (S.PENDING_FINAL, "return"): S.RETURNED,
    (S.APPROVED, "publish"): S.PUBLISHED,
    (S.PUBLISHED, "correct"): S.PUBLISHED,
    (S.PUBLISHED, "unpublish"): S.UNPUBLISHED,
    (S.APPROVED, "unpublish"): S.UNPUBLISHED,
    (S.UNPUBLISHED, "revise"): S.DRAFT,
}

ACTIONS = sorted({action for _state, action in TRANSITIONS})
EDITABLE = frozenset({S.DRAFT, S.RETURNED})
# The review level an article waits for in each state.
PENDING_LEVEL: dict[str, int] = {
    S.PENDING_FIRST: ReviewLevel.FIRST,
    S.PENDING_SECOND: ReviewLevel.SECOND,
    S.PENDING_FINAL: ReviewLevel.FINAL,
}


def next_state(current: str, action: str) -> str:
    """The state `action` leads to from `current`, or TransitionNotAllowed."""
    try:
        return TRANSITIONS[(current, action)]
    except KeyError:
        raise TransitionNotAllowed(detail={"status": current, "action": action}) from None


def allowed_actions(current: str) -> list[str]:
    return [action for (state, action) in TRANSITIONS if state == current]
