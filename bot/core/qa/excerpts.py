"""Cut a lesson passage down to what answers the question: the best sentence and its neighbours,
never half a list, and a quiz explanation only with its question and choices. A "what is X?"
question is centred on the sentence that defines X, a "why?" question on the one that gives a
reason."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from bot.core import japanese
from bot.core.english import stem
from bot.core.redaction import GIVING

EXCERPT_CHARS = {"ja": 240, "en": 480}
LIST_ALLOWANCE = 2.0  # a list the excerpt introduces may take it to this multiple of the limit
LIST_ITEM = re.compile(r"^\s*(?:[-*・]|\d+[.)．])\s+")
SENTENCE_END = re.compile(r"(?<=[。！？])|(?<=[.!?])\s+(?=[A-Z\"'(*])")
# A sentence that announces a list: ends in a colon, or says "the following" / 次の….
INTRODUCES = re.compile(r"[:：]\s*$|次の|以下の|the following", re.IGNORECASE)
CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff々]+")
# English words every question and sentence has: they say nothing about what either is about.
ENGLISH_STOPWORDS = frozenset(
    (  # noqa: SIM905 (one word list, easier to read as text)
        "the and for you your how what can this that with are was were does did its not but "
        "all any into from our get got has have had will would should may might about when who "
        "why which there their them they his her she him one out been being than then also "
        "just very more most some such here where while each other these those let done make "
        "made want know "
    ).split()
)
KANA_OR_KANJI = re.compile(r"[\u3041-\u30ff\u3400-\u9fff々]")
# What a question asks for, and the sentences that give it.
ASKS_WHAT = re.compile(
    r"って(?:なに|何|なん)|とは(?:なに|何|なん)?\s*[?？]?\s*$|どういう(?:意味|こと)|"
    r"\bwhat(?:'s| is| are| does)\b|\bmeaning of\b|\bdefin",
    re.IGNORECASE,
)
# なんで, but not the なんです of "フロントなんですが"; "y does it" is how some type "why".
ASKS_WHY = re.compile(
    r"なぜ|なんで(?!す)|何で(?!す)|どうして|理由|原因|\bwhy\b|\bhow come\b|\breason|"
    r"\by (?:does|do|did|is|are|would|wont|won't)\b",
    re.IGNORECASE,
)
ASKS_WHO = re.compile(r"誰|だれ|責任|\bwho\b|\bwhose fault\b|\bresponsib", re.IGNORECASE)
# "What's a sensible way to…", "what should we do": a how question worded as a what.
ASKS_WAY = re.compile(
    r"\bwhat(?:'s| is) (?:a|the|an) (?:\w+ ){0,2}(?:way|approach|steps?)\b|"
    r"\bwhat (?:should|can|do|could) (?:i|we|u|you|the union|a rep|our union) (?:do|check)\b|"
    r"何を(?:すれば|したら|どう|どの順)|どうすれば|どうしたら|どう動|何ができ",
    re.IGNORECASE,
)
ASKS_HOW = re.compile(
    r"どうやって|どう(?:すれば|したら|確かめ|調べ|見分け|書|か[けく])|どのように|方法|やり方|"
    r"手順|コツ|確かめ|確認|調べ|見分け|"
    r"\bhow (?:do|can|should|would|to|does)\b|\bhow\b.*\b(?:check|know|tell|verify|write)\b|"
    r"\bsteps?\b|\bcheck\b|\bverify\b|\binsist\b|\bwhat to do\b",
    re.IGNORECASE,
)
ASKS_MAY = re.compile(
    r"(?:て|で)(?:も)?(?:いい|良い|よい|大丈夫|平気|ok|オーケー)|いいの|いいですか|大丈夫|平気|"
    r"だいじょうぶ|へいき|問題(?:ない|ありません|は?ない|が?あり)|まずい|ダメ|だめ|許され|"
    r"\b(?:can|may|should) (?:i|we|u)\b|\bis it (?:ok|okay|alright|safe|allowed|fine)\b|"
    r"\b(?:ok(?:ay)?|fine|safe|alright) to\b|\ballowed\b|\bprivacy thing\b|"
    r"\b(?:do|must) (?:i|we|u) (?:have to|need to)\b|\bmust (?:i|we)\b|"
    r"なきゃ(?:ダメ|だめ|いけない)|なければ(?:ならない|いけない)|必要(?:が)?ある",
    re.IGNORECASE,
)
DEFINES = re.compile(
    r"と呼(?:び|ば|ん)|とは、|のことです|のことを|という意味|を指し|"
    r"\b(?:is|are) called\b|\bwe call\b|\bmeans\b|\brefers? to\b|\bis the name for\b",
    re.IGNORECASE,
)
SAYS_WHY = (
    r"理由|原因|ため(?:に|で|だ|です|、)|からです|から。|なぜなら|仕組み|"
    r"\bbecause\b|\breasons?\b|\bwhy\b|\bso that\b|\bthis happens\b|"
    # "cause" as the noun (the causes of it, caused by), not the verb ("would cause trouble")
    r"\bthe causes?\b|\bcauses? of\b|\bcaused by\b"
)
GIVES_REASON_ITSELF = re.compile(SAYS_WHY, re.IGNORECASE)
GIVES_REASON = re.compile(  # the reason itself, or what tends to happen
    SAYS_WHY + r"|起こりやすい|起きやすい|起こりがち|\btends? to\b|\bhabits\b|\bgoes wrong\b",
    re.IGNORECASE,
)
# A sentence that draws a consequence from the one before it: that one gives the reason.
# (だからこそ, "which is why you should", and "So" before an instruction — "So treat it as a
# draft" — open advice rather than the consequence.)
ADVICE_VERBS = (
    "treat|check|ask|use|make|keep|do|don't|never|always|remember|be|look|read|open|try|take|"
    "stop|pause|think"
)
THEREFORE = re.compile(
    r"^(?:(?:だから|そのため|このため|それで)(?!こそ)|that is why|this is why|"
    rf"so\b(?!,? (?:{ADVICE_VERBS})\b))",
    re.I,
)
NAMES_WHO = re.compile(
    r"人が|人間が|責任|決め(?:る|ます|ましょう)|判断|"
    r"\b(?:a )?(?:person|people|human)s?\b|\bresponsib|\bdecide|\banswers? for\b",
    re.IGNORECASE,
)
# Where to look or whom to ask (e-Gov, the ministry, the court's database, the number you already
# know): a "how do I check" question needs it as much as what to check.
SAYS_WHERE = (
    r"e-gov|法令検索|裁判所|判例検索|データベース|公式サイト|知っている番号|かけ直|"
    r"\b(?:ministry|court|database|official site|law search|call(?:ing)? back|call-back)\b|"
    r"\bnumber you (?:already )?know\b"
)
NAMES_WHERE = re.compile(SAYS_WHERE, re.IGNORECASE)
GIVES_STEPS = re.compile(
    r"確かめ|確認|開(?:き|い|く)|調べ|比べ|見比べ|突き合わせ|探し|計算し|検索|"
    r"\b(?:check|open|compare|search|look (?:it )?up|find|ask|read|recalculate|redo)\b|"
    + SAYS_WHERE,
    re.IGNORECASE,
)
GIVES_RULE = re.compile(
    r"てはいけ|ではいけ|ないでください|しないで|入れない|貼らない|入力しない|使わない|禁止|原則|"
    r"ルール|認め|決めた|必ず|してよい|使ってよい|"
    r"\bnever\b|\bdo not\b|\bdon't\b|\bmust\b|\bonly\b|\bapproved\b|\brules?\b|"
    r"\bpermi|\ballowed\b|\bthe answer is \W*(?:yes|no)\b|\bshould\b|\bbetter to\b|"
    r"ほうがよい|ほうがいい|べきです|べきではない",
    re.IGNORECASE,
)
DOUBLED = re.compile(r"(.)\1")
STEM = 5  # letters an English word's stem is cut to
CUE_BONUS = 2.0  # a sentence of the kind asked for counts this much more
WHERE_BONUS = 1.5  # …and a step that says where to look or whom to ask, this much more
CUE_FLOOR = 0.05  # …and, when no sentence shares a word with the question, comes first


@dataclass(frozen=True)
class Unit:
    """A piece an excerpt is made of: one sentence, or one whole list with its intro."""

    text: str
    paragraph: int  # units of one paragraph are joined by a space, paragraphs by a blank line


def units(text: str) -> list[Unit]:
    """Split a passage into sentences; a list and the sentence that introduces it stay one."""
    found: list[Unit] = []
    for number, paragraph in enumerate(p for p in re.split(r"\n\s*\n", text) if p.strip()):
        lines = paragraph.strip().splitlines()
        if any(LIST_ITEM.match(line) for line in lines):
            items = "\n".join(lines)
            if found and found[-1].paragraph == number - 1 and INTRODUCES.search(found[-1].text):
                intro = found.pop()  # "次の4つ：" belongs with its list
                found.append(Unit(f"{intro.text}\n{items}", number))
            else:
                found.append(Unit(items, number))
            continue
        for line in lines:
            for sentence in SENTENCE_END.split(line):
                if sentence.strip():
                    found.append(Unit(sentence.strip(), number))
    return found


def terms(text: str) -> set[str]:
    """The words and character pairs a question and a sentence can share: for Japanese, the
    pairs of what is written and of how it reads, so that めいぼ finds the sentence with 名簿.
    English words every sentence has ("the", "how") are left out: they say nothing about what
    a sentence is about."""
    text = unicodedata.normalize("NFKC", text).casefold()
    pairs = {run[i : i + 2] for run in CJK_RUN.findall(text) for i in range(len(run) - 1)}
    words = {w for w in re.findall(r"[a-z0-9]{3,}", text) if w not in ENGLISH_STOPWORDS}
    return words | _stems(words) | pairs | _reading_pairs(text)


def _stems(words: set[str]) -> set[str]:
    """The start of each longer English word with doubled letters made single, so that a
    misspelt or inflected word still meets its sentence: halucination / hallucinations,
    sumarising / summary, checking / checked."""
    cut = {"s:" + DOUBLED.sub(r"\1", w)[:STEM] for w in words if len(w) > STEM}
    return cut | {"w:" + stem(w) for w in words}


def _reading_pairs(text: str) -> set[str]:
    """Katakana pairs of each Japanese word's reading, within the word (r:メイ, r:イボ)."""
    if not KANA_OR_KANJI.search(text):
        return set()
    found: set[str] = set()
    for morpheme in japanese.tokenizer("B").tokenize(text):
        if morpheme.part_of_speech()[0] in ("助詞", "助動詞", "補助記号", "空白"):
            continue  # particles and endings: every sentence has them
        reading = morpheme.reading_form().translate(japanese.TO_KATAKANA)
        found |= {f"r:{reading[i : i + 2]}" for i in range(len(reading) - 1)}
    return found


