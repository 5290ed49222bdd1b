"""Charts for officers, drawn with matplotlib (the presentation side of core.ports.Charts)."""

from __future__ import annotations

import functools
import importlib.util
import io
import textwrap
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from bot.core.ports import WeekChart

if TYPE_CHECKING:
    from matplotlib.axes import Axes

FONT_PACKAGE = "matplotlib_fontja"  # ships IPAex Gothic (IPA Font License v1.0)
FONT_FILE = "fonts/ipaexg.ttf"
SIZE = (10.0, 5.0)  # inches; at DPI, 1200 × 600 pixels
DPI = 120
DAYS_COLOUR = "#4C72B0"
TRACKS_COLOUR = "#55A868"
LABEL_WIDTH = 26  # a track's title on one line up to this (a full-width character counts 2)


def bundled_font() -> Path:
    """The Japanese font the project ships (IPAex Gothic, from matplotlib-fontja), by path."""
    # Found, not imported: importing the package would change matplotlib's global settings.
    spec = importlib.util.find_spec(FONT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"{FONT_PACKAGE} is not installed; it carries the charts' font")
    return Path(next(iter(spec.submodule_search_locations))) / FONT_FILE


@functools.cache
def register(font: Path) -> str:
    """Add a font file to matplotlib's font manager (once); return its family name."""
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(font))
    return font_manager.FontProperties(fname=font).get_name()


class MatplotlibCharts:
    """Draws PNG charts off-screen in one font file, never a system font, so Japanese labels
    look the same on every machine; matplotlib is imported on first use only."""

    def __init__(self, font: Path | None = None) -> None:
        self.font = font or bundled_font()

    def family(self) -> str:
        """The family name of the font the charts are drawn in."""
        return register(self.font)

    def weekly(self, chart: WeekChart) -> bytes:
        """Active members per day and lessons completed by track, side by side, with values."""
        from matplotlib import rc_context
        from matplotlib.figure import Figure

        with rc_context({"font.family": [self.family()], "font.size": 10}):
            figure = Figure(figsize=SIZE, dpi=DPI, layout="constrained")
            figure.suptitle(chart.title, fontsize=14)
            days, tracks = figure.subplots(1, 2, width_ratios=(1.0, 1.3))
            draw_days(days, chart)
            draw_tracks(tracks, chart)
            out = io.BytesIO()
            figure.savefig(out, format="png")
        return out.getvalue()


def draw_days(axes: Axes, chart: WeekChart) -> None:
    """One bar per day of the week, its value on top."""
    from matplotlib.ticker import MaxNLocator

    bars = axes.bar(chart.days, chart.active_per_day, color=DAYS_COLOUR)
    axes.bar_label(bars, padding=2)
    axes.set_title(chart.active_title)
    axes.set_ylabel(chart.active_axis)
    axes.set_ylim(0, max(*chart.active_per_day, 1) * 1.18)  # room for the values
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.spines[["top", "right"]].set_visible(False)


def draw_tracks(axes: Axes, chart: WeekChart) -> None:
    """One bar per track with lessons completed, in course order from the top; or a note."""
    from matplotlib.ticker import MaxNLocator

    axes.set_title(chart.tracks_title)
    if not chart.tracks:
        axes.set_axis_off()
        axes.text(0.5, 0.5, chart.no_tracks, ha="center", va="center", transform=axes.transAxes)
        return
    rows = range(len(chart.tracks))
    bars = axes.barh(rows, chart.completed_by_track, color=TRACKS_COLOUR)
    axes.set_yticks(rows, [wrap(title) for title in chart.tracks])
    axes.invert_yaxis()
    axes.bar_label(bars, padding=3)
    axes.set_xlabel(chart.tracks_axis)
    axes.set_xlim(0, max(chart.completed_by_track) * 1.15)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.spines[["top", "right"]].set_visible(False)


def wrap(title: str, width: int = LABEL_WIDTH) -> str:
    """Break a long title over two lines: at a space, or (Japanese) before a bracket or halfway."""
    if cells(title) <= width:
        return title
    if " " in title:
        return textwrap.fill(title, len(title) // 2 + 4)
    head, bracket, tail = title.partition("（")
    if bracket and head:
        return f"{head}\n{bracket}{tail}"
    half = next(i for i in range(len(title)) if cells(title[: i + 1]) * 2 >= cells(title))
    return f"{title[: half + 1]}\n{title[half + 1 :]}"


def cells(text: str) -> int:
    """How wide a text is, a full-width character counting as two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
