"""Everyday words members use for what the lessons call by another name.

The groups come from how people talk about AI at work, not from the questions we evaluate on
(docs/benchmarks.md says how the two are kept apart). Each group is one idea: a question that
uses one of its words also searches, more lightly, for the others. A word is matched inside the
normalised question (NFKC, lower case, product names read as "ai"), so keep words specific. An
English word is matched as a word, not inside another ("lie" is not in "client", nor "real" in
"really"), and with its inflections (shares, shared, sharing); a stem in STEMS begins any word.
"""

from __future__ import annotations

from collections import defaultdict

from bot.retrieval.normalise import fold

GROUPS: tuple[tuple[str, ...], ...] = (
    # Sources and citations
    ("出典", "参考文献", "引用", "ソース", "根拠", "情報源", "出どころ", "元ネタ"),
    ("本物", "実在", "ほんもの", "本当にある", "ほんとにある", "実際にある", "存在する"),
    ("偽物", "でっち上げ", "実在しない", "架空", "存在しない", "捏造"),
    ("嘘", "うそ", "ウソ", "誤り", "間違い", "まちがい", "でたらめ", "デタラメ"),
    ("ハルシネーション", "作話", "もっともらしい誤り", "作り話", "嘘をつく", "うそつく", "嘘つく"),
    # Trust and checking
    ("確かめ", "確認", "検証", "調べ", "裏付け", "裏を取", "ファクトチェック"),
    ("信じ", "信用", "信頼", "鵜呑み", "うのみ", "頼りに", "当てに", "本当", "ほんと", "正しい"),
    ("信じ", "信用", "鵜呑み", "うのみ", "そのまま", "確かめ", "確認"),
    ("見分け", "見抜", "怪しい", "あやしい", "うわさ", "噂", "デマ", "偽情報", "誤情報", "真偽"),
    ("見分け", "見抜", "うわさ", "噂", "デマ", "出どころ", "情報源", "横読み", "ファクトチェック"),
    ("拡散", "シェア", "広め", "転送", "回ってきた", "流れてきた", "リツイート"),
    ("ネット", "インターネット", "sns", "ウェブ", "サイト", "投稿", "まとめ記事"),
    ("一次情報", "原典", "元の資料", "公式", "条文", "法令"),
    # What an answer may cite, and a member may want to find
    ("判例", "裁判例", "通達", "通知", "条文", "論文", "文献", "調査"),
    ("計算", "数字", "金額", "日数", "統計", "数値", "割合", "パーセント"),
    ("未確認", "確認できなかった", "確かめていない", "要確認", "裏が取れて"),
    (
        "どこを",
        "どの部分",
        "全部確か",
        "全部は確か",
        "全部調べ",
        "全部チェック",
        "時間がない",
        "優先",
        "大事なところ",
        "順番",
        "何から",
        "どこから",
    ),
    # How AI writes
    ("仕組み", "しくみ", "どうやって", "次の単語", "予測", "自信満々", "流暢", "もっともらしい"),
    ("自信満々", "自信たっぷり", "堂々", "すらすら", "流暢", "自然な文章", "それっぽい", "説得力"),
    ("古い", "最新", "最近", "今年", "法改正", "学習データ", "いつまで", "カットオフ"),
    ("毎回", "たびに", "答えが違", "答えが変わ", "ばらつ", "ばらば", "一貫", "同じ質問"),
    # Asking well
    ("プロンプト", "聞き方", "質問の仕方", "頼み方", "指示", "言い方", "聞くとき", "コツ", "上手"),
    ("誘導", "同意", "賛成", "言いなり", "思い込み", "決めつけ", "前提"),
    ("比べ", "比較", "別のai", "他のai", "他でも", "セカンドオピニオン", "複数", "不確か"),
    ("不確か", "わからないと", "分からないと", "自信がない", "自信のな", "確信"),
    ("出典", "確かめやすい", "確認しやすい", "検証しやすい", "easy to check", "verifiable"),
    # Confidentiality
    ("個人情報", "名簿", "氏名", "名前", "プライバシー", "住所", "電話番号", "マイナンバー"),
    ("個人情報", "メールアドレス", "社員番号", "顧客情報", "生年月日", "苦情"),
    ("機密", "社外秘", "秘密", "内部資料", "社内資料", "会社の資料", "未公表"),
    ("貼", "入力", "入れ", "読み込ま", "読ませ", "アップロード", "コピペ"),
    ("漏れ", "漏洩", "流出", "外に出", "外に送られ", "送られ", "学習に使わ", "保存され"),
    ("消し", "伏せ", "匿名", "黒塗り", "マスキング", "仮名", "置き換え"),
    ("許可", "認められた", "承認", "使っていい", "有料版", "無料版", "法人向け", "オプトアウト"),
    # Copyright and disclosure
    ("著作権", "パクリ", "盗用", "無断", "転載", "権利"),
    ("著作権", "キャラ", "アニメ", "漫画", "マンガ", "イラスト", "似て", "そっくり"),
    ("他人の", "人の記事", "ブログ", "記事", "書き直", "リライト", "言い換え", "要約"),
    ("明記", "開示", "表示", "断り書き", "使ったと", "書かなきゃ", "ai使用", "ai利用"),
    # Bias and fairness
    ("偏り", "偏見", "偏って", "偏った", "バイアス", "差別", "ステレオタイプ", "不公平", "公平"),
    # Synthetic media
    ("ディープフェイク", "偽動画", "フェイク動画", "合成", "なりすまし", "クローン"),
    ("画像", "写真", "動画", "映像", "音声", "声"),
    # AI at work and the human decision
    ("決める", "判断", "最終", "責任", "人間", "決定", "従う"),
    ("監視", "査定", "人事評価", "評価", "シフト", "勤怠", "アルゴリズム", "スコア"),
    ("導入", "労使協議", "団体交渉", "協議", "話し合", "事前", "入ったら", "入ってき"),
    # Jobs and working conditions when AI arrives
    (
        "雇用",
        "労働条件",
        "働き方",
        "仕事が変わ",
        "仕事が減",
        "仕事がなくな",
        "仕事を奪",
        "人減らし",
        "減らされ",
        "リストラ",
        "クビ",
        "人員",
    ),
    ("ガイドライン", "指針", "経産省", "経済産業省", "総務省", "政府"),
    ("eu", "欧州", "ヨーロッパ", "ai法", "研修"),
    ("eu", "europe", "european", "ai act"),
    # English
    ("citation", "reference", "source", "bibliography"),
    # "Where did it get that from?": a question about sources without the word
    ("source", "get that from", "got that from", "get this from", "got this from", "where it got"),
    ("source", "came from"),
    ("fake", "fabricated", "invented", "made up", "does not exist", "doesn't exist", "bogus"),
    ("real", "exist", "genuine"),
    ("court case", "case law", "precedent", "ruling", "judgment", "paper", "study", "citation"),
    ("allowed", "permitted", "permission", "approved", "ok to use", "okay to use", "fine to use"),
    ("not sure", "unsure", "uncertain", "don't know", "doesn't know", "uncertainty"),
    ("prioriti", "where to start", "which parts", "what to check", "check first"),
    ("check", "verify", "confirm", "fact-check", "double-check"),
    ("trust", "believe", "rely", "reliable", "accurate", "true", "correct"),
    ("trust", "believe", "rely on", "take it at face value", "check", "verify"),
    ("trust", "rely on", "go with what", "take its word", "take it as"),
    ("rumour", "rumor", "hoax", "misinformation", "disinformation", "fake news", "legit"),
    ("share", "forward", "repost", "retweet", "spread", "pass on"),
    ("website", "social media", "online", "internet", "viral"),
    ("wrong", "incorrect", "error", "mistake", "lie", "lies"),
    ("how it works", "how does it work", "come up with", "comes up with", "predict", "next word"),
    (
        "hallucinat",
        "confabulat",
        "makes things up",
        "make things up",
        "making things up",
        "made things up",
        "make stuff up",
        "makes stuff up",
        "making stuff up",
        "made stuff up",
        "lie",
    ),
    (
        "sure",
        "confident",
        "confidence",
        "fluent",
        "convincing",
        "smooth",
        "natural",
        "polished",
        "well written",
    ),
    ("outdated", "out of date", "latest", "current", "recent", "up to date", "cutoff"),
    ("different answer", "same question", "inconsistent", "random", "each time", "every time"),
    ("inconsistent", "keep changing", "keeps changing", "changing answers", "answers change"),
    ("paste", "type", "input", "upload"),
    ("personal data", "personal information", "privacy", "member list", "names", "roster"),
    ("personal data", "customer", "complaint", "grievance", "email address", "phone number"),
    ("leak", "leakage", "get out", "sent to", "stored", "used for training", "train on"),
    ("confidential", "secret", "internal", "sensitive", "proprietary"),
    ("redact", "anonymi", "remove names", "blank out", "mask"),
    ("copyright", "plagiar", "owns", "ownership"),
    ("copyright", "character", "cartoon", "anime", "illustration", "looks like", "lookalike"),
    ("disclose", "disclosure", "label", "mention that", "tell people", "say so", "admit", "own up"),
    ("disclose", "need to tell", "should i tell", "have to tell", "let people know"),
    ("disclose", "mention it", "ai-written", "ai written", "written by ai", "made with ai"),
    ("bias", "biased", "unfair", "discriminat", "stereotyp", "sexist", "racist"),
    ("deepfake", "voice clone", "cloned voice", "fake video", "fake photo", "doctored"),
    ("image", "photo", "picture", "photograph"),
    ("video", "footage", "clip"),
    ("voice", "audio", "voicemail", "voice message", "recording"),
    ("prompt", "wording", "phrase my question", "how to ask"),
    ("prompt", "ask it better", "ask better", "better answers", "better results", "ask properly"),
    ("compare", "comparison", "another ai", "other ai", "second opinion", "better than", "versus"),
    ("agree", "agrees", "says yes", "flatter", "sycophan", "assumption", "leading"),
    ("monitor", "surveillance", "tracking", "algorithm", "performance review", "promot"),
    ("shift", "rota", "roster", "schedul", "algorithm"),
    ("decide", "decision", "responsible", "accountable", "final say", "override"),
    ("responsible", "accountable", "blame", "whose fault", "liable", "answer for"),
    ("consult", "negotiat", "bargain", "roll out", "introduce", "have a say", "get a say"),
    (
        "our jobs",
        "my job",
        "job losses",
        "working conditions",
        "lose my job",
        "lose our jobs",
        "replace us",
        "replaced",
        "layoff",
        "laid off",
        "redundan",
        "cut staff",
        "job cuts",
        "headcount",
    ),
    ("calculat", "numbers", "figures", "math", "statistic", "percent"),
    ("summar", "minutes"),
)


