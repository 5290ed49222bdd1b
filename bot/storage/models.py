"""The database tables, as typed SQLAlchemy 2.0 ORM classes (design §4)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Stable constraint names, so that migrations are the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# An id column that is BIGINT on PostgreSQL and INTEGER (so that it is the rowid) on SQLite.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite forgets zones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime; pass a timezone-aware UTC time")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """The declarative base of every table."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON()}  # noqa: RUF012


def learner_fk() -> Any:
    """A foreign key to learners that goes when the learner goes (delete my data)."""
    return ForeignKey("learners.id", ondelete="CASCADE")


class Organisation(Base):
    """An affiliate union: its calendar, budget and nudge rules."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    calendar: Mapped[str] = mapped_column(String(8), default="JP")  # `holidays` country code
    monthly_token_budget: Mapped[int | None] = mapped_column(BigInteger, default=None)
    nudge_days: Mapped[str] = mapped_column(String(32), default="3,7,14")  # business days idle
    created_at: Mapped[datetime]


class Cohort(Base):
    """A group of members in one organisation that lessons and reports are organised by."""

    __tablename__ = "cohorts"
    __table_args__ = (UniqueConstraint("organisation_id", "slug"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))


class Learner(Base):
    """A member as Manabi knows them: where to reach them and their settings. No name, no email."""

    __tablename__ = "learners"
    __table_args__ = (
        UniqueConstraint("platform", "workspace", "platform_user_id"),
        Index("ix_learners_organisation_member_number", "organisation_id", "member_number"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))  # slack / teams / console
    workspace: Mapped[str] = mapped_column(String(64))  # Slack team id / Teams tenant / "local"
    platform_user_id: Mapped[str] = mapped_column(String(128))
    conversation_ref: Mapped[dict[str, Any] | None] = mapped_column(default=None)  # Teams
    dm_channel: Mapped[str | None] = mapped_column(String(32), default=None)  # Slack DM id
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), default=None, index=True
    )
    locale: Mapped[str] = mapped_column(String(8), default="ja")
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Tokyo")
    delivery_minute: Mapped[int] = mapped_column(Integer, default=510)  # minutes after midnight
    status: Mapped[str] = mapped_column(String(16), default="new", index=True)
    consent_at: Mapped[datetime | None] = mapped_column(default=None)
    last_active_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime]
    dialog: Mapped[dict[str, Any] | None] = mapped_column(default=None)  # what we are waiting for
    # The union's own member number (組合員番号) from a roster, to match training records to
    # the union's records; a number, never a name or an email.
    member_number: Mapped[str | None] = mapped_column(String(32), default=None)
    # How many pasted AI answers the member has had checked: a count, never the text.
    answers_checked: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Claims in those checklists the member marked checked / wrong / unsure: counts only, never
    # the claim or which one.
    claims_checked: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    claims_wrong: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    claims_unsure: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Membership(Base):
    """A learner's place in a cohort, with their role there."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("learner_id", "cohort_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    learner_id: Mapped[int] = mapped_column(learner_fk())
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16), default="member")  # member / officer / admin


class LessonDelivery(Base):
    """One day's lesson (or review session) for one learner."""

    __tablename__ = "lesson_deliveries"
    __table_args__ = (UniqueConstraint("learner_id", "local_date", "kind"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    learner_id: Mapped[int] = mapped_column(learner_fk())
    lesson_id: Mapped[str | None] = mapped_column(String(64), default=None)
    local_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16), default="lesson")  # lesson / review
    state: Mapped[str] = mapped_column(String(16), default="planned")  # planned/sent/completed
    created_at: Mapped[datetime]
    completed_at: Mapped[datetime | None] = mapped_column(default=None)


