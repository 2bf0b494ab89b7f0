"""Background work for members: checking and committing an uploaded member spreadsheet."""

from __future__ import annotations

import logging
from typing import Any

from django.core.cache import cache
from django.utils import timezone, translation
from django_tasks import task

from ningju.accounts.models import User

from . import importing
from .models import MemberImport

logger = logging.getLogger(__name__)

Status = MemberImport.Status
SAVE_PROGRESS_TIMEOUT = 60 * 60


def save_progress_key(import_id: int) -> str:
    """Cache key for rows saved so far (the commit runs in one transaction, so the row
    itself cannot show it to other connections until it is over)."""
    return f"ningju:member-import:{import_id}:saved"


def _update(import_id: int, **fields: Any) -> None:
    MemberImport.objects.filter(pk=import_id).update(updated_at=timezone.now(), **fields)


def _finish(import_id: int, status: str, **fields: Any) -> str:
    # The uploaded file holds personal data in clear: keep it no longer than needed.
    _update(import_id, status=status, content=b"", **fields)
    return status


@task()
def run_member_import(import_id: int) -> str:
    """Validate every row of an upload, then commit all rows in one transaction or none.

    Progress (processed_rows of total_rows) is written every few dozen rows so the status
    page can show it. Returns the final status.
    """
    claimed = MemberImport.objects.filter(pk=import_id, status=Status.PENDING).update(
        status=Status.VALIDATING, processed_rows=0, errors=[], updated_at=timezone.now()
    )
    if not claimed:  # unknown, or already handled by another worker
        return str(
            MemberImport.objects.filter(pk=import_id).values_list("status", flat=True).first()
            or "missing"
        )
    # Messages are stored as their source text and translated when shown: no language here.
    with translation.override(None):
        try:
            return _run(import_id)
        except Exception:
            logger.exception("member import %s failed", import_id)
            _finish(
                import_id, Status.FAILED, errors=[importing.problem(None, "", importing.MSG_FAILED)]
            )
            raise
        finally:
            cache.delete(save_progress_key(import_id))


def _run(import_id: int) -> str:
    job = MemberImport.objects.select_related("organisation").get(pk=import_id)
    term = job.organisation.current_term()
    if term is None:
        return _finish(
            import_id, Status.INVALID, errors=[importing.problem(None, "", importing.MSG_NO_TERM)]
        )
    try:
        rows = importing.read_rows(bytes(job.content))
    except importing.WorkbookError as exc:
        return _finish(import_id, Status.INVALID, total_rows=0, errors=[exc.as_problem()])
    _update(import_id, total_rows=len(rows))

    context = importing.load_context(job.organisation, term)
    plans, problems = importing.check_rows(
        rows, context, progress=lambda done: _update(import_id, processed_rows=done)
    )
    if problems:
        return _finish(
            import_id,
            Status.INVALID,
            processed_rows=len(rows),
            errors=importing.cap_problems(problems),
        )

    acting_user = User.objects.get(pk=job.uploaded_by_id)
    try:
        created, updated = importing.commit(
            plans,
            acting_user=acting_user,
            context=context,
            job=job,
            progress=lambda done: cache.set(
                save_progress_key(import_id), done, SAVE_PROGRESS_TIMEOUT
            ),
        )
    except importing.RowRefusedError as exc:
        return _finish(import_id, Status.INVALID, errors=[exc.problem])
    return _finish(
        import_id,
        Status.COMMITTED,
        processed_rows=len(rows),
        created_count=created,
        updated_count=updated,
        errors=[],
    )
