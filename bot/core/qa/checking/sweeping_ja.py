"""Sweeping statements in Japanese text: absolute words (必ず, 一切, 問題ありません) where an answer
states them, not where it advises, and records (過去最大, 34年ぶりの高水準)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.core.qa.checking.chars_ja import KANJI, KATA, NUM, SENTENCE
from bot.core.qa.checking.claims import RECORD_KEY, Candidate, normal, spans

ADVICE = re.compile(
    r"(?:ましょう|ください|下さい|わけではありません|わけではない|とは限りません|とは限らない)"
)
REASON = re.compile(r"(?:ので|から|ため)、")
# A record ("過去最大", "統計開始以来最多") is a sweeping claim about every year before it.
RECORD = re.compile(
    r"(?:過去|史上)最[大高低少多悪小長短]"
    # …or against every year since: 34年ぶりの高水準, 比較可能な1976年以降で最も差が小さく
    rf"|\d+年ぶり(?:の|に)?[{KANJI}]{{0,2}}(?:高|低|最)[{KANJI}]{{0,3}}"
    r"|(?:19|20)\d{2}年度?(?:\d{1,2}月)?(?:卒|入社|末)?(?:以降|以来)(?:で)?最も?[^、。\n]{0,8}"
    # …since something began: 1978年度に目安制度が始まって以降で最大
    r"|(?:19|20)\d{2}年度?に[^、。\n]{1,16}?(?:始まって|始まり|導入されて|開始されて|制定されて)"
    r"(?:以降|以来)(?:で)?最[大高低少多悪小長短]"
    # …or the first time in the years it names: 3％を超えるのは34年ぶりです
    r"|\d+年ぶり(?=です|でした|となり|となった|となる|のこと)"
    r"|(?:(?:19|20)\d{2}年度?の)?(?:統計を取り?始めて|調査を?開始して|記録を?取り?始めて|調査開始|統計開始"
    r"|観測開始)(?:以降|以来)(?:で)?最(?:[大高低少多悪小長短]|も[^、。\n]{1,6}?(?:[くいな](?=[、。\n])|く|い|な))"
    # …or a change the first in so many years: 約20年ぶりに改正, 50年以上ぶりです
    rf"|(?:約)?\d+年ぶりに[{KANJI}]{{2,4}}"
    r"|(?:約)?\d+年(?:以上)?ぶり(?=です|でした|[。、])"
    # …or the first of its kind in so many years: 61年ぶりのストライキ
    rf"|(?:約)?\d+年(?:以上)?ぶりの[{KANJI}{KATA}ー]{{2,8}}"
    # …or the peak a series reached: 62.7%でピーク
    rf"|(?<![\d,.]){NUM}(?:%|％|件|人|万人|円|億円|倍)でピーク"
)
ABSOLUTE = re.compile(
    r"(?:一切|絶対に?|必ず|誰にでも|誰でも|全く|まったく|決して|例外なく|いかなる|すべての|全ての|間違いなく"
    r"|どんな場合でも|どのような場合でも|常に|完全に|あらゆる|一生|永久に"
    # everyone, whatever…, nothing but, the only one ("確実に取得させる" is the law's wording)
    r"|全員|(?:どんな|どのような)[^、。\n]{1,8}?(?:でも|も)(?=[^、。\n]{0,20}(?:ない|ません|できる|できます))"
    rf"|唯一の?|(?<=[{KANJI}{KATA}ぁ-ん])しか(?:ない|ありません|[{KANJI}]{{1,4}}(?:されず|されない|されません|できず|できない|できません))"
    # "all of it" as an adverb after the topic: 長時間労働はすべて解消された
    rf"|(?<=[はがも])(?:すべて|全て)(?=[{KANJI}]{{1,4}}(?:され|でき|しま|した|する|します))"
    # a verdict that closes the question: "問題ありません", "科学的に証明された"
    r"|(?<![かが])問題(?:は|も)?(?:ありません|ない(?:です)?[。!！]|なし)|心配(?:は)?(?:いりません|無用)"
    r"|科学的に証明|(?:明らかに|確実に)違法"
    # the first or the only one anywhere: 全国で初めての条例, 日本初, 世界で唯一
    rf"|(?:全国|全[{KANJI}]{{1,4}}|日本|国内|世界|業界)(?:で)?(?:初めて|初の|初(?![任日回期年月])|唯一)"
    rf"|(?:同社|同省|同国|同県|同市|当社|同団体|同組合)(?:として|で)(?:は)?初めて"
    rf"|(?:19|20)\d{{2}}年度?に初めて[{KANJI}]{{2,4}}"
    # not even one: 1分たりとも, 一円たりとも
    rf"|(?:\d+|一)[{KANJI}]{{0,2}}たりとも"
    # that none exists: 罰則はありません, 法律上の決まりはありません (not 必要はありません, advice)
    rf"|(?<![{KANJI}{KATA}])(?!必要|心配|問題)(?:[{KANJI}{KATA}]{{2,6}}|[{KANJI}]{{1,3}}まり)(?:は|も)(?:一切)?(?:ありません|ない(?:です)?(?=[。!！]))"
    r"|まず(?:ありません|ない(?=[。!！]))"
    # neither one nor the other: 争議権も団体協約締結権もありません; it makes no difference:
    # 年齢は関係ありません
    rf"|[{KANJI}]{{2,8}}も[{KANJI}]{{2,10}}も(?:ありません|ない(?=[。!！]))"
    rf"|(?<![{KANJI}])[{KANJI}]{{2,6}}は関係(?:ありません|ない(?=[。!！]))"
    # however much or often, wherever, whenever: 何時間働いても, 何回でも, 全国どこでも,
    # 24時間いつでも
    rf"|何(?:時間|回|日|度|年|人|か月|カ月)[^、。\n]{{0,6}}?(?:でも|ても)|全国どこでも|(?:24時間|365日)いつでも"
    # no bound or requirement at all: 録音時間は無制限, 資本金の要件なし, 給付制限はなく
    rf"|(?<=は)無制限|(?<![{KANJI}])(?!必要|心配|問題)[{KANJI}]{{2,6}}(?:なし(?=[｜|）)、。\n])|はなく(?=、))"
    # to the full: 全面的に適用され
    r"|全面的に"
    # no penalty or bound set at all: 罰則を設けず, 上限を設けていません
    r"|(?:罰則|上限|例外)を設け(?:ず|ていない|ていません)"
    # a first past a mark: 全国加重平均が初めて1,000円を超えました
    r"|(?<=[がは])初めて(?=[^、。\n]{1,12}?(?:を超え|を上回|に達し|を突破|に乗せ))"
    # …or the first among those it names: 県内の同業他社で初めて25万円台に乗せた
    rf"|(?<![{KANJI}{KATA}の])(?:[{KANJI}{KATA}]{{1,6}}の)?[{KANJI}{KATA}]{{2,8}}で初めて(?=[^、。\n]{{1,12}}?(?:を超え|を上回|に達し|を突破|に乗せ))"
    # a first said after the fact: 1,000万人を下回ったのは今回が初めて
    r"|のは(?:今回|今年|昨年|これ)が初めて"
    # not one anywhere: 生産性が下がった例は一つもありません, 損をする人は一人もいません (not
    # "女性管理職が一人もいない企業", a kind of firm being counted)
    r"|(?<=[はがも])(?:これまで|今まで|過去に)?(?:一つも|ひとつも|一人も|ひとりも|一度も|一社も)"
    r"(?:ない|ありません|いない|いません|なかった|ありませんでした)(?=[。、!！]|という|との|と(?:され|言われ))"
    # a guarantee: 網羅性が保証されている
    r"|(?<=[がはも])保証されて(?:いる|います|いました)"
    # certainty as a share: 100%安全
    rf"|100[%％](?=[{KANJI}])[{KANJI}]{{1,4}}|全額(?!の)"
    # every one of a group as a share: 科学者の100%が
    rf"|(?<=[{KANJI}{KATA}]の)100[%％](?=が|は)"
    rf"|(?<![{KANJI}])どの[{KANJI}{KATA}]{{1,6}}も)[^、。!！?？\n（(]{{0,24}}"
)


def absolutes(text: str, quoted: list[tuple[int, int]]) -> Iterator[Candidate]:
    """Absolute words ("必ず", "一切") in statements, not in advice or in negated form, nor in the
    `quoted` spans (someone's words, checked as the quote)."""
    for sentence in SENTENCE.finditer(text):
        for match in ABSOLUTE.finditer(sentence.group()):
            if ADVICE.search(_stated_part(sentence.group(), match.start())):
                continue
            start = sentence.start() + match.start()
            end = sentence.start() + match.end()
            if any(a <= start < b for a, b in quoted):
                continue  # 「…心配いりません」と説明: someone's words, checked as the quote
            key = normal(text[start:end])
            if re.search(r"初めて|初の|唯一", match.group()):
                key = RECORD_KEY + key  # a first or an only one: the numbers in it go with it
            yield Candidate("absolute", start, end, key)


def _stated_part(sentence: str, position: int) -> str:
    """The part of a sentence an absolute word belongs to: all of it, or only a reason clause
    ("どの窓口も対応してくれますので、…してください" states the first half, asks the second)."""
    reason = REASON.search(sentence, position)
    return sentence[: reason.end()] if reason else sentence


def records(text: str) -> Iterator[Candidate]:
    """Records: the numbers inside one ("34年ぶり", "1976年以降") go with it."""
    for record in spans(text, "absolute", RECORD):
        yield Candidate("absolute", record.start, record.end, RECORD_KEY + (record.key or ""))
