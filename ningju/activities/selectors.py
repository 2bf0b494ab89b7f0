"""Reads: what each person may see, and the figures, summed by the database.

Records are read through `visible_to(user)` (own organisation). Members see confirmed
activities and their own records; office staff see every record of the organisation. Totals
count confirmed activities only. The only cross-organisation read is `annual_totals`, which
returns figures for the user's organisation and its descendants (the prefecture sees the
counties' sums, never their records).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from ningju.accounts.choices import Role
from ningju.accounts.models import User
from ningju.core.errors import NotFoundOrForbidden
from ningju.core.scoping import statistics_organisation_ids
from ningju.members.models import Member
from ningju.orgs.models import Organisation
from ningju.textmatch.normalize import search_variants

from .choices import ActivityStatus
from .models import (
    FIGURES,
    Activity,
    Book,
    Brand,
    Campaign,
    CheckIn,
    ReadingGroup,
    ReadingNote,
    StaffStudyCompletion,
    StaffStudyItem,
    StaffTalk,
    StudySession,
)

CONFIRMED = ActivityStatus.CONFIRMED


def _sum(expression: str, *, decimal: bool, filter: Q | None = None) -> Coalesce:
    if decimal:
        return Coalesce(
            Sum(expression, filter=filter),
            Value(Decimal("0")),
            output_field=DecimalField(max_digits=16, decimal_places=2),
        )
    return Coalesce(Sum(expression, filter=filter), Value(0), output_field=IntegerField())


def figure_sums(prefix: str = "", *, filter: Q | None = None) -> dict[str, Any]:
    """Aggregate expressions for the five figures (and the count) of confirmed activities."""
    sums: dict[str, Any] = {
        name: _sum(prefix + name, decimal=name == "value_donated", filter=filter)
        for name in FIGURES
    }
    sums["activity_count"] = Count(prefix + "id" if prefix else "id", filter=filter)
    return sums


# --------------------------------------------------------------------------- activities


def activities_visible_to(user: User) -> QuerySet[Activity]:
    """Staff: every activity of their organisation. Members: confirmed ones and their own."""
    queryset = Activity.objects.visible_to(user)
    principal = user.principal
    if principal.has(Role.OFFICE_STAFF):
        return queryset
    if principal.member_id and principal.has(Role.MEMBER):
        return queryset.filter(Q(status=CONFIRMED) | Q(reported_by_id=principal.member_id))
    return queryset.none()


def activity_get(*, user: User, activity_id: int) -> Activity:
    activity = (
        activities_visible_to(user)
        .select_related("campaign", "brand", "committee", "sector", "reported_by", "confirmed_by")
        .filter(pk=activity_id)
        .first()
    )
    if activity is None:
        raise NotFoundOrForbidden
    return activity


def activity_list(
    *,
    user: User,
    kind: str = "",
    status: str = "",
    campaign_id: int | None = None,
    brand_id: int | None = None,
    year: int | None = None,
    mine: bool = False,
    query: str = "",
) -> QuerySet[Activity]:
    """Filtered activities; `query` matches title, place or report, typed in simplified or
    traditional characters."""
    queryset = activities_visible_to(user).select_related("campaign", "brand")
    if query.strip():
        match = Q()
        for variant in search_variants(query)[:2]:
            match |= (
                Q(title__icontains=variant)
                | Q(place__icontains=variant)
                | Q(report__icontains=variant)
            )
        queryset = queryset.filter(match)
    if kind:
        queryset = queryset.filter(kind=kind)
    if status:
        queryset = queryset.filter(status=status)
    if campaign_id:
        queryset = queryset.filter(campaign_id=campaign_id)
    if brand_id:
        queryset = queryset.filter(brand_id=brand_id)
    if year:
        queryset = queryset.filter(occurred_on__year=year)
    if mine:
        member_id = user.principal.member_id or 0
        queryset = queryset.filter(
            Q(reported_by_id=member_id) | Q(participations__member_id=member_id)
        ).distinct()
    return queryset.annotate(participant_count=Count("participations", distinct=True)).order_by(
        "-occurred_on", "-id"
    )


def activities_to_confirm(*, user: User) -> QuerySet[Activity]:
    if not user.principal.has(Role.OFFICE_STAFF):
        return Activity.objects.none()
    return (
        Activity.objects.visible_to(user)
        .filter(status=ActivityStatus.SUBMITTED)
        .select_related("reported_by", "campaign")
        .order_by("updated_at", "id")
    )


def totals(queryset: QuerySet[Activity]) -> dict[str, Any]:
    """The figures of the confirmed activities in `queryset`, in one query."""
    return queryset.filter(status=CONFIRMED).aggregate(**figure_sums())


# --------------------------------------------------------------------------- campaigns, brands


@dataclass
class Progress:
    name: str
    label: Any
    done: Any
    target: Any
    percent: int


def _figure_labels() -> dict[str, Any]:
    return {name: getattr(Activity._meta.get_field(name), "verbose_name", name) for name in FIGURES}


def _with_sums(queryset: QuerySet[Any]) -> QuerySet[Any]:
    confirmed = Q(activities__status=CONFIRMED)
    return queryset.annotate(
        **{
            f"total_{name}": value
            for name, value in figure_sums("activities__", filter=confirmed).items()
        }
    )


def campaigns_with_totals(*, user: User) -> QuerySet[Campaign]:
    return _with_sums(Campaign.objects.visible_to(user)).order_by("-starts_on", "title", "id")


def campaign_get(*, user: User, campaign_id: int) -> Campaign:
    campaign = campaigns_with_totals(user=user).filter(pk=campaign_id).first()
    if campaign is None:
        raise NotFoundOrForbidden
    return campaign


def campaign_progress(campaign: Campaign) -> list[Progress]:
    """Done against target for each figure with a target (from the annotated totals)."""
    labels = _figure_labels()
    rows = []
    from django.utils.translation import gettext_lazy as _

    pairs = [("activity_count", _("活动场次"), campaign.target_activities)] + [
        (name, labels[name], getattr(campaign, name)) for name in FIGURES
    ]
    for name, label, target in pairs:
        if not target:
            continue
        done = getattr(campaign, f"total_{name}", 0) or 0
        percent = min(100, int(Decimal(done) * 100 / Decimal(target)))
        rows.append(Progress(name, label, done, target, percent))
    return rows


def brands_with_totals(*, user: User) -> QuerySet[Brand]:
    return _with_sums(Brand.objects.visible_to(user).select_related("committee")).order_by(
        "name", "id"
    )


def brand_get(*, user: User, brand_id: int) -> Brand:
    brand = brands_with_totals(user=user).filter(pk=brand_id).first()
    if brand is None:
        raise NotFoundOrForbidden
    return brand


@dataclass
class AnnualTotals:
    year: int
    own: dict[str, Any]
    combined: dict[str, Any]
    by_organisation: list[dict[str, Any]] = field(default_factory=list)


def annual_totals(*, user: User, year: int) -> AnnualTotals:
    """This year's figures for the user's organisation, each descendant organisation, and all
    together (the prefecture's figure including the counties). Three queries at most: the
    tree walk, one grouped aggregate and the organisations' names."""
    own_id = user.principal.organisation_id
    ids = statistics_organisation_ids(user)
    rows = list(
        Activity.objects.filter(organisation_id__in=ids, status=CONFIRMED, occurred_on__year=year)
        .values("organisation_id")
        .annotate(**figure_sums())
        .order_by("organisation_id")
    )
    zero: dict[str, Any] = dict.fromkeys(FIGURES, 0) | {"value_donated": Decimal("0")}
    zero["activity_count"] = 0
    by_id = {row["organisation_id"]: row for row in rows}
    names = dict(Organisation.objects.filter(id__in=ids).values_list("id", "name"))
    by_organisation = [
        {"organisation_id": oid, "name": names.get(oid, ""), **(zero | by_id.get(oid, {}))}
        for oid in sorted(ids, key=lambda i: (i != own_id, names.get(i, "")))
    ]
    combined = {name: sum((row[name] for row in by_organisation), zero[name]) for name in zero}
    own = next((row for row in by_organisation if row["organisation_id"] == own_id), zero)
    return AnnualTotals(year=year, own=own, combined=combined, by_organisation=by_organisation)


# --------------------------------------------------------------------------- study


def study_sessions(*, user: User, kind: str = "") -> QuerySet[StudySession]:
    queryset = StudySession.objects.visible_to(user)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.annotate(
        attendee_count=Count("attendees", distinct=True),
        note_count=Count("notes", distinct=True),
    ).order_by("-held_on", "-id")


def study_session_get(*, user: User, session_id: int) -> StudySession:
    session = StudySession.objects.visible_to(user).filter(pk=session_id).first()
    if session is None:
        raise NotFoundOrForbidden
    return session


def study_counts_by_kind(*, user: User, year: int) -> dict[str, int]:
    return dict(
        StudySession.objects.visible_to(user)
        .filter(held_on__year=year)
        .values("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )


def organisation_members(*, user: User) -> QuerySet[Member]:
    """Members of the user's organisation with a current seat, for participant choices."""
    return (
        Member.objects.filter(
            organisation_id=user.principal.org,
            memberships__term__is_current=True,
            memberships__status="active",
        )
        .distinct()
        .order_by("name_sort_key", "id")
    )


# --------------------------------------------------------------------------- reading


@dataclass
class ReadingSummary:
    member_id: int
    checkins: int
    pages: int
    minutes: int
    books: int
    notes: int
    recent: list[CheckIn]

    @property
    def hours(self) -> str:
        return f"{self.minutes / 60:.1f}"


def reading_summary_for_member(*, member: Member, recent: int = 5) -> ReadingSummary:
    """A member's 书香政协 reading: totals and their latest check-ins (three queries).

    For the member's profile page (include `activities/_member_reading.html` with
    `reading=` this summary) and their own 我的读书 page. The caller has already decided
    that the viewer may see this member.
    """
    checkins = CheckIn.objects.filter(member=member, organisation_id=member.organisation_id)
    figures = checkins.aggregate(
        checkins=Count("id"),
        pages=Coalesce(Sum("pages"), 0),
        minutes=Coalesce(Sum("minutes"), 0),
        books=Count("book", distinct=True),
    )
    notes = ReadingNote.objects.filter(
        member=member, organisation_id=member.organisation_id
    ).count()
    latest = list(checkins.select_related("book")[:recent])
    return ReadingSummary(member_id=member.pk, notes=notes, recent=latest, **figures)


def books_visible_to(*, user: User) -> QuerySet[Book]:
    return (
        Book.objects.visible_to(user)
        .annotate(
            reader_count=Count("checkins__member", distinct=True),
            checkin_count=Count("checkins", distinct=True),
        )
        .order_by("title", "id")
    )


def book_get(*, user: User, book_id: int) -> Book:
    book = Book.objects.visible_to(user).filter(pk=book_id).first()
    if book is None:
        raise NotFoundOrForbidden
    return book


def my_checkins(*, user: User) -> QuerySet[CheckIn]:
    return (
        CheckIn.objects.visible_to(user)
        .filter(member_id=user.principal.member_id or 0)
        .select_related("book")
    )


def my_reading_notes(*, user: User) -> QuerySet[ReadingNote]:
    return (
        ReadingNote.objects.visible_to(user)
        .filter(member_id=user.principal.member_id or 0)
        .select_related("book")
    )


def reading_groups(*, user: User) -> QuerySet[ReadingGroup]:
    return (
        ReadingGroup.objects.visible_to(user)
        .annotate(member_count=Count("members", distinct=True))
        .order_by("name", "id")
    )


def reading_group_get(*, user: User, group_id: int) -> ReadingGroup:
    group = ReadingGroup.objects.visible_to(user).filter(pk=group_id).first()
    if group is None:
        raise NotFoundOrForbidden
    return group


def group_member_reading(group: ReadingGroup) -> list[dict[str, Any]]:
    """Each group member with their check-in totals (two queries)."""
    members = list(group.members.order_by("name_sort_key", "id"))
    figures = {
        row["member_id"]: row
        for row in CheckIn.objects.filter(
            organisation_id=group.organisation_id, member__in=[m.pk for m in members]
        )
        .values("member_id")
        .annotate(checkins=Count("id"), pages=Sum("pages"), minutes=Sum("minutes"))
        .order_by("member_id")
    }
    empty = {"checkins": 0, "pages": 0, "minutes": 0}
    return [{"member": m, **empty, **figures.get(m.pk, {})} for m in members]


# --------------------------------------------------------------------------- staff study


def staff_of_organisation(*, user: User) -> QuerySet[User]:
    organisation_id = user.principal.org
    return (
        User.objects.filter(
            organisation_id=organisation_id,
            is_active=True,
            role_grants__role=Role.OFFICE_STAFF,
            role_grants__organisation_id=organisation_id,
        )
        .distinct()
        .order_by("display_name", "id")
    )


def staff_calendar(*, user: User, year: int) -> QuerySet[StaffStudyItem]:
    me = user.pk
    return (
        StaffStudyItem.objects.visible_to(user)
        .filter(planned_on__year=year)
        .annotate(
            done_count=Count("completed_by", distinct=True),
            done_by_me=Count("completed_by", filter=Q(completed_by__id=me), distinct=True),
        )
        .order_by("planned_on", "id")
    )


def staff_completion(*, user: User, year: int) -> list[dict[str, Any]]:
    """Per staff member: items done of items planned this year (two queries)."""
    organisation_id = user.principal.org
    planned = StaffStudyItem.objects.filter(
        organisation_id=organisation_id, planned_on__year=year
    ).count()
    rows = list(staff_of_organisation(user=user))
    done_by_user = dict(
        StaffStudyCompletion.objects.filter(
            item__organisation_id=organisation_id, item__planned_on__year=year
        )
        .values("user_id")
        .annotate(n=Count("id"))
        .values_list("user_id", "n")
    )
    return [
        {
            "user": staff,
            "done": done_by_user.get(staff.pk, 0),
            "planned": planned,
            "percent": int(done_by_user.get(staff.pk, 0) * 100 / planned) if planned else 0,
        }
        for staff in rows
    ]


def staff_talks(*, user: User) -> QuerySet[StaffTalk]:
    return StaffTalk.objects.visible_to(user).select_related("speaker")


def staff_talk_get(*, user: User, talk_id: int) -> StaffTalk:
    talk = StaffTalk.objects.visible_to(user).filter(pk=talk_id).first()
    if talk is None:
        raise NotFoundOrForbidden
    return talk


def this_year() -> int:
    return timezone.localdate().year


def today() -> date:
    return timezone.localdate()
