"""Remove personal data from a question before it leaves the process (design §7.1).

Numbers (phones, My Numbers, cards, bank accounts, employee ids, postal codes) and addresses are
found with patterns and checksums on a normalised copy of the text; names with the person-name
tags of a Japanese morphological analyser (SudachiPy) and, for names in Latin letters, with
titles, cues and a list of given names. Each finder returns spans; the first finder to claim a
character keeps it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from bot.core import japanese

# ---------------------------------------------------------------- shared pieces

DASH = r"[-‐‑‒–—―−ー~〜/]"  # what people type between digit groups (after NFKC)
SEP = rf"(?:[^\S\n]*{DASH}[^\S\n]*|[^\S\n]+|\.|の)"  # one separator, spaces around allowed
KANJI_DIGITS = str.maketrans("〇一二三四五六七八九", "0123456789")
KANJI_RUN = re.compile(r"[〇一二三四五六七八九](?:(?:の|[^\S\n]|-|、)?[〇一二三四五六七八九]){6,}")


@dataclass(frozen=True)
class Found:
    """One piece of personal data: its kind and where it is in the text given to `find`, as
    character offsets (`end` exclusive)."""

    kind: str
    start: int
    end: int


Finder = Callable[[str], Iterator[tuple[int, int]]]


def _luhn(digits: str) -> bool:
    """Return True when `digits` pass the Luhn check that card numbers carry."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _my_number_check(digits: str) -> bool:
    """Return True when 12 digits end with the check digit that My Numbers carry."""
    body, check = digits[:11], int(digits[11])
    total = sum(int(d) * (n + 1 if n <= 6 else n - 5) for n, d in enumerate(reversed(body), 1))
    remainder = total % 11
    return check == (0 if remainder <= 1 else 11 - remainder)


def _iban_check(iban: str) -> bool:
    """Return True when an IBAN passes its mod-97 check."""
    code = iban[4:] + iban[:4]
    number = "".join(str(int(c, 36)) for c in code)
    return len(iban) >= 15 and int(number) % 97 == 1


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _matches(
    pattern: re.Pattern[str], accept: Callable[[re.Match[str]], bool], group: int = 0
) -> Finder:
    def find(text: str) -> Iterator[tuple[int, int]]:
        for match in pattern.finditer(text):
            if accept(match):
                yield match.start(group), match.end(group)

    return find


def _label_before(text: str, start: int, label: re.Pattern[str], reach: int = 24) -> bool:
    return bool(label.search(text[max(0, start - reach) : start]))


# ---------------------------------------------------------------- email

# How people write "@" and "." to keep an address from robots: jane(at)example[dot]jp
AT_SPELLINGS = ("@", r"\(at\)", r"\[at\]", r"\(アットマーク\)", "アットマーク", "あっとまーく")
DOT_SPELLINGS = (r"\.", r"\[dot\]", r"\(dot\)", r"[^\S\n]+dot[^\S\n]+")
_AT = r"(?:[^\S\n]*(?:" + "|".join(AT_SPELLINGS) + r")[^\S\n]*)"
_DOT = "(?:" + "|".join(DOT_SPELLINGS) + ")"
_LOCAL = r"(?<![A-Za-z0-9._+%-])[A-Za-z0-9][\w.+%-]*"
_END = r"(?![A-Za-z0-9@-])"
EMAIL = re.compile(
    rf"{_LOCAL}(?:{_DOT}[\w+%-]+)*{_AT}"
    rf"[A-Za-z0-9][\w-]*(?:{_DOT}[A-Za-z0-9][\w-]*)*{_DOT}[A-Za-z]{{2,}}{_END}"
)
# "jane.doe at gmail dot com": spelled out, so the dot must be spelled out too
SPOKEN_EMAIL = re.compile(
    rf"{_LOCAL}(?:[^\S\n]+dot[^\S\n]+[\w+%-]+)*[^\S\n]+at[^\S\n]+"
    rf"[A-Za-z0-9][\w-]*(?:[^\S\n]+dot[^\S\n]+[A-Za-z0-9][\w-]*)+{_END}"
)


