"""The officer's section of the App Home: their cohorts' numbers and how to announce."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.channels.slack.render import mrkdwn, sections
from bot.core.messages import Identity
from bot.core.officers.announcements import status_text
from bot.core.officers.desk import OfficerDesk
from bot.core.texts import t

RECENT = 5  # announcements shown with their counts


async def officer_blocks(
    desk: OfficerDesk, identity: Identity, now: datetime
) -> list[dict[str, Any]]:
    """Blocks for officers (aggregates of their cohorts); nothing for other members."""
    scope = await desk.scope(identity)
    if not scope.cohorts:  # officers only; admins use the CLI for whole organisations
        return []
    reports = await desk.reports(scope, now)
    loc = scope.locale
    recent = [
        status_text(status, loc)
        for org in sorted({r.organisation for r in reports})
        for status in (await desk.announcements.recent(scope, org))[:RECENT]
    ]
    header = {"type": "header", "text": {"type": "plain_text", "text": t("home_officer", loc)}}
    text = desk.reports_text(reports, loc)
    if recent:
        text += "\n\n" + "\n".join(f"- {line}" for line in recent)
    text += f"\n\n{t('home_officer_hint', loc)}"
    return [{"type": "divider"}, header, *sections(mrkdwn(text))]
