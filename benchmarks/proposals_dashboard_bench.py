"""Benchmark of the proposal statistics (selectors and the rendered dashboard) at 100k proposals.

    .venv/bin/python benchmarks/proposals_dashboard_bench.py             # 100k over 20 years
    .venv/bin/python benchmarks/proposals_dashboard_bench.py --years 1   # all 100k in 2026
    .venv/bin/python benchmarks/proposals_dashboard_bench.py --proposals 20000 --runs 5
    .venv/bin/python benchmarks/proposals_dashboard_bench.py --reuse     # keep the database
    createdb -h 127.0.0.1 -U postgres ningju_bench && \\
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ningju_bench \\
        .venv/bin/python benchmarks/proposals_dashboard_bench.py        # on PostgreSQL

What it does:

1. builds a throwaway database (by default the SQLite file
   /tmp/ningju-proposals-bench-<years>y.sqlite3, or DATABASE_URL; never the development
   database), migrates it and creates the usual test world (tests/factories.proposal_world:
   the prefecture, a county, the office, two handling units) through the services;
2. bulk-inserts ``--proposals`` proposals of the prefecture straight into the tables
   (``populate``: proposers, assignments, approved replies, feedback, in a realistic mix of
   statuses; seeded RNG), spread evenly over ``--years`` years ending in 2026, one session a
   year; plus 2% as many for the county in 2026, and a 300-proposal session in 2025;
3. times ``statistics.proposal_figures`` (the selectors), the rendered dashboard page
   (Django test client, signed in as the proposal office), the .xlsx export and the 提案汇编
   of a 300-proposal session, ``--runs`` times each after one warm-up, and counts queries.

Not part of the test suite. Numbers go to docs/benchmarks.md. ``populate`` is also used by
tests/test_proposal_statistics.py to pin the query count on a bigger dataset.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics as stats
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = "/tmp/ningju-proposals-bench-{years}y.sqlite3"  # noqa: S108 - throwaway file
BATCH = 5000


def populate(
    *,
    organisation: Any,
    session: Any,
    units: list[Any],
    members: list[Any],
    created_by: Any,
    count: int,
    year: int = 2026,
    seed: int = 14,
    first_number: int = 1,
) -> dict[str, int]:
    """Insert `count` submitted proposals of `organisation` (bulk_create, no services), with
    proposers, assignments, approved replies and feedback in a realistic mix of statuses.
    Returns the number of rows written per table."""
    from django.utils import timezone

    from ningju.proposals.choices import (
        AssignmentRole,
        AssignmentStatus,
        Conversion,
        CosignStatus,
        Period,
        ProposerRole,
        ProposerType,
        ReplyStatus,
        Satisfaction,
        Status,
    )
    from ningju.proposals.models import (
        Assignment,
        Category,
        Feedback,
        Proposal,
        Proposer,
        RefusalReason,
        Reply,
        ResultCategory,
    )

    rng = random.Random(seed)
    leaves = list(Category.objects.filter(organisation=organisation, parent__isnull=False))
    results = list(ResultCategory.objects.filter(organisation=organisation))
    reason = RefusalReason.objects.filter(organisation=organisation).first()
    start = timezone.make_aware(datetime(year, 1, 5, 9))  # noqa: DTZ001 - made aware here
    statuses = [
        (Status.NOT_REGISTERED, 8),
        (Status.RETURNED, 2),
        (Status.WITHDRAWN, 2),
        (Status.SUBMITTED, 2),
        (Status.MERGED, 2),
        (Status.REGISTERED, 6),
        (Status.HANDLING, 22),
        (Status.REPLIED, 14),
        (Status.REHANDLING, 4),
        (Status.COMPLETED, 38),
    ]
    population = [s for s, _w in statuses]
    weights = [w for _s, w in statuses]
    types = [
        ProposerType.INDIVIDUAL,
        ProposerType.INDIVIDUAL,
        ProposerType.JOINT,
        ProposerType.PARTY_ORG,
        ProposerType.SECTOR_GROUP,
    ]
    rows = {"proposals": 0, "proposers": 0, "assignments": 0, "replies": 0, "feedback": 0}
    number = first_number
    last_lead: Proposal | None = None
    for batch_start in range(0, count, BATCH):
        size = min(BATCH, count - batch_start)
        proposals: list[Proposal] = []
        plans: list[str] = []
        for _i in range(size):
            status = rng.choices(population, weights)[0]
            submitted = start + timedelta(days=rng.randint(0, 300), minutes=rng.randint(0, 600))
            registered = status in (
                Status.MERGED,
                Status.REGISTERED,
                Status.HANDLING,
                Status.REPLIED,
                Status.REHANDLING,
                Status.COMPLETED,
            )
            merged = status == Status.MERGED and last_lead is not None
            if status == Status.MERGED and not merged:
                status = Status.REGISTERED
            p = Proposal(
                organisation=organisation,
                session=session,
                period=Period.PLENARY if submitted.month <= 2 else Period.INTERIM,
                proposer_type=rng.choice(types),
                title=f"关于第{batch_start + _i}项工作的建议",
                situation="情况" * 20,
                analysis="分析" * 20,
                suggestions="建议" * 20,
                category=rng.choice(leaves),
                status=status,
                created_by=created_by,
                submitted_at=submitted,
                registered_at=submitted + timedelta(days=5) if registered else None,
                review_level=2,
                is_key=registered and rng.random() < 0.04,
                is_excellent=status == Status.COMPLETED and rng.random() < 0.01,
                handling_round=2 if status == Status.REHANDLING else 1,
                merged_into=last_lead if merged else None,
            )
            if registered and not merged:
                p.number = number
                p.numbering_stream = "all"
                number += 1
            if status == Status.NOT_REGISTERED:
                p.refusal_reason = reason
                p.conversion = rng.choice(Conversion.values)
            proposals.append(p)
            plans.append(status)
        Proposal.objects.bulk_create(proposals, batch_size=1000)
        # The next batch may merge into a lead of this one.
        last_lead = next((p for p in reversed(proposals) if p.number), last_lead)
        rows["proposals"] += len(proposals)

        proposers: list[Proposer] = []
        assignments: list[Assignment] = []
        for p in proposals:
            chosen = rng.sample(
                members, k=min(len(members), 2 if p.proposer_type == "joint" else 1)
            )
            for position, member in enumerate(chosen):
                proposers.append(
                    Proposer(
                        proposal=p,
                        member=member,
                        role=ProposerRole.FIRST if position == 0 else ProposerRole.COSIGNER,
                        status=CosignStatus.CONFIRMED,
                        position=position,
                    )
                )
            if p.status in (Status.HANDLING, Status.REPLIED, Status.REHANDLING, Status.COMPLETED):
                assigned = (p.registered_at or p.submitted_at) + timedelta(days=7)
                separate = rng.random() < 0.1 and len(units) > 1
                picked = (
                    rng.sample(units, k=2)
                    if separate or (len(units) > 1 and rng.random() < 0.3)
                    else [rng.choice(units)]
                )
                rounds = [1, 2] if p.status == Status.REHANDLING else [1]
                for rnd in rounds:
                    for index, unit in enumerate(picked):
                        role = (
                            AssignmentRole.SEPARATE
                            if separate
                            else (AssignmentRole.LEAD if index == 0 else AssignmentRole.CO)
                        )
                        open_round = p.status == Status.HANDLING or (
                            p.status == Status.REHANDLING and rnd == 2
                        )
                        at = assigned + timedelta(days=90 * (rnd - 1))
                        meeting = rng.random() < 0.6 and role != AssignmentRole.CO
                        assignments.append(
                            Assignment(
                                proposal=p,
                                unit=unit,
                                role=role,
                                round=rnd,
                                status=AssignmentStatus.HANDLING
                                if open_round
                                else AssignmentStatus.REPLIED,
                                assigned_at=at,
                                due_on=timezone.localdate(at)
                                + timedelta(days=90 if rnd == 1 else 30),
                                meeting_form="visit" if meeting else "",
                                meeting_on=timezone.localdate(at) + timedelta(days=10)
                                if meeting
                                else None,
                            )
                        )
        Proposer.objects.bulk_create(proposers, batch_size=1000)
        Assignment.objects.bulk_create(assignments, batch_size=1000)
        rows["proposers"] += len(proposers)
        rows["assignments"] += len(assignments)

        replies: list[Reply] = []
        for a in assignments:
            if a.status != AssignmentStatus.REPLIED or a.role == AssignmentRole.CO:
                continue
            signed = a.assigned_at + timedelta(days=rng.randint(20, 120), hours=3)
            replies.append(
                Reply(
                    assignment=a,
                    body="经研究，现答复如下。" * 10,
                    result_category=rng.choices(results, [30, 55, 15][: len(results)])[0],
                    status=ReplyStatus.APPROVED,
                    drafted_by=created_by,
                    signed_by=created_by,
                    signed_at=signed,
                    reviewed_by=created_by,
                    reviewed_at=signed + timedelta(days=2),
                    contact_name="张明",
                    contact_phone="0433-2512345",
                )
            )
        Reply.objects.bulk_create(replies, batch_size=1000)
        rows["replies"] += len(replies)

        feedback: list[Feedback] = []
        first_of = {pr.proposal_id: pr.member for pr in proposers if pr.role == ProposerRole.FIRST}
        for p in proposals:
            rated = p.status in (Status.COMPLETED, Status.REHANDLING) or (
                p.status == Status.REPLIED and rng.random() < 0.3
            )
            if not rated or (p.status == Status.COMPLETED and rng.random() < 0.05):
                continue  # 5% of completed closed without feedback (未反馈)
            result = (
                Satisfaction.UNSATISFIED
                if p.status == Status.REHANDLING
                else rng.choices(Satisfaction.values, [80, 18, 2])[0]
            )
            feedback.append(
                Feedback(
                    proposal=p,
                    member=first_of[p.pk],
                    round=1,
                    attitude=rng.choices(Satisfaction.values, [85, 14, 1])[0],
                    result=result,
                    recorded_by=created_by,
                )
            )
        Feedback.objects.bulk_create(feedback, batch_size=1000)
        rows["feedback"] += len(feedback)
    return rows


# --------------------------------------------------------------------------- the benchmark


def _setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ningju.settings.test")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _timed(label: str, runs: int, fn: Any) -> dict[str, float]:
    """Wall and CPU milliseconds of `runs` calls after a warm-up. SQLite runs inside this
    process, so CPU time includes the database's work; on a shared machine it is the steadier
    figure."""
    fn()  # warm-up (and, for pages, the first template compile)
    wall, cpu = [], []
    for _i in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    result = {
        "wall_min": min(wall),
        "wall_median": stats.median(wall),
        "wall_max": max(wall),
        "cpu_median": stats.median(cpu),
    }
    print(
        f"{label:<38} wall min {result['wall_min']:7.0f}  median {result['wall_median']:7.0f}  "
        f"max {result['wall_max']:7.0f} ms | CPU median {result['cpu_median']:7.0f} ms "
        f"({runs} runs; load {os.getloadavg()[0]:.1f})"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--proposals", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument(
        "--years",
        type=int,
        default=20,
        help="spread the proposals over this many years ending in 2026 (1: all in 2026)",
    )
    parser.add_argument("--reuse", action="store_true", help="keep an existing benchmark database")
    args = parser.parse_args()

    db_file = DEFAULT_DB.format(years=args.years)
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{db_file}"
    if database_url.startswith("sqlite") and not args.reuse:
        Path(db_file).unlink(missing_ok=True)
    _setup_django(database_url)

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from ningju.accounts.models import User
    from ningju.members.models import Member
    from ningju.orgs.models import Session
    from ningju.proposals import statistics
    from ningju.proposals.models import Proposal
    from tests import factories

    print(f"database: {connection.vendor} {database_url}")
    call_command("migrate", verbosity=0, interactive=False)
    if not (args.reuse and User.objects.filter(username="staff").exists()):
        started = time.perf_counter()
        w = factories.proposal_world()
        members = list(Member.objects.filter(organisation=w.prefecture))
        member_user = w["member"]
        from ningju.orgs.models import Term

        past_term = Term.objects.get(organisation=w.prefecture, number=13)
        written: dict[str, int] = {}
        years = list(range(2027 - args.years, 2027))
        for index, year in enumerate(years):
            session = w.session
            if year != 2026:
                session = Session.objects.create(
                    term=past_term,
                    number=year - 2000,
                    opens_on=date(year, 1, 10),
                    closes_on=date(year, 1, 14),
                )
            count = args.proposals // len(years)
            if index == len(years) - 1:
                count = args.proposals - count * (len(years) - 1)
            rows = populate(
                organisation=w.prefecture,
                session=session,
                units=w.units,
                members=members,
                created_by=member_user,
                count=count,
                year=year,
                seed=year,
            )
            for table, n in rows.items():
                written[table] = written.get(table, 0) + n
        county_session = Session.objects.get(term__organisation=w.county)
        from ningju.orgs.models import HandlingUnit

        populate(
            organisation=w.county,
            session=county_session,
            units=list(HandlingUnit.objects.filter(organisation=w.county)),
            members=list(Member.objects.filter(organisation=w.county)),
            created_by=w["county_member"],
            count=max(1, args.proposals // 50),
            seed=15,
        )
        # A separate session of 300 proposals for the 提案汇编.
        term = Term.objects.get(organisation=w.prefecture, is_current=True)
        small = Session.objects.create(
            term=term, number=4, opens_on=date(2025, 1, 10), closes_on=date(2025, 1, 14)
        )
        populate(
            organisation=w.prefecture,
            session=small,
            units=w.units,
            members=members,
            created_by=member_user,
            count=300,
            year=2025,
            seed=16,
        )
        # Planner statistics, as autovacuum (PostgreSQL) or `ningju dbshell` would gather them.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"populated in {time.perf_counter() - started:.1f} s: {written}")
    total = Proposal.objects.count()
    print(f"proposals in the database: {total}")

    staff = User.objects.get(username="staff")
    period = statistics.StatsPeriod(year=2026)
    small = Session.objects.get(term__organisation=staff.organisation, number=4)

    def selectors() -> None:
        staff.forget_principal()
        statistics.proposal_figures(user=staff, period=period)

    client = Client()
    client.force_login(staff)

    def page() -> None:
        response = client.get("/proposals/statistics/?year=2026")
        assert response.status_code == 200, response.status_code

    def xlsx() -> None:
        response = client.get("/proposals/statistics.xlsx?year=2026")
        assert response.status_code == 200, response.status_code

    def volume() -> None:
        response = client.get(f"/proposals/compilation.docx?session={small.pk}")
        assert response.status_code == 200, response.status_code

    page()  # the first request after signing in also writes the idle stamp to the session
    with CaptureQueriesContext(connection) as ctx:
        page()
    chair = Client()
    chair.force_login(User.objects.get(username="chair"))
    chair.get("/proposals/statistics/?year=2026")
    with CaptureQueriesContext(connection) as chair_ctx:
        chair.get("/proposals/statistics/?year=2026")
    figures = statistics.proposal_figures(user=staff, period=period)
    print(
        f"dashboard queries: office {len(ctx)}, chair {len(chair_ctx)}; "
        f"2026: received {figures.received}, "
        f"registered {figures.registered}, replied {figures.replied}, "
        f"units {figures.unit_count}, counties {[c.received for c in figures.counties]}"
    )
    print(f"now: {timezone.now():%Y-%m-%d %H:%M}, cpus: {os.cpu_count()}")
    _timed("statistics.proposal_figures", args.runs, selectors)
    _timed("GET /proposals/statistics/", args.runs, page)
    _timed("GET /proposals/statistics.xlsx", max(3, args.runs // 2), xlsx)
    _timed("GET /proposals/compilation.docx (300)", 3, volume)


if __name__ == "__main__":
    main()
