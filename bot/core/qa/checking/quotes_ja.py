"""Quotations in Japanese text: words in brackets that a sentence says someone said, wrote or set
down; sayings signed or named with whose they are; words quoted from a law or a definition."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.core.qa.checking.chars_ja import ARTICLE, KATA, SENTENCE
from bot.core.qa.checking.claims import SAYER_KEY, Candidate, normal

# Words in brackets that the sentence says someone said, wrote or set down, wherever it says so:
# 「…」という目標を掲げ, 「…」とする基本方針を発表, 「…」ことをルールにしていると話して,
# 学校保健安全法では…「…」出席停止とされています.
REPORTED = re.compile(
    r"(?:述べ|語っ|語り|話し|話して|発表|掲げ|表明|指摘|主張|強調|明言|書い|記し|報じ|訴え|宣言"
    r"|コメント|と定め|と規定|と明記|と回答|と答え|と説明|方針を示し|考えを示し|見解を示し)"
)
# …or that a law or a guideline named before the words sets them down: 学校保健安全法では、…「…」
# 出席停止とされています ("…とされています" alone only hedges).
SETTING_DOWN = ("法", "規則", "指針", "ガイドライン", "通達", "条例", "告示", "判決")
SET_DOWN = re.compile(f"(?:{'|'.join(SETTING_DOWN)})(?:で|に)は")
BRACKETED = re.compile(r"「([^「」\n]{6,200})」")
TITLE_AFTER = re.compile(
    r"[（(]|を(?:公表|発表|公開|発行|策定|改訂|通知|取りまとめ|とりまとめ|まとめ|作成)|によると|によれば"
    r"|では|に(?:よる|基づ)|[「（(]"
)


# A foreign name in katakana, its parts joined by ・ or ＝: トーマス・エジソン.
KATA_PART = rf"[{KATA}]{{2,24}}"
KATA_NAME = rf"(?<![{KATA}・]){KATA_PART}(?:[・＝]{KATA_PART}){{1,4}}"
# Words signed after them, as a list of sayings gives them: 「…」— トーマス・エジソン.
SIGNED = re.compile(rf"」\s?[—―–]{{1,2}}\s?(?P<name>{KATA_PART}(?:[・＝=]{KATA_PART}){{1,4}})?")
# A name in katakana joined by ＝ (ティム・バーナーズ＝リー) is a person's: no term is written so.
JOINED_NAME = re.compile(
    rf"(?<![{KATA}・＝])(?=[{KATA}・]{{2,80}}＝)[{KATA}]{{2,24}}(?:[・＝][{KATA}]{{2,24}}){{1,4}}"
)


# …or listed with whose saying they are after a colon: 「…」：創業者セザール・リッツが定めたモットー
SAYING_WORD = r"(?:言葉|モットー|名言|格言|信条|口癖)"
LISTED = re.compile(rf"」[：:](?P<rest>[^\n]{{0,80}}?){SAYING_WORD}")
SPEAKER = re.compile(rf"{KATA_NAME}(?=が|の{SAYING_WORD})")
# …or named as someone's saying before them: ソクラテスの「…」という言葉
NAMED_SAYING = re.compile(
    rf"(?P<name>{KATA_NAME}|(?<![{KATA}・]){KATA_PART})の「(?P<words>[^「」\n]{{6,200}})」という{SAYING_WORD}"
)


def signed_words(text: str) -> Iterator[Candidate]:
    """Sayings signed after them (「…」— 松下幸之助), listed with whose words they are, or named as
    someone's saying, and the katakana name that signs one."""
    for match in BRACKETED.finditer(text):
        signed = SIGNED.match(text, match.end() - 1)
        listed = LISTED.match(text, match.end() - 1)
        if signed is None and listed is None:
            continue
        yield Candidate("quote", *match.span(1), normal(match.group(1)))
        if signed is not None and signed.group("name"):
            yield Candidate("person", *signed.span("name"), SAYER_KEY + signed.group("name"))
        if listed is not None:
            speaker = SPEAKER.search(text, listed.start("rest"), listed.end())
            if speaker is not None:
                yield Candidate("person", *speaker.span(), SAYER_KEY + speaker.group())
    for match in NAMED_SAYING.finditer(text):
        yield Candidate("quote", *match.span("words"), normal(match.group("words")))
        yield Candidate("person", *match.span("name"), SAYER_KEY + match.group("name"))


def reported_words(text: str) -> Iterator[Candidate]:
    """Quoted words in a sentence that reports who said or wrote them (not a title, not a run of
    bracketed terms, not words supposed: 「…」と言っても)."""
    for sentence in SENTENCE.finditer(text):
        body = sentence.group()
        found = list(BRACKETED.finditer(body))
        for match in found:
            after = body[match.end() : match.end() + 12]
            if TITLE_AFTER.match(after) or body[match.start() - 1 : match.start()] == "」":
                continue  # a title (「…」を公表, 「…」によると) or a run of terms 「…」「…」
            if re.match(r"[^「」]{0,4}「", after):
                continue
            set_down = SET_DOWN.search(body, 0, match.start()) and "とされ" in body[match.end() :]
            if not (REPORTED.search(body, match.end()) or set_down):
                continue
            if re.search(r"(?:言っ|言われ)ても", body[match.end() :]):
                continue  # a remark supposed, not reported
            start, end = sentence.start() + match.start(1), sentence.start() + match.end(1)
            yield Candidate("quote", start, end, normal(match.group(1)))


LAW_WORDS = re.compile(
    r"「([^「」\n]{8,60})」(?:に限り|に当たる|に該当|がある場合|の場合|とは|は除かれ|を除き|を除く|は除く"
    r"|は対象外)"
)
# A sentence where a source defines something in its own words: 厚生労働省の指針では、パワハラを
# 「…」「…」「…」の3つの要素を満たすものと定義しています.
DEFINING = re.compile(
    r"(?:指針|法律?|通達|告示|規則|ガイドライン|条例|判決|報告書)(?:で|に)?は、?[^。\n]*「[^。\n]*"
    r"(?:定義|定め|規定|明記)"
)
DEFINED_WORDS = re.compile(r"「([^「」\n]{8,60})」")


def law_words(text: str) -> Iterator[Candidate]:
    """Words quoted from a law the sentence cites (「事業の正常な運営を妨げる場合」に限り…
    (労働基準法第39条第5項)): the member compares them with the article."""
    cited = False  # the sentence before cited an article: "ただし「…」は除かれます" quotes it
    for sentence in SENTENCE.finditer(text):
        if not sentence.group():
            continue
        cites = bool(re.search(ARTICLE, sentence.group()))
        words = LAW_WORDS if cites or cited else None
        if DEFINING.search(sentence.group()):
            words = DEFINED_WORDS
        cited = cites
        for match in words.finditer(sentence.group()) if words else ():
            start, end = sentence.start() + match.start(1), sentence.start() + match.end(1)
            yield Candidate("quote", start, end, normal(text[start:end]))
