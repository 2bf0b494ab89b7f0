"""`ningju demo`: realistic Yanbian data, the demo accounts, and its safety rails."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from ningju.accounts.models import RoleGrant, User
from ningju.core import audit
from ningju.core.models import AuditEvent
from ningju.members.choices import CommitteePosition, LeadershipPosition
from ningju.members.models import CommitteeSeat, Member, Membership
from ningju.members.validators import validate_id_number
from ningju.orgs.models import HandlingUnit, Organisation, Session, Term

YANBIAN_AREA_CODES = {
    "222401",
    "222402",
    "222403",
    "222404",
    "222405",
    "222406",
    "222424",
    "222426",
}
COUNTY_CODES = {"yanji", "tumen", "dunhua", "hunchun", "longjing", "helong", "wangqing", "antu"}
EXPECTED_ROLES = {
    "admin": {"system_admin"},
    "security": {"security_admin"},
    "auditor": {"audit_admin"},
    "chair": {"member", "standing_member", "chair_meeting"},
    "staff": {"office_staff"},
    "editor": {"portal_editor"},
    "member": {"member"},
    "member2": {"member", "standing_member"},
    "unit": {"unit_officer"},
    "unit-signer": {"unit_signer"},
    "county-staff": {"office_staff"},
}


@pytest.fixture(scope="module")
def demo_output(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """Load the demo once for the module; everything is rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command("demo", stdout=out, proposal_scale=0.1)
        yield out.getvalue()
        transaction.set_rollback(True)


def current_memberships(code: str) -> Any:
    return Membership.objects.filter(term__organisation__code=code, term__is_current=True)


@pytest.mark.django_db
def test_creates_prefecture_and_eight_counties(demo_output: str) -> None:
    assert Organisation.objects.count() == 9
    prefecture = Organisation.objects.get(code="yanbian")
    assert prefecture.name == "政协延边朝鲜族自治州委员会"
    assert prefecture.short_name == "州政协"
    assert prefecture.level == "prefecture"
    assert prefecture.parent is None
    children = Organisation.objects.filter(parent=prefecture)
    assert set(children.values_list("code", flat=True)) == COUNTY_CODES
    assert set(children.values_list("level", flat=True)) == {"county"}
    yanji = Organisation.objects.get(code="yanji")
    assert (yanji.name, yanji.short_name, yanji.name_ko) == (
        "政协延吉市委员会",
        "延吉市政协",
        "연길시정협",
    )


@pytest.mark.django_db
def test_terms_are_numbered_per_organisation(demo_output: str) -> None:
    def current(code: str) -> Term:
        return Term.objects.get(organisation__code=code, is_current=True)

    assert current("yanbian").number == 14
    assert current("yanji").number == 15
    assert current("hunchun").number == 14
    assert Term.objects.filter(organisation__code="yanbian", number=13, is_current=False).exists()
    for org in Organisation.objects.all():
        sessions = Session.objects.filter(term=current(org.code)).order_by("number")
        assert [s.number for s in sessions] == [1, 2, 3, 4, 5]
        assert [s.opens_on.year for s in sessions] == [2022, 2023, 2024, 2025, 2026]
        assert all(
            s.opens_on.month == 1 and 2 <= (s.closes_on - s.opens_on).days <= 4 for s in sessions
        )


@pytest.mark.django_db
def test_structures_per_organisation(demo_output: str) -> None:
    from ningju.orgs.models import Office, Sector, SpecialCommittee

    prefecture = Organisation.objects.get(code="yanbian")
    assert Sector.objects.filter(organisation=prefecture).count() == 30
    women = Sector.objects.get(organisation=prefecture, name="妇联")
    assert women.name_ko == "녀성련합회"
    assert SpecialCommittee.objects.filter(organisation=prefecture).count() == 8
    assert set(Office.objects.filter(organisation=prefecture).values_list("kind", flat=True)) == {
        "general",
        "proposal",
        "research",
        "liaison",
        "publicity",
    }
    education = HandlingUnit.objects.get(organisation=prefecture, short_name="州教育局")
    assert education.name == "延边州教育局"
    assert (
        HandlingUnit.objects.get(organisation=prefecture, short_name="延边海关").kind == "stationed"
    )
    for county in Organisation.objects.filter(parent=prefecture):
        assert 18 <= Sector.objects.filter(organisation=county).count() <= 24
        assert 4 <= SpecialCommittee.objects.filter(organisation=county).count() <= 6
        assert 8 <= HandlingUnit.objects.filter(organisation=county).count() <= 12


