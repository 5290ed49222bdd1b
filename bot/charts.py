"""Charts for officers, drawn with matplotlib (the presentation side of core.ports.Charts)."""

from __future__ import annotations

import io

from bot.core.ports import WeekChart


class MatplotlibCharts:
    """Draws PNG charts off-screen (Agg); matplotlib is imported on first use only."""

    def weekly(self, chart: WeekChart) -> bytes:
        """Active members per day and completion by track, side by side."""
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib.figure import Figure

        figure = Figure(figsize=(8, 3.2), dpi=100)
        left, right = figure.subplots(1, 2)
        left.bar(list(chart.days), list(chart.active_per_day))
        left.set_title(chart.active_title)
        left.tick_params(axis="x", labelrotation=45, labelsize=7)
        right.barh(list(chart.tracks), list(chart.completed_by_track))
        right.set_title(chart.tracks_title)
        right.tick_params(axis="y", labelsize=7)
        figure.tight_layout()
        out = io.BytesIO()
        figure.savefig(out, format="png")
        return out.getvalue()
