"""`manabi try`: plan, send this learner's due messages to the terminal, then chat."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.app import App
from bot.channels.console import Console
from bot.channels.console_messenger import ConsoleMessenger
from bot.core.messages import Identity, Reply
from bot.core.ports import Clock
from bot.delivery import jobs
from bot.delivery.dispatcher import Dispatcher
from bot.storage.learners import find_learner


async def deliver_to_console(
    app: App, identity: Identity, clock: Clock, show: Callable[[Sequence[Reply]], None]
) -> int:
    """Run the planner, then dispatch what is due for this learner; return messages shown."""
    now = clock.now()
    await jobs.plan(app.sessions, now=now, default_calendar=app.settings.default_calendar)
    async with app.sessions() as session:
        learner = await find_learner(
            session,
            platform=identity.platform,
            workspace=identity.workspace,
            user_id=identity.user_id,
        )
    if learner is None:
        return 0
    messenger = ConsoleMessenger(show)
    dispatcher = Dispatcher(
        app.sessions, {"console": messenger}, app.curriculum, app.coach.config, clock
    )
    await dispatcher.drain(learner_id=learner.id)
    return len(messenger.sent)


async def chat(app: App, console: Console) -> None:
    """`manabi try`: deliver what is due through the outbox, then chat until end of input."""
    shown = await deliver_to_console(app, console.identity, console.clock, console.show)
    await console.run(greet=not shown)  # greet: the question the learner was on, if any
