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

from bot.channels.teams import extension, render
from bot.core.actions import Command
from bot.core.conversation import Coach
from bot.core.messages import Identity, Inbound, Reply
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

    async def on_message_activity(self, turn_context: TurnContext) -> None:  # type: ignore[override]
        """A typed message, or an Action.Submit from an older client's card."""
        activity = turn_context.activity
        if activity.from_property is None:
            return
        if not _is_personal(activity):
            both = f"{t('teams_personal_only', 'ja')}\n\n{t('teams_personal_only', 'en')}"
            await turn_context.send_activity(_text_activity(both))
            return
        action = render.action_value(activity.value)
        text = None if action else MENTION.sub("", activity.text or "").strip()
        if action is None and not text:
            return
        replies = await self.coach.handle(self._inbound(activity, text, action), self.clock.now())
        if action and activity.reply_to_id and closes_card(replies):  # no second press
            closed = render.closed_card(activity.value, _note(replies, activity.value))
            await turn_context.update_activity(_card_activity(closed, activity.reply_to_id))
        card_id = activity.reply_to_id if action else None
        await _deliver(turn_context, replies, card_id)

    async def on_adaptive_card_invoke(  # type: ignore[override]
        self, turn_context: TurnContext, invoke_value: AdaptiveCardInvokeValue
    ) -> AdaptiveCardInvokeResponse:
        """An Action.Execute press: the card is replaced by the feedback; the rest is sent."""
        activity = turn_context.activity
        action = render.action_value(invoke_value.action.data)
        if action is None or invoke_value.action.verb != render.VERB:
            return AdaptiveCardInvokeResponse(
                status_code=400,
                type=ERROR_TYPE,
                value={"code": "BadRequest", "message": "unknown action"},
            )
        replies = await self.coach.handle(self._inbound(activity, None, action), self.clock.now())
        replacement = next((r for r in replies if r.replace_original), None)
        await _deliver(turn_context, [r for r in replies if r is not replacement], None)
        if replacement is not None:
            return AdaptiveCardInvokeResponse(
                status_code=200, type=render.CARD_CONTENT_TYPE, value=render.card(replacement)
            )
        data = invoke_value.action.data
        if closes_card(replies):  # the pressed card loses its buttons: no second press
            closed = render.closed_card(data, _note(replies, data))
            return AdaptiveCardInvokeResponse(
                status_code=200, type=render.CARD_CONTENT_TYPE, value=closed
            )
        locale = replies[0].locale if replies else "ja"
        return AdaptiveCardInvokeResponse(
            status_code=200, type=MESSAGE_TYPE, value=t("teams_card_received", locale)
        )

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


def closes_card(replies: Sequence[Reply]) -> bool:
    """Does a press close the card it was on? Yes when it was taken or found stale; not for a
    repeat (nothing to say), a reply that replaces the card, or someone else's card."""
    return bool(replies) and not any(
        reply.replace_original or reply.kind == "not_yours" for reply in replies
    )


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


def _text_activity(text: str) -> Activity:
    return Activity(type="message", text=text, text_format="markdown")


async def _deliver(
    turn_context: TurnContext, replies: Sequence[Reply], card_id: str | None
) -> None:
    """Send the replies; a reply that replaces the pressed card updates it in place."""
    for reply in replies:
        outgoing = Activity.model_validate(render.activity_json(reply))
        if reply.replace_original and card_id:
            outgoing.id = card_id
            await turn_context.update_activity(outgoing)
        else:
            await turn_context.send_activity(outgoing)
