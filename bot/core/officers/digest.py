"""The weekly digest: each officer's week in numbers and one chart, in their DM (outbox)."""

from __future__ import annotations

import base64
import binascii
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.model import Curriculum
from bot.core.calendar import is_business_day, local_date, local_minute
from bot.core.messages import Image
from bot.core.officers.floor import Floor
from bot.core.officers.reports import cohort_report
from bot.core.officers.roles import scope_of, visible
from bot.core.ports import Charts, WeekChart
from bot.core.texts import LOCALES, t
from bot.storage import outbox, roster
from bot.storage import reports as store
from bot.storage.db import transaction
from bot.storage.models import Cohort, Digest, Learner, Organisation
from bot.storage.upsert import insert_if_new

log = logging.getLogger(__name__)

MORNING = 8 * 60  # from 08:00 local time on the week's first business day


@dataclass(frozen=True)
class Week:
    """An officer's week in numbers: sums of the figures their cohorts' reports show.

    Only cohorts reported in full are summed, and a figure only where the report shows it, so
    the digest minus the reports gives away nothing the reports do not show.
    """

    start: date  # Monday of the week being reported
    end: date
    cohorts: int  # cohorts summed
    enrolled: int
    active: int
    lessons: int | None
    nudged: int
    paused: int
    active_per_day: dict[date, int]
    completed_by_track: dict[str, int]
    drawable: bool  # every bar of the chart stands on enough people (or on nobody)


@dataclass(frozen=True)
class ComposedDigest:
    """A digest as its officer reads it: the text in each language, and the chart if any."""

    texts: dict[str, str]
    png: bytes | None
    locale: str  # the chart's language


