"""Officers' reports: per-cohort aggregates only, each figure behind the privacy floor."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.model import Curriculum
from bot.core.learning.measurement import Learning, cohort_learning, phase_scores
from bot.core.officers.floor import Floor
from bot.core.officers.roles import Scope, cohorts_in_scope, require_officer
from bot.core.texts import t
from bot.storage import reports as store
from bot.storage import roster
from bot.storage.db import transaction
from bot.storage.models import Cohort

WINDOW = timedelta(days=7)


@dataclass(frozen=True)
class CohortReport:
    """One cohort in numbers; a figure is None when too few members stand behind it."""

    organisation: str
    cohort: str
    enrolled: int  # members on the roster, officers not counted
    too_few: bool
    active_7d: int | None = None
    lessons_completed: int | None = None
    accuracy: dict[str, int | None] = field(default_factory=dict)  # track -> percent
    gain: int | None = None  # post-test minus pre-test, percentage points
    learning: Learning | None = None  # gain, normalised gain and discernment, with intervals
    nudged_7d: int | None = None
    paused: int | None = None
    lesson_thumbs_up: int | None = None  # percent of lesson ratings that are 👍
    answer_thumbs_up: int | None = None
    satisfaction: float | None = None  # mean 1–5 pulse
    lessons_7d: int | None = None  # lessons completed in the last 7 days (the digest sums it)
    checkers: int | None = None  # members who had at least one AI answer checked
    answers_checked: int | None = None
    claims_marked: int | None = None  # claims marked checked, wrong or unsure
    # The marks by kind: all three shown, or none (two and the sum would give away the third).
    claims_checked: int | None = None
    claims_wrong: int | None = None
    claims_unsure: int | None = None


async def cohort_report(
    session: AsyncSession,
    cohort: Cohort,
    org_slug: str,
    curriculum: Curriculum,
    now: datetime,
    floor: Floor,
) -> CohortReport:
    """Compute one cohort's aggregates, each behind the floor; only its size when too small.

    Officers' own records never count. Status figures (active, nudged, paused) rest on the
    members who have started; every other figure on the members who took part in it.
    """
    since = now - WINDOW
    states = await store.member_states(session, cohort_id=cohort.id, active_since=since)
    started = {who for who, began, _, _ in states if began}
    if not floor.allows(started):
        return CohortReport(org_slug, cohort.slug, len(states), too_few=True)
    lessons = await store.lessons_by_learner(session, cohort_id=cohort.id, since=since)
    answers = await store.answers_by_learner_item(session, cohort_id=cohort.id)
    feedback = await store.feedback_by_learner(session, cohort_id=cohort.id)
    nudged = await store.nudged_learners(session, cohort_id=cohort.id, since=since)
    checking = await store.checking_by_learner(session, cohort_id=cohort.id)
    markers = {who for who, (_, *marks) in checking.items() if any(marks)}
    by_mark = _marks(checking, markers, floor)
    learning = cohort_test_learning(answers, curriculum, floor)
    earlier = {who for who, (n, recent) in lessons.items() if n > recent}
    recent = {who: n for who, (_, n) in lessons.items() if n}
    return CohortReport(
        org_slug,
        cohort.slug,
        len(states),
        too_few=False,
        active_7d=sum(1 for who, began, active, _ in states if began and active),
        lessons_completed=floor.show(sum(n for n, _ in lessons.values()), set(lessons)),
        accuracy=accuracy_by_track(answers, curriculum, floor),
        gain=None if learning is None else round(learning.gain.value),
        learning=learning,
        nudged_7d=len(nudged & started),
        paused=sum(1 for who, began, _, paused in states if began and paused),
        lesson_thumbs_up=_thumbs_up(feedback, "lesson", floor),
        answer_thumbs_up=_thumbs_up(feedback, "answer", floor),
        satisfaction=_satisfaction(feedback, floor),
        # Shown beside the all-time count, the week's count gives away the earlier lessons too.
        lessons_7d=floor.show(sum(recent.values()), set(recent), earlier),
        checkers=floor.show(len(checking), set(checking)),
        answers_checked=floor.show(sum(a for a, *_ in checking.values()), set(checking)),
        claims_marked=floor.show(sum(sum(marks) for _, *marks in checking.values()), markers),
        claims_checked=by_mark[0],
        claims_wrong=by_mark[1],
        claims_unsure=by_mark[2],
    )


def _marks(
    checking: dict[int, tuple[int, int, int, int]], markers: set[int], floor: Floor
) -> tuple[int | None, int | None, int | None]:
    """Claims marked checked, wrong and unsure: all three when the members who marked claims
    pass the floor and each kind rests on nobody or on enough members, else none of them."""
    people = [{who for who, row in checking.items() if row[n]} for n in (1, 2, 3)]
    if not floor.allows(markers, *people):
        return None, None, None
    checked, wrong, unsure = (sum(row[n] for row in checking.values()) for n in (1, 2, 3))
    return checked, wrong, unsure


def accuracy_by_track(
    answers: list[tuple[int, str, int, int]], curriculum: Curriculum, floor: Floor
) -> dict[str, int | None]:
    """Percent right per lesson track; None where too few members answered."""
    right: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    people: dict[str, set[int]] = defaultdict(set)
    for learner, item_id, ok, n in answers:
        found = curriculum.item(item_id)
        if found is None or found[1] is None:
            continue
        track = found[1].meta.track
        right[track] += ok
        total[track] += n
        people[track].add(learner)
    return {
        track.id: floor.show(round(100 * right[track.id] / total[track.id]), people[track.id])
        for track in curriculum.tracks
        if total[track.id]
    }


def cohort_test_learning(
    answers: list[tuple[int, str, int, int]], curriculum: Curriculum, floor: Floor
) -> Learning | None:
    """What the before/after test forms show, over members who took both (behind the floor)."""
    scores = phase_scores(answers, curriculum)
    both = {who for who, s in scores.items() if s["pretest"].answered and s["posttest"].answered}
    if not floor.allows(both):
        return None
    return cohort_learning(scores, floor.min_group)


def _thumbs_up(
    feedback: list[tuple[int, str, int, int, int]], kind: str, floor: Floor
) -> int | None:
    """Percent of ratings that are 👍, when enough distinct members rated (not ratings)."""
    rows = [(who, n, up) for who, k, _, n, up in feedback if k == kind and n]
    total = sum(n for _, n, _ in rows)
    if not total:
        return None
    return floor.show(round(100 * sum(up for _, _, up in rows) / total), {w for w, _, _ in rows})


def _satisfaction(feedback: list[tuple[int, str, int, int, int]], floor: Floor) -> float | None:
    """The mean 1–5 pulse, when enough distinct members gave one."""
    rows = [(who, total, n) for who, k, total, n, _ in feedback if k == "pulse" and n]
    count = sum(n for _, _, n in rows)
    if not count:
        return None
    return floor.show(round(sum(t for _, t, _ in rows) / count, 1), {w for w, _, _ in rows})


async def organisation_report(
    sessions: async_sessionmaker[AsyncSession],
    scope: Scope,
    org_slug: str,
    curriculum: Curriculum,
    now: datetime,
    min_group: int,
) -> list[CohortReport]:
    """Report on each cohort of an organisation that is in the actor's scope."""
    async with transaction(sessions) as session:
        org, cohorts = await cohorts_in_scope(session, scope, org_slug)
        floor = Floor(min_group)
        return [
            await cohort_report(session, cohort, org.slug, curriculum, now, floor)
            for cohort in cohorts
        ]