@pytest.mark.django_db
def test_membership_sizes(demo_output: str) -> None:
    assert 300 <= current_memberships("yanbian").count() <= 340
    for code in COUNTY_CODES:
        assert 80 <= current_memberships(code).count() <= 150, code
    # Every member sits in their organisation's current term.
    assert Member.objects.exclude(memberships__term__is_current=True).count() == 0
    prefecture_members = Member.objects.filter(organisation__code="yanbian").count()
    returning = Membership.objects.filter(term__organisation__code="yanbian", term__number=13)
    assert 0.5 <= returning.count() / prefecture_members <= 0.7


@pytest.mark.django_db
def test_member_data_is_plausible(demo_output: str) -> None:
    members = list(Member.objects.all())
    for member in members:
        validate_id_number(member.id_number)
        if member.id_number:
            assert member.id_number[:6] in YANBIAN_AREA_CODES
            assert member.id_number[6:14] == member.birth_date.strftime("%Y%m%d")
            assert (int(member.id_number[16]) % 2 == 1) == (member.sex == "male")
        if member.phone:
            assert len(member.phone) == 11
            assert member.phone[:2] in {"13", "15", "18", "19"}
        assert 1960 <= member.birth_date.year <= 1992
    incomplete = [m for m in members if not m.phone or not m.id_number]
    assert 0.05 <= len(incomplete) / len(members) <= 0.15
    ethnicity = Counter(m.ethnicity for m in members if m.organisation.code == "yanbian")
    total = sum(ethnicity.values())
    assert 0.3 <= ethnicity["朝鲜族"] / total <= 0.5
    assert {"汉族", "满族", "回族"} <= set(ethnicity)
    koreans = [m for m in members if m.ethnicity == "朝鲜族"]
    assert all(m.name_ko for m in koreans)
    assert all(m.name_ko.startswith("리") for m in koreans if m.name.startswith("李"))
    female = sum(m.sex == "female" for m in members) / len(members)
    assert 0.2 <= female <= 0.4


@pytest.mark.django_db
def test_party_sectors_match_affiliation(demo_output: str) -> None:
    party = {"中共": "cpc", "民盟": "cdl", "九三学社": "jiusan", "无党派人士": "non_party"}
    for membership in current_memberships("yanbian").select_related("sector", "member"):
        expected = party.get(membership.sector.name)
        if expected:
            assert membership.member.political_affiliation == expected
    cpc = current_memberships("yanbian").filter(member__political_affiliation="cpc").count()
    assert 0.3 <= cpc / current_memberships("yanbian").count() <= 0.5


@pytest.mark.django_db
def test_leadership_and_committees(demo_output: str) -> None:
    leaders = dict(
        current_memberships("yanbian")
        .exclude(leadership_position="")
        .values_list("member__name", "leadership_position")
    )
    assert leaders["康芳"] == LeadershipPosition.CHAIR
    assert leaders["全京鲁"] == LeadershipPosition.SECRETARY_GENERAL
    vice = {"马云骥", "权贞子", "李东浩", "夏友照", "金璟琳", "李中庆", "权大杰"}
    assert {n for n, p in leaders.items() if p == LeadershipPosition.VICE_CHAIR} == vice
    standing = current_memberships("yanbian").filter(is_standing_committee=True).count()
    assert 0.07 <= standing / current_memberships("yanbian").count() <= 0.15
    seats = CommitteeSeat.objects.filter(membership__term__is_current=True)
    for committee_id in seats.values_list("committee_id", flat=True).distinct():
        positions = Counter(
            seats.filter(committee_id=committee_id).values_list("position", flat=True)
        )
        assert positions[CommitteePosition.DIRECTOR] == 1
        assert 1 <= positions[CommitteePosition.DEPUTY_DIRECTOR] <= 2