class QuizAttempt(Base):
    """A learner's answer to one quiz item; one per item and delivery, so a double click counts
    once."""

    __tablename__ = "quiz_attempts"
    __table_args__ = (UniqueConstraint("learner_id", "item_id", "delivery_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    learner_id: Mapped[int] = mapped_column(learner_fk())
    delivery_id: Mapped[int] = mapped_column(
        ForeignKey("lesson_deliveries.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[str] = mapped_column(String(80))
    choice: Mapped[str] = mapped_column(String(16))
    correct: Mapped[bool] = mapped_column(Boolean)
    confidence: Mapped[int | None] = mapped_column(Integer, default=None)
    answered_at: Mapped[datetime]


class ReviewCard(Base):
    """The FSRS memory state of one quiz item for one learner."""

    __tablename__ = "review_cards"
    __table_args__ = (Index("ix_review_cards_learner_due", "learner_id", "due"),)

    learner_id: Mapped[int] = mapped_column(learner_fk(), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    state: Mapped[int] = mapped_column(Integer)
    step: Mapped[int | None] = mapped_column(Integer, default=None)
    stability: Mapped[float | None] = mapped_column(Float, default=None)
    difficulty: Mapped[float | None] = mapped_column(Float, default=None)
    due: Mapped[datetime]
    last_review: Mapped[datetime | None] = mapped_column(default=None)
    lapses: Mapped[int] = mapped_column(Integer, default=0)


class Question(Base):
    """A question a learner asked: tokens and outcome; the text only when retention is on."""

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    learner_id: Mapped[int] = mapped_column(learner_fk(), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), default=None
    )
    asked_at: Mapped[datetime]
    tokens_in: Mapped[int] = mapped_column(Integer, default=0)
    tokens_out: Mapped[int] = mapped_column(Integer, default=0)
    model: Mapped[str | None] = mapped_column(String(64), default=None)
    cited_lessons: Mapped[str] = mapped_column(String(400), default="")
    outcome: Mapped[str] = mapped_column(String(24))  # model / offline / budget / error
    text: Mapped[str | None] = mapped_column(Text, default=None)  # redacted; retention only


class LlmUsage(Base):
    """Tokens and estimated cost per organisation, day and model."""

    __tablename__ = "llm_usage"
    __table_args__ = (UniqueConstraint("organisation_id", "day", "model"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    model: Mapped[str] = mapped_column(String(64))
    requests: Mapped[int] = mapped_column(Integer, default=0)
    tokens_in: Mapped[int] = mapped_column(BigInteger, default=0)
    tokens_out: Mapped[int] = mapped_column(BigInteger, default=0)
    cost_usd: Mapped[float] = mapped_column(Float, default=0.0)


class Nudge(Base):
    """A reminder sent to an inactive learner, and whether they came back."""

    __tablename__ = "nudges"
    __table_args__ = (UniqueConstraint("learner_id", "local_date"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    learner_id: Mapped[int] = mapped_column(learner_fk())
    step: Mapped[int] = mapped_column(Integer)
    local_date: Mapped[date] = mapped_column(Date)
    sent_at: Mapped[datetime]
    reactivated_at: Mapped[datetime | None] = mapped_column(default=None)


class Announcement(Base):
    """An officer's message to a cohort, sent now or at a time."""

    __tablename__ = "announcements"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("learners.id", ondelete="SET NULL"), default=None
    )
    text_ja: Mapped[str | None] = mapped_column(Text, default=None)
    text_en: Mapped[str | None] = mapped_column(Text, default=None)
    scheduled_for: Mapped[datetime]  # a recurring one: its first occurrence
    status: Mapped[str] = mapped_column(
        String(16), default="scheduled"
    )  # scheduled/queued/recurring/cancelled
    created_at: Mapped[datetime]
    # Weekly, until cancelled: the weekday (0 = Monday) and minute after midnight in a time zone.
    repeat_weekday: Mapped[int | None] = mapped_column(Integer, default=None)
    repeat_minute: Mapped[int | None] = mapped_column(Integer, default=None)
    repeat_timezone: Mapped[str | None] = mapped_column(String(64), default=None)


class AnnouncementDraft(Base):
    """An announcement an officer previewed and has not sent: kept here, not in the client (a
    Slack modal carries only this id), until it is sent, cancelled or expires."""

    __tablename__ = "announcement_drafts"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # random, not guessable
    author_id: Mapped[int] = mapped_column(learner_fk(), index=True)  # only they may send it
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"))
    text_ja: Mapped[str] = mapped_column(Text, default="")
    text_en: Mapped[str] = mapped_column(Text, default="")
    scheduled_for: Mapped[datetime | None] = mapped_column(default=None)  # None: on Send
    expires_at: Mapped[datetime] = mapped_column(index=True)


class Outbox(Base):
    """Every proactive message, from planning until the platform accepted it (design §6)."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_state_due", "state", "due_at"),
        # The claim reads pending rows in this order, LIMIT n, without sorting the backlog.
        # PostgreSQL's WHERE is added by postgresql_options() (below).
        Index("ix_outbox_pending_due", "due_at", "id", sqlite_where=text("state = 'pending'")),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(160), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # lesson / nudge / announcement / digest
    learner_id: Mapped[int] = mapped_column(learner_fk(), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(64))  # the rate-limit bucket
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    state: Mapped[str] = mapped_column(String(16))  # an OutboxState (bot/storage/outbox.py)
    due_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(64), default=None)
    lease_until: Mapped[datetime | None] = mapped_column(default=None)
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
    platform_message_id: Mapped[str | None] = mapped_column(String(128), default=None)
    # What the platform accepted, recorded as it happens: the id of each reply delivered
    # (Slack ts / Teams activity id), and when a send began that is not yet fully recorded
    # (then, and only then, recovery asks the platform; see bot/delivery/dispatcher.py).
    message_ids: Mapped[list[str] | None] = mapped_column(JSON, default=None)
    sending_since: Mapped[datetime | None] = mapped_column(default=None)
    last_error: Mapped[str | None] = mapped_column(String(64), default=None)  # a code, no text
    created_at: Mapped[datetime]


class ProcessedEvent(Base):
    """An inbound event id already handled (Slack event_id, Teams activity id)."""

    __tablename__ = "processed_events"

    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(index=True)


class Feedback(Base):
    """A member's rating of a lesson or an answer (👍 1 / 👎 -1), or a 1–5 satisfaction pulse."""

    __tablename__ = "feedback"
    __table_args__ = (UniqueConstraint("learner_id", "target_kind", "target_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    learner_id: Mapped[int] = mapped_column(learner_fk())
    target_kind: Mapped[str] = mapped_column(String(16))  # lesson / answer / pulse
    target_id: Mapped[str] = mapped_column(String(80), index=True)  # lesson id, question id, …
    rating: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text, default=None)  # redacted, optional
    created_at: Mapped[datetime]


class OfficerQuestion(Base):
    """A question a member forwarded to their cohort's officers, and the officer's reply."""

    __tablename__ = "officer_questions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    learner_id: Mapped[int] = mapped_column(learner_fk(), index=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)  # the member chose to send it; redacted
    asked_at: Mapped[datetime]
    answer: Mapped[str | None] = mapped_column(Text, default=None)
    answered_by: Mapped[int | None] = mapped_column(
        ForeignKey("learners.id", ondelete="SET NULL"), default=None
    )
    answered_at: Mapped[datetime | None] = mapped_column(default=None)


class Digest(Base):
    """An officer's weekly digest chart (PNG), referred to by their outbox row."""

    __tablename__ = "digests"
    __table_args__ = (UniqueConstraint("learner_id", "week_start"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    learner_id: Mapped[int] = mapped_column(learner_fk())  # the officer
    week_start: Mapped[date] = mapped_column(Date)
    png: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime]


# SQLite reuses the largest rowid once its row is deleted; ids appear in outbox keys and in
# officers' "reply <id>", so a deleted member's id given to a new row would collide with a key
# or send a reply to the wrong member. AUTOINCREMENT never hands an id out twice.
for _table in Base.metadata.tables.values():
    if "id" in _table.c and _table.c["id"].primary_key and _table.c["id"].type is BigId:
        _table.dialect_kwargs["sqlite_autoincrement"] = True


def postgresql_options() -> None:
    """Declare the schema's PostgreSQL-only options: a partial index is partial on PostgreSQL
    too, with the same WHERE as on SQLite.

    A `postgresql_*` argument makes SQLAlchemy import its PostgreSQL dialect to check it (50 ms
    of every start-up, SQLite included), so it is added only where PostgreSQL or the migrations
    are used: by `bot.storage.db.create_engine` for a PostgreSQL URL and by the migrations'
    environment (which writes it into a generated migration, whatever the database). Idempotent.
    """
    for table in Base.metadata.tables.values():
        for index in table.indexes:
            where = index.dialect_kwargs.get("sqlite_where")
            if where is not None and index.dialect_kwargs.get("postgresql_where") is None:
                index.dialect_kwargs["postgresql_where"] = where


class RateBucket(Base):
    """A platform rate limit shared by every replica (PostgreSQL): a token bucket kept as the
    time its reservations reach (GCRA), in the database server's clock, seconds since 1970."""

    __tablename__ = "rate_buckets"

    key: Mapped[str] = mapped_column(String(160), primary_key=True)  # platform:workspace:method
    reserved_until: Mapped[float] = mapped_column(Float)  # pushed past a 429's Retry-After
    rate: Mapped[float] = mapped_column(Float)  # per second: halved on a 429, creeps back
    slowdowns: Mapped[int] = mapped_column(Integer, default=0)  # 429s seen, by any replica
