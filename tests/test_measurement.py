"""Learning measurement: shuffled options, counterbalanced forms, discernment not scepticism,
and item analysis for authors."""

from __future__ import annotations

import asyncio
import random
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.cli import main
from bot.content.model import AssessmentMeta, Curriculum, Item, ItemType, Text
from bot.core.learning.measurement import (
    FORMS,
    PHASES,
    cohort_learning,
    form_for,
    phase_of,
    phase_scores,
)
from bot.core.officers.items import analyse
from bot.storage.db import transaction
from bot.storage.models import LessonDelivery, QuizAttempt
from tests.officers_helpers import NOW, add_cohort, add_member


def test_each_member_takes_both_forms_in_an_order_balanced_across_members() -> None:
    firsts = [form_for(learner, "pretest") for learner in range(1, 401)]
    assert 150 < firsts.count(FORMS[0]) < 250  # about half start with each form
    for learner in range(1, 401):
        pre, post = (form_for(learner, phase) for phase in PHASES)
        assert {pre, post} == set(FORMS)
        assert phase_of(learner, pre) == "pretest" and phase_of(learner, post) == "posttest"


def _statement(n: int, true: bool) -> Item:
    return Item(
        id=f"form.q{n}",
        type=ItemType.TRUE_FALSE,
        prompt=Text(ja=f"文{n}", en=f"Statement {n}"),
        answer=true,
        explanation=Text(ja="説明", en="Why"),
    )


def _forms(per_form: int = 20) -> Curriculum:
    """Two forms of true/false statements, half genuine, half flawed."""
    forms = {}
    for f, form in enumerate(FORMS):
        items = [_statement(f * 100 + n, n % 2 == 0) for n in range(per_form)]
        forms[form] = AssessmentMeta(
            id=form, kind=form, title=Text(ja="テスト", en="Test"), items=items
        )
    return Curriculum(tracks=[], lessons=[], assessments=forms)


def _answers(
    curriculum: Curriculum, learners: range, judge: dict[str, tuple[float, float]], seed: int
) -> list[tuple[int, str, int, int]]:
    """Simulate answers: judge[phase] = (P(say flawed | flawed), P(say flawed | genuine))."""
    rng = random.Random(seed)
    rows = []
    for learner in learners:
        for phase in PHASES:
            p_hit, p_false_alarm = judge[phase]
            for item in curriculum.assessments[form_for(learner, phase)].items:
                flawed = item.answer_key() == "false"
                says_flawed = rng.random() < (p_hit if flawed else p_false_alarm)
                rows.append((learner, item.id, int(says_flawed == flawed), 1))
    return rows


def test_learners_gain_discernment_and_sceptics_gain_only_doubt() -> None:
    curriculum = _forms()
    learners = _answers(
        curriculum, range(1, 41), {"pretest": (0.6, 0.4), "posttest": (0.85, 0.15)}, seed=1
    )
    sceptics = _answers(
        curriculum, range(101, 141), {"pretest": (0.6, 0.4), "posttest": (0.97, 0.9)}, seed=2
    )
    learned = cohort_learning(phase_scores(learners, curriculum), min_group=5)
    doubted = cohort_learning(phase_scores(sceptics, curriculum), min_group=5)
    assert learned is not None and doubted is not None
    # Members who learn: discernment rises, with an interval clear of zero; score rises.
    assert learned.discernment.low > 0.5
    assert learned.gain.low > 0 and learned.normalised_gain.value > 0.3
    # Members who merely doubt everything: more hits AND more false alarms, no discernment.
    assert doubted.hit_rate[1] > doubted.hit_rate[0] + 0.2
    assert doubted.false_alarm_rate[1] > doubted.false_alarm_rate[0] + 0.3
    assert doubted.discernment.low < 0 < doubted.discernment.high or doubted.discernment.high < 0
    assert learned.discernment.low > doubted.discernment.high  # the two are told apart


def test_a_cohort_below_the_floor_reports_no_learning() -> None:
    curriculum = _forms()
    rows = _answers(curriculum, range(1, 5), {"pretest": (0.5, 0.5), "posttest": (0.9, 0.1)}, 3)
    assert cohort_learning(phase_scores(rows, curriculum), min_group=5) is None


def test_options_are_shown_in_a_stable_order_of_each_learners_own(curriculum: Curriculum) -> None:
    shuffled = [
        item
        for lesson in curriculum.lessons
        for item in lesson.meta.items
        if item.type in (ItemType.CHOICE, ItemType.SOURCE_FIRST)
    ]
    assert shuffled
    differs = sum(
        item.display_keys("learner:1") != item.display_keys("learner:2") for item in shuffled
    )
    assert differs > len(shuffled) / 2
    assert all(
        item.display_keys("learner:1") == item.display_keys("learner:1") for item in shuffled
    )
    assert all(
        sorted(item.display_keys("learner:7")) == sorted(item.choice_keys()) for item in shuffled
    )


