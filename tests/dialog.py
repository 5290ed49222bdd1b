"""Helpers that let dialog tests read like a conversation."""

from __future__ import annotations

from datetime import datetime

from bot.content.model import Curriculum
from bot.core.actions import unstamped
from bot.core.conversation import Coach
from bot.core.messages import Identity, Inbound, Reply


class Chat:
    """One learner talking to the coach, with the replies of the last turn kept."""

    def __init__(
        self, coach: Coach, now: datetime, user: str = "u1", platform: str = "console"
    ) -> None:
        self.coach = coach
        self.now = now
        self.identity = Identity(platform, "local", user)
        self.last: list[Reply] = []

    async def say(self, text: str, event_id: str | None = None) -> list[Reply]:
        """Send a text message."""
        self.last = await self.coach.handle(
            Inbound(self.identity, text=text, event_id=event_id), self.now
        )
        return self.last

    async def press(self, value: str, event_id: str | None = None) -> list[Reply]:
        """Press the button with this action value in the last turn's replies (as stamped for
        this learner), or send the value as it is when no such button is showing."""
        shown = [c.value for r in self.last for c in r.choices if unstamped(c.value) == value]
        return await self.send(shown[0] if shown else value, event_id)

    async def send(self, value: str, event_id: str | None = None) -> list[Reply]:
        """Send exactly this button value (e.g. one kept from an earlier message)."""
        self.last = await self.coach.handle(
            Inbound(self.identity, action=value, event_id=event_id), self.now
        )
        return self.last

    async def learner_id(self) -> int:
        """This learner's id in the database."""
        from bot.storage.learners import find_learner

        async with self.coach.sessions() as session:
            learner = await find_learner(
                session,
                platform=self.identity.platform,
                workspace=self.identity.workspace,
                user_id=self.identity.user_id,
            )
        assert learner is not None
        return learner.id

    def button(self, value: str) -> str:
        """The stamped value of the button with this action value in the last turn's replies."""
        return next(c.value for r in self.last for c in r.choices if unstamped(c.value) == value)

    def text(self) -> str:
        """All text of the last turn's replies."""
        return "\n".join(reply.text for reply in self.last)

    def question(self) -> Reply:
        """The quiz question (or confidence question) in the last turn."""
        return next(r for r in reversed(self.last) if r.kind in ("question", "confidence"))

    async def onboard(self, lang: str = "ja") -> list[Reply]:
        """Go through start, language and consent; end at the first quiz question."""
        await self.say("start")
        await self.press(f"lang:{lang}")
        return await self.press("consent:yes")

    async def answer(self, curriculum: Curriculum, right: bool) -> list[Reply]:
        """Answer the current question right or wrong (with confidence 3 if asked)."""
        question = self.question()
        value = unstamped(question.choices[0].value)
        _, delivery, item_id, _key = value.split(":")
        item, _lesson = curriculum.item(item_id) or (None, None)
        assert item is not None
        keys = item.choice_keys()
        key = item.answer_key() if right else next(k for k in keys if k != item.answer_key())
        replies = await self.press(f"ans:{delivery}:{item_id}:{key}")
        if replies and replies[-1].kind == "confidence":
            replies = await self.press(f"conf:{delivery}:{item_id}:{key}:3")
        return replies
