"""Officers in Slack: `/manabi announce` (compose → preview → send; `status N`, `cancel N`)
and `/manabi report`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.slack.chat import SlackContext
from bot.channels.slack.identity import identity_of
from bot.channels.slack.render import mrkdwn, sections
from bot.core.commands import OFFICER_WORDS
from bot.core.messages import Identity
from bot.core.officers.announcements import Draft, Preview, preview_counts, status_text
from bot.core.officers.roles import Refused, Scope
from bot.core.officers.times import shown_time
from bot.core.texts import t

COMMAND = "/manabi"
ANNOUNCE = OFFICER_WORDS["announce"]  # one vocabulary with Teams (core/commands.py)
REPORT = OFFICER_WORDS["report"]
COMPOSE, PREVIEW = "manabi_announce", "manabi_announce_preview"


def subcommand(text: str) -> tuple[str, str]:
    """Split `/manabi` text into (officer subcommand or "", the rest)."""
    head, _, rest = text.strip().partition(" ")
    word = head.lower()
    if word in ANNOUNCE:
        return "announce", rest.strip()
    if word in REPORT:
        return "report", rest.strip()
    return "", text


async def officer_command(body: dict[str, Any]) -> bool:
    """Matcher: is this `/manabi announce …` or `/manabi report …`?"""
    return bool(subcommand(str(body.get("text") or ""))[0])


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:150]}


def compose_view(choices: list[tuple[str, str]], locale: str) -> dict[str, Any]:
    """The announcement modal: cohort, text in ja and/or en, an optional send time."""
    options = [
        {"text": _plain(f"{org} / {cohort}"), "value": f"{org}|{cohort}"} for org, cohort in choices
    ]

    def text_input(block: str, label: str) -> dict[str, Any]:
        element = {"type": "plain_text_input", "action_id": "v", "multiline": True}
        return {
            "type": "input",
            "block_id": block,
            "optional": True,
            "label": _plain(label),
            "element": {**element, "max_length": 3000},
        }

    return {
        "type": "modal",
        "callback_id": COMPOSE,
        "private_metadata": locale,
        "title": _plain(t("slack_announce_title", locale)),
        "submit": _plain(t("slack_preview", locale)),
        "close": _plain(t("slack_cancel", locale)),
        "blocks": [
            {
                "type": "input",
                "block_id": "cohort",
                "label": _plain(t("slack_cohort", locale)),
                "element": {"type": "static_select", "action_id": "v", "options": options},
            },
            text_input("ja", "日本語"),
            text_input("en", "English"),
            {
                "type": "input",
                "block_id": "at",
                "optional": True,
                "label": _plain(t("slack_send_at", locale)),
                "element": {"type": "datetimepicker", "action_id": "v"},
            },
        ],
    }


def draft_from(values: dict[str, Any]) -> Draft:
    """Read the modal's state into a draft."""

    def value(block: str) -> Any:
        return (values.get(block) or {}).get("v") or {}

    org, _, cohort = str((value("cohort").get("selected_option") or {}).get("value", "")).partition(
        "|"
    )
    stamp = value("at").get("selected_date_time")
    at = datetime.fromtimestamp(int(stamp), UTC) if stamp else None
    return Draft(org, cohort, value("ja").get("value") or "", value("en").get("value") or "", at)


def preview_view(preview: Preview, locale: str, timezone: str) -> dict[str, Any]:
    """The preview step: what each language group sees, how many, and when (in the officer's
    time zone); submit sends. The draft itself stays on the server: the modal carries only its
    id."""
    counts = preview_counts(preview, locale)
    at = preview.scheduled_for
    when = shown_time(at, timezone) if at else t("slack_now", locale)
    if preview.enrolled > preview.recipients:
        missing = preview.enrolled - preview.recipients
        when += "\n" + t("announcement_not_reached", locale, n=missing)
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn(f"{counts}\n{when}")}}
    ]
    for language, text in preview.texts.items():
        blocks.append({"type": "divider"})
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": language}]})
        blocks.extend(sections(mrkdwn(text)))
    return {
        "type": "modal",
        "callback_id": PREVIEW,
        "private_metadata": preview.draft_id,
        "notify_on_close": True,  # closing it cancels the draft
        "title": _plain(t("slack_announce_title", locale)),
        "submit": _plain(t("slack_send", locale)),
        "close": _plain(t("slack_cancel", locale)),
        "blocks": blocks,
    }


