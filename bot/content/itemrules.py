"""Item-writing rules: a learner who never read a lesson must not pass by surface cues.

`manabi lessons check` runs these after the schema and the per-item structure checks. They look
at each item (key length, explanations, sources) and at each bank as a whole (the lesson items,
and each pre/post form): answer balance, where errors sit in passages, absolute words, the
"pick the longest option" cue, near-duplicates, and the shape of the two test forms.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from math import ceil, floor

from bot.content.model import (
    FIXED_CHOICES,
    LOCALES,
    SHUFFLED_TYPES,
    AssessmentMeta,
    Item,
    ItemType,
    LessonMeta,
    Text,
)
from bot.content.problems import Collector, YamlDoc

# ------------------------------------------------------------------ thresholds, each with its why

# A key this much longer than every distractor stands out at a glance (per language, characters).
KEY_LENGTH_RATIO = 1.25
# A cue learner may beat chance by this much before the bank is judged to leak answers.
CUE_MARGIN = 0.10
# Fewer items than this and a cue's score is too noisy to judge a bank by.
CUE_MIN_ITEMS = 5
# True/false and real/fabricated answers balanced within this share of "true"/"real", so that
# "always answer false" scores near chance (counts are rounded outward to whole items).
BALANCE = (0.40, 0.60)
# No third of a passage (first/middle/last) should hold more than this share of the errors.
SPOT_THIRD_MAX = 0.50
# Errors on the first or last sentence: 2/n by chance (40-50 % for 4-5 sentences); above this
# the edges are a cue.
SPOT_EDGE_MAX = 0.60
# Position spread is judged only from this many spot_the_error items in a bank.
SPOT_SPREAD_MIN_ITEMS = 6
# Texts this similar (character 3-gram Jaccard after normalising) are the same item reworded.
NEAR_DUPLICATE = 0.85
# At least this share of spot_the_error items send the learner to a primary source (`link`).
SPOT_LINK_SHARE = 1 / 3
# Each pre/post form: enough items for a gain score, most of them discernment items.
FORM_MIN_ITEMS = 20
FORM_MIN_DISCERNMENT = 14
# How many item ids a bank-level message lists before "and N more".
LIST_MAX = 8

DISCERNMENT_TYPES = frozenset({ItemType.TRUE_FALSE, ItemType.REAL_OR_FABRICATED})
GENUINE_KEYS = frozenset({"true", "real"})

# Words that make a claim absolute. Test-wise learners treat them as a sign of a wrong answer,
# so they must turn up in correct statements as often as in wrong ones.
ABSOLUTE_JA = (
    "必ず",
    "一切",
    "絶対",
    "すべて",
    "全て",
    "不要",
    "ありません",
    "ない限り",
    "決して",
    "常に",
    "誰も",
    "全く",
    "まったく",
    "完全に",
    "のみ",
    "100%",
)
ABSOLUTE_EN = re.compile(
    r"(?<![\w-])(?:never|always|all|only|must|no one|nobody|none|nothing|every|everyone|"
    r"everything|everybody|completely|entirely|guaranteed?|guarantees)(?![\w-])|100\s?%",
    re.IGNORECASE,
)

# An explanation must name an option by its content: the learner sees a shuffled order.
POSITION_REFERENCES: dict[str, list[re.Pattern[str]]] = {
    "ja": [
        re.compile(r"(?<![\w&])[a-e](?![A-Za-z0-9])\s*(?:が|は|を選|の(?:選択肢|答え))"),
        re.compile(r"(?<![\w&])[A-E](?![A-Za-z0-9])\s*が(?:正解|誤り|正しい)"),
        re.compile(r"(?:選択肢|正解|答え|回答)は?\s*[(（]?[a-eA-E1-9](?![A-Za-z0-9])"),
        re.compile(r"(?<!\d)[1-9]\s*番目?(?:の(?:文|選択肢|答え)|が|は|を)"),
        re.compile(r"(?<!\d)[1-9]\s*(?:文目|つ目の(?:文|選択肢))"),
        re.compile(r"第\s*[1-9]\s*文"),
        re.compile(r"(?:最初|最後)の(?:文|選択肢)"),
    ],
    "en": [
        re.compile(r"^\(?[a-e]\)?\s+is\b"),
        re.compile(r"\b[a-e]\)\s?is\b"),
        re.compile(
            r"\b(?:option|choice|answer)\s+\(?[a-eA-E]\)?(?=\s*(?:[.,;:)]|$|is\b|was\b))",
            re.IGNORECASE,
        ),
        re.compile(r"\bsentences?\s+(?:no\.\s*)?\d+\b", re.IGNORECASE),
        re.compile(
            r"\b(?:first|second|third|fourth|fifth|last)\s+(?:option|choice|answer|sentence)\b",
            re.IGNORECASE,
        ),
    ],
}


# ------------------------------------------------------------------ cues, shared with the bench


def has_absolute(text: str, locale: str) -> bool:
    """Whether `text` contains an absolute word (必ず, never, all, …)."""
    text = unicodedata.normalize("NFKC", text)
    if locale == "ja":
        return any(word in text for word in ABSOLUTE_JA)
    return ABSOLUTE_EN.search(text) is not None


def option_texts(item: Item, locale: str) -> dict[str, str]:
    """Each key with what the learner reads for it: an option, a sentence, or a fixed label."""
    if item.type is ItemType.SPOT_THE_ERROR:
        sentences = getattr(item.passage, locale) if item.passage else []
        return {str(n): text for n, text in enumerate(sentences, start=1)}
    return {key: item.choice_label(key, locale) for key in item.choice_keys()}


def normalise(text: str) -> str:
    """NFKC, lower case, no punctuation or white space: what near-duplicate checks compare."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).lower())