@pytest.mark.django_db
@pytest.mark.parametrize(("username", "roles"), EXPECTED_ROLES.items())
def test_accounts_sign_in_with_their_roles(
    demo_output: str, username: str, roles: set[str]
) -> None:
    user = authenticate(username=username, password="ningju-demo")
    assert isinstance(user, User), username
    assert set(user.principal.roles) == roles
    assert not user.must_change_password
    expected_org = "yanji" if username == "county-staff" else "yanbian"
    assert user.organisation is not None
    assert user.organisation.code == expected_org


@pytest.mark.django_db
def test_admins_hold_exactly_one_role(demo_output: str) -> None:
    for username in ("admin", "security", "auditor"):
        user = User.objects.get(username=username)
        assert user.kind == "admin"
        assert RoleGrant.objects.filter(user=user).count() == 1
        assert len(user.principal.roles) == 1
        assert not hasattr(user, "member")


@pytest.mark.django_db
def test_account_details(demo_output: str) -> None:
    chair = User.objects.get(username="chair")
    assert chair.member.name == "康芳"
    assert chair.kind == "member"
    member = User.objects.get(username="member").member
    assert member.ethnicity == "朝鲜族"
    assert member.name_ko
    assert member.phone
    assert member.id_number
    seat = Membership.objects.get(member=member, term__is_current=True)
    assert not seat.is_standing_committee
    assert seat.leadership_position == ""
    member2 = User.objects.get(username="member2").member
    seat2 = Membership.objects.get(member=member2, term__is_current=True)
    shared = set(seat.seats.values_list("committee_id", flat=True)) & set(
        seat2.seats.values_list("committee_id", flat=True)
    )
    assert shared
    assert set(seat.seats.values_list("position", flat=True)) == {CommitteePosition.MEMBER}
    staff = User.objects.get(username="staff").principal
    assert staff.office_kind == "proposal"
    unit = User.objects.get(username="unit").principal
    assert HandlingUnit.objects.get(pk=unit.handling_unit_id).short_name == "州教育局"
    county_staff = User.objects.get(username="county-staff").principal
    assert county_staff.office_kind == "general"


@pytest.mark.django_db
def test_output_and_audit(demo_output: str) -> None:
    for username in EXPECTED_ROLES:
        assert username in demo_output
    assert "ningju-demo" in demo_output
    load = AuditEvent.objects.get(action="demo.load")
    assert load.after["organisations"] == 9
    assert load.after["members"] == Member.objects.count()
    # The 11 sign-in accounts; proposal actors get password-less accounts marked "demo".
    ids = [
        str(pk)
        for pk in User.objects.filter(username__in=EXPECTED_ROLES).values_list("pk", flat=True)
    ]
    named = AuditEvent.objects.filter(action="account.create", object_id__in=ids)
    assert named.count() == len(EXPECTED_ROLES)
    assert audit.verify().ok


@pytest.mark.django_db
def test_running_twice_changes_nothing(demo_output: str) -> None:
    before = (Organisation.objects.count(), Member.objects.count(), User.objects.count())
    out = io.StringIO()
    call_command("demo", stdout=out, proposal_scale=0.1)
    assert "demo data already present" in out.getvalue()
    assert (Organisation.objects.count(), Member.objects.count(), User.objects.count()) == before


def test_refused_unless_allowed(settings: Any) -> None:
    settings.NINGJU_DEMO_ALLOWED = False
    with pytest.raises(CommandError, match="NINGJU_DEMO_ALLOWED"):
        call_command("demo", stdout=io.StringIO(), proposal_scale=0.1)


@pytest.mark.django_db
def test_demo_has_proposals_in_many_states(demo_output: str) -> None:
    from ningju.proposals.models import Proposal

    statuses = set(Proposal.objects.values_list("status", flat=True))
    assert {"draft", "completed", "handling"} <= statuses
    assert Proposal.objects.filter(number__isnull=False).exists()
