"""The rules a quiz item and the pre/post tests must follow, beyond the schema."""

from __future__ import annotations

from pathlib import Path

from bot.content.model import FIXED_CHOICES, LOCALES, AssessmentMeta, Item, ItemType
from bot.content.problems import Collector, YamlDoc

# Character budgets. A lesson body is read in 2-5 minutes (about 400-500 Japanese characters
# or 200 English words a minute); a choice must fit a Slack button label (75 characters).
BODY_CHARS = {"ja": (200, 2000), "en": (400, 5000)}
PROMPT_MAX = {"ja": 700, "en": 1400}
EXPLANATION_MAX = {"ja": 700, "en": 1400}
CHOICE_MAX = 75
SENTENCE_MAX = {"ja": 200, "en": 400}
SPOT_SENTENCES = (3, 7)
CHOICES_COUNT = (2, 5)


def check_item(
    item: Item, doc: YamlDoc, loc: tuple[str | int, ...], n_sources: int, out: Collector
) -> None:
    """Check the rules that depend on an item's type; record each problem with its line."""
    path = doc.display

    def err(message: str, *field: str | int) -> None:
        out.add(path, doc.line(*loc, *field), f"item {item.id}: {message}")

    fixed = FIXED_CHOICES.get(item.type)
    if fixed is not None:
        if item.choices is not None:
            err(f"{item.type.value} items have fixed choices; remove 'choices'", "choices")
        if item.answer_key() not in fixed:
            err(f"answer {item.answer!r} is not among the choices {sorted(fixed)}", "answer")
    elif item.type is ItemType.SPOT_THE_ERROR:
        if item.passage is None:
            err("spot_the_error needs a 'passage' of sentences", "passage")
        else:
            n_ja, n_en = len(item.passage.ja), len(item.passage.en)
            if n_ja != n_en:
                err(f"passage has {n_ja} ja sentences but {n_en} en sentences", "passage")
            if not SPOT_SENTENCES[0] <= n_ja <= SPOT_SENTENCES[1]:
                err(f"passage needs {SPOT_SENTENCES[0]}-{SPOT_SENTENCES[1]} sentences", "passage")
            for locale in LOCALES:
                for s_no, sentence in enumerate(getattr(item.passage, locale)):
                    if len(sentence) > SENTENCE_MAX[locale]:
                        err(
                            f"{locale} sentence {s_no + 1} is over {SENTENCE_MAX[locale]} chars",
                            "passage",
                            locale,
                            s_no,
                        )
            if isinstance(item.answer, bool) or not isinstance(item.answer, int):
                err("answer must be the number of the wrong sentence", "answer")
            elif not 1 <= item.answer <= n_ja:
                err(f"answer {item.answer} is not among sentences 1-{n_ja}", "answer")
        if item.choices is not None:
            err("spot_the_error choices are the passage's sentences; remove 'choices'", "choices")
    else:
        choices = item.choices or []
        if not CHOICES_COUNT[0] <= len(choices) <= CHOICES_COUNT[1]:
            err(f"needs {CHOICES_COUNT[0]}-{CHOICES_COUNT[1]} choices", "choices")
        keys = [c.key for c in choices]
        if len(set(keys)) != len(keys):
            err("choice keys must be unique", "choices")
        if item.answer_key() not in keys:
            err(f"answer {item.answer!r} is not among the choices {keys}", "answer")
        for c_no, choice in enumerate(choices):
            for locale in LOCALES:
                if len(choice.text(locale)) > CHOICE_MAX:
                    err(
                        f"{locale} choice {choice.key} is over {CHOICE_MAX} characters",
                        "choices",
                        c_no,
                        locale,
                    )
    if item.type is not ItemType.SPOT_THE_ERROR and item.passage is not None:
        err("only spot_the_error items have a passage", "passage")
    for locale in LOCALES:
        if len(item.prompt.get(locale)) > PROMPT_MAX[locale]:
            err(f"{locale} prompt is over {PROMPT_MAX[locale]} characters", "prompt", locale)
        if len(item.explanation.get(locale)) > EXPLANATION_MAX[locale]:
            err(
                f"{locale} explanation over {EXPLANATION_MAX[locale]} characters",
                "explanation",
                locale,
            )
    if item.source is not None and item.source > n_sources:
        err(f"source {item.source} but the lesson has {n_sources} source(s)", "source")


def check_covers_tracks(
    meta: AssessmentMeta, doc: YamlDoc, track_ids: set[str], out: Collector
) -> None:
    """A test must measure every track, so that a cohort's gain covers the course."""
    missing = sorted(track_ids - {item.track for item in meta.items if item.track})
    if missing:
        out.add(doc.display, doc.line("items"), f"{meta.kind} has no item for {missing}")


def check_parallel(found: dict[str, AssessmentMeta], out: Collector, folder: Path) -> None:
    """The pre-test and post-test are parallel: item n measures the same track in both."""
    pre, post = found.get("pretest"), found.get("posttest")
    if pre is None or post is None:
        return
    where = out.rel(folder / "posttest.yaml")
    if len(pre.items) != len(post.items):
        out.add(where, 1, f"posttest has {len(post.items)} items, pretest {len(pre.items)}")
    for n, (a, b) in enumerate(zip(pre.items, post.items, strict=False), start=1):
        if a.track != b.track:
            out.add(where, 1, f"item {n} measures {b.track!r} but pretest item {n} {a.track!r}")
