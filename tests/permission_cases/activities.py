"""Authorisation rows for /activities/, /study/ and their API operations.

Members see confirmed activities and their own records; office staff (any office) see and
confirm every record of their organisation; the other organisation's users pass the role
check and then get 404 for objects that are not theirs. Rows that change state build a
fresh object, and only one role succeeds (members come first in ROLE_USERS).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ningju.activities import services
from ningju.activities.models import Activity
from tests import activities_factories as af
from tests import factories
from tests.matrix import ALL, ANY_STAFF, COUNTY_INSIDERS, INSIDERS, Case

MEMBERS = {"member", "standing", "chair", "director"}
ALL_MEMBERS = MEMBERS | {"county_member"}
VIEWERS = INSIDERS | COUNTY_INSIDERS
COUNTY_404 = {"county_staff": 404, "county_member": 404}
_ = ALL


def _activity(state: str) -> Callable[[factories.World], int]:
    def build(w: factories.World) -> int:
        return af.member_activity(w["member"], state=state).pk

    return build


def _url(state: str, suffix: str = "") -> Callable[[factories.World], str]:
    return lambda w: f"/activities/{_activity(state)(w)}/{suffix}"


def _photo(w: factories.World) -> str:
    activity = af.member_activity(w["member"], state="confirmed")
    photo = services.activity_photo_add(
        acting_user=af.staff_of(w.prefecture), activity=activity, file=af.png_upload()
    )
    return f"/activities/photos/{photo.pk}/"


def _campaign(w: factories.World) -> int:
    return af.campaign(w.prefecture).pk


def _brand(w: factories.World) -> int:
    brand = services.brand_save(
        acting_user=af.staff_of(w.prefecture),
        name=f"经纬沙龙{Activity.objects.count()}",
        committee_id=None,
    )
    return brand.pk


def _session(w: factories.World) -> int:
    return af.study_session(w.prefecture).pk


def _material(w: factories.World) -> str:
    session = af.study_session(w.prefecture)
    material = services.study_material_add(
        acting_user=af.staff_of(w.prefecture), session=session, file=af.png_upload("讲义.png")
    )
    return f"/study/materials/{material.pk}/"


def _book(w: factories.World, *, cover: bool = False) -> int:
    from ningju.activities.models import Book

    existing = Book.objects.filter(organisation=w.prefecture, title="乡土中国").first()
    if existing and not cover:
        return existing.pk
    return af.book(w.prefecture, cover=cover, title="乡土中国", author="费孝通").pk


def _group(w: factories.World) -> int:
    group = services.reading_group_save(
        acting_user=af.staff_of(w.prefecture), name=f"读书小组{_counter()}"
    )
    return group.pk


def _item(w: factories.World) -> int:
    item = services.staff_study_item_create(
        acting_user=af.staff_of(w.prefecture),
        cadence="weekly",
        title="学习《政协章程》",
        planned_on=af.yesterday(),
    )
    return item.pk


def _talk(w: factories.World) -> int:
    staff = w["staff"]
    talk = services.staff_talk_create(
        acting_user=staff,
        speaker_id=staff.pk,
        topic="如何写好提案办理复文",
        given_on=af.yesterday(),
        material=af.png_upload("幻灯片.png"),
    )
    return talk.pk


_count = [0]


def _counter() -> int:
    _count[0] += 1
    return _count[0]


def _checkin_data(w: factories.World) -> dict[str, Any]:
    return {"book_id": _book(w), "read_on": af.yesterday().isoformat(), "pages": 20}


def _activity_json(w: factories.World) -> dict[str, Any]:
    return {
        "title": "绿美延吉植树",
        "kind": "tree_planting",
        "occurred_on": af.yesterday().isoformat(),
        "place": "帽儿山",
        "trees_planted": 30,
    }


CASES = [
    # --- activities pages ---
    Case("activities index", lambda w: "/activities/", VIEWERS, 403),
    Case("activities mine", lambda w: "/activities/mine/", ALL_MEMBERS, 403),
    Case("activities create form", lambda w: "/activities/new/", ALL_MEMBERS, 403),
    Case(
        "activities create empty",
        lambda w: "/activities/new/",
        ALL_MEMBERS,
        403,
        method="post",
        ok_status=400,
        data={},
    ),
    Case("activities record form", lambda w: "/activities/record/", ANY_STAFF, 403),
    Case(
        "activities record empty",
        lambda w: "/activities/record/",
        ANY_STAFF,
        403,
        method="post",
        ok_status=400,
        data={},
    ),
    Case("activities review", lambda w: "/activities/review/", ANY_STAFF, 403),
    Case("activities totals", lambda w: "/activities/totals/", VIEWERS, 403),
    Case("activity detail confirmed", _url("confirmed"), INSIDERS, 404),
    Case("activity detail draft", _url("draft"), {"member", "staff"}, 404),
    Case("activity edit draft", _url("draft", "edit/"), {"member", "staff"}, 404),
    Case(
        "activity edit confirmed",
        _url("confirmed", "edit/"),
        set(),
        404,
        denied={"member": 403, "standing": 403, "chair": 403, "director": 403, "staff": 403},
    ),
    Case(
        "activity submit",
        _url("draft", "submit/"),
        {"member"},
        404,
        method="post",
        ok_status=302,
        denied={"staff": 403},
    ),
    Case(
        "activity confirm",
        _url("submitted", "confirm/"),
        {"staff"},
        404,
        method="post",
        ok_status=302,
        denied={"member": 403},
    ),
    Case(
        "activity return form",
        _url("submitted", "return/"),
        {"staff"},
        404,
        denied={"member": 403},
    ),
    Case(
        "activity return",
        _url("submitted", "return/"),
        {"staff"},
        404,
        method="post",
        ok_status=302,
        denied={"member": 403},
        data={"reason": "请补充活动照片"},
    ),
    Case(
        "activity photo add",
        _url("draft", "photos/"),
        {"member", "staff"},
        404,
        method="post",
        ok_status=302,
    ),
    Case("activity photo", _photo, INSIDERS, 404),
    Case("activity campaigns", lambda w: "/activities/campaigns/", VIEWERS, 403),
    Case("activity campaign new", lambda w: "/activities/campaigns/new/", ANY_STAFF, 403),
    Case(
        "activity campaign detail",
        lambda w: f"/activities/campaigns/{_campaign(w)}/",
        INSIDERS,
        403,
        denied=COUNTY_404,
    ),
    Case(
        "activity campaign edit",
        lambda w: f"/activities/campaigns/{_campaign(w)}/edit/",
        {"staff"},
        403,
        denied={"county_staff": 404},
    ),
    Case("activity brands", lambda w: "/activities/brands/", VIEWERS, 403),
    Case("activity brand new", lambda w: "/activities/brands/new/", ANY_STAFF, 403),
    Case(
        "activity brand detail",
        lambda w: f"/activities/brands/{_brand(w)}/",
        INSIDERS,
        403,
        denied=COUNTY_404,
    ),
    # --- study pages ---
    Case("study index", lambda w: "/study/", VIEWERS, 403),
    Case("study new", lambda w: "/study/new/", ANY_STAFF, 403),
    Case(
        "study detail",
        lambda w: f"/study/{_session(w)}/",
        INSIDERS,
        403,
        denied=COUNTY_404,
    ),
    Case(
        "study attendance",
        lambda w: f"/study/{_session(w)}/attendance/",
        {"staff"},
        403,
        method="post",
        ok_status=302,
        denied=COUNTY_404,
        data={},
    ),
    Case(
        "study material add",
        lambda w: f"/study/{_session(w)}/materials/",
        {"staff"},
        403,
        method="post",
        ok_status=302,
        denied=COUNTY_404,
        data={},
    ),
    Case(
        "study note",
        lambda w: f"/study/{_session(w)}/note/",
        MEMBERS,
        403,
        method="post",
        ok_status=302,
        denied=COUNTY_404,
        data={"text": "深受启发。"},
    ),
    Case("study material", _material, INSIDERS, 403, denied=COUNTY_404),
    Case("study reading", lambda w: "/study/reading/", ALL_MEMBERS, 403),
    Case(
        "study checkin",
        lambda w: "/study/reading/checkin/",
        MEMBERS,
        403,
        method="post",
        ok_status=302,
        denied={"county_member": 400},
        data=_checkin_data,
    ),
    Case(
        "study reading note",
        lambda w: "/study/reading/notes/",
        MEMBERS,
        403,
        method="post",
        ok_status=302,
        denied={"county_member": 400},
        data=lambda w: {"book_id": _book(w), "text": "读后感"},
    ),
    Case("study books", lambda w: "/study/books/", VIEWERS, 403),
    Case("study book new", lambda w: "/study/books/new/", VIEWERS, 403),
    Case(
        "study book cover",
        lambda w: f"/study/books/{_book(w, cover=True)}/cover/",
        INSIDERS,
        403,
        denied=COUNTY_404,
    ),
    Case("study groups", lambda w: "/study/groups/", VIEWERS, 403),
    Case("study group new", lambda w: "/study/groups/new/", ANY_STAFF, 403),
    Case(
        "study group",
        lambda w: f"/study/groups/{_group(w)}/",
        INSIDERS,
        403,
        denied=COUNTY_404,
    ),
    Case("study calendar", lambda w: "/study/calendar/", ANY_STAFF, 403),
    Case("study calendar new", lambda w: "/study/calendar/new/", ANY_STAFF, 403),
    Case(
        "study calendar mark",
        lambda w: f"/study/calendar/{_item(w)}/mark/",
        {"staff"},
        403,
        method="post",
        ok_status=302,
        denied={"county_staff": 404},
        data={"done": "1"},
    ),
    Case("study talks", lambda w: "/study/talks/", ANY_STAFF, 403),
    Case("study talk new", lambda w: "/study/talks/new/", ANY_STAFF, 403),
    Case(
        "study talk material",
        lambda w: f"/study/talks/{_talk(w)}/material/",
        {"staff"},
        403,
        denied={"county_staff": 404},
    ),
    # --- API ---
    Case("api activities", lambda w: "/api/v1/activities", VIEWERS, 403),
    Case(
        "api activity create",
        lambda w: "/api/v1/activities",
        ALL_MEMBERS,
        403,
        method="post",
        ok_status=201,
        data=_activity_json,
    ),
    Case("api activity campaigns", lambda w: "/api/v1/activities/campaigns", VIEWERS, 403),
    Case(
        "api activity detail",
        lambda w: f"/api/v1/activities/{_activity('confirmed')(w)}",
        INSIDERS,
        404,
    ),
    Case("api study sessions", lambda w: "/api/v1/study/sessions", VIEWERS, 403),
    Case("api reading checkins", lambda w: "/api/v1/reading/checkins", ALL_MEMBERS, 403),
    Case(
        "api reading checkin create",
        lambda w: "/api/v1/reading/checkins",
        MEMBERS,
        403,
        method="post",
        ok_status=201,
        denied={"county_member": 400},
        data=_checkin_data,
    ),
]
