"""社情民意 (ningju/opinions, /api/v1/opinions).

Members reach their own items; any office staff of the organisation screens, edits and
compiles. An item another person may not see is missing (404); a page of a role the person
does not have is refused (403). POST rows send input that the service refuses (nothing
changes), so every role meets the same state."""

from __future__ import annotations

from ningju.opinions.models import Instruction
from tests import factories
from tests import opinions_factories as of
from tests.matrix import ANY_STAFF, Case

MEMBERS = {"member", "standing", "chair", "director", "county_member"}
MEMBER_OR_STAFF = MEMBERS | ANY_STAFF
LEADERS_OR_STAFF = {"chair", "director", "staff", "county_staff"}
NOBODY_ELSE_404 = {"member": 403}
# Leaders read the items of published issues, so office pages on those refuse them (403).
PUBLISHED_403 = {"member": 403, "chair": 403, "director": 403}


def _url(state: str, suffix: str, *, api: bool = False):  # type: ignore[no-untyped-def]
    def build(w: factories.World) -> str:
        opinion = getattr(of, state)(w)
        if api:
            return f"/api/v1/opinions/{opinion.pk}{'/' + suffix if suffix else ''}"
        return f"/opinions/{opinion.pk}/{suffix + '/' if suffix else ''}"

    return build


def _draft_url(suffix: str, *, api: bool = False):  # type: ignore[no-untyped-def]
    return _url("draft", suffix, api=api)


def _issue_url(suffix: str = "", *, published: bool = False, api: bool = False):  # type: ignore[no-untyped-def]
    def build(w: factories.World) -> str:
        issue = of.published(w).issue if published else of.compiled(w).issue
        assert issue is not None
        if api:
            return f"/api/v1/opinions/issues/{issue.pk}/{suffix}"
        return f"/opinions/issues/{issue.pk}/{suffix + '/' if suffix else ''}"

    return build


def _attachment_remove(w: factories.World) -> str:
    return _attachment(w) + "remove/"


def _attachment(w: factories.World) -> str:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ningju.opinions import services

    opinion = of.draft(w)
    attachment = services.attachment_add(
        acting_user=w["member"],
        opinion=opinion,
        file=SimpleUploadedFile("材料.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf"),
    )
    return f"/opinions/attachments/{attachment.pk}/"


def _scan(w: factories.World, confidential: bool = False) -> str:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ningju.opinions import services

    opinion = of.published(w)
    services.opinion_instruct(
        acting_user=w["staff"],
        opinion=opinion,
        leader_level="provincial",
        scan=SimpleUploadedFile("批示.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf"),
        is_confidential=confidential,
    )
    return f"/opinions/instructions/{Instruction.objects.latest('id').pk}/scan/"


OFFICE_POST = {"ok_status": 400, "denied": NOBODY_ELSE_404, "method": "post", "data": {}}
PUBLISHED_POST = {**OFFICE_POST, "denied": PUBLISHED_403}

