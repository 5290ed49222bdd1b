"""Compliance export for admins: who completed which lessons and tests, and when."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.model import Curriculum, Lesson
from bot.core.officers.roles import Refused, Scope, require_admin
from bot.core.officers.spreadsheet import Column, Table
from bot.core.officers.times import local_time
from bot.core.texts import t
from bot.storage import reports as store
from bot.storage import roster
from bot.storage.db import transaction

# Column key -> text key of its header. Members appear by platform id and by the union's own
# member number (to match its records), never by name or email.
COLUMNS = {
    "organisation": "col_organisation",
    "cohort": "col_cohort",
    "platform": "col_platform",
    "workspace": "col_workspace",
    "user_id": "col_user_id",
    "member_number": "col_member_number",
    "record": "col_record",
    "record_id": "col_record_id",
    "title_ja": "col_title_ja",
    "title_en": "col_title_en",
    "completed_at": "col_completed_at",
    "score_pct": "col_score",
}


async def export_records(
    sessions: async_sessionmaker[AsyncSession],
    scope: Scope,
    org_slug: str | None,
    curriculum: Curriculum,
) -> Table:
    """The training records of one organisation (or all), headed in the admin's language and
    timed in their zone; admins only."""
    require_admin(scope)
    async with transaction(sessions) as session:
        org_id = await _organisation_id(session, scope, org_slug)
        lessons = await store.completion_records(session, organisation_id=org_id)
        items = [item.id for meta in curriculum.assessments.values() for item in meta.items]
        tests = await store.test_records(session, organisation_id=org_id, item_ids=items)
        numbers = await roster.member_numbers(session, organisation_id=org_id)
    records = [
        Record(org, cohort, platform, workspace, user, "lesson", lesson_id, *_titles(lesson), done)
        for org, cohort, platform, workspace, user, lesson_id, done in lessons
        for lesson in [curriculum.lesson(lesson_id)]
    ]
    records += completed_tests(tests, curriculum)
    rows = [
        [
            *r[:5],
            numbers.get((r.platform, r.workspace, r.user_id)),
            *r[5:9],
            local_time(r.completed_at, scope.timezone) if r.completed_at else None,
            r.score_pct,
        ]
        for r in records
    ]
    columns = [Column(key, t(COLUMNS[key], scope.locale)) for key in COLUMNS]
    return Table(t("export_sheet_name", scope.locale), columns, rows)


class Record(NamedTuple):
    """One training record: a completed lesson or test of one member."""

    organisation: str
    cohort: str | None
    platform: str
    workspace: str
    user_id: str
    record: str  # lesson / pretest / posttest
    record_id: str
    title_ja: str | None
    title_en: str | None
    completed_at: datetime | None
    score_pct: int | None = None


def _titles(lesson: Lesson | None) -> tuple[str | None, str | None]:
    return (lesson.meta.title.ja, lesson.meta.title.en) if lesson else (None, None)


@dataclass
class _Test:
    """One member's answers to one test, summed."""

    items: set[str] = field(default_factory=set)
    right: int = 0
    answered: int = 0
    last: datetime | None = None


def completed_tests(
    records: list[tuple[str, str, str, str, str, int, int, datetime]], curriculum: Curriculum
) -> list[Record]:
    """Turn per-item answers into one row per test a member answered in full."""
    owner = {item.id: key for key, meta in curriculum.assessments.items() for item in meta.items}
    sums: dict[tuple[str, str, str, str, str], _Test] = defaultdict(_Test)
    for org, platform, workspace, user, item_id, right, answered, last in records:
        test = sums[(org, platform, workspace, user, owner[item_id])]
        test.items.add(item_id)
        test.right += right
        test.answered += answered
        test.last = last if test.last is None or last > test.last else test.last
    rows = []
    for (org, platform, workspace, user, key), test in sums.items():
        meta = curriculum.assessments[key]
        if len(test.items) < len(meta.items):
            continue
        score = round(100 * test.right / test.answered) if test.answered else 0
        titles = (meta.title.ja, meta.title.en)
        rows.append(
            Record(
                org, None, platform, workspace, user, meta.kind, meta.id, *titles, test.last, score
            )
        )
    return rows


async def _organisation_id(session: AsyncSession, scope: Scope, slug: str | None) -> int | None:
    if slug is None:
        return None
    org = await roster.find_organisation(session, slug=slug)
    if org is None:
        raise Refused("unknown_organisation", scope.locale, org=slug)
    return org.id
