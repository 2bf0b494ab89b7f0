"""Prepare the sign-in benchmark database: 1,000 members invited to a plenary whose sign-in
window is open now, a staff account for the sign-in screen, and a ready session for each
(written to sessions.json for the load tool). Fast: users are bulk-created with one
precomputed password hash; sessions are written straight into the session store."""

from __future__ import annotations

import json
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import django

django.setup()

from importlib import import_module  # noqa: E402

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402

from ningju.accounts.choices import AccountKind, Role  # noqa: E402
from ningju.accounts.models import RoleGrant, User  # noqa: E402
from ningju.meetings import services  # noqa: E402
from ningju.meetings.choices import InviteScope, MeetingKind  # noqa: E402
from ningju.members.models import Member, Membership  # noqa: E402
from ningju.orgs.models import Office, Organisation, Sector, Session, Term  # noqa: E402

MEMBERS = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
OUT = Path(__file__).with_name("var") / "sessions.json"


def main() -> None:
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    org = Organisation.objects.create(
        code="bench",
        name="延边州政协（压测）",
        short_name="州政协",
        region="延边",
        level="prefecture",
    )
    term = Term.objects.create(
        organisation=org, number=14, starts_on=date(2022, 1, 8), is_current=True
    )
    session = Session.objects.create(
        term=term,
        number=5,
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate() + timedelta(days=3),
    )
    sector = Sector.objects.create(organisation=org, name="经济界", kind="profession")
    office = Office.objects.create(organisation=org, name="办公室", kind="general")
    password = make_password("bench-Password-1")  # hashed once, shared by every account
    now = timezone.now()
    users = User.objects.bulk_create(
        [
            User(
                username=f"m{i:04d}",
                display_name=f"委员{i:04d}",
                organisation=org,
                kind=AccountKind.MEMBER,
                password=password,
                password_changed_at=now,
            )
            for i in range(MEMBERS)
        ],
        batch_size=500,
    )
    users = list(User.objects.filter(organisation=org, kind=AccountKind.MEMBER).order_by("id"))
    members = Member.objects.bulk_create(
        [
            Member(
                organisation=org,
                user=u,
                name=u.display_name,
                sex="male",
                ethnicity="朝鲜族",
                political_affiliation="non_party",
                name_sort_key=u.username,
            )
            for u in users
        ],
        batch_size=500,
    )
    members = list(Member.objects.filter(organisation=org).order_by("id"))
    Membership.objects.bulk_create(
        [Membership(member=m, term=term, sector=sector) for m in members], batch_size=500
    )
    staff = User.objects.create(
        username="bench-staff",
        display_name="会务",
        organisation=org,
        kind=AccountKind.STAFF,
        password=password,
        password_changed_at=now,
    )
    RoleGrant.objects.create(user=staff, organisation=org, role=Role.OFFICE_STAFF, office=office)
    meeting = services.meeting_create(
        acting_user=staff,
        data=services.MeetingData(
            kind=MeetingKind.PLENARY,
            title="政协延边州第十四届委员会第五次会议",
            location="延边宾馆会议中心",
            starts_at=now + timedelta(minutes=30),
            ends_at=now + timedelta(hours=4),
            signin_opens_at=now - timedelta(minutes=5),
            signin_closes_at=now + timedelta(hours=4),
            session_id=session.pk,
        ),
    )
    services.invitations_add(acting_user=staff, meeting=meeting, scope=InviteScope.ALL)
    from ningju.meetings.models import Meeting

    Meeting.objects.filter(pk=meeting.pk).update(
        status="signin_open"
    )  # publish sends 1,000 notices: not what is measured
    store = import_module(settings.SESSION_ENGINE).SessionStore
    auth_hash = staff.get_session_auth_hash()  # same password hash: same auth hash for all
    backend = "ningju.accounts.backends.PasswordBackend"
    rows = []
    for user in [*users, staff]:
        s = store()
        s[SESSION_KEY] = str(user.pk)
        s[BACKEND_SESSION_KEY] = backend
        s[HASH_SESSION_KEY] = auth_hash
        s["ningju_last_activity"] = int(time.time())
        s.create()
        rows.append(
            {"username": user.username, "session": s.session_key, "csrf": get_random_string(32)}
        )
    OUT.write_text(json.dumps({"meeting": meeting.pk, "staff": rows[-1], "members": rows[:-1]}))
    print(
        f"prepared {len(users)} members, meeting {meeting.pk}, in {time.monotonic() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
