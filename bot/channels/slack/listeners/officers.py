"""Officers in Slack: `/manabi announce` (compose → preview → send; `status N`, `cancel N`)
and `/manabi report`."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.slack.chat import SlackContext
from bot.channels.slack.identity import identity_of
from bot.channels.slack.officer_home import status_text
from bot.channels.slack.render import mrkdwn
from bot.core.messages import Identity
from bot.core.officers.announcements import Draft, Preview
from bot.core.officers.roles import Refused, Scope
from bot.core.officers.times import shown_time
from bot.core.texts import t

COMMAND = "/manabi"
ANNOUNCE = ("announce", "お知らせ")
REPORT = ("report", "レポート", "報告")
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


def preview_view(preview: Preview, draft: Draft, locale: str, timezone: str) -> dict[str, Any]:
    """The preview step: what each language group sees, how many, and when (in the officer's
    time zone); submit sends."""
    counts = t(
        "announcement_preview",
        locale,
        cohort=preview.cohort,
        total=preview.recipients,
        ja=preview.by_locale.get("ja", 0),
        en=preview.by_locale.get("en", 0),
    )
    when = shown_time(draft.at, timezone) if draft.at else t("slack_now", locale)
    if preview.enrolled > preview.recipients:
        missing = preview.enrolled - preview.recipients
        when += "\n" + t("announcement_not_reached", locale, n=missing)
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn(f"{counts}\n{when}")}}
    ]
    for language, text in preview.texts.items():
        blocks.append({"type": "divider"})
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": language}]})
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn(text)[:3000]}})
    metadata = {
        "locale": locale,
        "org": draft.organisation,
        "cohort": draft.cohort,
        "ja": draft.text_ja,
        "en": draft.text_en,
        "at": draft.at.isoformat() if draft.at else None,
    }
    return {
        "type": "modal",
        "callback_id": PREVIEW,
        "private_metadata": json.dumps(metadata, ensure_ascii=False)[:3000],
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

    async def on_command(
        ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
    ) -> None:
        """Ack, then open the modal or post the report privately; refusals say why."""
        await ack()
        identity = identity_of(body)
        if identity is None:
            return
        actor = await scope(identity, ctx.default_locale)
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
            preview = await service.preview(actor, draft, ctx.clock.now())
        except Refused as exc:
            block = "at" if exc.key in ("announcement_past", "announcement_bad_time") else "ja"
            await ack(response_action="errors", errors={block: str(exc)})
            return
        shown = preview_view(preview, draft, locale, actor.timezone)
        await ack(response_action="update", view=shown)

    async def on_send(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """Send (or schedule) the previewed announcement and DM the officer its counts."""
        await ack()
        identity = identity_of(body)
        if identity is None:
            return
        data = json.loads(view.get("private_metadata") or "{}")
        locale = data.get("locale") or ctx.default_locale
        at = datetime.fromisoformat(data["at"]) if data.get("at") else None
        draft = Draft(data["org"], data["cohort"], data.get("ja", ""), data.get("en", ""), at)
        try:
            status = await service.send(await scope(identity, locale), draft, ctx.clock.now())
            text = status_text(status, locale)
        except Refused as exc:
            text = str(exc)
        await client.chat_postMessage(channel=identity.user_id, text=mrkdwn(text))

    app.command(COMMAND, matchers=[officer_command])(on_command)
    app.view(COMPOSE)(on_compose)
    app.view(PREVIEW)(on_send)