def register(app: AsyncApp, ctx: SlackContext) -> None:
    """Listen to the officer subcommands and the announcement modal (before /manabi's own)."""
    desk = ctx.officers
    service = desk.announcements

    async def scope(identity: Identity, locale: str) -> Scope:
        return await desk.scope(identity, locale)

    async def as_officer(
        ack: AsyncAck, body: dict[str, Any], act: Callable[[Identity, Scope], Awaitable[None]]
    ) -> None:
        """Ack, then `act` for the member who typed or submitted, with their officer scope;
        nothing when no member did."""
        await ack()
        identity = identity_of(body)
        if identity is not None:
            await act(identity, await scope(identity, ctx.default_locale))

    async def on_command(
        ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
    ) -> None:
        """Ack, then open the modal or post the report privately; refusals say why."""

        async def answer(_identity: Identity, actor: Scope) -> None:
            name, rest = subcommand(str(body.get("text") or ""))
            try:
                action, _, number = rest.partition(" ")
                if name == "announce" and action in ("status", "cancel") and number.isdigit():
                    if action == "cancel":
                        status = await service.cancel(actor, int(number), ctx.clock.now())
                    else:
                        status = await service.status(actor, int(number))
                    await respond(
                        response_type="ephemeral", text=mrkdwn(status_text(status, actor.locale))
                    )
                    return
                if name == "announce":
                    choices = await service.cohorts(actor)
                    await client.views_open(
                        trigger_id=body["trigger_id"], view=compose_view(choices, actor.locale)
                    )
                    return
                reports = await desk.reports(actor, ctx.clock.now(), rest or None)
                text = desk.reports_text(reports, actor.locale)
            except Refused as exc:
                text = str(exc)
            await respond(response_type="ephemeral", text=mrkdwn(text))

        await as_officer(ack, body, answer)

    async def on_compose(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        """Check the draft and show the preview in the same modal (or say what is wrong)."""
        identity = identity_of(body)
        locale = str(view.get("private_metadata") or ctx.default_locale)
        if identity is None:
            await ack()
            return
        draft = draft_from(view["state"]["values"])
        actor = await scope(identity, locale)
        try:
            preview = await service.prepare(actor, draft, ctx.clock.now())
        except Refused as exc:
            block = "at" if exc.key in ("announcement_past", "announcement_bad_time") else "ja"
            await ack(response_action="errors", errors={block: str(exc)})
            return
        shown = preview_view(preview, locale, actor.timezone)
        await ack(response_action="update", view=shown)

    async def on_send(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """Send (or schedule) the previewed draft and DM the officer its counts."""

        async def send(identity: Identity, actor: Scope) -> None:
            draft_id = str(view.get("private_metadata") or "")
            try:
                status = await service.send_draft(actor, draft_id, ctx.clock.now())
                text = status_text(status, actor.locale)
            except Refused as exc:
                text = str(exc)
            await client.chat_postMessage(channel=identity.user_id, text=mrkdwn(text))

        await as_officer(ack, body, send)

    async def on_close(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        """The officer closed the preview: forget the draft."""
        draft_id = str(view.get("private_metadata") or "")
        await as_officer(ack, body, lambda _, actor: service.discard(actor, draft_id))

    app.command(COMMAND, matchers=[officer_command])(on_command)
    app.view(COMPOSE)(on_compose)
    app.view_submission(PREVIEW)(on_send)
    app.view_closed(PREVIEW)(on_close)