def trigrams(text: str) -> frozenset[str]:
    """The set of character 3-grams of normalised `text`."""
    flat = normalise(text)
    return frozenset(flat[i : i + 3] for i in range(max(len(flat) - 2, 1)))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two sets (1.0 when both are empty)."""
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def spot_third(answer: int, sentences: int) -> int:
    """Which third of a passage (0 first, 1 middle, 2 last) sentence `answer` sits in."""
    return min(2, int(3 * (answer - 0.5) / sentences))


# ------------------------------------------------------------------ where an item sits


@dataclass(frozen=True)
class Placed:
    """An item with the file it sits in, its index there, and the bank it belongs to."""

    item: Item
    doc: YamlDoc
    index: int
    bank: str  # "lessons", "pretest" or "posttest"

    @property
    def path(self) -> str:
        """The file, as shown in messages."""
        return self.doc.display

    def line(self, *field: str | int) -> int:
        """The line of this item, or of one of its fields."""
        return self.doc.line("items", self.index, *field)

    def where(self) -> str:
        """`path:line` of the item."""
        return f"{self.path}:{self.line()}"


@dataclass(frozen=True)
class Bank:
    """A set of items judged together, and where a bank-level problem is reported."""

    name: str
    path: str
    line: int
    items: list[Placed]


def _ids(placed: Iterable[Placed]) -> str:
    return _list([p.item.id for p in placed])


def _list(ids: list[str]) -> str:
    shown = ", ".join(ids[:LIST_MAX])
    return shown + (f" and {len(ids) - LIST_MAX} more" if len(ids) > LIST_MAX else "")


def _pct(share: float) -> str:
    return f"{100 * share:.0f}%"


# ------------------------------------------------------------------ per item


def check_item_writing(placed: Placed, out: Collector) -> None:
    """Key length, a source for every factual item, and explanations that name no position."""
    item = placed.item

    def err(message: str, *field: str | int) -> None:
        out.add(placed.path, placed.line(*field), f"item {item.id}: {message}")

    if item.type in SHUFFLED_TYPES and item.choices:
        key = next((c for c in item.choices if c.key == item.answer_key()), None)
        others = [c for c in item.choices if c.key != item.answer_key()]
        if key is not None and others:
            at = item.choices.index(key)
            for locale in LOCALES:
                longest = max(len(c.text(locale).strip()) for c in others)
                own = len(key.text(locale).strip())
                if own > KEY_LENGTH_RATIO * longest:
                    err(
                        f"{locale} key {key.key} is {own} characters, over {KEY_LENGTH_RATIO}x "
                        f"its longest distractor ({longest}); make the distractors as specific",
                        "choices",
                        at,
                        locale,
                    )
    if item.type is not ItemType.SAFE_TO_PASTE and item.source is None:
        err("needs a `source` (the number of the source that supports the answer)")
    for locale in LOCALES:
        text = unicodedata.normalize("NFKC", item.explanation.get(locale))
        for pattern in POSITION_REFERENCES[locale]:
            found = pattern.search(text)
            if found:
                err(
                    f"{locale} explanation names an option by letter or position "
                    f"({found.group(0).strip()!r}); options are shown shuffled, so name it by "
                    "its content (for spot_the_error, quote the wrong sentence)",
                    "explanation",
                    locale,
                )
                break


def check_primary_source(meta: LessonMeta, doc: YamlDoc, out: Collector) -> None:
    """Every lesson rests on at least one primary source."""
    if not any(source.primary for source in meta.sources):
        out.add(
            doc.display,
            doc.line("sources"),
            f"lesson {meta.id}: no source is marked `primary: true` (law text, regulator, "
            "standards body, original study, or the vendor's own documentation)",
        )


# ------------------------------------------------------------------ per bank


def longest_cue(items: Sequence[Item], locale: str) -> tuple[float, float, list[str]]:
    """Expected accuracy of picking the longest option, chance, and ids where the key is longest.

    Over choice and source_first items; ties are broken at random (their order is shuffled).
    """
    hits = chance = 0.0
    key_longest: list[str] = []
    for item in items:
        texts = option_texts(item, locale)
        lengths = {key: len(text.strip()) for key, text in texts.items()}
        top = max(lengths.values())
        tied = [key for key, n in lengths.items() if n == top]
        if item.answer_key() in tied:
            hits += 1 / len(tied)
            key_longest.append(item.id)
        chance += 1 / len(texts)
    n = max(len(items), 1)
    return hits / n, chance / n, key_longest


def absolute_cue(item: Item, locale: str) -> float | None:
    """Expected accuracy of the absolute-word rule on one item; None where the rule has no say.

    true_false: absolute word -> false, none -> true. choice/source_first: never pick an option
    with an absolute word. spot_the_error: pick a sentence with an absolute word.
    """
    if item.type is ItemType.TRUE_FALSE:
        guess = "false" if has_absolute(item.prompt.get(locale), locale) else "true"
        return 1.0 if guess == item.answer_key() else 0.0
    if item.type not in SHUFFLED_TYPES and item.type is not ItemType.SPOT_THE_ERROR:
        return None
    texts = option_texts(item, locale)
    marked = {key for key, text in texts.items() if has_absolute(text, locale)}
    if not marked:
        return None
    pool = marked if item.type is ItemType.SPOT_THE_ERROR else set(texts) - marked
    if not pool:
        return 1 / len(texts)
    return 1 / len(pool) if item.answer_key() in pool else 0.0


def _balance_ok(genuine: int, total: int) -> bool:
    return floor(BALANCE[0] * total) <= genuine <= ceil(BALANCE[1] * total)


def check_bank(bank: Bank, out: Collector) -> None:
    """The rules over a whole bank: cues a learner could use without knowing the answer."""

    def err(message: str) -> None:
        out.add(bank.path, bank.line, f"{bank.name}: {message}")

    items = [p.item for p in bank.items]
    shuffled = [i for i in items if i.type in SHUFFLED_TYPES and i.choices]
    if len(shuffled) >= CUE_MIN_ITEMS:
        for locale in LOCALES:
            accuracy, chance, key_longest = longest_cue(shuffled, locale)
            if accuracy - chance > CUE_MARGIN:
                err(
                    f"picking the longest {locale} option scores {_pct(accuracy)} on "
                    f"{len(shuffled)} choice/source_first items (chance {_pct(chance)}); "
                    f"the key is the longest in {_list(key_longest)}"
                )
    for kind, genuine_key, word in (
        (ItemType.TRUE_FALSE, "true", "true"),
        (ItemType.REAL_OR_FABRICATED, "real", "real"),
    ):
        of_kind = [i for i in items if i.type is kind]
        genuine = sum(1 for i in of_kind if i.answer_key() == genuine_key)
        if of_kind and not _balance_ok(genuine, len(of_kind)):
            err(
                f"{genuine} of {len(of_kind)} {kind.value} answers are {word} "
                f"({_pct(genuine / len(of_kind))}); keep {_pct(BALANCE[0])}-{_pct(BALANCE[1])}"
            )
    safe = [i.answer_key() for i in items if i.type is ItemType.SAFE_TO_PASTE]
    if len(safe) >= CUE_MIN_ITEMS:
        most, count = Counter(safe).most_common(1)[0]
        chance = 1 / len(FIXED_CHOICES[ItemType.SAFE_TO_PASTE])
        if count / len(safe) - chance > CUE_MARGIN:
            err(
                f"{count} of {len(safe)} safe_to_paste answers are {most!r} "
                f"({_pct(count / len(safe))}); always answering {most!r} would beat chance "
                f"({_pct(chance)}) by over {_pct(CUE_MARGIN)} points, so vary the answers"
            )
    _check_absolute(bank, err)
    _check_spot_spread(bank, err)


def _check_absolute(bank: Bank, err: Callable[[str], None]) -> None:
    tf = [p for p in bank.items if p.item.type is ItemType.TRUE_FALSE]
    spot = [p for p in bank.items if p.item.type is ItemType.SPOT_THE_ERROR and p.item.passage]
    for locale in LOCALES:
        wrong = [p for p in tf if p.item.answer_key() == "false" and _abs(p.item.prompt, locale)]
        right = [p for p in tf if p.item.answer_key() == "true" and _abs(p.item.prompt, locale)]
        if wrong and not right:
            err(
                f"absolute words appear only in false {locale} true_false statements "
                f"({_ids(wrong)}); write true statements with them too"
            )
        wrong_s = right_s = 0
        wrong_items = []
        for p in spot:
            for n, sentence in enumerate(option_texts(p.item, locale).values(), start=1):
                if has_absolute(sentence, locale):
                    if str(n) == p.item.answer_key():
                        wrong_s += 1
                        wrong_items.append(p)
                    else:
                        right_s += 1
        if wrong_s and not right_s:
            err(
                f"absolute words appear only in the wrong {locale} sentence of spot_the_error "
                f"passages ({_ids(wrong_items)}); use them in correct sentences too"
            )
        scored = [(p, absolute_cue(p.item, locale)) for p in bank.items]
        fired = [(p, s) for p, s in scored if s is not None]
        if len(fired) >= CUE_MIN_ITEMS:
            accuracy = sum(s for _, s in fired) / len(fired)
            chance = sum(1 / len(p.item.choice_keys()) for p, _ in fired) / len(fired)
            if accuracy - chance > CUE_MARGIN:
                err(
                    f"treating {locale} absolute words as wrong scores {_pct(accuracy)} on "
                    f"{len(fired)} items (chance {_pct(chance)}); put absolute words in correct "
                    "statements and keys too, and hedge some wrong ones"
                )


def _abs(text: Text, locale: str) -> bool:
    return has_absolute(text.get(locale), locale)


def _check_spot_spread(bank: Bank, err: Callable[[str], None]) -> None:
    spots = [
        p.item
        for p in bank.items
        if p.item.type is ItemType.SPOT_THE_ERROR
        and p.item.passage
        and isinstance(p.item.answer, int)
        and not isinstance(p.item.answer, bool)
        and 1 <= p.item.answer <= len(p.item.passage.ja)
    ]
    if len(spots) < SPOT_SPREAD_MIN_ITEMS:
        return
    thirds = Counter(spot_third(int(i.answer), len(i.passage.ja)) for i in spots if i.passage)
    name, count = max(
        ((("first", "middle", "last")[t], c) for t, c in thirds.items()), key=lambda x: x[1]
    )
    if count / len(spots) > SPOT_THIRD_MAX:
        err(
            f"{count} of {len(spots)} spot_the_error errors sit in the {name} third of the "
            f"passage ({_pct(count / len(spots))}, over {_pct(SPOT_THIRD_MAX)}); spread them"
        )
    edges = sum(1 for i in spots if i.passage and int(i.answer) in (1, len(i.passage.ja)))
    if edges / len(spots) > SPOT_EDGE_MAX:
        err(
            f"{edges} of {len(spots)} spot_the_error errors are the first or last sentence "
            f"({_pct(edges / len(spots))}, over {_pct(SPOT_EDGE_MAX)}); put more in the middle"
        )


# ------------------------------------------------------------------ across the whole bank


def item_text(item: Item, locale: str) -> str:
    """Prompt, passage and written options in one language: what near-duplicates share."""
    parts = [item.prompt.get(locale)]
    if item.passage is not None:
        parts += getattr(item.passage, locale)
    parts += [choice.text(locale) for choice in item.choices or []]
    return " ".join(parts)


def check_duplicates(placed: Sequence[Placed], out: Collector) -> None:
    """No item repeats another, reworded or not, anywhere: lessons and both test forms."""
    grams = [{loc: trigrams(item_text(p.item, loc)) for loc in LOCALES} for p in placed]
    for a, b in combinations(range(len(placed)), 2):
        best, locale = 0.0, "ja"
        for loc in LOCALES:
            x, y = grams[a][loc], grams[b][loc]
            if min(len(x), len(y)) < NEAR_DUPLICATE * max(len(x), len(y)):
                continue  # too different in size to reach the threshold
            score = jaccard(x, y)
            if score > best:
                best, locale = score, loc
        if best >= NEAR_DUPLICATE:
            first, second = placed[a], placed[b]
            why = "write a different scenario"
            if first.bank != second.bank and "lessons" in (first.bank, second.bank):
                why = "a test item must not repeat a lesson item"
            out.add(
                second.path,
                second.line(),
                f"item {second.item.id} duplicates item {first.item.id} ({first.where()}): "
                f"{locale} text {_pct(best)} alike; {why}",
            )


def check_links(bank: Bank, out: Collector) -> None:
    """Enough spot_the_error items make the learner open a primary source to decide."""
    spots = [p for p in bank.items if p.item.type is ItemType.SPOT_THE_ERROR]
    linked = sum(1 for p in spots if p.item.link)
    if spots and linked < SPOT_LINK_SHARE * len(spots):
        out.add(
            bank.path,
            bank.line,
            f"{bank.name}: {linked} of {len(spots)} spot_the_error items have a `link`; at least "
            f"{ceil(SPOT_LINK_SHARE * len(spots))} should send the learner to a primary source",
        )


# ------------------------------------------------------------------ the two test forms


def check_forms(
    forms: dict[str, tuple[AssessmentMeta, YamlDoc]], folder: str, out: Collector
) -> None:
    """Two parallel forms, each long enough and mostly discernment items, balanced."""
    for kind in ("pretest", "posttest"):
        if kind not in forms:
            out.add(folder, 1, f"the {kind} form is missing ({kind}.yaml)")
    for meta, doc in forms.values():
        where = doc.line("items")
        if len(meta.items) < FORM_MIN_ITEMS:
            out.add(
                doc.display,
                where,
                f"{meta.kind} has {len(meta.items)} items; a form needs at least {FORM_MIN_ITEMS}",
            )
        discern = [i for i in meta.items if i.type in DISCERNMENT_TYPES]
        if len(discern) < FORM_MIN_DISCERNMENT:
            out.add(
                doc.display,
                where,
                f"{meta.kind} has {len(discern)} discernment items (true_false, "
                f"real_or_fabricated); a form needs at least {FORM_MIN_DISCERNMENT}",
            )
        genuine = sum(1 for i in discern if i.answer_key() in GENUINE_KEYS)
        if discern and not _balance_ok(genuine, len(discern)):
            out.add(
                doc.display,
                where,
                f"{meta.kind}: {genuine} of {len(discern)} discernment items are genuine "
                f"(true/real, {_pct(genuine / len(discern))}); keep "
                f"{_pct(BALANCE[0])}-{_pct(BALANCE[1])}",
            )
        for n, item in enumerate(meta.items):
            if item.difficulty is None:
                out.add(
                    doc.display,
                    doc.line("items", n),
                    f"item {item.id}: test items need `difficulty` (easy, medium or hard)",
                )
    if "pretest" in forms and "posttest" in forms:
        (pre, _), (post, post_doc) = forms["pretest"], forms["posttest"]
        for n, (a, b) in enumerate(zip(pre.items, post.items, strict=False)):
            for field in ("type", "difficulty"):
                mine, theirs = getattr(b, field), getattr(a, field)
                if mine != theirs:
                    shown = [getattr(v, "value", v) for v in (mine, theirs)]
                    out.add(
                        post_doc.display,
                        post_doc.line("items", n, field),
                        f"item {n + 1} {field} is {shown[0]!r} but pretest item {n + 1} "
                        f"is {shown[1]!r}; the forms must be parallel",
                    )


# ------------------------------------------------------------------ everything


def check_item_rules(
    root_display: str,
    lesson_items: list[Placed],
    forms: dict[str, tuple[AssessmentMeta, YamlDoc]],
    form_items: list[Placed],
    folder_display: str,
    out: Collector,
) -> None:
    """Run every item-writing rule over the lessons and the test forms."""
    for placed in [*lesson_items, *form_items]:
        check_item_writing(placed, out)
    banks = [Bank("lesson bank", root_display, 1, lesson_items)]
    for kind, (_meta, doc) in sorted(forms.items()):
        items = [p for p in form_items if p.bank == kind]
        banks.append(Bank(f"{kind} form", doc.display, doc.line("items"), items))
    for bank in banks:
        check_bank(bank, out)
    check_links(Bank("item bank", root_display, 1, [*lesson_items, *form_items]), out)
    check_duplicates([*lesson_items, *form_items], out)
    if lesson_items or forms:
        check_forms(forms, folder_display, out)
