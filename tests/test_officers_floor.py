"""The privacy floor under attack: every figure an officer can get (organisation report, one
cohort's report, `my_reports`, the CSV, the weekly digest and its chart) rests on at least
MIN_GROUP_SIZE members who took part, and no difference or sum of those figures isolates fewer.

The fixture is a model (who is in which cohort, who started, who did what); the database is
built from it, and the expected figures and the people behind them are computed from the model,
never from the code under test."""

from __future__ import annotations

import base64
import codecs
import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import combinations

import numpy as np
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.model import Curriculum
from bot.core.officers.digest import plan_digests
from bot.core.officers.floor import Floor
from bot.core.officers.report_sheet import report_table
from bot.core.officers.reports import (
    CohortReport,
    cohort_report,
    my_reports,
    organisation_report,
)
from bot.core.officers.roles import Scope, visible
from bot.core.officers.spreadsheet import Table, as_csv, as_json, as_xlsx
from bot.core.ports import WeekChart
from bot.storage import roster
from bot.storage.db import transaction
from bot.storage.models import (
    Cohort,
    Feedback,
    Learner,
    LessonDelivery,
    Membership,
    Nudge,
    Outbox,
    QuizAttempt,
)
from tests.officers_helpers import NOW, add_cohort, scope

K = 5
MONDAY = NOW + timedelta(days=6)  # Monday 7 December 2026, 09:05 in Tokyo: digest time
Atom = tuple[str, ...]  # (person,) or (person, "before") or (person, "week", track)
Row = dict[Atom, int]


@dataclass
class Person:
    """One learner in the model: memberships and what they did."""

    key: str
    roles: dict[str, str]  # cohort slug -> role
    started: bool = True
    active: bool = True  # active in the last 7 days
    paused: bool = False
    nudged: bool = False
    before: int = 0  # lessons (the first one) completed 10 days ago and earlier
    week: tuple[int, ...] = ()  # lesson indexes completed this week, one a day from yesterday
    right: bool = True
    thumbs: tuple[int, ...] = ()  # lesson ratings (+1 / -1), on different lessons
    pulses: tuple[int, ...] = ()  # 1–5 satisfaction ratings
    checked: int = 0  # AI answers checked
    claims: int = 0  # claims of those checklists marked (checked, wrong or unsure)


@dataclass
class Model:
    """The organisation as the test knows it."""

    orgs: dict[str, str]  # cohort -> organisation
    people: list[Person]
    curriculum: Curriculum
    ids: dict[str, int] = field(default_factory=dict)  # person -> learner id

    def members(self, cohort: str) -> list[Person]:
        """Members (not officers) of a cohort."""
        return [p for p in self.people if p.roles.get(cohort) == "member"]

    def started(self, cohort: str) -> list[Person]:
        return [p for p in self.members(cohort) if p.started]

    def track(self, lesson: int) -> str:
        return self.curriculum.lessons[lesson].meta.track

    def lesson_atoms(self, p: Person, week_only: bool, track: str | None = None) -> Row:
        """A person's lessons by part: earlier ones, and this week's by track."""
        row: Row = {}
        if p.before and not week_only and track is None:
            row[(p.key, "before")] = p.before
        for lesson in p.week:
            t = self.track(lesson)
            if track is None or t == track:
                row[(p.key, "week", t)] = row.get((p.key, "week", t), 0) + 1
        return row

    def answers(self, p: Person) -> Iterator[tuple[str, int, bool, int]]:
        """(track, items, right, days ago) for each lesson the person completed."""
        for n in range(p.before):
            yield self.track(0), len(self.curriculum.lessons[0].meta.items), p.right, 10 + n
        for n, lesson in enumerate(p.week):
            items = len(self.curriculum.lessons[lesson].meta.items)
            yield self.track(lesson), items, p.right, 1 + n


@dataclass(frozen=True)
class Figure:
    """One figure shown, as a sum over atoms (who stands behind it, with what weight)."""

    family: str
    row: Row
    where: str


def person(atom: Atom) -> str:
    return atom[0]


# ------------------------------------------------------------------ the model, in the database