# How to check or verify something: on a weak match, the course's core routine answers it.
ASKS_CHECK = re.compile(
    r"確かめ|確認|見分け|調べ|チェック|\bcheck|\bverify|\bfact-?check|\btell if\b|\bspot\b",
    re.IGNORECASE,
)
# A question about an AI getting something wrong or making it up: with "why", the course's
# answer is how generative AI writes (by predicting likely words, not by checking).
AI_WRONG = re.compile(
    r"作って|作る|でっち|間違|まちが|嘘|うそ|ウソ|存在しない|聞いたことのない|それっぽ|もっともらし|"
    r"ハルシネーション|言っていない|言ってない|ありもしない|なかった|起きていない|"
    r"\bnever said\b|\bmade up\b|\bnever happened\b|\bdidn't happen\b|\bnot true\b|"
    r"\bmak(?:es?|ing) (?:\w+ ){0,2}up\b|\b(?:do|does|did)(?:n'?t| not) exist\b|\binvent|\bwrong\b|"
    r"\bhall?ucinat|\bfabricat|\bsure of itself\b|\bconfident",
    re.IGNORECASE,
)
NAMES_AI = re.compile(
    r"AI|ＡＩ|えーあい|チャット|GPT|Copilot|Gemini|Claude|\bbot\b|\bchatbot\b", re.IGNORECASE
)
# Whether to believe something, or that something seems off ("部長の声の留守電、なんか変").
ASKS_TRUST = re.compile(
    r"信じ|信用|本当|本物|正し|合って|実在|頼って|変な|変だ|変じゃ|怪し|あやし|おかしい|偽|ニセ|にせ|"
    r"\bnisemono\b|\bhonmono\b|\bhont?ou?\b|\bshinji|\bshin'?you\b|\bayashi|"
    r"\btrust\b|\breal\b|\btrue\b|\bright\b|\bfake\b|\brely\b|\bweird\b|\bodd\b|"
    r"\bstrange\b|\bsuspicious\b|\baccurate\b|\bexists?\b|\blegit",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Asks:
    """What kind of answer a question wants, and the sentences (or lists) that give it."""

    kind: str  # what / why / who / how / may
    gives: re.Pattern[str]
    lists: bool  # whether a list can be the answer (steps, rules), not only a sentence


def asks_for(question: str) -> Asks | None:
    """The kind of answer a question asks for: a reason, a definition, who is responsible, how
    to do or check something (steps), whether something is allowed (rules); or None."""
    if ASKS_WHY.search(question):
        return Asks("why", GIVES_REASON, lists=False)
    if ASKS_WAY.search(question):
        return Asks("how", GIVES_STEPS, lists=True)
    if ASKS_WHAT.search(question) and not ASKS_MAY.search(question):
        return Asks("what", DEFINES, lists=False)
    if ASKS_WHO.search(question):
        return Asks("who", NAMES_WHO, lists=False)
    if ASKS_HOW.search(question) or ASKS_TRUST.search(question):
        return Asks("how", GIVES_STEPS, lists=True)
    if ASKS_MAY.search(question):
        return Asks("may", GIVES_RULE, lists=True)
    return None


def gives(parts: list[Unit], n: int, asks: Asks) -> bool:
    """Whether unit `n` is of the kind the question asks for: a sentence that matches (or is
    followed by "that is why", for a reason), or a whole list when steps or rules are asked."""
    text = parts[n].text
    if "\n" in text and not asks.lists:
        return False
    if asks.gives.search(text):
        return True
    after = parts[n + 1].text if n + 1 < len(parts) else ""
    return asks.kind == "why" and bool(THEREFORE.search(after))


# What redaction left in a question ([email], [employee-id]): asked whether it may go in, the
# question is about personal data, whatever words it uses for it ("his email", 「このまま」).
REDACTION_MARK = re.compile(r"\[[a-z]+(?:-[a-z]+)*\]")
MARK_MEANS = " personal data 個人情報 "


def asked_terms(question: str, asks: Asks | None) -> set[str]:
    """The terms of a question; asked whether something may be done, its redaction marks read as
    the personal data they stand for."""
    if asks is not None and asks.kind == "may":
        question = REDACTION_MARK.sub(MARK_MEANS, question)
    return terms(question)


def unit_scores(parts: list[Unit], question: str) -> list[float]:
    """How well each unit answers `question`: shared terms, discounted by the unit's size (a
    long list shares a little with any question, and must not win over the one sentence that
    answers it), and counted 1 + CUE_BONUS times for a unit of the kind asked for, which also
    wins when nothing shares a word with the question (the steps, not the passage's first line)."""
    asks = asks_for(question)
    wanted = asked_terms(question, asks)
    scores = []
    for n, unit in enumerate(parts):
        have = terms(unit.text)
        score = len(wanted & have) / math.sqrt(len(have) or 1)
        if asks is not None and gives(parts, n, asks):
            score = score * (1 + CUE_BONUS) + CUE_FLOOR
            if asks.kind == "how" and NAMES_WHERE.search(unit.text):
                score *= WHERE_BONUS  # the steps that say where to look, before what to check
        scores.append(score)
    return scores


def relevance(text: str, question: str) -> float:
    """How well the best sentence of `text` answers `question` (0 when nothing is shared)."""
    return max(unit_scores(units(text), question), default=0.0)


def gives_asked(text: str, question: str) -> bool:
    """Whether the sentence of `text` that best answers `question` is of the kind it asks for
    (the reason for a "why", the steps for a "how", the rule for a "may I")."""
    asks = asks_for(question)
    parts = units(text)
    if asks is None or not parts:
        return False
    scores = unit_scores(parts, question)
    best = max(range(len(parts)), key=lambda n: (scores[n], -n))
    return gives(parts, best, asks)


# The cues of what a question is about, read together by the questions below them.

# How an AI comes up with its text ("どうやって文章考えてるの", "how does ChatGPT write"): the
# course's answer is the same as to why it gets things wrong, that it predicts likely words.
ASKS_MECHANISM = re.compile(
    r"どうやって.{0,12}(?:考え|作|書|答え|動)|(?:どういう|どんな)(?:仕組み|しくみ)|"
    r"どう(?:考え|動い)て|"
    r"\bhow (?:does|do|can) (?:an? |the )?(?:ai|chatgpt|gpt|copilot|it|they|llms?|chatbots?) "
    r"(?:actually |really |even |just )?(?:work|write|think|come up|know|generate|make)|"
    # "how these tools actually put sentences together", "how the AI forms its answers"
    r"\bhow (?:do |does |can )?(?:these |those |the |an? )?(?:ai |chat )?(?:tools?|ais?|bots?|"
    r"chatbots?|models?) (?:actually |really |even |just )?(?:put|write|form|build|generate|"
    r"create|produce|make|come up)",
    re.IGNORECASE,
)

# Whether something is true, right or a lie: asked of an AI in a few words, a question about
# whether to believe it at all.
TRUE_OR_LIE = re.compile(
    r"本当|ほんと|ホント|正し|ただし|信じ|しんじ|信用|しんよう|嘘|うそ|ウソ|"
    r"\btrue\b|\btrust\b|\blying\b|\blies\b|\blie\b|\baccurate\b|\breliable\b|\bbelieve\b",
    re.IGNORECASE,
)
SHORT_QUESTION = 40  # characters of English; Japanese says as much in half as many

# Company data, not personal data: what a "may I put this into the AI" question is about.
COMPANY_DATA = re.compile(
    r"会社の(?:データ|資料|数字|情報|内部)|社外秘|社内(?:の)?(?:資料|データ|数字|情報)|機密|"
    r"売上|生産(?:数|量|実績|計画|の数字)|取引先|未発表|営業秘密|"
    r"\bcompany (?:data|documents?|figures|numbers|information|secrets?)\b|\bconfidential\b|"
    r"社内(?:文書|メモ|のメール|メール)|"
    r"\binternal (?:data|figures|documents?|numbers|reports?|memos?|emails?|notices?)\b|"
    r"\b(?:production|sales) "
    r"(?:figures|numbers|data)\b|\btrade secrets?\b|\bunreleased\b",
    re.IGNORECASE,
)
NAMES_SECRETS = re.compile(r"会社の秘密|社外秘|\bcompany secrets\b|\bconfidential\b", re.I)
# Records about people named in words, which redaction cannot take out (sick days, salaries,
# appraisals, a patient's history): asked whether they may be given to an AI, the question is
# about personal data.
PEOPLES_RECORDS = re.compile(
    r"病歴|病名|病気|診断|通院|服薬|健康(?:状態|情報|診断)|病欠|傷病|休職|給与|給料|年収|賃金台帳|"
    r"人事評価|評価シート|査定|勤怠|家族構成|住所録|顧客(?:情報|データ|リスト|名簿)|患者|利用者|"
    r"相談(?:内容|記録)|\bsick[- ](?:days?|leave|notes?|records?)\b|\bmedical\b|\bhealth "
    r"(?:records?|data|information|conditions?)\b|\bdiagnos|\bsalar(?:y|ies)\b|\bpayroll\b|"
    r"\bpay ?slips?\b|\bperformance reviews?\b|\bappraisals?\b|\bdisciplinary\b|"
    r"\bcustomer (?:data|records?|lists?|details)\b|\bpatients?\b|\bclient (?:records?|files?|"
    r"details)\b|\bpersonnel (?:files?|records?)\b|\bhr (?:files?|records?|data)\b",
    re.IGNORECASE,
)
# ...and a reply that already gives the rule for them: not to paste them, or to remove them first
# (not a mere mention, as in "the Personal Information Protection Commission").
NAMES_PERSONAL = re.compile(
    r"(?:個人情報|氏名|名前|病気)[^。\n]{0,40}(?:貼|入力|入れ|消)|貼り付けてはいけ|"
    r"\b(?:never|don't|do not) (?:paste|put|type|upload)\b[^.\n]{0,60}"
    r"\b(?:names?|personal|records?|details|rosters?)\b|\bremove (?:names|personal|the details)\b",
    re.IGNORECASE,
)
# What says how an AI writes: a reply that says it needs no opening on it.
PREDICTS = re.compile(r"予測|次に来そう|\bpredict|\blikely next|\bnext words?\b", re.IGNORECASE)


def mentions_all(question: str, *cues: re.Pattern[str]) -> bool:
    """Whether every one of `cues` is found in the question."""
    return all(cue.search(question) for cue in cues)


def asks_why_ai_errs(question: str) -> bool:
    """Whether the question asks why an AI gets things wrong or makes them up."""
    return mentions_all(question, ASKS_WHY, AI_WRONG, NAMES_AI)


# Using or giving something to an AI: what a "may I use AI for this?" question asks about.
USES_AI = re.compile(
    r"使|つか|入れ|いれ|貼|はり|はっ|任せ|まかせ|頼|\b(?:use|using|put|paste|type|upload|give|let)\b",
    re.IGNORECASE,
)
# Asking whether one must (say so, check it), which is not asking whether one may.
ASKS_MUST = re.compile(
    r"なきゃ|なければ|なくては|必要|義務|\bmust\b|\bhave to\b|\bneed to\b|\bsupposed to\b",
    re.IGNORECASE,
)


def asks_to_use_ai(question: str) -> bool:
    """Whether the question asks whether the member may use an AI (or give it something)."""
    return mentions_all(question, ASKS_MAY, USES_AI, NAMES_AI) and not ASKS_MUST.search(question)


def asks_peoples_records(question: str) -> bool:
    """Whether the question asks whether records about people may go into an AI tool."""
    return mentions_all(question, PEOPLES_RECORDS, ASKS_MAY, GIVING) and not ASKS_MUST.search(
        question
    )


def asks_company_data(question: str) -> bool:
    """Whether the question asks whether company data may go into an AI tool."""
    return mentions_all(question, COMPANY_DATA, ASKS_MAY)


def asks_how_ai_writes(question: str) -> bool:
    """Whether the question asks how an AI comes up with what it writes, or, in a few words,
    whether what an AI says can be believed at all ("全部ほんと？", "is the AI lying to me?"):
    the answer to both starts from how it writes."""
    if mentions_all(question, ASKS_MECHANISM, NAMES_AI):
        return True
    short = SHORT_QUESTION // 2 if KANA_OR_KANJI.search(question) else SHORT_QUESTION
    return len(question.strip()) <= short and mentions_all(question, TRUE_OR_LIE, NAMES_AI)


def says_why(text: str, question: str) -> bool:
    """Whether any sentence of `text` gives the reason a "why" question asks for (the reason
    itself, not only what tends to happen)."""
    asks = asks_for(question)
    if asks is None or asks.kind != "why":
        return False
    reason = Asks("why", GIVES_REASON_ITSELF, lists=False)
    parts = units(text)
    return any(gives(parts, n, reason) for n in range(len(parts)))


def teaching(quiz: str) -> str:
    """What a quiz passage teaches: the explanation after its choices and answer line, without
    the scenario of its question (which shares words with questions it does not answer)."""
    lines = quiz.splitlines()
    last_choice = max((n for n, line in enumerate(lines) if LIST_ITEM.match(line)), default=-1)
    if last_choice < 0:
        return quiz  # no choices: the passage is an explanation already
    return "\n".join(lines[last_choice + 2 :]) or quiz


def condensed(unit: Unit) -> Unit:
    """A list with each item cut to its first sentence (its bold head and what it says first):
    every item stays, so a list too long to show whole is still never half a list."""
    lines = []
    for line in unit.text.splitlines():
        if LIST_ITEM.match(line):
            first = next((s for s in SENTENCE_END.split(line) if s.strip()), line)
            line = first.rstrip()
        lines.append(line)
    return Unit("\n".join(lines), unit.paragraph)


def join(chosen: list[Unit]) -> str:
    """Join consecutive units, keeping paragraph and list breaks."""
    out = ""
    for before, unit in zip([None, *chosen], chosen, strict=False):
        if before is None:
            out = unit.text
        elif before.paragraph != unit.paragraph or "\n" in unit.text or "\n" in before.text:
            out += "\n\n" + unit.text
        else:
            out += ("" if re.search(r"[。！？]$", before.text) else " ") + unit.text
    return out


def excerpt(text: str, locale: str, question: str = "", *, quiz: bool = False) -> str:
    """The part of `text` that best answers `question`, within the excerpt length.

    A quiz passage starts with its question and choices, so it is always shown from the start.
    """
    limit = EXCERPT_CHARS.get(locale, EXCERPT_CHARS["en"])
    parts = units(text)
    if len(text) <= limit or not parts:
        return text
    if quiz or not question.strip():
        best = 0
    else:
        overlap = unit_scores(parts, question)
        best = max(range(len(parts)), key=lambda n: (overlap[n], -n))
    start = end = best
    size = len(parts[best].text)
    if size > limit * LIST_ALLOWANCE and "\n" not in parts[best].text:
        return parts[best].text[:limit].rstrip() + "…"  # one very long sentence
    if size > limit * LIST_ALLOWANCE:  # a very long list: each item by its first sentence
        parts[best] = condensed(parts[best])
        size = len(parts[best].text)
    # Grow around the best sentence: the next one first (it usually explains), then the one before.
    # A list is taken whole or not at all.
    while True:
        grown = False
        for step in (1, -1):
            n = end + 1 if step == 1 else start - 1
            if not 0 <= n < len(parts):
                continue
            extra = len(parts[n].text)
            allowance = limit * LIST_ALLOWANCE if "\n" in parts[n].text else limit
            if n == end + 1 and INTRODUCES.search(parts[end].text) and "\n" in parts[n].text:
                allowance = limit * LIST_ALLOWANCE  # the list this sentence announces
            if size + extra > allowance and "\n" in parts[n].text:
                shorter = condensed(parts[n])  # each item to its first sentence, none left out
                if size + len(shorter.text) <= allowance:
                    parts[n] = shorter
                    extra = len(shorter.text)
            if size + extra <= allowance:
                size += extra
                start, end = min(start, n), max(end, n)
                grown = True
        if not grown:
            break
    shown = join(parts[start : end + 1])
    return ("…" if start > 0 else "") + shown + ("…" if end < len(parts) - 1 else "")
