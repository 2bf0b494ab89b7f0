"""The transition table, pair by pair, and the services refusing what it does not list."""

from __future__ import annotations

from itertools import product

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ningju.core.errors import DomainError, TransitionNotAllowed
from ningju.opinions import services
from ningju.opinions.choices import IssueStatus, Status
from ningju.opinions.models import JournalIssue, Opinion
from ningju.opinions.workflow import TRANSITIONS, allowed_actions, can, next_status
from tests import opinions_factories as of

S = Status
# Every (from, to) pair the workflow allows; everything else must be impossible.
ALLOWED_PAIRS = {
    (S.DRAFT, S.SUBMITTED),
    (S.RETURNED, S.SUBMITTED),
    (S.DRAFT, S.WITHDRAWN),
    (S.SUBMITTED, S.WITHDRAWN),
    (S.RETURNED, S.WITHDRAWN),
    (S.SUBMITTED, S.SCREENING),
    (S.SUBMITTED, S.RETURNED),
    (S.SCREENING, S.RETURNED),
    (S.SUBMITTED, S.EDITED),
    (S.SCREENING, S.EDITED),
    (S.EDITED, S.EDITED),
    (S.SUBMITTED, S.MERGED),
    (S.SCREENING, S.MERGED),
    (S.EDITED, S.MERGED),
    (S.SUBMITTED, S.NOT_USED),
    (S.SCREENING, S.NOT_USED),
    (S.EDITED, S.NOT_USED),
    (S.EDITED, S.COMPILED),
    (S.COMPILED, S.EDITED),
    (S.COMPILED, S.COMPILED),
    (S.COMPILED, S.REPORTED),
    (S.REPORTED, S.REPORTED),
    (S.COMPILED, S.ADOPTED),
    (S.REPORTED, S.ADOPTED),
    (S.ADOPTED, S.ADOPTED),
}


@pytest.mark.parametrize(("source", "target"), list(product(S.values, S.values)))
def test_every_from_to_pair(source: str, target: str) -> None:
    reachable = {t for (f, _a), t in TRANSITIONS.items() if f == source}
    assert (target in reachable) == ((source, target) in ALLOWED_PAIRS)


def test_final_states_have_no_way_out() -> None:
    for status in (S.WITHDRAWN, S.MERGED, S.NOT_USED):
        assert allowed_actions(status) == []
        with pytest.raises(TransitionNotAllowed):
            next_status(status, "submit")


def _force(opinion: Opinion, status: str, issue: JournalIssue | None) -> Opinion:
    in_journal = status in (S.COMPILED, S.REPORTED, S.ADOPTED)
    Opinion.objects.filter(pk=opinion.pk).update(
        status=status,
        issue=issue if in_journal else None,
        merged_into=opinion if status == S.MERGED else None,
    )
    opinion.refresh_from_db()
    return opinion


def test_services_follow_the_table_for_every_status_and_action(world) -> None:
    """Each service on each status: allowed → the table's status; refused → an error and
    nothing changed."""
    member, staff = world["member"], world["staff"]
    published = of.issue(world)
    JournalIssue.objects.filter(pk=published.pk).update(
        status=IssueStatus.PUBLISHED, published_on="2026-03-01"
    )
    published.refresh_from_db()
    editing = of.issue(world)
    other = of.submitted(world, "standing")

    def run(action: str, opinion: Opinion) -> None:
        calls = {
            "submit": lambda: services.opinion_submit(acting_user=member, opinion=opinion),
            "withdraw": lambda: services.opinion_withdraw(acting_user=member, opinion=opinion),
            "screen": lambda: services.opinion_screen(acting_user=staff, opinion=opinion),
            "return": lambda: services.opinion_return(
                acting_user=staff, opinion=opinion, reason="请补充数据"
            ),
            "decline": lambda: services.opinion_decline(
                acting_user=staff, opinion=opinion, reason="已有同类信息"
            ),
            "edit": lambda: services.opinion_edit(
                acting_user=staff, opinion=opinion, edited_title="标题", edited_body="正文"
            ),
            "merge": lambda: services.opinion_merge(acting_user=staff, opinion=opinion, into=other),
            "compile": lambda: services.opinion_compile(
                acting_user=staff, opinion=opinion, issue=editing
            ),
            "uncompile": lambda: services.opinion_uncompile(acting_user=staff, opinion=opinion),
            "report": lambda: services.opinion_report(
                acting_user=staff, opinion=opinion, targets=["provincial_cppcc"]
            ),
            "adopt": lambda: services.opinion_adopt(
                acting_user=staff, opinion=opinion, level="provincial_cppcc", body="省政协办公厅"
            ),
            "instruct": lambda: services.opinion_instruct(
                acting_user=staff,
                opinion=opinion,
                leader_level="provincial",
                text="请省有关部门研究。",
            ),
        }
        calls[action]()

    actions = sorted({a for (_s, a) in TRANSITIONS})
    for status, action in product(S.values, actions):
        opinion = of.draft(world)
        issue = editing if action == "uncompile" and status == S.COMPILED else published
        opinion = _force(opinion, status, issue)
        if can(status, action):
            run(action, opinion)
            opinion.refresh_from_db()
            assert opinion.status == TRANSITIONS[(status, action)], (status, action)
        else:
            before = Opinion.objects.filter(pk=opinion.pk).values().get()
            with pytest.raises(DomainError):
                run(action, opinion)
            after = Opinion.objects.filter(pk=opinion.pk).values().get()
            assert before == after, (status, action)


def test_report_adopt_instruct_wait_for_the_issue_to_be_published(world) -> None:
    opinion = of.compiled(world)
    staff = world["staff"]
    for call in (
        lambda: services.opinion_report(acting_user=staff, opinion=opinion, targets=["government"]),
        lambda: services.opinion_adopt(
            acting_user=staff, opinion=opinion, level="prefecture", body="州委办公室"
        ),
        lambda: services.opinion_instruct(
            acting_user=staff,
            opinion=opinion,
            leader_level="prefecture",
            scan=SimpleUploadedFile("p.pdf", b"%PDF-1.4\n", content_type="application/pdf"),
        ),
    ):
        with pytest.raises(DomainError) as caught:
            call()
        assert caught.value.code == "issue_not_published"
    opinion.refresh_from_db()
    assert opinion.status == S.COMPILED
    assert not opinion.reports.exists()
    assert not opinion.adoptions.exists()
    assert not opinion.instructions.exists()