async def build(sessions: async_sessionmaker[AsyncSession], model: Model) -> dict[str, int]:
    """Write the model to the database; return cohort ids."""
    cohorts = {slug: await add_cohort(sessions, org, slug) for slug, org in model.orgs.items()}
    async with transaction(sessions) as session:
        for p in model.people:
            org_cohort = await session.get(Cohort, cohorts[next(iter(p.roles))])
            assert org_cohort is not None
            learner = Learner(
                platform="slack",
                workspace="T0TEST",
                platform_user_id=p.key.upper(),
                organisation_id=org_cohort.organisation_id,
                locale="en",
                status=("paused" if p.paused else "active") if p.started else "new",
                consent_at=NOW if p.started else None,
                last_active_at=(
                    (MONDAY - timedelta(days=1) if p.active else MONDAY - timedelta(days=20))
                    if p.started
                    else None
                ),
                created_at=NOW - timedelta(days=30),
                answers_checked=p.checked,
                **{key: count(p) for key, count in MARKS.items()},
            )
            session.add(learner)
            await session.flush()
            model.ids[p.key] = learner.id
            for slug, role in p.roles.items():
                session.add(Membership(learner_id=learner.id, cohort_id=cohorts[slug], role=role))
            lessons = [(0, 10 + n) for n in range(p.before)]
            lessons += [(lesson, 1 + n) for n, lesson in enumerate(p.week)]
            for index, days in lessons:
                await complete(session, model.curriculum, learner.id, index, days, p.right)
            for n, rating in enumerate(p.thumbs):
                lesson_id = model.curriculum.lessons[n].id
                session.add(feedback(learner.id, "lesson", lesson_id, rating))
            for n, rating in enumerate(p.pulses):
                session.add(feedback(learner.id, "pulse", f"pulse-{n}", rating))
            if p.nudged:
                when = MONDAY - timedelta(days=2)
                session.add(Nudge(learner_id=learner.id, step=1, local_date=when, sent_at=when))
    return cohorts


def feedback(learner_id: int, kind: str, target: str, rating: int) -> Feedback:
    return Feedback(
        learner_id=learner_id,
        target_kind=kind,
        target_id=target,
        rating=rating,
        created_at=MONDAY - timedelta(days=1),
    )


async def complete(
    session: AsyncSession,
    curriculum: Curriculum,
    learner_id: int,
    index: int,
    days_ago: int,
    right: bool,
) -> None:
    """The learner completed a lesson `days_ago` days before Monday, every answer right or not."""
    lesson = curriculum.lessons[index]
    when = MONDAY - timedelta(days=days_ago)
    delivery = LessonDelivery(
        learner_id=learner_id,
        lesson_id=lesson.id,
        local_date=when.date(),
        kind="lesson",
        state="completed",
        created_at=when,
        completed_at=when,
    )
    session.add(delivery)
    await session.flush()
    for item in lesson.meta.items:
        session.add(
            QuizAttempt(
                learner_id=learner_id,
                delivery_id=delivery.id,
                item_id=item.id,
                choice=item.answer_key() if right else "zzz",
                correct=right,
                answered_at=when,
            )
        )


# ------------------------------------------------------------------ expected figures


def expected(model: Model, family: str, cohorts: Iterable[str]) -> tuple[Row, float] | None:
    """The row (who, with what weight) and value of a figure over cohorts, from the model.

    Sums over several cohorts count a member once per cohort, as adding reports does; the
    chart's days count distinct people. Ratios exist per cohort only.
    """
    cohorts = list(cohorts)
    row: Row = {}
    value = 0.0
    if family in ("active", "paused", "nudged"):
        for c in cohorts:
            for p in model.started(c):
                row[(p.key,)] = row.get((p.key,), 0) + 1
                value += bool(getattr(p, family))
        return row, value
    if family.startswith("lessons"):
        week_only = family != "lessons"
        track = None if family in ("lessons", "lessons:week") else family.split(":", 1)[1]
        for c in cohorts:
            for p in model.members(c):
                for atom, n in model.lesson_atoms(p, week_only, track).items():
                    row[atom] = row.get(atom, 0) + 1
                    value += n
        return row, value
    if family.startswith("day:"):
        day = date.fromisoformat(family[4:])
        people = {
            p.key
            for c in cohorts
            for p in model.members(c)
            for _, _, _, days in model.answers(p)
            if (MONDAY - timedelta(days=days)).date() == day
        }
        return {(k,): 1 for k in people}, float(len(people))
    [c] = cohorts
    if family.startswith("acc:"):
        track = family[4:]
        right = total = 0
        for p in model.members(c):
            for t, items, ok, _ in model.answers(p):
                if t == track:
                    row[(p.key,)] = 1
                    total += items
                    right += items if ok else 0
        return (row, round(100 * right / total)) if total else None
    if family == "lesson_up":
        ratings = [(p.key, r) for p in model.members(c) for r in p.thumbs]
        row = {(k,): 1 for k, _ in ratings}
        ups = sum(1 for _, r in ratings if r > 0)
        return (row, round(100 * ups / len(ratings))) if ratings else None
    if family == "satisfaction":
        pulses = [(p.key, r) for p in model.members(c) for r in p.pulses]
        row = {(k,): 1 for k, _ in pulses}
        return (row, round(sum(r for _, r in pulses) / len(pulses), 1)) if pulses else None
    if family in MARKS:  # shown as all three or none, so a kind marked by nobody shows 0
        who = [p for p in model.members(c) if MARKS[family](p)]
        return {(p.key,): 1 for p in who}, float(sum(MARKS[family](p) for p in who))
    if family in CHECKING:
        attr = "claims" if family == "claims_marked" else "checked"
        who = [p for p in model.members(c) if getattr(p, attr)]
        row = {(p.key,): 1 for p in who}
        total = len(who) if family == "checkers" else sum(getattr(p, attr) for p in who)
        return (row, total) if who else None
    raise AssertionError(family)


