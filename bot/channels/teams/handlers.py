"""Teams activities in, core replies out: parse an activity, call the coach once, render."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

from microsoft_agents.activity import (
    Activity,
    AdaptiveCardInvokeResponse,
    AdaptiveCardInvokeValue,
    ChannelAccount,
    InvokeResponse,
)
from microsoft_agents.hosting.core import ActivityHandler, TurnContext

from bot.channels.teams import card_state, extension, officer_cards, render
from bot.channels.teams.officers import TeamsOfficers
from bot.channels.teams.stream import TeamsDraft
from bot.core import commands
from bot.core.actions import Command
from bot.core.calendar import zone_or
from bot.core.conversation import Coach
from bot.core.messages import Identity, Inbound, Reply
from bot.core.officers.desk import OfficerDesk
from bot.core.ports import Clock
from bot.core.texts import t

log = logging.getLogger(__name__)

PLATFORM = "teams"
NO_TENANT = "default"  # e.g. a local emulator; real Teams activities always carry a tenant
MENTION = re.compile(r"<at>[^<]*</at>", re.IGNORECASE)
MESSAGE_TYPE = "application/vnd.microsoft.activity.message"
ERROR_TYPE = "application/vnd.microsoft.error"


def identity_of(activity: Activity) -> Identity:
    """The learner behind an activity: tenant, and the AAD object id (else the Teams user id)."""
    user = activity.from_property
    user_id = (user.aad_object_id or user.id) if user else ""
    return Identity(PLATFORM, tenant_of(activity), user_id or "")


def tenant_of(activity: Activity) -> str:
    """The Teams tenant id of an activity."""
    if activity.conversation and activity.conversation.tenant_id:
        return str(activity.conversation.tenant_id)
    data: Any = activity.channel_data
    tenant = data.get("tenant") if isinstance(data, dict) else None
    return str((tenant.get("id") if isinstance(tenant, dict) else None) or NO_TENANT)


def conversation_ref(activity: Activity) -> dict[str, Any]:
    """What to store to reach this learner later: the reference without names or message id."""
    reference = activity.get_conversation_reference()
    if reference.user is not None:
        reference.user = ChannelAccount(
            id=reference.user.id, aad_object_id=reference.user.aad_object_id
        )
    reference.activity_id = None
    reference.request_id = None
    data: dict[str, Any] = reference.model_dump(mode="json", by_alias=True, exclude_none=True)
    return data


def _locale(activity: Activity) -> str | None:
    code = (activity.locale or "").lower()
    return code[:2] if code[:2] in ("ja", "en") else None


def _is_personal(activity: Activity) -> bool:
    kind = activity.conversation.conversation_type if activity.conversation else None
    return kind in (None, "personal")


class TeamsAgent(ActivityHandler):
    """The Teams listener: 1:1 messages, card buttons, and the install greeting."""

    def __init__(self, coach: Coach, clock: Clock) -> None:
        self.coach = coach
        self.clock = clock
        desk = OfficerDesk(coach.sessions, coach.curriculum, coach.config.min_group_size)
        self.officers = TeamsOfficers(desk, clock)

    async def on_message_activity(self, turn_context: TurnContext) -> None:  # type: ignore[override]
        """A typed message, or an Action.Submit from an older client's card."""
        activity = turn_context.activity
        if activity.from_property is None:
            return
        if not _is_personal(activity):
            both = f"{t('teams_personal_only', 'ja')}\n\n{t('teams_personal_only', 'en')}"
            await turn_context.send_activity(_text_activity(both))
            return
        if _officer_step(activity.value):  # an officer card's button, on an older client
            card = await self._officer(activity, data=activity.value)
            if card is not None:
                await turn_context.send_activity(_card_message(card))
            return
        action = render.action_value(activity.value)
        if action:  # a button, with the text typed into its text box if it has one
            text = render.form_text(activity.value)
        else:
            text = MENTION.sub("", activity.text or "").strip()
        if action is None and not text:
            return
        command = commands.parse_officer(text) if text and not action else None
        if command is not None:
            card = await self._officer(activity, command=command)
            if card is not None:
                await turn_context.send_activity(_card_message(card))
            return
        draft = TeamsDraft(turn_context)  # a model answer streams; anything else does not
        inbound = self._inbound(activity, text, action)
        replies = await self.coach.handle(inbound, self.clock.now(), draft)
        if action and activity.reply_to_id and closes_card(replies):  # no second press
            closed = render.closed_card(activity.value, _note(replies, activity.value))
            await turn_context.update_activity(_card_activity(closed, activity.reply_to_id))
        marked = _marked_card(activity.value, replies) if action else None
        if marked is not None and activity.reply_to_id:  # the mark shown where its buttons were
            await turn_context.update_activity(_card_activity(marked, activity.reply_to_id))
            replies = [reply for reply in replies if reply.kind != "claim_marked"]
        if draft.started:  # the stream ends as the final reply; the rest follow it
            await _deliver(turn_context, await draft.finish(replies), None)
            return
        card_id = activity.reply_to_id if action else None
        await _deliver(turn_context, replies, card_id)

    async def on_adaptive_card_invoke(  # type: ignore[override]
        self, turn_context: TurnContext, invoke_value: AdaptiveCardInvokeValue
    ) -> AdaptiveCardInvokeResponse:
        """An Action.Execute press: the card is replaced by the feedback; the rest is sent."""
        activity = turn_context.activity
        data = invoke_value.action.data
        if invoke_value.action.verb == officer_cards.VERB and _officer_step(data):
            card = await self._officer(activity, data=data)
            if card is None:  # the same activity again: it was answered the first time
                return _received(self.coach.config.default_locale)
            return AdaptiveCardInvokeResponse(
                status_code=200, type=render.CARD_CONTENT_TYPE, value=card
            )
        action = render.action_value(data)
        if action is None or invoke_value.action.verb != render.VERB:
            return AdaptiveCardInvokeResponse(
                status_code=400,
                type=ERROR_TYPE,
                value={"code": "BadRequest", "message": "unknown action"},
            )
        inbound = self._inbound(activity, render.form_text(data), action)
        replies = await self.coach.handle(inbound, self.clock.now())
        marked = _marked_card(data, replies)
        if marked is not None:  # the card, with the mark where the claim's buttons were
            await _deliver(turn_context, [r for r in replies if r.kind != "claim_marked"], None)
            return AdaptiveCardInvokeResponse(
                status_code=200, type=render.CARD_CONTENT_TYPE, value=marked
            )
        replacement = next((r for r in replies if _in_place(r)), None)
        await _deliver(turn_context, [r for r in replies if r is not replacement], None)
        if replacement is not None:
            return AdaptiveCardInvokeResponse(
                status_code=200, type=render.CARD_CONTENT_TYPE, value=render.card(replacement)
            )
        if closes_card(replies):  # the pressed card loses its buttons: no second press
            closed = render.closed_card(data, _note(replies, data))
            return AdaptiveCardInvokeResponse(
                status_code=200, type=render.CARD_CONTENT_TYPE, value=closed
            )
        return _received(replies[0].locale if replies else "ja")

    async def on_invoke_activity(  # type: ignore[override]
        self, turn_context: TurnContext
    ) -> InvokeResponse | None:
        """The "Check this answer" message action (opening its dialog, or submitting it);
        other invokes (card buttons) as the SDK routes them."""
        if turn_context.activity.name in (extension.FETCH_TASK, extension.SUBMIT_ACTION):
            return await self._check_message(turn_context.activity)
        response: InvokeResponse | None = await super().on_invoke_activity(turn_context)
        return response

    async def _check_message(self, activity: Activity) -> InvokeResponse:
        """The checklist for the chosen message, in a dialog only the member sees."""
        value: Any = activity.value if isinstance(activity.value, dict) else {}
        if activity.from_property is None or value.get("commandId") != extension.CHECK_COMMAND:
            return InvokeResponse(status=400, body={"error": "unknown command"})
        text = extension.message_text(value.get("messagePayload"))
        # No conversation reference: the message may be in a channel or someone else's chat,
        # and lessons must keep going to the member's own chat with Manabi.
        inbound = self._inbound(activity, text, None, keep_reference=False)
        replies = await self.coach.check(inbound, self.clock.now())
        body = extension.checklist_task(replies, _locale(activity) or "ja")
        return InvokeResponse(status=200, body=body)

    async def on_members_added_activity(  # type: ignore[override]
        self, members_added: list[ChannelAccount], turn_context: TurnContext
    ) -> None:
        """The app was installed in a personal chat: keep the reference and say hello."""
        activity = turn_context.activity
        bot_id = activity.recipient.id if activity.recipient else None
        if not _is_personal(activity) or not any(m.id == bot_id for m in members_added):
            return
        if activity.from_property is None:
            return
        # A new learner gets the welcome; a returning one (a reinstall) gets the help card.
        inbound = self._inbound(activity, None, Command("help").encode())
        await _deliver(turn_context, await self.coach.handle(inbound, self.clock.now()), None)

    async def _officer(
        self, activity: Activity, *, data: Any = None, command: commands.Command | None = None
    ) -> dict[str, Any] | None:
        """An officer's typed command or card button, once per activity: the card to show."""
        now = self.clock.now()
        if activity.id and not await self.coach.first_time(f"{PLATFORM}:{activity.id}", now):
            return None
        config = self.coach.config
        who, zone = identity_of(activity), zone_or(activity.local_timezone, config.default_timezone)
        locale = _locale(activity) or config.default_locale
        if command is not None:
            return await self.officers.command(who, command, zone, locale)
        return await self.officers.press(who, dict(data), zone, locale)

    def _inbound(
        self,
        activity: Activity,
        text: str | None,
        action: str | None,
        keep_reference: bool = True,
    ) -> Inbound:
        return Inbound(
            identity_of(activity),
            text=text,
            action=action,
            event_id=activity.id,
            timezone=activity.local_timezone,
            locale=_locale(activity),
            conversation_ref=conversation_ref(activity) if keep_reference else None,
        )