# ---------------------------------------------------------------- numbers

IBAN = re.compile(
    r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[^\S\n]?[A-Z0-9]{4}){2,7}(?:[^\S\n]?[A-Z0-9]{1,3})?(?![A-Za-z0-9])"
)
YUCHO = re.compile(rf"(?<![\d-])1\d{{4}}{DASH}\d{{7,8}}(?![\d-])")
YUCHO_LABEL = re.compile(r"ゆうちょ|記号|郵便貯金|japan post|yucho", re.IGNORECASE)
CARD = re.compile(rf"(?<![\d+])\d(?:(?:[^\S\n]*{DASH}[^\S\n]*|[^\S\n])?\d){{12,18}}(?!\d)")
MY_NUMBER = re.compile(
    rf"(?<![\d+])(?<!\d[-\s.])\d{{4}}({SEP})?\d{{4}}(?(1){SEP}|)\d{{4}}(?!{SEP}?\d)"
)
MY_NUMBER_LABEL = re.compile(r"マイナンバー|個人番号|my ?number|individual number", re.IGNORECASE)
PHONE = re.compile(
    rf"\(?\+\d{{1,3}}\)?[^\S\n]*[-.]?[^\S\n]*(?:\(0\)[^\S\n]*)?\(?\d{{1,4}}\)?"
    rf"(?:(?:{SEP}|(?<=\))[^\S\n]*)\d{{1,5}}){{1,4}}(?!\d)"  # +81 90-1234-5678, +1 (646) …
    rf"|(?<![\d+])0\d{{9,10}}(?!\d)"  # 09012345678
    rf"|(?<![\d+])\(?0\d{{0,4}}\)?(?:(?:{SEP}|(?<=\))[^\S\n]*|(?=\())\(?\d{{1,5}}\)?){{1,3}}(?!\d)"
)
_NUMBER_WORDS = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)"
SPOKEN_EN = re.compile(rf"\b{_NUMBER_WORDS}(?:[\s,、-]+{_NUMBER_WORDS}){{9,}}\b", re.IGNORECASE)
_KANA_DIGITS = r"(?:ぜろ|れい|まる|いち|に|さん|よん|し|ご|ろく|なな|しち|はち|きゅう|きゅー|く)"
SPOKEN_JA = re.compile(rf"{_KANA_DIGITS}(?:[\s、,・-]*{_KANA_DIGITS}){{9,}}")


def _card(match: re.Match[str]) -> bool:
    """13-19 digits passing Luhn, typed in one run or in groups that start with four digits."""
    digits = _digits(match.group())
    groups = re.findall(r"\d+", match.group())
    return 13 <= len(digits) <= 19 and _luhn(digits) and (len(groups) == 1 or len(groups[0]) == 4)


def _phone(match: re.Match[str]) -> bool:
    digits = _digits(match.group())
    if match.group().lstrip("(").startswith("+"):
        return 8 <= len(digits) <= 15
    return 10 <= len(digits) <= 11


def _my_number(text: str) -> Callable[[re.Match[str]], bool]:
    def accept(match: re.Match[str]) -> bool:
        digits = _digits(match.group())
        return _my_number_check(digits) or _label_before(text, match.start(), MY_NUMBER_LABEL)

    return accept


