"""Give an imported roster some made-up activity, so that `manabi report` has numbers to show.

    DATABASE_URL=… python -m bench.officers_demo --org zensen [--seed 1]

For demos and acceptance runs only: every member of the organisation "starts", and most
complete the first lessons with random answers. Never run it against real data.
"""

from __future__ import annotations

import argparse
import asyncio
import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.config import load_settings
from bot.content.loader import load_curriculum
from bot.storage.db import create_engine, ensure_schema, session_factory, transaction
from bot.storage.models import Learner, LessonDelivery, Organisation, QuizAttempt


async def seed(org_slug: str, seed_value: int, now: datetime) -> int:
    """Start every member of the organisation and add lessons and answers; return members."""
    settings = load_settings()
    curriculum = load_curriculum(settings.lessons_dir)
    engine = create_engine(settings.database_url)
    await ensure_schema(engine)
    rng = random.Random(seed_value)
    try:
        async with transaction(session_factory(engine)) as session:
            org = await session.scalar(select(Organisation).where(Organisation.slug == org_slug))
            if org is None:
                raise SystemExit(f"no organisation {org_slug!r}")
            learners = list(
                await session.scalars(select(Learner).where(Learner.organisation_id == org.id))
            )
            for learner in learners:
                learner.status = "paused" if rng.random() < 0.05 else "active"
                learner.consent_at = now - timedelta(days=14)
                days = rng.randint(0, 3)
                learner.last_active_at = now - timedelta(days=rng.choice([0, 1, 2, 10]))
                for n, lesson in enumerate(curriculum.lessons[:days]):
                    when = now - timedelta(days=days - n)
                    delivery = LessonDelivery(
                        learner_id=learner.id,
                        lesson_id=lesson.id,
                        local_date=when.date(),
                        state="completed",
                        created_at=when,
                        completed_at=when,
                    )
                    session.add(delivery)
                    await session.flush()
                    for item in lesson.meta.items[:3]:
                        right = rng.random() < 0.75
                        session.add(
                            QuizAttempt(
                                learner_id=learner.id,
                                delivery_id=delivery.id,
                                item_id=item.id,
                                choice=item.answer_key() if right else "x",
                                correct=right,
                                answered_at=when,
                            )
                        )
            return len(learners)
    finally:
        await engine.dispose()


def main(argv: list[str] | None = None) -> int:
    """Seed the demo activity."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--org", required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    count = asyncio.run(seed(args.org, args.seed, datetime.now(UTC)))
    print(f"gave {count} member(s) of {args.org} some activity")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
