"""The report as a table for a file (CSV, JSON, .xlsx): headers in the officer's language, an
empty cell and a note where a figure is hidden, and each organisation's total behind the floor."""

from __future__ import annotations

from bot.content.model import Curriculum
from bot.core.officers.reports import CohortReport
from bot.core.officers.spreadsheet import Column, Table
from bot.core.texts import t

# Column key -> text key of its header. Accuracy columns (one per track) come after `lessons`.
HEAD = {
    "organisation": "col_organisation",
    "cohort": "col_cohort",
    "enrolled": "col_enrolled",
    "active_7d": "col_active_7d",
    "lessons_completed": "col_lessons_completed",
}
LEARNING = {
    "pre_post_gain_pts": "col_gain",
    "pre_post_gain_ci95_low": "col_gain_low",
    "pre_post_gain_ci95_high": "col_gain_high",
    "normalised_gain": "col_normalised_gain",
    "discernment_change_dprime": "col_dprime",
    "discernment_change_ci95_low": "col_dprime_low",
    "discernment_change_ci95_high": "col_dprime_high",
    "hit_rate_before": "col_hit_before",
    "hit_rate_after": "col_hit_after",
    "false_alarm_rate_before": "col_false_alarm_before",
    "false_alarm_rate_after": "col_false_alarm_after",
}
TAIL = {
    "nudged_7d": "col_nudged_7d",
    "paused": "col_paused",
    "lesson_thumbs_up_pct": "col_lesson_thumbs_up",
    "answer_thumbs_up_pct": "col_answer_thumbs_up",
    "satisfaction_1_5": "col_satisfaction",
}
# "Check this for me": the practice counted, never a text; named once in a note when empty.
CHECKING = {
    "checkers": "col_checkers",
    "answers_checked": "col_answers_checked",
    "claims_marked": "col_claims_marked",
    "claims_checked": "col_claims_checked",
    "claims_wrong": "col_claims_wrong",
    "claims_unsure": "col_claims_unsure",
}
NOTE = {"note": "col_note"}
# Figures that add up over cohorts; the total row shows only these (ratios would not add up).
SUMMED = ("enrolled", "active_7d", "lessons_completed", "nudged_7d", "paused", *CHECKING)


def report_columns(curriculum: Curriculum, locale: str) -> list[Column]:
    """The report's columns, headed in `locale`: one accuracy column per track."""
    tracks = [
        Column(f"accuracy_{track.id}_pct", t("col_accuracy", locale, track=track.title.get(locale)))
        for track in curriculum.tracks
    ]
    return [
        *(Column(key, t(HEAD[key], locale)) for key in HEAD),
        *tracks,
        *(Column(key, t(LEARNING[key], locale)) for key in LEARNING),
        *(Column(key, t(TAIL[key], locale)) for key in TAIL),
        *(Column(key, t(CHECKING[key], locale)) for key in CHECKING),
        *(Column(key, t(NOTE[key], locale)) for key in NOTE),
    ]


def report_table(
    reports: list[CohortReport], curriculum: Curriculum, locale: str, min_group: int
) -> Table:
    """One row per cohort, then a total row per organisation; hidden figures are empty cells."""
    columns = report_columns(curriculum, locale)
    rows: list[list[object]] = []
    for org in dict.fromkeys(r.organisation for r in reports):
        cohorts = [r for r in reports if r.organisation == org]
        rows += [_cohort_row(r, columns, curriculum, locale, min_group) for r in cohorts]
        rows.append(_total_row(org, cohorts, columns, curriculum, locale))
    return Table(t("report_sheet_name", locale), columns, rows)


