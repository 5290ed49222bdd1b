"""Announcements: an officer composes, previews, sends now or schedules; the outbox delivers."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.messages import strip_controls
from bot.core.officers.recurring import CATCH_UP, Weekly, weekly_of
from bot.core.officers.roles import Refused, Scope, require_cohort, require_officer
from bot.core.texts import t
from bot.storage import announcements as store
from bot.storage import roster
from bot.storage.db import transaction
from bot.storage.learners import claim_event
from bot.storage.models import Announcement, Cohort, Organisation
from bot.storage.outbox import OutboxState

log = logging.getLogger(__name__)

MAX_CHARS = 3000  # Slack shows up to 3,000 characters in one text block
LOCALES = ("ja", "en")
DRAFT_LIFETIME = timedelta(hours=24)  # a previewed draft not sent by then must be composed again


@dataclass(frozen=True)
class Draft:
    """What an officer wants to say, to whom, and when (None: now)."""

    organisation: str
    cohort: str
    text_ja: str = ""
    text_en: str = ""
    at: datetime | None = None
    every: Weekly | None = None  # a weekly reminder, until cancelled (instead of `at`)


@dataclass(frozen=True)
class Addressed:
    """A draft and the cohort it goes to, found in the actor's scope; when one announcement
    goes to several cohorts, the earlier cohorts (by id), whose members it already reaches."""

    draft: Draft
    cohort: Cohort
    excluding: tuple[int, ...] = ()


@dataclass(frozen=True)
class Preview:
    """What each member will see, and how many will get it in each language."""

    cohort: str
    texts: dict[str, str]  # locale -> the message as members of that language see it
    by_locale: dict[str, int]
    scheduled_for: datetime | None
    fallback: tuple[str, ...] = ()  # languages that get the other language's text
    enrolled: int = 0  # everyone in the cohort, started or not
    draft_id: str = ""  # the draft kept on the server for Send (see `Announcements.prepare`)
    key: str = ""  # names this preview, so that sending it twice sends once (see `send`)

    @property
    def recipients(self) -> int:
        """How many members it goes to."""
        return sum(self.by_locale.values())


@dataclass(frozen=True)
class Status:
    """An announcement and where its messages are: delivered, pending, failed, cancelled."""

    id: int
    cohort: str
    state: str  # scheduled / queued / recurring / cancelled
    scheduled_for: datetime  # a recurring one: its first occurrence
    counts: dict[str, int] = field(default_factory=dict)  # a recurring one: every occurrence's
    every: Weekly | None = None

    @property
    def delivered(self) -> int:
        """Messages the platform accepted."""
        return self.counts.get(OutboxState.SENT, 0)

    @property
    def pending(self) -> int:
        """Messages waiting or being sent."""
        return self.counts.get(OutboxState.PENDING, 0) + self.counts.get(OutboxState.CLAIMED, 0)

    @property
    def failed(self) -> int:
        """Messages that could not be delivered."""
        return self.counts.get(OutboxState.FAILED, 0)

    @property
    def cancelled(self) -> int:
        """Messages cancelled before they went."""
        return self.counts.get(OutboxState.CANCELLED, 0)

    @property
    def figures(self) -> dict[str, int]:
        """The four counts above by their names, in the order they are shown."""
        return {
            "delivered": self.delivered,
            "pending": self.pending,
            "failed": self.failed,
            "cancelled": self.cancelled,
        }


def status_text(status: Status, locale: str) -> str:
    """An announcement's delivered / pending / failed counts in the officer's language."""
    return t("announcement_status", locale, id=status.id, cohort=status.cohort, **status.figures)


def preview_counts(preview: Preview, locale: str) -> str:
    """How many members a previewed announcement goes to, in all and in each language."""
    each = {language: preview.by_locale.get(language, 0) for language in ("ja", "en")}
    total = preview.recipients
    return t("announcement_preview", locale, cohort=preview.cohort, total=total, **each)


def member_texts(text_ja: str, text_en: str) -> tuple[dict[str, str], tuple[str, ...]]:
    """Return the message per language (falling back to the other one) and the fallbacks."""
    # Officers' text arrives from a Slack modal or the CLI, not as an Inbound: clean it too.
    given = {"ja": _clean(text_ja), "en": _clean(text_en)}
    texts: dict[str, str] = {}
    fallback: list[str] = []
    for locale in LOCALES:
        body = given[locale]
        if not body:
            body = given["en" if locale == "ja" else "ja"]
            fallback.append(locale)
        texts[locale] = body
    return texts, tuple(fallback)


def _clean(text: str) -> str:
    return (strip_controls(text) or "").strip()


class Announcements:
    """The officer's announcement use cases, each in one transaction."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def preview(self, scope: Scope, draft: Draft, now: datetime) -> Preview:
        """Check the draft and the actor's scope; say who gets what, without sending."""
        [preview] = await self.preview_many(scope, [draft], now)
        return replace(preview, key=secrets.token_hex(8))

    async def send(
        self, scope: Scope, draft: Draft, now: datetime, *, key: str | None = None
    ) -> Status:
        """Record the announcement and queue one message per member (due now or at `at`).
        With a preview's `key`, a second send of that preview (a double press) is refused."""
        async with transaction(self.sessions) as session:
            [addressed] = await self._address(session, scope, [draft])
            # In the same transaction as the queueing: a failed send leaves the key unclaimed.
            once = f"announcement:{scope.learner_id}:{key}"
            if key and not await claim_event(session, key=once, now=now):
                raise Refused("announcement_sent_once", scope.locale)
            return await self._send(session, scope, addressed, now)

    async def prepare(self, scope: Scope, draft: Draft, now: datetime) -> Preview:
        """Preview the draft and keep it on the server, for its author alone to send by id
        (a client such as a Slack modal cannot hold a long bilingual text)."""
        async with transaction(self.sessions) as session:
            [addressed] = await self._address(session, scope, [draft])
            preview = await self._preview(session, scope, addressed, now)
            if scope.learner_id is None:  # only a person in a chat keeps drafts
                raise Refused("not_allowed_member", scope.locale)
            await store.prune_drafts(session, now=now)
            draft_id = secrets.token_urlsafe(16)
            await store.add_draft(
                session,
                values={
                    "id": draft_id,
                    "author_id": scope.learner_id,
                    "cohort_id": addressed.cohort.id,
                    "text_ja": draft.text_ja,
                    "text_en": draft.text_en,
                    "scheduled_for": draft.at,
                    "expires_at": now + DRAFT_LIFETIME,
                },
            )
            return replace(preview, draft_id=draft_id)

    async def send_draft(self, scope: Scope, draft_id: str, now: datetime) -> Status:
        """Send a prepared draft, once: only its author may, and it is gone after (a second
        Send, a cancelled or an expired draft is refused and sends nothing)."""
        require_officer(scope)
        async with transaction(self.sessions) as session:
            kept = None
            if scope.learner_id is not None:
                kept = await store.take_draft(
                    session, draft_id=draft_id, author_id=scope.learner_id
                )
            cohort = await session.get(Cohort, kept.cohort_id) if kept else None
            org = await session.get(Organisation, cohort.organisation_id) if cohort else None
            if kept is None or cohort is None or org is None or kept.expires_at <= now:
                raise Refused("announcement_draft_gone", scope.locale)
            require_cohort(scope, cohort)
            draft = Draft(org.slug, cohort.slug, kept.text_ja, kept.text_en, kept.scheduled_for)
            return await self._send(session, scope, Addressed(draft, cohort), now)

    async def discard(self, scope: Scope, draft_id: str) -> None:
        """Forget a draft its author cancelled (anyone else's stays)."""
        if scope.learner_id is None:
            return
        async with transaction(self.sessions) as session:
            await store.discard_draft(session, draft_id=draft_id, author_id=scope.learner_id)

    async def preview_many(
        self, scope: Scope, drafts: Sequence[Draft], now: datetime
    ) -> list[Preview]:
        """Preview drafts to several cohorts: a member of two counts in the first one only."""
        async with transaction(self.sessions) as session:
            addressed = await self._address(session, scope, drafts)
            return [await self._preview(session, scope, each, now) for each in addressed]

    async def send_many(self, scope: Scope, drafts: Sequence[Draft], now: datetime) -> list[Status]:
        """Send drafts to several cohorts in one transaction; a member of two gets it once."""
        async with transaction(self.sessions) as session:
            addressed = await self._address(session, scope, drafts)
            return [await self._send(session, scope, each, now) for each in addressed]

    async def _send(
        self, session: AsyncSession, scope: Scope, addressed: Addressed, now: datetime
    ) -> Status:
        preview = await self._preview(session, scope, addressed, now)
        draft, cohort = addressed.draft, addressed.cohort
        due = draft.every.following(now) if draft.every else draft.at or now
        state = "recurring" if draft.every else "scheduled" if due > now else "queued"
        weekly = draft.every
        announcement = await store.create_announcement(
            session,
            values={
                "organisation_id": cohort.organisation_id,
                "cohort_id": cohort.id,
                "author_id": scope.learner_id,
                "text_ja": draft.text_ja.strip() or None,
                "text_en": draft.text_en.strip() or None,
                "scheduled_for": due,
                "status": state,
                "created_at": now,
                "repeat_weekday": weekly.weekday if weekly else None,
                "repeat_minute": weekly.minute if weekly else None,
                "repeat_timezone": weekly.timezone if weekly else None,
            },
        )
        if weekly:  # each occurrence is queued when it comes (plan_occurrences)
            log.info("recurring announcement", extra={"announcement": announcement.id})
            return await _status(session, announcement, cohort)
        queued = await store.enqueue_announcement(
            session,
            announcement_id=announcement.id,
            cohort_id=cohort.id,
            payload={"text": preview.texts, "cohort": cohort.slug},
            due_at=due,
            now=now,
            excluding=addressed.excluding,
        )
        log.info("announcement queued", extra={"announcement": announcement.id, "n": queued})
        return await _status(session, announcement, cohort)

    async def status(self, scope: Scope, announcement_id: int) -> Status:
        """Return an announcement's delivered / pending / failed counts."""
        async with transaction(self.sessions) as session:
            announcement, cohort = await self._own(session, scope, announcement_id)
            return await _status(session, announcement, cohort)

    async def cancel(self, scope: Scope, announcement_id: int, now: datetime) -> Status:
        """Cancel a scheduled announcement before it goes."""
        async with transaction(self.sessions) as session:
            announcement, cohort = await self._own(session, scope, announcement_id)
            if announcement.status == "cancelled":
                raise Refused("announcement_already_cancelled", scope.locale)
            recurring = announcement.repeat_weekday is not None
            if not recurring and announcement.scheduled_for <= now:
                raise Refused("announcement_already_sent", scope.locale)
            announcement.status = "cancelled"
            await store.cancel_outbox(session, announcement_id=announcement.id)
            return await _status(session, announcement, cohort)

    async def recent(self, scope: Scope, organisation: str) -> list[Status]:
        """Return the latest announcements to the cohorts in the actor's scope."""
        async with transaction(self.sessions) as session:
            org = await roster.find_organisation(session, slug=organisation)
            if org is None:
                raise Refused("unknown_organisation", scope.locale, org=organisation)
            cohorts = {
                c.id: c
                for c in await roster.list_cohorts(session, organisation_id=org.id)
                if scope.admin or c.id in scope.cohorts
            }
            found = await store.list_announcements(session, cohort_ids=list(cohorts))
            return [await _status(session, a, cohorts[a.cohort_id]) for a in found]

    async def cohorts(self, scope: Scope) -> list[tuple[str, str]]:
        """Return (organisation, cohort) pairs the actor may announce to."""
        require_officer(scope)
        async with transaction(self.sessions) as session:
            ids = None if scope.admin else sorted(scope.cohorts)
            return await roster.cohort_choices(session, cohort_ids=ids)

    async def _address(
        self, session: AsyncSession, scope: Scope, drafts: Sequence[Draft]
    ) -> list[Addressed]:
        """Find each draft's cohort in the actor's scope (all of them, before anything is
        previewed or sent); a member of two of them counts in the first one only."""
        addressed: list[Addressed] = []
        for draft in drafts:
            cohort = await self._cohort(session, scope, draft)
            addressed.append(Addressed(draft, cohort, tuple(a.cohort.id for a in addressed)))
        return addressed

    async def _cohort(self, session: AsyncSession, scope: Scope, draft: Draft) -> Cohort:
        require_officer(scope)
        org = await roster.find_organisation(session, slug=draft.organisation)
        if org is None:
            raise Refused("unknown_organisation", scope.locale, org=draft.organisation)
        cohort = await roster.find_cohort(session, organisation_id=org.id, slug=draft.cohort)
        if cohort is None:
            raise Refused("unknown_cohort", scope.locale, cohort=draft.cohort)
        require_cohort(scope, cohort)
        return cohort

    async def _preview(
        self, session: AsyncSession, scope: Scope, addressed: Addressed, now: datetime
    ) -> Preview:
        draft, cohort = addressed.draft, addressed.cohort
        if not draft.text_ja.strip() and not draft.text_en.strip():
            raise Refused("announcement_empty", scope.locale)
        if max(len(draft.text_ja), len(draft.text_en)) > MAX_CHARS:
            raise Refused("announcement_too_long", scope.locale, max=MAX_CHARS)
        if draft.at is not None and draft.at.tzinfo is None:
            raise Refused("announcement_bad_time", scope.locale)
        if draft.at is not None and draft.at < now:
            raise Refused("announcement_past", scope.locale)
        texts, fallback = member_texts(draft.text_ja, draft.text_en)
        by_locale = await store.recipients_by_locale(
            session, cohort_id=cohort.id, excluding=addressed.excluding
        )
        enrolled = await store.cohort_size(session, cohort_id=cohort.id)
        return Preview(cohort.slug, texts, by_locale, draft.at, fallback, enrolled)

    async def _own(
        self, session: AsyncSession, scope: Scope, announcement_id: int
    ) -> tuple[Announcement, Cohort]:
        require_officer(scope)
        announcement = await store.get_announcement(session, announcement_id=announcement_id)
        cohort = await session.get(Cohort, announcement.cohort_id) if announcement else None
        if announcement is None or cohort is None:
            raise Refused("unknown_announcement", scope.locale)
        require_cohort(scope, cohort)
        return announcement, cohort