# Replies that do not close the pressed card: someone else's card, and a claim's mark (the
# card's other claims stay markable; the mark replaces only its claim's buttons, or, on a card
# that does not carry itself, follows as a message).
KEEP_CARD = ("not_yours", "claim_marked")


def _marked_card(data: object, replies: Sequence[Reply]) -> dict[str, Any] | None:
    """The pressed checklist card with the mark in place of the claim's buttons, when a claim
    was marked and the card carried itself (render.card does so for a card with claims)."""
    mark = next((reply for reply in replies if reply.kind == "claim_marked"), None)
    card = card_state.read(data) if mark is not None else None
    if mark is None or card is None or not isinstance(data, dict):
        return None
    return card_state.marked(card, data, render.DATA_KEY, render.to_card_markdown(mark.text))


def closes_card(replies: Sequence[Reply]) -> bool:
    """Does a press close the card it was on? Yes when it was taken or found stale; not for a
    repeat (nothing to say), a reply that replaces the card, or someone else's card."""
    return bool(replies) and not any(
        reply.replace_original or reply.kind in KEEP_CARD for reply in replies
    )


def _in_place(reply: Reply) -> bool:
    """Does the reply take the place of the pressed card?"""
    return reply.replace_original and reply.kind not in KEEP_CARD


def _note(replies: Sequence[Reply], data: object) -> str:
    locale = replies[0].locale if replies else "ja"
    if any(reply.kind == "stale" for reply in replies):
        return t("press_closed", locale)
    return t("chosen", locale, label=render.pressed_label(data))


