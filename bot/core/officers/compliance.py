"""Compliance export for admins: who completed which lessons and tests, and when (CSV)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.model import Curriculum
from bot.core.officers.roles import Refused, Scope, require_admin
from bot.core.officers.spreadsheet import csv_text
from bot.storage import reports as store
from bot.storage import roster
from bot.storage.db import transaction

COLUMNS = [
    "organisation",
    "cohort",
    "platform",
    "workspace",
    "user_id",
    "member_number",  # the union's own number, when a roster gave one: to match its records
    "record",
    "record_id",
    "title",
    "completed_at",
    "score_pct",
]


async def export_csv(
    sessions: async_sessionmaker[AsyncSession],
    scope: Scope,
    org_slug: str | None,
    curriculum: Curriculum,
) -> str:
    """Return the training records of one organisation (or all) as CSV; admins only."""
    require_admin(scope)
    async with transaction(sessions) as session:
        org_id = await _organisation_id(session, scope, org_slug)
        lessons = await store.completion_records(session, organisation_id=org_id)
        items = [item.id for meta in curriculum.assessments.values() for item in meta.items]
        tests = await store.test_records(session, organisation_id=org_id, item_ids=items)
        numbers = await roster.member_numbers(session, organisation_id=org_id)
    rows: list[list[str]] = []
    for org, cohort, platform, workspace, user, lesson_id, done in lessons:
        lesson = curriculum.lesson(lesson_id)
        title = lesson.meta.title.en if lesson else ""
        rows.append(
            [org, cohort, platform, workspace, user, "lesson", lesson_id, title, _iso(done), ""]
        )
    rows += completed_tests(tests, curriculum)
    return csv_text(
        [COLUMNS, *([*r[:5], numbers.get((r[2], r[3], r[4]), ""), *r[5:]] for r in rows)]
    )


@dataclass
class _Test:
    """One member's answers to one test, summed."""

    items: set[str] = field(default_factory=set)
    right: int = 0
    answered: int = 0
    last: datetime | None = None


def completed_tests(
    records: list[tuple[str, str, str, str, str, int, int, datetime]], curriculum: Curriculum
) -> list[list[str]]:
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
        row = [org, "", platform, workspace, user, meta.kind, meta.id, meta.title.en]
        rows.append([*row, _iso(test.last), str(score)])
    return rows


async def _organisation_id(session: AsyncSession, scope: Scope, slug: str | None) -> int | None:
    if slug is None:
        return None
    org = await roster.find_organisation(session, slug=slug)
    if org is None:
        raise Refused("unknown_organisation", scope.locale, org=slug)
    return org.id


def _iso(moment: datetime | None) -> str:
    return moment.isoformat(timespec="seconds") if moment else ""