async def plan_occurrences(sessions: async_sessionmaker[AsyncSession], now: datetime) -> int:
    """Queue every recurring announcement's occurrence that has come (once: the outbox key
    names the occurrence, so replicas and repeated runs add nothing); return rows added."""
    added = 0
    async with transaction(sessions) as session:
        for announcement, cohort in await store.recurring_announcements(session):
            weekly = weekly_of(
                announcement.repeat_weekday,
                announcement.repeat_minute,
                announcement.repeat_timezone,
            )
            if weekly is None:
                continue
            due = weekly.latest(now)
            if due < announcement.scheduled_for or now - due > CATCH_UP:
                continue
            texts, _ = member_texts(announcement.text_ja or "", announcement.text_en or "")
            added += await store.enqueue_announcement(
                session,
                announcement_id=announcement.id,
                cohort_id=announcement.cohort_id,
                payload={"text": texts, "cohort": cohort},
                due_at=due,
                now=now,
                occurrence=due.date().isoformat(),
            )
    if added:
        log.info("recurring announcements queued", extra={"n": added})
    return added


async def _status(session: AsyncSession, announcement: Announcement, cohort: Cohort) -> Status:
    counts = await store.outbox_counts(session, announcement_id=announcement.id)
    every = weekly_of(
        announcement.repeat_weekday, announcement.repeat_minute, announcement.repeat_timezone
    )
    return Status(
        announcement.id,
        cohort.slug,
        announcement.status,
        announcement.scheduled_for,
        counts,
        every,
    )