CASES = [
    # Member pages.
    Case("opinions mine", lambda w: "/opinions/mine/", MEMBERS, 403),
    Case("opinions new", lambda w: "/opinions/new/", MEMBERS, 403),
    Case(
        "opinions new (bad kind)",
        lambda w: "/opinions/new/",
        MEMBERS,
        403,
        "post",
        ok_status=400,
        data={"contributor_kind": "nonsense"},
    ),
    Case("opinion detail (submitted)", _url("submitted", ""), {"member", "staff"}, 404),
    Case("opinion edit (draft)", _draft_url("edit"), {"member"}, 404),
    Case(
        "opinion autosave (bad kind)",
        _draft_url("autosave"),
        {"member"},
        404,
        "post",
        data={"contributor_kind": "nonsense"},
    ),
    Case("opinion withdraw page", _draft_url("withdraw"), {"member"}, 404),
    Case(
        "opinion attachment add (no file)",
        _draft_url("attachments"),
        {"member"},
        404,
        "post",
        ok_status=400,
        data={},
    ),
    Case("opinion attachment download", _attachment, {"member"}, 404),
    Case(
        "opinion attachment remove",
        _attachment_remove,
        {"member"},
        404,
        "post",
        ok_status=302,
    ),
    # Office pages.
    Case("opinions queue", lambda w: "/opinions/queue/", ANY_STAFF, 403),
    Case(
        "opinion screen (already screened → message)",
        _url("edited", "screen"),
        {"staff"},
        404,
        "post",
        ok_status=302,
        denied=NOBODY_ELSE_404,
    ),
    Case(
        "opinion process page", _url("submitted", "process"), {"staff"}, 404, denied=NOBODY_ELSE_404
    ),
    Case("opinion process (empty)", _url("submitted", "process"), {"staff"}, 404, **OFFICE_POST),
    Case(
        "opinion return page", _url("submitted", "return"), {"staff"}, 404, denied=NOBODY_ELSE_404
    ),
    Case("opinion return (no reason)", _url("submitted", "return"), {"staff"}, 404, **OFFICE_POST),
    Case(
        "opinion decline page", _url("submitted", "decline"), {"staff"}, 404, denied=NOBODY_ELSE_404
    ),
    Case(
        "opinion decline (no reason)", _url("submitted", "decline"), {"staff"}, 404, **OFFICE_POST
    ),
    Case("opinion merge page", _url("submitted", "merge"), {"staff"}, 404, denied=NOBODY_ELSE_404),
    Case("opinion merge (none chosen)", _url("submitted", "merge"), {"staff"}, 404, **OFFICE_POST),
    Case("opinion compile page", _url("edited", "compile"), {"staff"}, 404, denied=NOBODY_ELSE_404),
    Case("opinion compile (none chosen)", _url("edited", "compile"), {"staff"}, 404, **OFFICE_POST),
    Case(
        "opinion uncompile (published → message)",
        _url("published", "uncompile"),
        {"staff"},
        404,
        "post",
        ok_status=302,
        denied=PUBLISHED_403,
    ),
    Case("opinion report page", _url("published", "report"), {"staff"}, 404, denied=PUBLISHED_403),
    Case(
        "opinion report (no target)", _url("published", "report"), {"staff"}, 404, **PUBLISHED_POST
    ),
    Case("opinion adopt page", _url("published", "adopt"), {"staff"}, 404, denied=PUBLISHED_403),
    Case("opinion adopt (empty)", _url("published", "adopt"), {"staff"}, 404, **PUBLISHED_POST),
    Case(
        "opinion instruct page",
        _url("published", "instruct"),
        {"staff"},
        404,
        denied=PUBLISHED_403,
    ),
    Case(
        "opinion instruct (empty)", _url("published", "instruct"), {"staff"}, 404, **PUBLISHED_POST
    ),
    Case("opinion instruction scan", _scan, {"member", "staff", "chair", "director"}, 404),
    Case(
        "opinion instruction scan (confidential)",
        lambda w: _scan(w, confidential=True),
        {"member", "staff"},
        404,
    ),
    Case(
        "opinion detail (published)",
        _url("published", ""),
        {"member", "staff", "chair", "director"},
        404,
    ),
    # The journal.
    Case("opinion issues", lambda w: "/opinions/issues/", MEMBER_OR_STAFF, 403),
    Case(
        "opinion issue create (bad year)",
        lambda w: "/opinions/issues/new/",
        ANY_STAFF,
        403,
        "post",
        ok_status=400,
        data={"year": "1900"},
    ),
    Case("opinion issue (editing)", _issue_url(), {"staff"}, 404),
    Case(
        "opinion issue (published)",
        _issue_url(published=True),
        {"member", "standing", "chair", "director", "staff"},
        404,
    ),
    Case(
        "opinion issue publish (already → message)",
        _issue_url("publish", published=True),
        {"staff"},
        404,
        "post",
        ok_status=302,
        denied=dict.fromkeys(("member", "standing", "chair", "director"), 403),
    ),
    Case(
        "opinion issue report page",
        _issue_url("report", published=True),
        {"staff"},
        404,
        denied=dict.fromkeys(("member", "standing", "chair", "director"), 403),
    ),
    Case(
        "opinion issue report (no target)",
        _issue_url("report", published=True),
        {"staff"},
        404,
        "post",
        ok_status=400,
        denied=dict.fromkeys(("member", "standing", "chair", "director"), 403),
        data={},
    ),
    Case(
        "opinion issue docx",
        _issue_url("docx", published=True),
        {"member", "standing", "chair", "director", "staff"},
        404,
    ),
    Case(
        "opinion issue pdf",
        _issue_url("pdf", published=True),
        {"member", "standing", "chair", "director", "staff"},
        404,
    ),
    # Statistics.
    Case("opinion stats", lambda w: "/opinions/stats/", LEADERS_OR_STAFF, 403),
    Case("opinion stats xlsx", lambda w: "/opinions/stats/xlsx/", LEADERS_OR_STAFF, 403),
    # API.
    Case("api opinions mine", lambda w: "/api/v1/opinions/mine", MEMBERS, 403),
    Case("api opinions queue", lambda w: "/api/v1/opinions/queue", ANY_STAFF, 403),
    Case("api opinion issues", lambda w: "/api/v1/opinions/issues", MEMBER_OR_STAFF, 403),
    Case(
        "api opinion issue create (bad year)",
        lambda w: "/api/v1/opinions/issues",
        set(),
        403,
        "post",
        denied={"staff": 400, "county_staff": 400},
        data={"year": 1900},
    ),
    Case(
        "api opinion issue publish (already → 400)",
        _issue_url("publish", published=True, api=True),
        set(),
        404,
        "post",
        denied={"staff": 400, **dict.fromkeys(("member", "standing", "chair", "director"), 403)},
    ),
    Case(
        "api opinion create (too long title)",
        lambda w: "/api/v1/opinions",
        set(),
        403,
        "post",
        denied=dict.fromkeys(MEMBERS, 400),
        data={"title": "长" * 121},
    ),
    Case("api opinion detail", _url("submitted", "", api=True), {"member", "staff"}, 404),
    Case(
        "api opinion update (too long title)",
        _draft_url("", api=True),
        set(),
        404,
        "put",
        denied={"member": 400},
        data={"title": "长" * 121},
    ),
    Case(
        "api opinion submit (submitted → 400)",
        _url("submitted", "submit", api=True),
        set(),
        404,
        "post",
        denied={"member": 400, "staff": 403},
    ),
    Case(
        "api opinion withdraw (published → 400)",
        _url("published", "withdraw", api=True),
        set(),
        404,
        "post",
        denied={"member": 400, "staff": 403, "chair": 403, "director": 403},
    ),
    Case(
        "api opinion screen (edited → 400)",
        _url("edited", "screen", api=True),
        set(),
        404,
        "post",
        denied={"member": 403, "staff": 400},
    ),
    *[
        Case(
            f"api opinion {op} (empty → 400/422)",
            _url(state, op, api=True),
            set(),
            404,
            "post",
            denied={
                "member": code if code == 404 else 403,
                "staff": code,
                **({"chair": 403, "director": 403} if state == "published" else {}),
            },
            data=data,
        )
        for op, state, data, code in (
            ("return", "submitted", {"reason": ""}, 400),
            ("decline", "submitted", {"reason": ""}, 400),
            ("edit", "submitted", {"edited_title": "", "edited_body": ""}, 400),
            ("compile", "edited", {"issue_id": 0}, 404),
            ("report", "published", {"targets": []}, 400),
            ("adopt", "published", {"level": "", "body": ""}, 400),
            ("instruct", "published", {"leader_level": "", "text": ""}, 400),
        )
    ],
]