def _card_activity(content: dict[str, Any], activity_id: str) -> Activity:
    attachment = {"contentType": render.CARD_CONTENT_TYPE, "content": content}
    return Activity.model_validate(
        {"type": "message", "id": activity_id, "attachments": [attachment]}
    )


def _officer_step(data: object) -> bool:
    """Is this the data of an officer card's button?"""
    return isinstance(data, dict) and data.get(officer_cards.STEP_KEY) in officer_cards.STEPS


def _received(locale: str) -> AdaptiveCardInvokeResponse:
    return AdaptiveCardInvokeResponse(
        status_code=200, type=MESSAGE_TYPE, value=t("teams_card_received", locale)
    )


def _card_message(content: dict[str, Any]) -> Activity:
    attachment = {"contentType": render.CARD_CONTENT_TYPE, "content": content}
    return Activity.model_validate({"type": "message", "attachments": [attachment]})


def _text_activity(text: str) -> Activity:
    return Activity(type="message", text=text, text_format="markdown")


async def _deliver(
    turn_context: TurnContext, replies: Sequence[Reply], card_id: str | None
) -> None:
    """Send the replies; a reply that replaces the pressed card updates it in place."""
    for reply in replies:
        outgoing = Activity.model_validate(render.activity_json(reply))
        if _in_place(reply) and card_id:
            outgoing.id = card_id
            await turn_context.update_activity(outgoing)
        else:
            await turn_context.send_activity(outgoing)