_BANK_LABEL = (
    r"口座番号|口座|普通預金|当座預金|貯蓄預金|普通|当座"
    r"|(?i:account\s*(?:number|no\.?|#)|acct\.?|ordinary|futsu|checking account"
    r"|savings account|account)"
)
BANK = re.compile(rf"(?:{_BANK_LABEL})[^\d\n。]{{0,14}}?(?<!\d)(\d{{6,8}}|\d{{9,17}})(?![\d-])")
_EMPLOYEE_LABEL = (
    r"社員番号|社員No\.?|社員コード|社員ID|従業員番号|従業員ID|従業員No\.?|職員番号|職員ID"
    r"|スタッフ番号|スタッフコード|スタッフID|組合員番号|組合員No\.?|組合員証の番号|組合員ID|会員番号"
    r"|\bID\b|(?i:employee\s*(?:no\.?|number|id|code|#)?|emp\s*#|emp\.?\s*no\.?"
    r"|staff\s*(?:id|no\.?|number|code)|worker\s*id|badge\s*(?:number|no\.?|id)"
    r"|member(?:ship)?\s*(?:id|no\.?|number|#)|personnel\s*(?:number|no\.?|id)|shain\s*bango)"
)
EMPLOYEE = re.compile(
    rf"(?:{_EMPLOYEE_LABEL})"
    rf"(?:[^\S\n]*(?:[:：#=]|is|は|が)?[^\S\n]*[(（]?(?:第)?|[^\n。.、,0-9]{{0,30}}?\b(?:is|was)\s+"
    rf"|[^A-Za-z0-9\n。.、,]{{1,6}}?)"
    r"(?<![A-Za-z0-9])([A-Z]{0,4}-?\d+(?:-\d+)*)(?![A-Za-z0-9])"
)


def _employee(match: re.Match[str]) -> bool:
    return len(_digits(match.group(1))) >= 3


# ---------------------------------------------------------------- addresses

# 3丁目4番5号, 二の十二: the numbered blocks that end an address
_BLOCK = r"(?:[0-9〇一二三四五六七八九十]+(?:丁目|番地の?|番|号|条|[東西南北]|" + DASH + r")*)+"
_PREFECTURES = (
    "北海道|青森県|岩手県|宮城県|秋田県|山形県|福島県|茨城県|栃木県|群馬県|埼玉県|千葉県|東京都"
    "|神奈川県|新潟県|富山県|石川県|福井県|山梨県|長野県|岐阜県|静岡県|愛知県|三重県|滋賀県"
    "|京都府|大阪府|兵庫県|奈良県|和歌山県|鳥取県|島根県|岡山県|広島県|山口県|徳島県|香川県"
    "|愛媛県|高知県|福岡県|佐賀県|長崎県|熊本県|大分県|宮崎県|鹿児島県|沖縄県"
)
_PLACE_CHAR = r"[^\s\d、。,，()（）:：/「」『』【】はがをにでとのもへや]"
_TOWN_CHAR = r"[^\s\d、。,，()（）:：/「」『』【】]"
JP_ADDRESS = re.compile(
    rf"(?:〒[^\S\n]*\d{{3}}{DASH}?\d{{4}}[^\S\n]*)?(?:{_PREFECTURES})?"
    rf"(?:{_PLACE_CHAR}{{1,7}}?[市区町村郡]){{1,2}}{_TOWN_CHAR}{{0,14}}?{_BLOCK}"
    rf"(?=[\s、。,，()（）ぁ-ん]|$)"
    rf"(?:(?:[^\S\n]+|(?=[(（]))[(（]?[^\s\d、。,，()（）:：]{{1,15}}?\d+(?:号室|号|階|F)?[)）]?)?"
)
POSTAL = re.compile(
    rf"〒[^\S\n]*\d{{3}}{DASH}?\d{{4}}(?!\d)"
    rf"|(?<![\d-])\d{{3}}{DASH}\d{{4}}(?![\d-])"
)
_TAILWORD = (
    r"(?:[A-Z]{1,2}\d[A-Z\d]?[^\S\n]\d[A-Z]{2}|(?:Apt|Apartment|Room|Flat|Unit)\.?[^\S\n]\w+"
    r"|\d{3}-\d{4}|\d{5}(?:-\d{4})?|\d+[ºo°](?:[^\S\n][A-Z])?|[A-Z][A-Za-zÀ-ÿ'’-]*)"
)
_PREWORD = r"(?:[A-Z][A-Za-z'’-]*|#?\d+[A-Za-z]?|room|apartment|apt\.?|flat|unit)"
EN_ADDRESS = re.compile(
    rf"(?:{_PREWORD}(?:[^\S\n]+{_PREWORD})*,[^\S\n]*){{0,3}}"
    r"(?:\d{1,2}-\d{1,3}(?:-\d{1,3})?[^\S\n]+[A-Z][A-Za-z]+(?:-[A-Za-z]+)*"  # 2-14-9 Nishi-Azabu
    r"|\d{1,5}[^\S\n]+(?:[A-Z][a-z]+[^\S\n]+){1,3}(?:Avenue|Ave|Street|St|Road|Rd|Lane|Ln|Drive"
    r"|Dr|Boulevard|Blvd|Way|Court|Ct|Place|Pl|Terrace|Close)\b\.?"
    r"|\d{1,5}[^\S\n]+(?:Rue|Calle|Via|Avenida|Rua)(?:[^\S\n]+[A-Za-zÀ-ÿ]+){1,4}"
    r"|(?:Rue|Calle|Via|Avenida|Rua)(?:[^\S\n]+[A-Za-zÀ-ÿ]+){1,4}[^\S\n]+\d{1,5})"
    rf"(?:,?[^\S\n]+{_TAILWORD}|,(?=[^\S\n]*[A-Z\d]))*"
)


