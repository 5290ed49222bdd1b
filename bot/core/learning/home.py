"""A learner's home page, channel-neutral: progress by track and their settings."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands import format_clock
from bot.core.context import Turn
from bot.core.learning.progress import Summary, summarise


@dataclass(frozen=True)
class TrackScore:
    """Quiz accuracy in one track, with the track's title in the learner's language: `right`
    of the `answered` attempts at the track's items (reviews count as attempts too)."""

    title: str
    right: int
    answered: int


@dataclass(frozen=True)
class HomeView:
    """What a home page (Slack App Home, a Teams tab) shows."""

    locale: str
    status: str  # new / active / paused / stopped / unreachable
    delivery_time: str  # HH:MM, local
    timezone: str
    summary: Summary | None = None  # None before onboarding
    tracks: tuple[TrackScore, ...] = ()


def new_learner(locale: str, delivery_minute: int, timezone: str) -> HomeView:
    """The home of someone Manabi has not met yet."""
    return HomeView(locale, "new", format_clock(delivery_minute), timezone)


async def build(turn: Turn) -> HomeView:
    """Collect the learner's progress and settings for their home page."""
    learner = turn.learner
    if learner.status == "new":
        return new_learner(learner.locale, learner.delivery_minute, learner.timezone)
    summary = await summarise(turn)
    tracks = tuple(
        TrackScore(track.title.get(turn.locale), *summary.by_track[track.id])
        for track in turn.curriculum.tracks
        if track.id in summary.by_track
    )
    return HomeView(
        locale=learner.locale,
        status=learner.status,
        delivery_time=format_clock(learner.delivery_minute),
        timezone=learner.timezone,
        summary=summary,
        tracks=tracks,
    )