def monday_of(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def first_business_day(day: date, calendar: str) -> date | None:
    """The first business day in `day`'s week (Monday, or later after a holiday), if any."""
    monday = monday_of(day)
    return next(
        (
            monday + timedelta(d)
            for d in range(5)
            if is_business_day(monday + timedelta(d), calendar)
        ),
        None,
    )


def is_digest_time(now: datetime, timezone: str, calendar: str) -> bool:
    """Is it the morning of the first business day of the week where the officer is?"""
    today = local_date(now, timezone)
    return first_business_day(today, calendar) == today and local_minute(now, timezone) >= MORNING


async def plan_digests(
    sessions: async_sessionmaker[AsyncSession],
    curriculum: Curriculum,
    now: datetime,
    min_group: int,
    charts: Charts | None = None,
) -> int:
    """Queue this week's digest for every officer whose Monday morning it is; safe to repeat."""
    queued = 0
    async with transaction(sessions) as session:
        orgs = list(await session.scalars(select(Organisation).order_by(Organisation.id)))
        for org in orgs:
            for officer in await roster.officers_of_organisation(session, organisation_id=org.id):
                if is_digest_time(now, officer.timezone, org.calendar):
                    queued += await _queue(
                        session, org, officer, curriculum, now, min_group, charts
                    )
    if queued:
        log.info("digests queued", extra={"n": queued})
    return queued


async def _queue(
    session: AsyncSession,
    org: Organisation,
    officer: Learner,
    curriculum: Curriculum,
    now: datetime,
    min_group: int,
    charts: Charts | None,
) -> int:
    this_monday = monday_of(local_date(now, officer.timezone))
    key = f"digest:{officer.id}:{this_monday.isoformat()}"
    scope = await scope_of(session, learner_id=officer.id, locale=officer.locale)
    cohorts = visible(scope, await roster.list_cohorts(session, organisation_id=org.id))
    if not cohorts:
        return 0
    # The chart is drawn once, in the officer's language when the digest is queued.
    week = await collect_week(session, cohorts, curriculum, now, this_monday, Floor(min_group))
    digest = compose_digest(week, curriculum, officer.locale, charts)
    payload: dict[str, object] = {"text": digest.texts, "title": "Manabi"}
    if digest.png is not None:
        digest_id = await _store_png(session, officer.id, this_monday, digest.png, now)
        alt = {loc: t("digest_chart_alt", loc) for loc in LOCALES}
        payload["image"] = {  # the PNG travels in the row: the dispatcher needs no query
            "digest_id": digest_id,
            "filename": f"manabi-{this_monday.isoformat()}.png",
            "alt": alt,
            "png_b64": base64.b64encode(digest.png).decode("ascii"),
        }
    added = await outbox.enqueue(
        session, dedupe_key=key, kind="digest", learner=officer, payload=payload, now=now
    )
    return int(added)


def compose_digest(
    week: Week, curriculum: Curriculum, locale: str, charts: Charts | None
) -> ComposedDigest:
    """The digest of a collected week (`collect_week`): text and chart."""
    chart = week_chart(week, curriculum, locale) if week.cohorts and week.drawable else None
    png = charts.weekly(chart) if chart is not None and charts is not None else None
    return ComposedDigest({loc: digest_text(week, loc) for loc in LOCALES}, png, locale)


async def _store_png(
    session: AsyncSession, learner_id: int, week: date, png: bytes, now: datetime
) -> int:
    await insert_if_new(
        session,
        Digest,
        ("learner_id", "week_start"),
        {"learner_id": learner_id, "week_start": week, "png": png, "created_at": now},
    )
    found = await session.scalar(
        select(Digest.id).where(Digest.learner_id == learner_id, Digest.week_start == week)
    )
    assert found is not None
    return int(found)


async def collect_week(
    session: AsyncSession,
    cohorts: list[Cohort],
    curriculum: Curriculum,
    now: datetime,
    this_monday: date,
    floor: Floor,
) -> Week:
    """Sum the cohorts' report figures; count the last week (Monday to Sunday) for the chart."""
    start, end = this_monday - timedelta(days=7), this_monday - timedelta(days=1)
    since = now - timedelta(days=7)
    full = []
    for cohort in cohorts:
        report = await cohort_report(session, cohort, "", curriculum, now, floor)
        if not report.too_few:
            full.append((cohort.id, report))
    weekly = [(cid, r.lessons_7d) for cid, r in full if r.lessons_7d is not None]
    per_day = await store.active_per_day(
        session, cohort_ids=[cid for cid, _ in full], start=start, end=end
    )
    done = await store.completions_since(
        session, cohort_ids=[cid for cid, _ in weekly], since=since
    )
    by_track: dict[str, int] = {track.id: 0 for track in curriculum.tracks}
    people: dict[str, set[int]] = {track.id: set() for track in curriculum.tracks}
    for learner, lesson_id, n in done:
        lesson = curriculum.lesson(lesson_id)
        track = lesson.meta.track if lesson is not None and lesson.meta.track in by_track else ""
        by_track[track] = by_track.get(track, 0) + n
        people.setdefault(track, set()).add(learner)
    # Lessons of no known track are drawn nowhere, but the total minus the bars isolates them.
    drawable = floor.hides_nothing(*per_day.values(), *people.values())
    by_track.pop("", None)
    return Week(
        start,
        end,
        cohorts=len(full),
        enrolled=sum(r.enrolled for _, r in full),
        active=sum(r.active_7d or 0 for _, r in full),
        lessons=sum(n for _, n in weekly) if weekly else None,
        nudged=sum(r.nudged_7d or 0 for _, r in full),
        paused=sum(r.paused or 0 for _, r in full),
        active_per_day={d: len(who) for d, who in per_day.items()},
        completed_by_track=by_track,
        drawable=drawable,
    )


def digest_text(week: Week, locale: str) -> str:
    """The week in numbers, or "too few to report" when no cohort can be reported."""
    if not week.cohorts:
        return f"📊 {t('too_few_to_report', locale)}"
    return t(
        "digest",
        locale,
        week=week_span(week.start, week.end, locale),
        enrolled=week.enrolled,
        active=week.active,
        lessons="–" if week.lessons is None else week.lessons,
        nudged=week.nudged,
        paused=week.paused,
    )


def week_chart(week: Week, curriculum: Curriculum, locale: str) -> WeekChart | None:
    """What the week's chart shows in the officer's language: active members per day, and
    lessons completed by track (only tracks with any); None when nothing has data."""
    days = [week.start + timedelta(days=d) for d in range(7)]
    active = tuple(week.active_per_day.get(d, 0) for d in days)
    done = [
        (track.title.get(locale), week.completed_by_track.get(track.id, 0))
        for track in curriculum.tracks
    ]
    done = [(title, n) for title, n in done if n]
    if not any(active) and not done:
        return None
    return WeekChart(
        title=t("digest_chart_title", locale, week=week_span(week.start, week.end, locale)),
        days=tuple(day_label(d, locale) for d in days),
        active_per_day=active,
        tracks=tuple(title for title, _ in done),
        completed_by_track=tuple(n for _, n in done),
        active_title=t("digest_chart_active_title", locale),
        active_axis=t("digest_chart_active_axis", locale),
        tracks_title=t("digest_chart_tracks_title", locale),
        tracks_axis=t("digest_chart_tracks_axis", locale),
        no_tracks=t("digest_chart_no_lessons", locale),
    )


def week_span(start: date, end: date, locale: str) -> str:
    """A week's dates in words, a month said once: 11月23日〜29日, 23–29 November."""
    months = t("month_names", locale).split()
    key = "week_span_one_month" if start.month == end.month else "week_span_two_months"
    return t(
        key,
        locale,
        month1=months[start.month - 1],
        day1=start.day,
        month2=months[end.month - 1],
        day2=end.day,
    )


def day_label(day: date, locale: str) -> str:
    """A day under its bar, on two lines: 23日 (月), or Mon 23 (the chart's title has the month)."""
    weekday = t("weekday_names", locale).split()[day.weekday()]
    return t("digest_chart_day", locale, day=day.day, weekday=weekday)


def payload_image(payload: dict[str, Any], locale: str) -> Image | None:
    """The chart an outbox payload carries, if any (see core.daily.render)."""
    image = payload.get("image")
    if not isinstance(image, dict) or not image.get("png_b64"):
        return None
    try:
        png = base64.b64decode(str(image["png_b64"]), validate=True)
    except (binascii.Error, ValueError):
        log.warning("digest image is not base64; sent without it")
        return None
    alt = image.get("alt") or {}
    text = (alt.get(locale) or alt.get("ja") or "") if isinstance(alt, dict) else str(alt)
    return Image(png=png, filename=str(image.get("filename") or "chart.png"), alt=text)
