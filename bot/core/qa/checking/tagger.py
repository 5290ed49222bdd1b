"""A learned claim tagger: a conditional random field over morphemes, trained on the labelled
evaluation sets (`python -m bench.check_train`), that proposes the claims the rules do not know.

The rules in `find_ja` and `find_en` were each written from one writer's answers and carry
poorly to the next writer's; the tagger learned from every writer's labels at once. Its spans
count only where no rule proposed anything, so every rule keeps its say over what it knows.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any, cast

from bot.core import japanese
from bot.core.qa.checking import find_en, find_ja, sweeping_en
from bot.core.qa.checking.claims import Candidate, Kind, normal

MODEL = "claims.crf"  # in bot/data, written by bench/check_train.py
MANIFEST = "claims.json"  # the sets it learned from
# What the tagger may propose: names, documents, quotations and sweeping words, which no list of
# shapes covers. Numbers, laws and links stay with the rules, which know the conventions about
# them (a supposed wage, a clock time, the givens of a worked sum, a phone number are no claims).
LEARNED: frozenset[str] = frozenset({"person", "organisation", "quote", "citation", "absolute"})
OUTSIDE = "O"

# Words that say someone said or wrote something: a quotation in such a sentence is reported.
SAYING = re.compile(
    r"述べ|語っ|語り|話し|強調|指摘|発言|書い|報じ|発表|によると|によれば|としてい|と定め"
    r"|\b(?:said|says|told|tells|wrote|writes|according|stated|states|argued|warned|ruled"
    r"|put it|noted|added|declared|described)\b",
    re.I,
)
# Words that offer a quotation as material or suppose it, rather than report it.
SUPPOSED = re.compile(
    r"と言っても|と言われても|と言われたら|と言われた場合|としても|"
    r"\b(?:could|might|would|should|can|may)\s+(?:say|read|state|put)\b",
    re.I,
)
SENTENCE = re.compile(r"[^。！？\n]+(?:[。！？]|\n|$)|(?<=[.!?])\s")
OPENING = {"「", "『", "“", "‘", "《"}
CLOSING = {"」", "』", "”", "’", "》"}
NAME_WORDS = re.compile(r"(?:[A-Z][\w&'.-]*\s+)+$")
MARKS = "".join(sorted(OPENING | CLOSING)) + "\"'、。，,.;: "


@dataclass(frozen=True)
class Token:
    """A morpheme of the text, where it is, and what the dictionary says it is."""

    start: int
    end: int
    surface: str
    pos: tuple[str, ...]


def tokens(text: str) -> list[Token]:
    """The text's morphemes (SudachiPy, shortest units), blanks left out."""
    return [
        Token(m.begin(), m.end(), m.surface(), tuple(m.part_of_speech()))
        for m in japanese.tokenizer("A").tokenize(text)
        if m.surface().strip()
    ]


def shape(word: str) -> str:
    """The word's shape: digits, capitals, kanji, kana…, so unseen names look like seen ones."""
    if word.isdigit():
        return "d"
    if re.fullmatch(r"[\d,.]+", word):
        return "n"
    if re.fullmatch(r"[A-Z]{2,}", word):
        return "AA"
    if re.fullmatch(r"[A-Z][a-z]+", word):
        return "Aa"
    if re.fullmatch(r"[a-z]+", word):
        return "a"
    return "".join(sorted({_script(ch) for ch in word}))


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    if "CJK" in name:
        return "K"
    if "HIRAGANA" in name:
        return "h"
    if "KATAKANA" in name:
        return "k"
    if ch.isdigit():
        return "D"
    return "L" if ch.isalpha() else "p"


def _quoted(toks: list[Token]) -> list[bool]:
    """Is each token inside quotation marks?"""
    depth, straight, inside = 0, False, []
    for tok in toks:
        if tok.surface in OPENING:
            depth += 1
        elif tok.surface in CLOSING:
            depth = max(0, depth - 1)
        elif tok.surface == '"':
            straight = not straight
        inside.append(depth > 0 or straight)
    return inside


def _saying(text: str, toks: list[Token], words: re.Pattern[str] = SAYING) -> list[bool]:
    """Is each token in a sentence with `words` (by default, one that reports someone's words)?"""
    ends, says = [], []
    for sentence in SENTENCE.finditer(text):
        ends.append(sentence.end())
        says.append(bool(words.search(sentence.group())))
    marks, i = [], 0
    for tok in toks:
        while i < len(ends) - 1 and ends[i] <= tok.start:
            i += 1
        marks.append(bool(says) and says[i])
    return marks


def _line_start(text: str, start: int) -> bool:
    """Does nothing but blanks stand before `start` on its line?"""
    i = start
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    return i == 0 or text[i - 1] == "\n"