def _figures(r: CohortReport, curriculum: Curriculum) -> dict[str, object]:
    """A cohort's figures by column key; None where the floor hides one or there is none."""
    found: dict[str, object] = {
        "organisation": r.organisation,
        "cohort": r.cohort,
        "enrolled": r.enrolled,
        "active_7d": r.active_7d,
        "lessons_completed": r.lessons_completed,
        "nudged_7d": r.nudged_7d,
        "paused": r.paused,
        "lesson_thumbs_up_pct": r.lesson_thumbs_up,
        "answer_thumbs_up_pct": r.answer_thumbs_up,
        "satisfaction_1_5": r.satisfaction,
        "checkers": r.checkers,
        "answers_checked": r.answers_checked,
        "claims_marked": r.claims_marked,
        "claims_checked": r.claims_checked,
        "claims_wrong": r.claims_wrong,
        "claims_unsure": r.claims_unsure,
    }
    found |= {f"accuracy_{track.id}_pct": r.accuracy.get(track.id) for track in curriculum.tracks}
    learning = r.learning
    if learning is not None:
        g, d, n = learning.gain, learning.discernment, learning.normalised_gain
        found |= {
            "pre_post_gain_pts": round(g.value),
            "pre_post_gain_ci95_low": round(g.low),
            "pre_post_gain_ci95_high": round(g.high),
            "normalised_gain": round(n.value, 2),
            "discernment_change_dprime": round(d.value, 2),
            "discernment_change_ci95_low": round(d.low, 2),
            "discernment_change_ci95_high": round(d.high, 2),
            "hit_rate_before": round(learning.hit_rate[0], 2),
            "hit_rate_after": round(learning.hit_rate[1], 2),
            "false_alarm_rate_before": round(learning.false_alarm_rate[0], 2),
            "false_alarm_rate_after": round(learning.false_alarm_rate[1], 2),
        }
    return found


def _cohort_row(
    r: CohortReport, columns: list[Column], curriculum: Curriculum, locale: str, min_group: int
) -> list[object]:
    """A cohort's row; the note says which cells are empty and why."""
    figures = _figures(r, curriculum)
    if r.too_few:
        figures["note"] = t("report_note_too_few", locale, min=min_group)
        return [figures.get(c.key) for c in columns]
    empty = [c for c in columns if c.key != "note" and figures.get(c.key) is None]
    tracks = [c for c in empty if c.key.startswith("accuracy_")]
    labels = []
    for c in empty:
        if c.key in LEARNING or c.key in CHECKING or (c in tracks[1:]):
            continue
        many = len(tracks) > 1 and c == tracks[0]  # the empty tracks are named once, together
        labels.append(t("col_accuracy_tracks", locale, n=len(tracks)) if many else c.label)
    if any(c.key in LEARNING for c in empty):
        labels.append(t("col_learning", locale))
    checking = [c.label for c in empty if c.key in CHECKING]
    if len(checking) == len(CHECKING):  # nobody (or too few) checked an answer: named once
        labels.append(t("col_checking", locale))
    else:
        labels += checking
    if labels:
        named = ("、" if locale == "ja" else ", ").join(labels)
        figures["note"] = t("report_note_empty", locale, min=min_group, columns=named)
    return [figures.get(c.key) for c in columns]


def _total_row(
    org: str,
    reports: list[CohortReport],
    columns: list[Column],
    curriculum: Curriculum,
    locale: str,
) -> list[object]:
    """The organisation's total: sums over the cohorts reported in full, each figure only where
    their rows show it, so the total minus the rows gives away nothing the rows hide."""
    full = [_figures(r, curriculum) for r in reports if not r.too_few]
    total: dict[str, object] = {"organisation": org, "cohort": t("report_total", locale)}
    for key in SUMMED:
        shown = [value for f in full if isinstance(value := f[key], int)]
        total[key] = sum(shown) if shown else None
    left = len(reports) - len(full)
    if not full:
        total["note"] = t("report_note_total_none", locale)
    elif left:
        total["note"] = t("report_note_total", locale, full=len(full), left=left)
    else:
        total["note"] = t("report_note_total_all", locale, full=len(full))
    return [total.get(c.key) for c in columns]