CHECKING = ("checkers", "answers_checked", "claims_marked")
# The claims a member marked, by kind, as `build` stores them: from two claims on, one wrong;
# from three on, one unsure too.
MARKS: dict[str, Callable[[Person], int]] = {
    "claims_checked": lambda p: p.claims - min(p.claims // 2, 1) - min(p.claims // 3, 1),
    "claims_wrong": lambda p: min(p.claims // 2, 1),
    "claims_unsure": lambda p: min(p.claims // 3, 1),
}


def explain(model: Model, shown: dict[str, float], cohorts: list[str], where: str) -> list[Figure]:
    """Find the one set of cohorts whose figures add up to everything shown together."""
    found = []
    for n in range(1, len(cohorts) + 1):
        for subset in combinations(cohorts, n):
            rows = {f: expected(model, f, subset) for f in shown}
            if all(r is not None and r[1] == shown[f] for f, r in rows.items()):
                found.append([Figure(f, r[0], where) for f, r in rows.items() if r])
    distinct = {tuple(tuple(sorted(f.row.items())) for f in figures) for figures in found}
    assert found, f"{where}: {shown} is not a sum of any cohorts' members' records"
    assert len(distinct) == 1, f"{where}: ambiguous fixture, {shown} fits several cohort sets"
    return found[0]


REPORT_FIELDS = {
    "active_7d": "active",
    "paused": "paused",
    "nudged_7d": "nudged",
    "lessons_completed": "lessons",
    "lessons_7d": "lessons:week",
    "lesson_thumbs_up": "lesson_up",
    "satisfaction": "satisfaction",
    "checkers": "checkers",
    "answers_checked": "answers_checked",
    "claims_marked": "claims_marked",
    "claims_checked": "claims_checked",
    "claims_wrong": "claims_wrong",
    "claims_unsure": "claims_unsure",
}


def report_figures(model: Model, reports: list[CohortReport], where: str) -> list[Figure]:
    """Each figure a list of reports shows, checked against the model's value."""
    figures = []
    for r in reports:
        assert r.enrolled == len(model.members(r.cohort)), f"{where}: {r.cohort} enrolled"
        shown: dict[str, float] = {
            family: float(value)
            for name, family in REPORT_FIELDS.items()
            if (value := getattr(r, name, None)) is not None
        }
        shown |= {f"acc:{t}": float(v) for t, v in r.accuracy.items() if v is not None}
        assert r.gain is None and r.answer_thumbs_up is None  # nobody took tests or rated answers
        for family, value in shown.items():
            found = expected(model, family, [r.cohort])
            assert found is not None and found[1] == value, (
                f"{where}: {r.cohort} {family} shows {value}, its members' records give {found}"
            )
            figures.append(Figure(family, found[0], f"{where}:{r.cohort}"))
    return figures


def file_rows(table: Table) -> dict[str, list[dict[str, object]]]:
    """The report file in each format, read back as rows keyed by column key."""
    keys = [c.key for c in table.columns]
    found = {"json": json.loads(as_json(table))}
    text = as_csv(table)
    assert text.startswith(codecs.BOM_UTF8)
    lines = list(csv.reader(io.StringIO(text[3:].decode("utf-8"), newline="")))
    assert lines[0] == [c.label for c in table.columns]
    found["csv"] = [dict(zip(keys, line, strict=True)) for line in lines[1:]]
    book = load_workbook(io.BytesIO(as_xlsx(table)), read_only=True)
    sheet = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    found["xlsx"] = [dict(zip(keys, line, strict=True)) for line in sheet[1:]]
    return found


CHECK_KEYS = ("checkers", "answers_checked", "claims_")


def file_figures(model: Model, table: Table, curriculum: Curriculum) -> list[Figure]:
    """The figures of the report file (CSV, JSON and .xlsx): each cohort's row as a report, and
    each organisation's total row explained as a sum over cohorts."""
    figures = []
    for kind, rows in file_rows(table).items():
        reports, totals = [], []
        for row in rows:

            def number(key: str, row: dict[str, object] = row, kind: str = kind) -> float | None:
                cell = row[key]
                assert cell in ("", None) or re.fullmatch(r"-?\d+(\.\d+)?", str(cell)), (
                    f"{kind}: text {cell!r} in the number column {key}"
                )
                return None if cell in ("", None) else float(str(cell))

            def whole(key: str) -> int | None:
                found = number(key)
                return None if found is None else int(found)

            if row["cohort"] == "total":
                totals.append(row)
                continue
            accuracy = {t.id: whole(f"accuracy_{t.id}_pct") for t in curriculum.tracks}
            assert (whole("active_7d") is None) == ("too few" in str(row["note"]))
            reports.append(
                CohortReport(
                    str(row["organisation"]),
                    str(row["cohort"]),
                    int(str(row["enrolled"])),
                    too_few=whole("active_7d") is None,
                    active_7d=whole("active_7d"),
                    lessons_completed=whole("lessons_completed"),
                    accuracy={t: v for t, v in accuracy.items() if v is not None},
                    gain=whole("pre_post_gain_pts"),
                    nudged_7d=whole("nudged_7d"),
                    paused=whole("paused"),
                    lesson_thumbs_up=whole("lesson_thumbs_up_pct"),
                    answer_thumbs_up=whole("answer_thumbs_up_pct"),
                    satisfaction=number("satisfaction_1_5"),
                    **{key: whole(key) for key in REPORT_FIELDS if key.startswith(CHECK_KEYS)},
                )
            )
        figures += report_figures(model, reports, kind)
        assert {str(r["organisation"]) for r in totals} == {r.organisation for r in reports}
        for total in totals:
            figures += total_figures(model, total, reports, kind)
    return figures


def total_figures(
    model: Model, total: dict[str, object], reports: list[CohortReport], kind: str
) -> list[Figure]:
    """An organisation's total row, each figure explained as a sum over its cohorts."""
    org = str(total["organisation"])
    cohorts = [r.cohort for r in reports if r.organisation == org]
    shown = {
        family: float(str(total[key]))
        for key, family in (("active_7d", "active"), ("paused", "paused"), ("nudged_7d", "nudged"))
        if total[key] not in ("", None)
    }
    if not shown:
        return []
    where = f"{kind} total:{org}"
    figures = explain(model, shown, cohorts, where)
    summed = _cohorts_of(model, figures, cohorts)
    assert float(str(total["enrolled"])) == sum(len(model.members(c)) for c in summed), where
    if total["lessons_completed"] not in ("", None):
        lessons = {"lessons": float(str(total["lessons_completed"]))}
        figures += explain(model, lessons, cohorts, where)
    return figures


DIGEST_LINES = {
    "enrolled": r"Enrolled: (\S+)",
    "active": r"Active in the last 7 days: (\S+)",
    "lessons:week": r"Lessons completed: (\S+)",
    "nudged": r"Members nudged: (\S+)",
    "paused": r"Paused: (\S+)",
}


def digest_figures(
    model: Model, text: str, chart: WeekChart | None, cohorts: list[str]
) -> list[Figure]:
    """The figures of a digest (text and chart), each explained as a sum over cohorts."""
    if "too few" in text:
        assert chart is None
        return []
    values = {f: re.search(pattern, text) for f, pattern in DIGEST_LINES.items()}
    shown = {f: float(m.group(1)) for f, m in values.items() if m and m.group(1) != "–"}
    status = {f: v for f, v in shown.items() if f != "lessons:week"}
    enrolled = status.pop("enrolled")
    if chart is not None:
        for day, n in zip(week_days(), chart.active_per_day, strict=True):  # Monday to Sunday
            status[f"day:{day.isoformat()}"] = float(n)
    figures = explain(model, status, cohorts, "digest")
    summed = _cohorts_of(model, figures, cohorts)
    assert enrolled == sum(len(model.members(c)) for c in summed), "digest: enrolled"
    lessons = {f: v for f, v in shown.items() if f == "lessons:week"}
    if chart is not None:
        ids = {t.title.get(loc): t.id for t in model.curriculum.tracks for loc in ("ja", "en")}
        for title, n in zip(chart.tracks, chart.completed_by_track, strict=True):
            lessons[f"lessons:{ids[title]}"] = float(n)
    if lessons:
        figures += explain(model, lessons, cohorts, "digest lessons")
    else:
        assert chart is None or not any(chart.completed_by_track)
    return figures


def _cohorts_of(model: Model, figures: list[Figure], cohorts: list[str]) -> set[str]:
    """The cohorts whose started members make up the digest's `active` row."""
    [active] = [f for f in figures if f.family == "active"]
    for n in range(1, len(cohorts) + 1):
        for subset in combinations(cohorts, n):
            found = expected(model, "active", subset)
            if found is not None and found[0] == active.row:
                return set(subset)
    raise AssertionError("digest: no cohorts give the active row")


def week_days() -> list[date]:
    start = (MONDAY - timedelta(days=7)).date()
    return [start + timedelta(days=d) for d in range(7)]


# ------------------------------------------------------------------ differencing


def isolated(figures: list[Figure]) -> list[str]:
    """Every way some difference or sum of figures of one kind describes fewer than K people.

    Figures of one family are vectors over atoms (a person's part of a figure). A combination
    of them that is nonzero only on the atoms of some K-1 people exists exactly when leaving
    those people's atoms out lowers the rank.
    """
    problems = []
    families: dict[str, list[Figure]] = {}
    for f in figures:
        families.setdefault(
            f.family.split(":")[0] if f.family.startswith("lessons") else f.family, []
        ).append(f)
    for family, found in families.items():
        atoms = sorted({a for f in found for a in f.row})
        if not atoms:
            continue
        matrix = np.array([[f.row.get(a, 0) for a in atoms] for f in found], dtype=float)
        rank = np.linalg.matrix_rank(matrix)
        people = sorted({person(a) for a in atoms})
        if rank and len(people) < K:
            problems.append(f"{family}: {[f.where for f in found]} rest on {people}")
            continue
        for group in combinations(people, K - 1):
            keep = [i for i, a in enumerate(atoms) if person(a) not in group]
            if np.linalg.matrix_rank(matrix[:, keep]) < rank:
                problems.append(
                    f"{family}: a combination of {[f.where for f in found]} "
                    f"isolates {sorted(group)}"
                )
                break
    return problems


# ------------------------------------------------------------------ the attack


def union_model(curriculum: Curriculum) -> Model:
    """An officer of a big cohort, a mid one (one member rating five times, one member shared
    with big), a small one, one of one active member and four who never started, and a cohort
    in another organisation; plus a cohort the officer does not see."""
    people = [
        Person(
            "off",
            {c: "officer" for c in ("big", "mid", "small", "ghosts", "away")},
            before=1,
            week=(0, 1),
            thumbs=(1, 1),
            pulses=(5,),
        ),
        Person("b0", {"big": "member"}, before=2, week=(0,), thumbs=(1,), pulses=(4,), checked=3),
        Person("b1", {"big": "member"}, week=(0, 3), thumbs=(1,), pulses=(4,), checked=1, claims=4),
        Person("b2", {"big": "member"}, week=(0, 1), thumbs=(1,), pulses=(3,), checked=2, claims=1),
        Person(
            "b3", {"big": "member"}, week=(3, 0), right=False, thumbs=(1,), pulses=(2,), checked=1
        ),
        Person(
            "b4", {"big": "member"}, week=(0, 1), right=False, thumbs=(-1,), checked=5, claims=9
        ),
        Person("b5", {"big": "member"}, week=(0, 1), right=False),
        Person("b6", {"big": "member"}, active=False, paused=True, nudged=True),
        Person(
            "b7", {"big": "member", "mid": "member"}, week=(2,), right=False, checked=1, claims=3
        ),
        Person(
            "m0",
            {"mid": "member"},
            week=(1,),
            thumbs=(1,) * 5,
            pulses=(5, 4, 5, 4, 5),
            checked=4,
            claims=3,
        ),
        *(
            Person(f"m{n}", {"mid": "member"}, week=(1,), checked=n, claims=n + 2)
            for n in range(1, 4)
        ),
        *(
            Person(f"s{n}", {"small": "member"}, week=(0,), thumbs=(1,), checked=1)
            for n in range(3)
        ),
        Person("g0", {"ghosts": "member"}, week=(0, 1, 3), thumbs=(1, 1), pulses=(2,), checked=2),
        *(Person(f"g{n}", {"ghosts": "member"}, started=False) for n in range(1, 5)),
        *(Person(f"f{n}", {"far": "member"}, week=(0,), checked=1) for n in range(6)),
        *(
            Person(
                f"a{n}", {"away": "member"}, week=(0,), right=n < 2, checked=1, claims=int(n > 0)
            )
            for n in range(5)
        ),
        Person("a5", {"away": "member"}),
    ]
    orgs = {c: "union" for c in ("big", "mid", "small", "ghosts", "far")} | {"away": "other"}
    return Model(orgs, people, curriculum)


class RecordingCharts:
    """Charts that remember what they were asked to draw."""

    def __init__(self) -> None:
        self.drawn: list[WeekChart] = []

    def weekly(self, chart: WeekChart) -> bytes:
        """Record the chart; return a stand-in PNG."""
        self.drawn.append(chart)
        return b"\x89PNG\r\n\x1a\n" + bytes([len(self.drawn) - 1])


async def every_figure(
    sessions: async_sessionmaker[AsyncSession], model: Model, officer: Scope
) -> list[Figure]:
    """Everything this officer can get, as figures: reports, CSV, digest text and chart."""
    curriculum = model.curriculum
    figures = []
    for org in ("union", "other"):
        got = await organisation_report(sessions, officer, org, curriculum, MONDAY, K)
        figures += report_figures(model, got, f"organisation_report:{org}")
    mine = await my_reports(sessions, officer, curriculum, MONDAY, K)
    assert {r.cohort for r in mine} == {"big", "mid", "small", "ghosts", "away"}
    figures += report_figures(model, mine, "my_reports")
    figures += file_figures(model, report_table(mine, curriculum, "en", K), curriculum)
    async with transaction(sessions) as session:
        for org_id in sorted(officer.organisations):
            for cohort in visible(
                officer, await roster.list_cohorts(session, organisation_id=org_id)
            ):
                one = await cohort_report(session, cohort, "", curriculum, MONDAY, Floor(K))
                figures += report_figures(model, [one], "cohort_report")
    charts = RecordingCharts()
    assert await plan_digests(sessions, curriculum, MONDAY, K, charts) >= 1
    async with sessions() as session:
        digests = list(await session.scalars(select(Outbox).where(Outbox.kind == "digest")))
    for row in digests:
        assert row.learner_id == officer.learner_id
        image = row.payload.get("image")
        chart = charts.drawn[base64.b64decode(image["png_b64"])[-1]] if image else None
        union = ["big", "mid", "small", "ghosts"]
        figures += digest_figures(model, row.payload["text"]["en"], chart, union)
    return figures


async def test_no_difference_or_sum_of_an_officers_figures_describes_too_few_people(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    model = union_model(curriculum)
    await build(sessions, model)
    officer = await scope(sessions, model.ids["off"])
    figures = await every_figure(sessions, model, officer)

    assert isolated(figures) == []
    families = {f.family.split(":")[0] for f in figures}
    # The attack had something to work with: every kind of figure was shown somewhere.
    assert families >= {"active", "paused", "nudged", "lessons", "acc", "lesson_up", "day"}
    assert families >= set(CHECKING) | set(MARKS)
    where = {f.where for f in figures}
    assert "digest" in where and "csv:mid" in where and "cohort_report:away" in where


# ------------------------------------------------------------------ each attack on its own


async def officer_sees(
    sessions: async_sessionmaker[AsyncSession], model: Model
) -> tuple[list[CohortReport], str, bool]:
    """What the officer `off` gets: their reports, and their digest's text and whether a chart."""
    await build(sessions, model)
    officer = await scope(sessions, model.ids["off"])
    reports = await my_reports(sessions, officer, model.curriculum, MONDAY, K)
    assert await plan_digests(sessions, model.curriculum, MONDAY, K, RecordingCharts()) == 1
    async with sessions() as session:
        [digest] = list(await session.scalars(select(Outbox).where(Outbox.kind == "digest")))
    return reports, digest.payload["text"]["en"], bool(digest.payload.get("image"))


def digest_number(text: str, label: str) -> str:
    found = re.search(rf"{label}: (\S+)", text)
    assert found is not None, text
    return found.group(1)


async def test_one_active_member_beside_four_who_never_started_is_too_few(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    people = [
        Person("off", {"ghosts": "officer"}, week=(0,), thumbs=(1,), pulses=(5,)),
        Person("g0", {"ghosts": "member"}, week=(0, 1), thumbs=(1, -1), pulses=(4,)),
        *(Person(f"g{n}", {"ghosts": "member"}, started=False) for n in range(1, 5)),
    ]
    [report], digest, chart = await officer_sees(
        sessions, Model({"ghosts": "union"}, people, curriculum)
    )
    assert report.too_few and report.enrolled == 5
    assert report.lessons_completed is None and report.active_7d is None
    assert report.lesson_thumbs_up is None and report.satisfaction is None
    assert "too few to report" in digest and not chart


async def test_five_ratings_from_one_member_are_one_rater(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    people = [
        Person("off", {"c": "officer"}),
        Person("m0", {"c": "member"}, week=(0,), thumbs=(1,) * 5, pulses=(5, 4, 5, 4, 5)),
        *(Person(f"m{n}", {"c": "member"}, week=(0,)) for n in range(1, 5)),
    ]
    [report], _, _ = await officer_sees(sessions, Model({"c": "union"}, people, curriculum))
    assert report.lessons_completed == 5  # five members completed lessons: shown
    assert report.lesson_thumbs_up is None and report.satisfaction is None  # one rater: not


async def test_the_digest_minus_the_big_cohorts_report_gives_nothing_of_the_small_one(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    people = [
        Person("off", {"big": "officer", "small": "officer"}),
        *(Person(f"b{n}", {"big": "member"}, week=(0,), nudged=n == 0) for n in range(6)),
        *(Person(f"s{n}", {"small": "member"}, week=(0, 1), nudged=True) for n in range(3)),
    ]
    orgs = {"big": "union", "small": "union"}
    reports, digest, _ = await officer_sees(sessions, Model(orgs, people, curriculum))
    big, small = reports
    assert small.too_few
    assert digest_number(digest, "Enrolled") == str(big.enrolled)
    assert digest_number(digest, "Active in the last 7 days") == str(big.active_7d)
    assert digest_number(digest, "Lessons completed") == str(big.lessons_completed)
    assert digest_number(digest, "Members nudged") == str(big.nudged_7d)


async def test_an_officer_of_two_cohorts_is_counted_in_neither(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    people = [
        Person("off", {"one": "officer", "two": "officer"}, week=(0, 1), thumbs=(1,)),
        *(Person(f"a{n}", {"one": "member"}, week=(0,), thumbs=(-1,)) for n in range(5)),
        *(Person(f"b{n}", {"two": "member"}, week=(0,), thumbs=(-1,)) for n in range(5)),
    ]
    orgs = {"one": "union", "two": "union"}
    reports, digest, _ = await officer_sees(sessions, Model(orgs, people, curriculum))
    assert [(r.enrolled, r.lessons_completed, r.lesson_thumbs_up) for r in reports] == [
        (5, 5, 0),
        (5, 5, 0),
    ]
    assert digest_number(digest, "Enrolled") == "10"
    assert digest_number(digest, "Lessons completed") == "10"


async def test_the_chart_is_left_out_when_one_of_its_bars_stands_on_too_few(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    people = [
        Person("off", {"c": "officer"}),
        *(Person(f"m{n}", {"c": "member"}, week=(0, 1) if n < 2 else (0,)) for n in range(5)),
    ]
    _, digest, chart = await officer_sees(sessions, Model({"c": "union"}, people, curriculum))
    assert "Lessons completed: 7" in digest
    assert not chart  # on the second day only two members answered
