"""Officers in Teams: typed `announce` / `report` (the words of core/commands.py) and the
officer cards' buttons, through the OfficerDesk. The actor is always the activity's sender,
never the card's data, and core checks their scope again at every step."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.channels.teams import officer_cards as cards
from bot.core.commands import Command
from bot.core.messages import Identity
from bot.core.officers.announcements import Draft
from bot.core.officers.desk import OfficerDesk
from bot.core.officers.roles import NotAllowed, Refused, require_officer
from bot.core.ports import Clock

log = logging.getLogger(__name__)

Card = dict[str, Any]


class TeamsOfficers:
    """What an officer types or presses in Teams, answered with a card."""

    def __init__(self, desk: OfficerDesk, clock: Clock) -> None:
        self.desk = desk
        self.clock = clock

    async def command(self, identity: Identity, command: Command, zone: str, locale: str) -> Card:
        """A typed officer command: the form, an announcement's status, or the report."""
        scope = await self.desk.scope(identity, locale)
        service, now = self.desk.announcements, self.clock.now()
        try:
            if command.name == "announce":
                return cards.form(await service.cohorts(scope), scope.locale)
            if command.name == "announce status":
                found = await service.status(scope, int(command.arg))
                return cards.status(found, scope.locale, zone, now)
            if command.name == "announce cancel":
                cancelled = await service.cancel(scope, int(command.arg), now)
                return cards.status(cancelled, scope.locale, zone, now)
            reports = await self.desk.reports(scope, now, command.arg or None)
            return cards.report(self.desk.reports_text(reports, scope.locale), scope.locale)
        except Refused as exc:
            return cards.notice(str(exc))

    async def press(self, identity: Identity, data: dict[str, Any], zone: str, locale: str) -> Card:
        """A pressed officer card button: the next card, or why not. Nothing in `data` is
        trusted: the draft, the cohort and the announcement are checked again in core."""
        scope = await self.desk.scope(identity, locale)
        service, now = self.desk.announcements, self.clock.now()
        step = data.get(cards.STEP_KEY)
        try:
            require_officer(scope)
            if step == cards.PREVIEW:
                draft = draft_from(data, zone, now, scope.locale)
                result = await service.preview(scope, draft, now)
                return cards.preview(result, draft, scope.locale, zone)
            if step == cards.SEND:
                draft = draft_from(data, zone, now, scope.locale)
                key = _str(data, "key") or None  # the preview's: a second press sends nothing
                sent = await service.send(scope, draft, now, key=key)
                return cards.status(sent, scope.locale, zone, now)
            if step in (cards.STATUS, cards.CANCEL):
                number = _number(data)
                if step == cards.CANCEL:
                    found = await service.cancel(scope, number, now)
                else:
                    found = await service.status(scope, number)
                return cards.status(found, scope.locale, zone, now)
            return cards.discarded(scope.locale)
        except NotAllowed as exc:
            log.info("officer card refused", extra={"step": str(step)[:20]})
            return cards.notice(str(exc))
        except Refused as exc:
            if step in (cards.PREVIEW, cards.SEND) and exc.key != "announcement_sent_once":
                values = form_values(data, zone)
                return cards.form(await service.cohorts(scope), scope.locale, values, str(exc))
            return cards.notice(str(exc))
        except ValueError:  # an id that is not a number: only a forged card sends that
            return cards.discarded(scope.locale)


def draft_from(data: dict[str, Any], zone: str, now: datetime, locale: str) -> Draft:
    """Read a form's (or a preview's Send button's) data into a draft."""
    org, _, cohort = str(data.get("cohort") or "").partition("|")
    return Draft(org, cohort, _str(data, "ja"), _str(data, "en"), send_at(data, zone, now, locale))


def send_at(data: dict[str, Any], zone: str, now: datetime, locale: str) -> datetime | None:
    """The send time: the preview's `at`, or the form's date and time read in the officer's
    zone (a date alone: 09:00; a time alone: today); None to send now."""
    try:
        if data.get("at"):
            return datetime.fromisoformat(str(data["at"]))
        day, clock = _str(data, "date"), _str(data, "time")
        if not day and not clock:
            return None
        here = ZoneInfo(zone)
        day = day or now.astimezone(here).date().isoformat()
        return datetime.fromisoformat(f"{day}T{clock or '09:00'}").replace(tzinfo=here)
    except ValueError:
        raise Refused("announcement_bad_time", locale) from None


def form_values(data: dict[str, Any], zone: str) -> dict[str, Any]:
    """The form's fields from a form's or a preview's data, to fill the form again."""
    values = {key: _str(data, key) for key in ("cohort", "ja", "en", "date", "time")}
    try:
        at = datetime.fromisoformat(_str(data, "at")) if data.get("at") else None
    except ValueError:
        at = None
    if at is not None and at.tzinfo is not None:
        local = at.astimezone(ZoneInfo(zone))
        values["date"], values["time"] = local.date().isoformat(), local.strftime("%H:%M")
    return values


def _number(data: dict[str, Any]) -> int:
    """An announcement's number from a card (ValueError when it is not one)."""
    text = str(data.get("id") or "")
    if not text.isdigit() or len(text) > 18:
        raise ValueError("not an announcement number")
    return int(text)


def _str(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return value[: cards.MAX_CHARS + 1] if isinstance(value, str) else ""