# Beginnings of words, not words: each begins every word of its family (hallucinate, -ion, -ing).
STEMS = frozenset(
    {
        "algorithm",
        "anonymi",
        "bargain",
        "calculat",
        "confabulat",
        "consult",
        "discriminat",
        "hallucinat",
        "legit",
        "negotiat",
        "percent",
        "plagiar",
        "prioriti",
        "promot",
        "redact",
        "redundan",
        "schedul",
        "statistic",
        "stereotyp",
        "summar",
        "sycophan",
    }
)
# What may follow an English word for it to be the same word: shares, shared, sharing.
INFLECTIONS = frozenset({"", "s", "es", "d", "ed", "ing"})
LATIN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def occurs(word: str, text: str) -> bool:
    """Whether a group's word occurs in a folded text: Japanese anywhere, English as a word (or
    the beginning of one, for a stem) with its inflections."""
    latin_start = word[0] in LATIN_CHARS
    latin_end = word[-1] in LATIN_CHARS and word not in STEMS
    # Each form of the word, with what may follow it.
    forms: dict[str, frozenset[str]] = {word: INFLECTIONS}
    if latin_end and word.endswith("ie"):
        forms[word[:-2] + "ying"] = WHOLE  # lie → lying
    if latin_end and word.endswith("e"):
        forms[word[:-1]] = ENDINGS  # share → sharing, shared
    if word.endswith("い") and not word.endswith("いい") and len(word) > 1:
        forms |= {word[:-1] + ending: WHOLE for ending in ADJECTIVE_ENDINGS}  # 怪しい → 怪しく
    for form, endings in forms.items():
        at = text.find(form)
        while at >= 0:
            end = at + len(form)
            rest = end
            while rest < len(text) and text[rest] in LATIN_CHARS:
                rest += 1
            starts = not latin_start or at == 0 or text[at - 1] not in LATIN_CHARS
            ends = not latin_end or text[end:rest] in endings
            if starts and ends:
                return True
            at = text.find(form, at + 1)
    return False


