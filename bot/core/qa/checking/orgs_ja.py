"""Companies and bodies in Japanese named by where they stand, not by a word in their name:
物流大手のみなと運輸は, 大手コンビニのA社やB社は, スーパーのまるみやストアは, 日本郵便は,
AI戦略本部, 「…検討会」."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.core.qa.checking.claims import Candidate, trimmed

KANJI = r"一-龥々〆ヵヶ"
KATA = r"ァ-ヴー"
# The trades a company is introduced by: 物流大手の…, 大手コンビニの…, スーパーの…
TRADE = (
    r"(?:物流|運輸|小売|外食|家電|通信|IT|製薬|自動車|食品|建設|電機|鉄道|航空|宅配|コンビニ|スーパー"
    r"|百貨店|ドラッグストア|量販店|銀行|証券|保険|アパレル|人材|派遣|介護|外資)"
)
# A name's last word that makes it a company's: みなと運輸, まるみやストア, 日本郵便.
TAIL = r"(?:運輸|物流|郵便|ストア|マート|電鉄|交通|商店|食品|運送|倉庫|フーズ|ホールディングス)"
NAME_CHARS = rf"[{KANJI}{KATA}ぁ-んA-Za-z0-9・\-＆&]"
ENDS = r"(?=は|が|や|も|では|でも|、|と(?:共同|協力|提携))"
INTRODUCED = re.compile(
    # a trade's leading company, named after it: 物流大手のみなと運輸は, 大手コンビニのローソンは
    rf"(?:{TRADE}(?:大手|最大手)|大手{TRADE}?|最大手)の(?P<big>{NAME_CHARS}{{2,16}}?){ENDS}"
    # a trade, then a name that ends like a company's: スーパーのまるみやストアは
    rf"|{TRADE}の(?P<named>{NAME_CHARS}{{1,12}}?{TAIL}){ENDS}"
    # a firm introduced by what kind of firm it is: 民間調査会社の東都リサーチは,
    # シンクタンクの未来総研
    rf"|(?:民間)?(?:調査会社|シンクタンク|コンサルティング会社|IT企業|ソフトウェア会社|人材会社|メーカー)"
    rf"の(?P<kind>{NAME_CHARS}{{2,12}}?){ENDS}"
)
ALSO = re.compile(rf"や(?P<next>{NAME_CHARS}{{2,16}}?)(?=は|が|も|では|、)")
ORGANISATION = re.compile(
    # a company by its name's last word, in kanji or katakana: 日本郵便は, ヤマト運輸が
    rf"(?<![{KANJI}{KATA}ぁ-ん])[{KANJI}{KATA}]{{1,8}}{TAIL}(?=は|が|も|では|の(?:調査|発表))"
    # a headquarters a government sets up: AI戦略本部, 働き方改革推進本部
    rf"|(?<![{KANJI}{KATA}A-Za-z])(?:[A-Z]{{1,4}}|[{KANJI}{KATA}]{{1,6}})[{KANJI}]{{0,6}}(?:戦略|推進|対策)本部"
    # a council or a panel by its name in brackets: 「持続可能な物流の実現に向けた検討会」
    r"|(?<=「)[^「」\n]{2,40}(?:検討会|審議会|協議会|研究会|懇談会|有識者会議)(?=」)"
    # …or a council by its name: 未来ワーク協議会は
    rf"|(?<![{KANJI}{KATA}])[{KANJI}{KATA}]{{2,10}}(?:協議会|審議会|検討会)(?=は|が|も|では|の|、)"
)


def find(text: str) -> Iterator[Candidate]:
    """Yield each body this module's rules name in `text`."""
    for match in INTRODUCED.finditer(text):
        group = next(g for g in ("big", "named", "kind") if match.group(g))
        found = trimmed(text, "organisation", *match.span(group))
        if found is not None:
            yield found
        also = ALSO.match(text, match.end(group))
        if also:  # 大手コンビニのA社やB社は: both are named
            found = trimmed(text, "organisation", *also.span("next"))
            if found is not None:
                yield found
    for match in ORGANISATION.finditer(text):
        found = trimmed(text, "organisation", *match.span())
        if found is not None:
            yield found