async def my_reports(
    sessions: async_sessionmaker[AsyncSession],
    scope: Scope,
    curriculum: Curriculum,
    now: datetime,
    min_group: int,
    org_slug: str | None = None,
) -> list[CohortReport]:
    """Report on the actor's organisations (or on `org_slug`), each cohort in scope."""
    require_officer(scope)
    if org_slug:
        return await organisation_report(sessions, scope, org_slug, curriculum, now, min_group)
    async with transaction(sessions) as session:
        slugs = await roster.organisation_slugs(
            session, organisation_ids=sorted(scope.organisations)
        )
    found = []
    for slug in slugs:
        found += await organisation_report(sessions, scope, slug, curriculum, now, min_group)
    return found


def as_text(reports: list[CohortReport], curriculum: Curriculum, locale: str) -> str:
    """Render reports for a chat or a terminal, in the officer's language."""
    if not reports:
        return t("report_empty", locale)
    blocks = []
    for r in reports:
        head = t("report_cohort", locale, cohort=r.cohort, enrolled=r.enrolled)
        if r.too_few:
            blocks.append(f"{head}\n{t('too_few_to_report', locale)}")
            continue
        tracks = ", ".join(
            f"{_track_title(curriculum, tid, locale)} {'–' if pct is None else f'{pct}%'}"
            for tid, pct in r.accuracy.items()
        )
        body = t(
            "report_body",
            locale,
            active=r.active_7d,
            lessons="–" if r.lessons_completed is None else r.lessons_completed,
            tracks=tracks or "–",
            learning=learning_text(r.learning, locale),
            nudged=r.nudged_7d,
            paused=r.paused,
            lesson_up="–" if r.lesson_thumbs_up is None else f"{r.lesson_thumbs_up}%",
            satisfaction="–" if r.satisfaction is None else r.satisfaction,
        )
        checking = t(
            "report_checking",
            locale,
            checkers=_or_dash(r.checkers),
            answers=_or_dash(r.answers_checked),
            claims=_or_dash(r.claims_marked),
        )
        if r.claims_checked is not None:
            checking += t(
                "report_marks",
                locale,
                checked=r.claims_checked,
                wrong=r.claims_wrong,
                unsure=r.claims_unsure,
            )
        blocks.append(f"{head}\n{body}\n{checking}")
    return "\n\n".join(blocks)


def _or_dash(value: int | None) -> object:
    return "–" if value is None else value


def learning_text(learning: Learning | None, locale: str) -> str:
    """The cohort's learning in words: gain, discernment, and whether doubt alone went up."""
    if learning is None:
        return t("report_learning_none", locale)
    g, d = learning.gain, learning.discernment
    if d.low > 0:
        verdict = "report_discernment_up"
    elif learning.false_alarm_rate[1] > learning.false_alarm_rate[0] + 0.1 and (
        learning.hit_rate[1] > learning.hit_rate[0]
    ):
        verdict = "report_doubt_up"
    else:
        verdict = "report_discernment_flat"
    return (
        t(
            "report_learning",
            locale,
            members=learning.members,
            gain=f"{g.value:+.0f}",
            gain_low=f"{g.low:+.0f}",
            gain_high=f"{g.high:+.0f}",
            norm=f"{learning.normalised_gain.value:.2f}",
            hits=f"{100 * learning.hit_rate[0]:.0f}% → {100 * learning.hit_rate[1]:.0f}%",
            alarms=f"{100 * learning.false_alarm_rate[0]:.0f}% → "
            f"{100 * learning.false_alarm_rate[1]:.0f}%",
            dprime=f"{d.value:+.2f}",
            d_low=f"{d.low:+.2f}",
            d_high=f"{d.high:+.2f}",
        )
        + "\n"
        + t(verdict, locale)
    )


def _track_title(curriculum: Curriculum, track_id: str, locale: str) -> str:
    track = curriculum.track(track_id)
    return track.title.get(locale) if track else track_id
