"""Normalise text the way members write it: width, kana, product names and redaction marks."""

from __future__ import annotations

import re
import unicodedata

# Hiragana and katakana sit 0x60 apart; ゔ, ゕ and ゖ included.
_HIRAGANA = "".join(chr(c) for c in range(0x3041, 0x3097))
_KATAKANA = "".join(chr(c) for c in range(0x30A1, 0x30F7))
TO_KATAKANA = str.maketrans(_HIRAGANA, _KATAKANA)
TO_HIRAGANA = str.maketrans(_KATAKANA, _HIRAGANA)

# Members name the product they use; the lessons say "AI". A product name in a question says
# nothing about its topic, but it matches the one study that names it (a citation quiz), so
# every name below is read as "AI", in the lessons and in questions alike. Longest first.
_PRODUCTS: tuple[str, ...] = (
    "microsoft copilot",
    "github copilot",
    "chat gpt",
    "chatgpt",
    "gpt-4o",
    "gpt-4",
    "gpt-5",
    "gpt",
    "copilot",
    "gemini",
    "bard",
    "claude",
    "perplexity",
    "deepseek",
    "llama",
    "grok",
    "notebooklm",
    "bing chat",
    "bing",
    "ai overviews",
    "ai overview",
    "apple intelligence",
    "mistral",
    "midjourney",
    "dall-e",
    "stable diffusion",
    "firefly",
    "llm",
    "large language models",
    "large language model",
    "generative ai",
    "gen ai",
    "genai",
    "ai chatbots",
    "ai chatbot",
    "chatbots",
    "chatbot",
    "チャットgpt",
    "チャットジーピーティー",
    "ジーピーティー",
    "コパイロット",
    "ジェミニ",
    "クロード",
    "パープレキシティ",
    "ディープシーク",
    "大規模言語モデル",
    "言語モデル",
    "生成系ai",
    "生成ai",
    "対話型ai",
    "チャットai",
    "aiチャット",
    "チャットボット",
    "エーアイ",
)
# ...but some names do say what the tool is for: an image maker, a translator, a meeting
# note-taker, a search engine that cites, a notebook over one's own documents. Those are read as
# "AI" and what they do, in both languages.
_DOES = {
    "画像 image": ("midjourney", "dall-e", "stable diffusion", "firefly", "canva ai", "imagen"),
    "翻訳 translation": ("deepl", "google translate", "google翻訳", "みらい翻訳"),
    "議事録 文字起こし meeting minutes transcript": (
        "otter",
        "otter.ai",
        "zoom ai companion",
        "ai companion",
        "notta",
        "tl;dv",
        "fireflies",
    ),
    "検索 search": ("perplexity", "ai overviews", "ai overview", "bing chat", "bing"),
    "資料 documents": ("notebooklm",),
}
WHAT_IT_DOES = {name: f"ai {does}" for does, names in _DOES.items() for name in names}
_PRODUCTS = tuple(dict.fromkeys((*_PRODUCTS, *WHAT_IT_DOES)))
PRODUCT = re.compile(
    r"(?<![a-z0-9])(?:"
    + "|".join(re.escape(name) for name in sorted(_PRODUCTS, key=len, reverse=True))
    + r")(?![a-z0-9])"
)

# What redaction took out of a question still says what it is about: someone's personal data.
PLACEHOLDER_WORDS = {
    "email": "メールアドレス 個人情報 personal data email",
    "phone": "電話番号 個人情報 personal data phone number",
    "my-number": "マイナンバー 個人情報 personal data",
    "card": "カード番号 個人情報 personal data",
    "address": "住所 個人情報 personal data address",
    "bank-account": "口座番号 個人情報 personal data",
    "employee-id": "社員番号 個人情報 personal data",
    "name": "名前 個人情報 personal data names",
}
PLACEHOLDER = re.compile(r"\[(" + "|".join(re.escape(kind) for kind in PLACEHOLDER_WORDS) + r")\]")
# ...unless it is the member's own, given as they introduce themselves ("I'm [name], staff no.
# [employee-id]. …", 「[name]です。…」): that says who asks, not what about. The first sentence
# is an introduction when it says so; what it holds is left out of the search.
FIRST_SENTENCE = re.compile(r"^.*?(?:[。!?！？\n]|\.(?=\s+[A-Z])|$)", re.DOTALL)
INTRODUCTION = re.compile(
    r"\b(?:i'm|i am|this is|my name is)\s+\[name\]|\[name\]\s*(?:here|from)\b"
    r"|\[name\](?:さん)?(?:です|と申します|といいます)|(?:私|わたし)は\[name\]",
    re.IGNORECASE,
)


def others_data(text: str) -> tuple[list[str], str]:
    """The kinds of personal data a redacted question holds that are not the member's own, and
    the question without any redaction mark."""
    first = FIRST_SENTENCE.match(text)
    own = first.end() if first and INTRODUCTION.search(first.group()) else 0
    kinds = [m.group(1) for m in PLACEHOLDER.finditer(text) if m.start() >= own]
    return kinds, PLACEHOLDER.sub(" ", text)


def fold(text: str) -> str:
    """Full-width letters and digits to ASCII, half-width kana to full width, lower case."""
    return unicodedata.normalize("NFKC", text).casefold()


def katakana(text: str) -> str:
    """Write every hiragana as katakana (はるしねーしょん → ハルシネーション)."""
    return text.translate(TO_KATAKANA)


def hiragana(text: str) -> str:
    """Write every katakana as hiragana."""
    return text.translate(TO_HIRAGANA)


def products_as_ai(text: str) -> str:
    """Read product names (ChatGPT, Copilot, 生成AI…) as plain "AI"; `text` already folded."""
    spelled = PRODUCT.sub(lambda found: WHAT_IT_DOES.get(found.group(0), "ai"), text)
    # A name written in hiragana (ちゃっとじーぴーてぃー, えーあい) is found through katakana.
    if re.search(r"[\u3041-\u3096]", spelled):
        as_katakana = katakana(spelled)
        if PRODUCT.search(as_katakana):
            spelled = _replace_kana_names(spelled, as_katakana)
    return spelled


def _replace_kana_names(text: str, as_katakana: str) -> str:
    """Replace the spans of `text` that are product names once written in katakana."""
    parts: list[str] = []
    last = 0
    for match in PRODUCT.finditer(as_katakana):
        parts += [text[last : match.start()], "ai"]
        last = match.end()
    return "".join([*parts, text[last:]])


def expand_placeholders(text: str) -> str:
    """Replace redaction marks ([my-number], [email]…) with what they stand for."""
    return PLACEHOLDER.sub(lambda m: f" {PLACEHOLDER_WORDS[m.group(1)]} ", text)


def normalise(text: str) -> str:
    """Fold width and case, expand redaction marks, and read product names as "AI"."""
    return products_as_ai(fold(expand_placeholders(text)))