def test_item_analysis_flags_an_item_everyone_gets_right(curriculum: Curriculum) -> None:
    items = [item for lesson in curriculum.lessons[:3] for item in lesson.meta.items]
    planted = items[0]
    rng = random.Random(4)
    rows = []
    for learner in range(1, 61):
        ability = learner / 60
        for item in items:
            correct = item is planted or rng.random() < 0.2 + 0.7 * ability
            rows.append((learner, item.id, item.answer_key() if correct else "zz", correct))
    stats = {s.item_id: s for s in analyse(rows, curriculum, min_group=5)}
    assert "everyone right" in stats[planted.id].flags
    for item in items[1:]:
        s = stats[item.id]
        assert s.difficulty is not None and s.discrimination is not None
        assert s.discrimination > 0  # abler members do better on every other item
        assert "zz" in s.picks and item.answer_key() in s.picks


async def test_lessons_items_lists_every_answered_item_from_the_database(
    sessions: async_sessionmaker[AsyncSession],
    curriculum: Curriculum,
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    lesson = curriculum.lessons[0]
    planted, *rest = lesson.meta.items
    cohort = await add_cohort(sessions, "union", "pilot")
    rng = random.Random(5)
    for n in range(12):
        learner = await add_member(sessions, cohort, f"U{n:03}")
        async with transaction(sessions) as session:
            delivery = LessonDelivery(
                learner_id=learner,
                lesson_id=lesson.id,
                local_date=NOW.date(),
                kind="lesson",
                state="completed",
                created_at=NOW,
            )
            session.add(delivery)
            await session.flush()
            for item in lesson.meta.items:
                correct = item is planted or rng.random() < 0.2 + 0.06 * n
                session.add(
                    QuizAttempt(
                        learner_id=learner,
                        delivery_id=delivery.id,
                        item_id=item.id,
                        choice=item.answer_key() if correct else "x",
                        correct=correct,
                        answered_at=NOW + timedelta(seconds=n),
                    )
                )
    monkeypatch.setenv("DATABASE_URL", db_url)
    assert await asyncio.to_thread(main, ["lessons", "items"]) == 0
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.startswith(planted.id + " "))
    assert "everyone right" in line and " 12 " in line
    for item in rest:
        row = next(line for line in out.splitlines() if line.startswith(item.id + " "))
        assert "(<" not in row  # difficulty and discrimination are shown
    unanswered = curriculum.lessons[1].meta.items[0].id
    assert any(line.startswith(unanswered + " ") and "(< 5)" in line for line in out.splitlines())


async def _take_tests(
    sessions: async_sessionmaker[AsyncSession],
    curriculum: Curriculum,
    learner: int,
    judge: dict[str, tuple[float, float]],
    rng: random.Random,
) -> None:
    """The member takes their own form before and after, judging as `judge` says; other
    items are answered right half the time."""
    for day, phase in enumerate(PHASES):
        async with transaction(sessions) as session:
            delivery = LessonDelivery(
                learner_id=learner,
                lesson_id=None,
                local_date=(NOW + timedelta(days=30 * day)).date(),
                kind=phase,
                state="completed",
                created_at=NOW,
            )
            session.add(delivery)
            await session.flush()
            p_hit, p_false_alarm = judge[phase]
            for item in curriculum.assessments[form_for(learner, phase)].items:
                flawed = item.answer_key() in ("false", "fabricated")
                if item.answer_key() in ("true", "false", "real", "fabricated"):
                    says_flawed = rng.random() < (p_hit if flawed else p_false_alarm)
                    correct = says_flawed == flawed
                else:
                    correct = rng.random() < 0.5
                session.add(
                    QuizAttempt(
                        learner_id=learner,
                        delivery_id=delivery.id,
                        item_id=item.id,
                        choice=item.answer_key() if correct else "x",
                        correct=correct,
                        answered_at=NOW + timedelta(days=30 * day),
                    )
                )


async def test_the_report_tells_learning_from_mere_doubt(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    from bot.core.officers.reports import as_text, organisation_report
    from bot.core.officers.roles import operator_scope

    rng = random.Random(6)
    cohorts = {
        "learners": {"pretest": (0.55, 0.45), "posttest": (0.9, 0.1)},
        "sceptics": {"pretest": (0.55, 0.45), "posttest": (0.97, 0.9)},
    }
    for name, judge in cohorts.items():
        cohort = await add_cohort(sessions, "union", name)
        for n in range(30):
            learner = await add_member(sessions, cohort, f"{name}-{n}")
            await _take_tests(sessions, curriculum, learner, judge, rng)
    reports = await organisation_report(
        sessions, operator_scope(), "union", curriculum, NOW + timedelta(days=31), 5
    )
    by_cohort = {r.cohort: r for r in reports}
    learned, doubted = by_cohort["learners"].learning, by_cohort["sceptics"].learning
    assert learned is not None and doubted is not None
    assert learned.discernment.low > 0 and doubted.discernment.low <= 0
    assert doubted.hit_rate[1] > doubted.hit_rate[0]
    assert doubted.false_alarm_rate[1] > doubted.false_alarm_rate[0]
    text = as_text(reports, curriculum, "en")
    learners_block, sceptics_block = (
        next(block for block in text.split("\n\n") if f"**{name}**" in block) for name in cohorts
    )
    assert "got better at telling accurate material from flawed" in learners_block
    assert "doubt more, but tell accurate from flawed no better" in sceptics_block
    ja = as_text(reports, curriculum, "ja")
    assert "見分ける力が伸びています" in ja and "正しい情報まで疑っています" in ja
