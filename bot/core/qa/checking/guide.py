"""For each kind of claim: why it matters, where to check it, how, and which lessons teach it."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.qa.checking.claims import Kind


@dataclass(frozen=True)
class Guide:
    """What a member is told about one kind of claim, in one language."""

    label: str
    why: str
    where: str
    how: str


# Lesson ids from lessons/: a test checks that each one exists.
LESSONS: dict[Kind, tuple[str, ...]] = {
    "figure": ("find-claims-that-matter", "check-primary-sources-and-recompute"),
    "money": ("find-claims-that-matter", "check-primary-sources-and-recompute"),
    "date": ("check-primary-sources-and-recompute", "outdated-answers"),
    "duration": ("check-primary-sources-and-recompute", "outdated-answers"),
    "law": ("check-primary-sources-and-recompute", "does-the-source-say-this"),
    "person": ("invented-facts-and-quotes", "lateral-reading"),
    "organisation": ("lateral-reading", "does-the-source-say-this"),
    "quote": ("invented-facts-and-quotes", "does-the-source-say-this"),
    "citation": ("invented-citations", "does-the-source-say-this"),
    "url": ("lateral-reading", "invented-citations"),
    "absolute": ("find-claims-that-matter", "fluent-is-not-true"),
}
UNSOURCED_LESSONS = ("ask-for-sources", "mark-what-is-unverified")

GUIDES: dict[str, dict[Kind, Guide]] = {
    "ja": {
        "figure": Guide(
            "数値",
            "数値はもっともらしく作られやすく、古い値のまま残りやすい部分です。",
            "その統計を出している省庁・機関の公表資料(一次資料)",
            "公表元の最新の資料で値と年度を確かめ、割合や合計は自分で計算し直します。",
        ),
        "money": Guide(
            "金額",
            "金額は改定されることが多く、誤りがそのまま損得につながります。",
            "所管の省庁(例: 厚生労働省)や法令の本文",
            "いつ時点の金額かを確かめ、最新の公表資料の値と比べます。",
        ),
        "date": Guide(
            "日付",
            "施行日・発表日は間違えやすく、古い情報かどうかの手がかりになります。",
            "法令なら e-Gov 法令検索の施行日、発表なら発表元のページ",
            "発表元のページで日付を確かめ、その後に改正や更新がないかも見ます。",
        ),
        "duration": Guide(
            "期間・期限",
            "期間や期限、罰則の長さは細部が違いやすく、権利や義務を左右します。",
            "法令の本文(e-Gov 法令検索)や所管の省庁の解説",
            "該当する条文を開いて、期間の数字と起算点をそのまま読み比べます。",
        ),
        "law": Guide(
            "法令・条文",
            "法令名や条番号は存在しないものや別の条文が示されることがあります。",
            "e-Gov 法令検索の法令本文(海外の法令はその国・EU の公式サイト)",
            "法令名で検索して条文を開き、回答の説明と条文が同じことを言っているか確かめます。",
        ),
        "person": Guide(
            "人物",
            "実在しない人物や、実在の人物に別の発言・肩書きが付けられることがあります。",
            "本人が所属する組織の公式ページ",
            "名前で検索し、所属や肩書きが他の信頼できる情報源と一致するか確かめます。",
        ),
        "organisation": Guide(
            "組織",
            "組織名が出典らしさを演出していても、その組織が本当にそう言ったとは限りません。",
            "その組織自身の公式ページ",
            "組織の公式サイトで、該当する発表や資料が実際にあるか探します。",
        ),
        "quote": Guide(
            "引用",
            "引用された発言は作られていることがあり、言い回しが変えられていることもあります。",
            "発言が載った元の記事・講演・論文",
            "発言の一部で検索し、元の出典に同じ言葉がそのまま載っているか確かめます。",
        ),
        "citation": Guide(
            "出典・文献",
            "論文名や資料名は実在しないことがあり、実在しても中身が違うことがあります。",
            "論文ならその雑誌や Crossref、資料なら発行元のページ",
            "題名で検索して実在を確かめ、本文を開いて回答の内容が書かれているか読みます。",
        ),
        "url": Guide(
            "リンク",
            "リンク先が存在しない、または別の内容であることがあります。",
            "リンク先そのもの(ドメインが発行元のものか)",
            "開く前にドメインを確かめ、開いたら題名と内容が回答と合っているか見ます。",
        ),
        "absolute": Guide(
            "断定表現",
            "「必ず」「一切」などの断定は、例外を見落としていることが多い表現です。",
            "法令の本文や所管の省庁の解説(例外や但し書き)",
            "例外や但し書きがないか、一次資料で確かめます。",
        ),
    },
    "en": {
        "figure": Guide(
            "figure",
            "Numbers are easy to invent and easy to leave out of date.",
            "the ministry or agency that publishes the statistic (the primary source)",
            "Find the latest release, compare the value and its year, and redo any sums.",
        ),
        "money": Guide(
            "amount",
            "Amounts change often, and a wrong one costs someone money.",
            "the ministry in charge (e.g. the Ministry of Health, Labour and Welfare) or the law",
            "Check which date the amount is for and compare it with the latest official figure.",
        ),
        "date": Guide(
            "date",
            "Dates of effect and publication are often wrong and show whether a claim is old.",
            "e-Gov for a Japanese law's date of effect; the publisher's page for anything else",
            "Confirm the date at the source and look for later amendments or updates.",
        ),
        "duration": Guide(
            "period",
            "Periods, deadlines and penalty terms decide rights and duties; details slip.",
            "the text of the law (e-Gov law search) or the ministry's guidance",
            "Open the article and compare the period and when it starts, word for word.",
        ),
        "law": Guide(
            "law",
            "Laws and article numbers can be invented or point at the wrong article.",
            "e-Gov law search for Japanese law; EUR-Lex or legislation.gov.uk abroad",
            "Open the article and check that it says what the answer says it does.",
        ),
        "person": Guide(
            "person",
            "People can be invented, or real people given words or titles that are not theirs.",
            "the person's own organisation's page",
            "Search the name and check the role against other reliable sources.",
        ),
        "organisation": Guide(
            "organisation",
            "Naming an organisation makes a claim look sourced; it may never have said it.",
            "the organisation's own website",
            "Look on its own site for the release or report the answer relies on.",
        ),
        "quote": Guide(
            "quote",
            "Quotes are often invented or reworded.",
            "the original article, speech or paper",
            "Search for part of the quote and check the source has the same words.",
        ),
        "citation": Guide(
            "citation",
            "Cited papers and reports may not exist, or may not say this.",
            "the journal or Crossref for papers; the publisher's page for reports",
            "Search the title to see that it exists, then read whether it supports the claim.",
        ),
        "url": Guide(
            "link",
            "Links can be dead or lead somewhere else.",
            "the link itself: is the domain the publisher's own?",
            "Check the domain before opening; then compare the page title with the claim.",
        ),
        "absolute": Guide(
            "absolute wording",
            "Words like 'always', 'never' and 'all' usually hide exceptions.",
            "the text of the law or the official guidance (exceptions and provisos)",
            "Look in the primary source for exceptions and conditions.",
        ),
    },
}


def guide(kind: Kind, locale: str) -> Guide:
    """Return the guide for `kind` in the member's language (Japanese by default)."""
    return GUIDES.get(locale, GUIDES["ja"])[kind]