def _en_address(match: re.Match[str]) -> bool:
    return True


def _trim(finder: Finder, chars: str = " ,\u3000") -> Finder:
    """Leave out trailing separators and a bracket the match does not close or open."""

    def find(text: str) -> Iterator[tuple[int, int]]:
        for start, end in finder(text):
            while end > start and text[end - 1] in chars:
                end -= 1
            if end <= start:
                continue
            if text[start] == "(" and ")" not in text[start:end]:
                start += 1
            if text[end - 1] == ")" and "(" not in text[start:end]:
                end -= 1
            yield start, end

    return find


# ---------------------------------------------------------------- names

HONORIFICS = ("さん", "様", "さま", "くん", "君", "ちゃん", "氏", "先生", "殿")
# Job titles after a family name: a proper noun right before one is a person, even when the
# dictionary knows it as a place (松本係長, 大西部長).
TITLES = (
    "部長",
    "課長",
    "係長",
    "主任",
    "店長",
    "社長",
    "所長",
    "委員長",
    "会長",
    "次長",
    "室長",
    "専務",
    "常務",
    "先輩",
    "監督",
    "班長",
    "工場長",
    "院長",
    "教授",
)
_NAME_CHARS = r"[一-龥々ァ-ヶー]"
# 私（平野）, 委員長（よしだ）: a short name in brackets right after a word for a person
PERSON_IN_BRACKETS = re.compile(
    r"(?:私|僕|俺|自分|本人|担当|上司|同僚|" + "|".join(TITLES) + r")[(（]"
    r"([一-龥々ぁ-んァ-ヶー]{1,6}(?:[ \u3000][一-龥々ぁ-んァ-ヶー]{1,6})?)[)）]"
)
# 氏名：森 花, 【氏名】坂本 由美, 名義 フジモト ケンジ
LABELLED_NAME = re.compile(
    rf"(?:氏名|お名前|名前|名義)(?:[:：】\]]|\s)+"
    rf"({_NAME_CHARS}{{1,6}}(?:[ \u3000]{_NAME_CHARS}{{1,6}})?)"
)
READING = re.compile(r"[(（]([ぁ-んァ-ヶー]{1,8}(?:[ \u3000][ぁ-んァ-ヶー]{1,8})?)[)）]")


@cache
def _also_a_word(surface: str) -> bool:
    """Return True when a surface tagged as a name is also an ordinary noun (見方, 平野)."""
    return any(m.part_of_speech()[1] == "普通名詞" for m in japanese.dictionary().lookup(surface))


_JAPANESE = re.compile(r"[ぁ-んァ-ヶ一-龥々]")
_HIRAGANA_RUN = re.compile(r"[ぁ-ゖー]+")
_KATAKANA_RUN = re.compile(r"[ァ-ヶー]+(?:[・･][ァ-ヶー]+)+")
KANA_WORD_MAX = 12  # the longest loanword looked for around a name-like piece