ENDINGS = frozenset({"ing", "ed"})  # what follows a word's e dropped: sharing, shared
WHOLE = frozenset({""})  # a form that is already the whole word: lying
# A Japanese adjective's other forms: それっぽく, 古かった, 正しければ.
ADJECTIVE_ENDINGS = ("く", "かっ", "けれ", "さ")


def _index() -> dict[str, list[tuple[str, ...]]]:
    found: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for group in GROUPS:
        for word in group:
            found[fold(word)].append(tuple(fold(other) for other in group))
    return dict(found)


_INDEX = _index()


def expand(query: str) -> str:
    """Return the other words of every group the query touches (empty if none)."""
    text = fold(query)
    extra: list[str] = []
    for word, groups in _INDEX.items():
        # The first test is quick and mostly false (share's e may be dropped: sharing; and
        # an adjective's い: 古く).
        if word.removesuffix("ie").removesuffix("e").removesuffix("い") in text and occurs(
            word, text
        ):
            for group in groups:
                extra += [other for other in group if other != word and other not in text]
    return " ".join(dict.fromkeys(extra))


def vocabulary() -> set[str]:
    """Every single Latin word of the groups: words members use, whether the lessons do or not."""
    return {word for group in GROUPS for phrase in group for word in fold(phrase).split()}