def features(
    text: str, toks: list[Token], quoted: list[bool] | None = None
) -> list[dict[str, float]]:
    """What the tagger sees of each token: itself, its neighbours, and its sentence (`quoted`:
    `_quoted(toks)`, where the caller has it already)."""
    own = [
        {
            "w": tok.surface.lower(),
            "sh": shape(tok.surface),
            "p0": tok.pos[0],
            "p1": tok.pos[0] + tok.pos[1],
            "p2": tok.pos[2],
            "suf": tok.surface.lower()[-3:],
            "pre": tok.surface.lower()[:2],
            "l1": tok.surface[-1],
            "len": str(min(len(tok.surface), 6)),
        }
        for tok in toks
    ]
    quoted, saying = quoted or _quoted(toks), _saying(text, toks)
    rows = []
    for i, tok in enumerate(toks):
        row = {"bias": 1.0}
        row.update({f"0{k}={v}": 1.0 for k, v in own[i].items()})
        for d in (-2, -1, 1, 2):
            if 0 <= i + d < len(toks):
                row.update({f"{d}{k}={own[i + d][k]}": 1.0 for k in ("w", "sh", "p1")})
            else:
                row[f"{d}edge"] = 1.0
        before = own[i - 1]["w"] if i else "^"
        after = own[i + 1]["w"] if i + 1 < len(toks) else "$"
        row[f"-1w|0w={before}|{own[i]['w']}"] = 1.0
        row[f"0w|1w={own[i]['w']}|{after}"] = 1.0
        if _line_start(text, tok.start):
            row["linestart"] = 1.0
        if quoted[i]:
            row["quoted"] = 1.0
        if saying[i]:
            row["saying"] = 1.0
        if quoted[i] and saying[i]:
            row["quoted_saying"] = 1.0
        rows.append(row)
    return rows


def labels(text: str, toks: list[Token], claims: Iterable[tuple[str, Kind]]) -> list[str]:
    """BIO tags for a labelled answer: each claim's first occurrence, first claim first."""
    tags = [OUTSIDE] * len(toks)
    for claim, kind in claims:
        start = text.find(claim)
        if start < 0:
            raise ValueError(f"claim {claim!r} is not in the text")
        end, first = start + len(claim), True
        for i, tok in enumerate(toks):
            if tok.start < end and start < tok.end and tags[i] == OUTSIDE:
                tags[i] = ("B-" if first else "I-") + kind
                first = False
    return tags


def spans(toks: list[Token], tags: list[str]) -> Iterator[tuple[Kind, int, int, list[int]]]:
    """The tagged runs of tokens as (kind, start, end, the tokens' places)."""
    run: list[int] = []
    for i, tag in enumerate([*tags, OUTSIDE]):
        edge, _, kind = tag.partition("-")
        if run and (tag == OUTSIDE or edge == "B" or kind != tags[run[0]][2:]):
            yield cast(Kind, tags[run[0]][2:]), toks[run[0]].start, toks[run[-1]].end, run
            run = []
        if tag != OUTSIDE:
            run.append(i)


class Silent:
    """A model that tags nothing: the finder with it is the rules alone (for comparisons)."""

    def tag(self, rows: list[dict[str, float]]) -> list[str]:
        """Outside, for every token."""
        return [OUTSIDE] * len(rows)


_local = threading.local()  # a crfsuite tagger is not safe to share between threads


def open_model(path: str) -> Any:
    """A tagger for the model at `path`."""
    import pycrfsuite

    model = pycrfsuite.Tagger()
    model.open(path)
    return model


def _installed() -> Any | None:
    """The installed model, opened once per thread; None when none is installed."""
    if not hasattr(_local, "model"):
        model = resources.files("bot") / "data" / MODEL
        _local.model = None
        if model.is_file():
            with resources.as_file(model) as path:
                _local.model = open_model(str(path))
    return _local.model


def _name_start(text: str, start: int) -> int:
    """Where the capitalised words before `start` begin (the tagger may start a name late)."""
    words = NAME_WORDS.search(text, max(0, start - 80), start)
    return words.start() if words else start


def find(text: str, model: Any | None = None) -> Iterator[Candidate]:
    """The claims the model (the installed one unless given) sees in `text`; nothing when no
    model is installed."""
    model = model or _installed()
    toks = tokens(text)
    if model is None or not toks:
        return
    # As the conventions have it: words in quotation marks offered as material ("Your leaflet
    # could say: "…"") or a remark supposed (上司が「…」と言っても) are no quote; sweeping words
    # inside quotation marks go with someone's quote, or are material; and the kinds of office
    # stay kinds.
    quoted, supposed = _quoted(toks), _saying(text, toks, SUPPOSED)
    marks: tuple[list[tuple[int, int]], list[tuple[int, int]]] | None = None
    for kind, start, end, places in spans(toks, model.tag(features(text, toks, quoted))):
        if kind not in LEARNED:
            continue
        words = [i for i in places if toks[i].surface not in MARKS]
        if kind == "absolute" and all(quoted[i] for i in words):
            continue
        if kind == "absolute" and text[start].isascii():
            # the conventions the rules keep: no hedge ("almost never enough"), population
            # ("13.1% among all employees"), instruction or aside
            marks = marks or find_en.quotations(text)  # once per text, however many spans
            hedge = re.match(r"(?:almost|nearly)\s(?:always|never)\b", text[start:end], re.I)
            if hedge or not sweeping_en.stated(text, start, text[start:end], *marks):
                continue
        if kind == "person" and find_en.idle_office(text, start, end):
            continue
        if kind == "quote" and all(quoted[i] and supposed[i] for i in words):
            continue
        if kind == "organisation" and find_ja.whichever(text, _name_start(text, start)):
            continue
        if kind == "organisation" and re.match(r"第\d+回", text[start:end]):
            continue  # 第5回執行委員会 is a meeting, not a body
        while start < end and text[start] in MARKS:  # a quotation is its words, not its marks
            start += 1
        while end > start and text[end - 1] in MARKS:
            end -= 1
        if end > start:
            yield Candidate(kind, start, end, normal(text[start:end]))