def _inside_kana_word(text: str, start: int, end: int) -> bool:
    """Return True when the hiragana at start:end is part of a longer ordinary word, read as
    katakana: はるし in はるしねーしょん is ハルシネーション, ろん in ぷろんぷと is プロンプト.
    Loanwords are written in katakana, so a member who types one in hiragana gives the analyser
    pieces that can look like given names. A name of its own length (ゆうき) stays a name."""
    if not _HIRAGANA_RUN.fullmatch(text, start, end):
        return False
    run = next(r for r in _HIRAGANA_RUN.finditer(text) if r.start() <= start < r.end())
    katakana = run.group().translate(japanese.TO_KATAKANA)
    first, last = start - run.start(), end - run.start()
    for size in range(min(len(katakana), KANA_WORD_MAX), last - first, -1):
        for begin in range(max(0, last - size), min(first, len(katakana) - size) + 1):
            if _also_a_word(katakana[begin : begin + size]):
                return True
    return False


@dataclass(frozen=True)
class _Token:
    """A morpheme with its place in the whole text (the analyser sees the text in chunks)."""

    morpheme: Any
    offset: int

    def surface(self) -> str:
        return str(self.morpheme.surface())

    def part_of_speech(self) -> Any:
        return self.morpheme.part_of_speech()

    def is_oov(self) -> bool:
        return bool(self.morpheme.is_oov())

    def begin(self) -> int:
        return int(self.morpheme.begin()) + self.offset

    def end(self) -> int:
        return int(self.morpheme.end()) + self.offset


CHUNK = 2000  # characters per call: the analyser refuses very long inputs


def _tokens(text: str) -> Iterator[_Token]:
    """Tokenise `text` a line or sentence at a time, in chunks of at most CHUNK characters."""
    start = 0
    while start < len(text):
        end = min(len(text), start + CHUNK)
        if end < len(text):
            cut = max(text.rfind("\n", start, end), text.rfind("。", start, end))
            end = cut + 1 if cut > start else end
        for morpheme in japanese.tokenizer().tokenize(text[start:end]):
            yield _Token(morpheme, start)
        start = end


def _neighbours(tokens: list[Any], i: int) -> list[Any]:
    """The tokens either side of token i, looking past one space."""
    out = []
    for step in (-1, 1):
        j = i + step
        if 0 <= j < len(tokens) and tokens[j].surface() in (" ", "\u3000"):
            j += step
        if 0 <= j < len(tokens):
            out.append(tokens[j])
    return out


def _is_person(token: Any) -> bool:
    pos = token.part_of_speech()
    return bool(pos[1] == "固有名詞" and pos[2] == "人名")


def _japanese_names(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the person names a morphological analyser tags (人名), joined across a space."""
    if not _JAPANESE.search(text):
        return
    spans: list[list[int]] = []
    tokens = list(_tokens(text))
    for i, token in enumerate(tokens):
        pos = token.part_of_speech()
        surface = token.surface()
        person = _is_person(token)
        after = tokens[i + 1].surface() if i + 1 < len(tokens) else ""
        if not person and after in HONORIFICS:
            # an unknown or proper noun before さん/様 is a name the dictionary does not know
            person = pos[1] == "固有名詞" or (token.is_oov() and pos[0] == "名詞")
        if not person and text.startswith(TITLES, token.end()):
            person = pos[1] == "固有名詞"
        elif person and after not in HONORIFICS and not text.startswith(TITLES, token.end()):
            # a lone surname that is also a common word needs a neighbour to count, and a lone
            # name in hiragana may be a piece of a longer word typed in kana (はるしねーしょん)
            lone = not any(_is_person(t) for t in _neighbours(tokens, i))
            person = not (
                lone
                and (_also_a_word(surface) or _inside_kana_word(text, token.begin(), token.end()))
            )
        if not person or not _JAPANESE.search(surface):
            continue
        start, end = token.begin(), token.end()
        if spans and (
            start == spans[-1][1] or (start - spans[-1][1] == 1 and text[start - 1] in " \u3000")
        ):
            spans[-1][1] = end
        else:
            spans.append([start, end])
    for run in _KATAKANA_RUN.finditer(text):  # グエン・ヴァン・アン: the whole run is one name
        if any(s < run.end() and run.start() < e for s, e in spans):
            spans = [[s, e] for s, e in spans if not (s < run.end() and run.start() < e)]
            spans.append([run.start(), run.end()])
    for pattern in (PERSON_IN_BRACKETS, LABELLED_NAME):
        spans.extend([m.start(1), m.end(1)] for m in pattern.finditer(text))
    for _start, end in list(spans):  # 山本真理子（やまもと まりこ）: the reading goes too
        reading = READING.match(text, end)
        if reading:
            spans.append([reading.start(1), reading.end(1)])
    yield from _merged(spans)


def _merged(spans: Iterable[tuple[int, int] | list[int]]) -> Iterator[tuple[int, int]]:
    """The spans, overlapping or touching ones joined, in order."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in merged:
        yield start, end


_TITLE = r"(?:Mr|Ms|Mrs|Miss|Mx|Dr|Prof)\.?"
_WORD = r"[A-Z][A-Za-z]*(?:['’][A-Z][A-Za-z]*)?(?:-[A-Za-z]+)*"
TITLED = re.compile(rf"\b{_TITLE}[^\S\n]+({_WORD}(?:[^\S\n]+{_WORD})?)")
# Tanaka-san, Sato-bucho: Japanese honorifics and job titles written in romaji after a name
ROMAJI_HONORIFICS = "san sama kun chan sensei senpai bucho kacho shacho tencho shunin kakaricho"
SUFFIXED = re.compile(rf"\b({_WORD})-(?:{'|'.join(ROMAJI_HONORIFICS.split())})\b")
CUED = re.compile(
    rf"(?:\b(?:I'm|I am|[Tt]his is|[Mm]y name is|[Nn]ame:?|c/o|From:)|名義|氏名[:：]?)"
    rf"[^\S\n]*({_WORD}(?:[^\S\n]+{_WORD}){{0,2}})"
)
WORD = re.compile(_WORD)
_ORG_WORDS = (
    r"University|College|Institute|School|Bank|Inc|Ltd|LLC|Corp|Corporation|Company|Co"
    r"|Group|Foundation|Association|Union|Ministry|Agency|Office|Hospital|Cent(?:er|re)"
    r"|Press|News|Times|Journal|Holdings|Motors|Electric|Systems|Labs?|Council|Committee"
)
ORGANISATION = re.compile(rf"(?:[^\S\n]+|.*\b)(?:{_ORG_WORDS})\b\.?")
# Capitalised words that are given names in some country and ordinary words (or products) here.
NOT_NAMES = frozenset(
    """ai iban a an the i i'm im my me we you he she it they our your his her their
    this that these those is are was were be been am can could may might will would
    shall should must do does did
    have has had not no yes so if or and but as at by for from in into of on to up with about
    after before over under again also all any each few more most other some such only own same
    than too very just now then there here when where why how what which who whom hi hello
    hey dear thanks thank please ok okay sorry name email mail phone tel address contact
    italian spanish french german dutch chinese korean vietnamese filipino indian american
    british portuguese brazilian thai indonesian nepali new general
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    night day morning evening summer winter spring autumn fall today tomorrow
    art page sunny mark lane chase hope joy will bill rich guy gene frank ray don dean
    drew hunter rose iris lily ivy jade pearl ruby amber crystal star sky river
    bank card visa amex jcb master mastercard union office room section article chapter
    tokyo osaka kyoto japan japanese english
    claude gemini copilot alexa siri bard grok llama mistral perplexity chatgpt gpt openai
    anthropic google microsoft apple meta amazon line slack teams zoom""".split()  # noqa: SIM905
)


@cache
def _given_names() -> frozenset[str]:
    import gender_guesser.detector as detector  # a list of given names from many countries

    return frozenset(detector.Detector(case_sensitive=False).names)


def is_given_name(word: str) -> bool:
    """Is `word` a given name (from a list of many countries'), and not a word such names share
    with places, months and products?"""
    lower = word.lower()
    return lower not in NOT_NAMES and lower in _given_names()


def _name_word(word: str) -> bool:
    return word.lower() not in NOT_NAMES and len(word) >= 2


def _western_names(text: str) -> Iterator[tuple[int, int]]:
    yield from _merged(_western_name_spans(text))


def _western_name_spans(text: str) -> Iterator[tuple[int, int]]:
    for pattern in (TITLED, SUFFIXED, CUED):
        for match in pattern.finditer(text):
            words = [w for w in WORD.finditer(match.group(1)) if _name_word(w.group())]
            if words:
                base = match.start(1)
                yield base + words[0].start(), base + words[-1].end()
    words = list(WORD.finditer(text))
    for i, word in enumerate(words):
        if not is_given_name(word.group()):
            continue
        start, end = word.start(), word.end()
        j = i + 1  # surnames after the given name: capitalised, one space apart
        while j < len(words) and j <= i + 2 and _adjacent(text, end, words[j]):
            if not _name_word(words[j].group()):
                break
            end = words[j].end()
            j += 1
        k = i - 1  # and before it (family name first)
        while k >= 0 and k >= i - 2 and _adjacent(text, words[k].end(), words[k + 1]):
            if not _name_word(words[k].group()):
                break
            start = words[k].start()
            k -= 1
        if end == word.end() and start == word.start() and _sentence_start(text, start):
            continue  # a lone capitalised word opening a sentence is too weak a sign
        if ORGANISATION.match(text, end) or ORGANISATION.fullmatch(
            text[words[j - 1].start() : end]
        ):
            continue  # Stanford University, Sato Bank: an organisation, not a person
        yield start, end


def _adjacent(text: str, end: int, word: re.Match[str]) -> bool:
    return text[end : word.start()] == " "


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip().rstrip("*_#>`~-+ ")  # Markdown emphasis and list marks
    return not before or before[-1] in ".!?:\"'“‘(（「—-/" or before.endswith("->")


# ---------------------------------------------------------------- the rules, in order

PLACEHOLDERS = {
    "email": "[email]",
    "phone": "[phone]",
    "my_number": "[my-number]",
    "card": "[card]",
    "bank_account": "[bank-account]",
    "employee_id": "[employee-id]",
    "address": "[address]",
    "name": "[name]",
}
PLACEHOLDER = re.compile(
    r"\[(?:" + "|".join(re.escape(p[1:-1]) for p in PLACEHOLDERS.values()) + r")\]"
)


def _on(view: str, finder: Finder) -> Callable[[str, str, str], Iterator[tuple[int, int]]]:
    def find(norm: str, digits: str, kana: str) -> Iterator[tuple[int, int]]:
        yield from finder({"norm": norm, "digits": digits, "kana": kana}[view])

    return find


def _my_number_finder(text: str) -> Iterator[tuple[int, int]]:
    yield from _matches(MY_NUMBER, _my_number(text))(text)


def _yucho(text: str) -> Iterator[tuple[int, int]]:
    for match in YUCHO.finditer(text):
        if _label_before(text, match.start(), YUCHO_LABEL, reach=30):
            yield match.span()


# Order matters: the first rule to claim a character keeps it.
RULES: tuple[tuple[str, Callable[[str, str, str], Iterator[tuple[int, int]]], str], ...] = (
    ("email", _on("norm", _matches(EMAIL, lambda m: True)), "[email]"),
    ("email", _on("norm", _matches(SPOKEN_EMAIL, lambda m: True)), "[email]"),
    (
        "bank_account",
        _on("norm", _matches(IBAN, lambda m: _iban_check(m.group().replace(" ", "")))),
        "[bank-account]",
    ),
    ("bank_account", _on("digits", _yucho), "[bank-account]"),
    ("card", _on("digits", _matches(CARD, _card)), "[card]"),
    ("my_number", _on("digits", _my_number_finder), "[my-number]"),
    ("bank_account", _on("norm", _matches(BANK, lambda m: True, 1)), "[bank-account]"),
    ("employee_id", _on("norm", _matches(EMPLOYEE, _employee, 1)), "[employee-id]"),
    ("phone", _on("digits", _trim(_matches(PHONE, _phone), " ,.の")), "[phone]"),
    ("phone", _on("norm", _matches(SPOKEN_EN, lambda m: True)), "[phone]"),
    ("phone", _on("kana", _matches(SPOKEN_JA, lambda m: True)), "[phone]"),
    ("address", _on("digits", _trim(_matches(JP_ADDRESS, lambda m: True))), "[address]"),
    ("address", _on("norm", _trim(_matches(EN_ADDRESS, _en_address))), "[address]"),
    ("address", _on("digits", _matches(POSTAL, lambda m: True)), "[address]"),
    ("name", _on("norm", _japanese_names), "[name]"),
    ("name", _on("norm", _western_names), "[name]"),
)
KINDS = tuple(dict.fromkeys(kind for kind, _, _ in RULES))


@dataclass(frozen=True)
class Redacted:
    """A text with personal data replaced by placeholders, and the kinds that were removed."""

    text: str
    removed: tuple[str, ...]  # kinds, in the order of RULES: email, phone, my_number, …

    def query(self) -> str:
        """The text without placeholders, for searching the lessons."""
        return without_placeholders(self.text)


def without_placeholders(text: str) -> str:
    """Return a redacted text without its placeholders (they would only add noise to a search)."""
    return PLACEHOLDER.sub(" ", text)


def _normalise(text: str) -> tuple[str, list[int]]:
    """NFKC, one character at a time, with the index in `text` of every output character."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        normal = unicodedata.normalize("NFKC", char)
        out.append(normal)
        origin.extend([index] * len(normal))
    return "".join(out), origin


def _views(norm: str) -> tuple[str, str]:
    """Same-length copies of the text: long kanji digit runs as digits; katakana as hiragana."""
    digits = KANJI_RUN.sub(lambda m: m.group().translate(KANJI_DIGITS), norm)
    kana = "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in norm)
    kana = kana.replace("きゅー", "きゅう")
    return digits, kana


def _find_normalised(norm: str) -> list[Found]:
    digits, kana = _views(norm)
    taken = [False] * len(norm)
    found: list[Found] = []
    for kind, finder, _ in RULES:
        for start, end in finder(norm, digits, kana):
            if end <= start or any(taken[start:end]):
                continue
            taken[start:end] = [True] * (end - start)
            found.append(Found(kind, start, end))
    return sorted(found, key=lambda f: f.start)


def find(text: str) -> list[Found]:
    """Return the personal data in `text`, as spans of `text` itself, in order."""
    norm, origin = _normalise(text)
    return [Found(f.kind, origin[f.start], origin[f.end - 1] + 1) for f in _find_normalised(norm)]


def redact(text: str) -> Redacted:
    """Replace emails, phone numbers, My Numbers, cards, bank accounts, employee ids, addresses
    and names with placeholders (the text is NFKC-normalised on the way)."""
    norm, _ = _normalise(text)
    found = _find_normalised(norm)
    parts: list[str] = []
    position = 0
    for item in found:
        parts.append(norm[position : item.start])
        parts.append(PLACEHOLDERS[item.kind])
        position = item.end
    parts.append(norm[position:])
    removed = tuple(kind for kind in KINDS if any(f.kind == kind for f in found))
    return Redacted("".join(parts), removed)


# ---------------------------------------------------------------- what a question asks of the data

# A question that speaks of giving a text to an AI (pasting, typing, uploading, sharing, sending)
# asks what may go in; one that merely holds a name or a number is about something else.
GIVING = re.compile(
    r"貼|入力|入れ|読み込|読ませ|アップ|コピペ|渡し|渡す|送っ|送る|共有|見せ"
    r"|\b(?:past|put|typ|input|upload|shar|feed|enter|send|sent|giv|cop(?:y|ie))",
    re.IGNORECASE,
)


def speaks_of_giving(question: str) -> bool:
    """Whether a question speaks of giving a text to an AI (pasting, typing, uploading)."""
    return bool(GIVING.search(question))
