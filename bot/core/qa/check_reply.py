"""The checklist as a channel-neutral reply, in Japanese or English."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from bot.core.messages import Reply
from bot.core.qa.claim_guide import UNSOURCED_LESSONS
from bot.core.qa.lookups import LookupResult

if TYPE_CHECKING:
    from bot.core.qa.checking import CheckItem, Checklist

EXCERPT_CHARS = 160

TEXTS: dict[str, dict[str, str]] = {
    "ja": {
        "title": "確認したい点({count}件)",
        "none": "確認が必要な具体的な主張(数値・日付・法令・人名・出典など)は見つかりませんでした。"
        "それでも、大事な判断に使う前に一次資料で確かめましょう。",
        "why": "なぜ",
        "where": "どこで",
        "how": "どうやって",
        "lessons": "関連レッスン",
        "unsourced": "この回答は、確認が必要な主張の出典を示していません。"
        "AI に出典を尋ねるか、一次資料を自分で探し、確かめるまでは「未確認」として扱いましょう。",
        "removed": "個人情報と思われる部分({kinds})は照会に使っていません。",
        "truncated": "長い文章のため、最初の {chars} 文字だけを確認しました。",
        "private": "貼り付けられた文章は保存も記録もしていません。",
        "verdict": "照会結果は見比べるための材料です。正しいかどうかの判定ではありません。",
        "egov_found": "e-Gov: 「{title}」{article}があります。条文と回答を見比べてください",
        "egov_article": " 第{article}条",
        "egov_missing": "e-Gov: 「{title}」はありますが、第{article}条は見つかりませんでした",
        "egov_none": "e-Gov: この名前の法令は見つかりませんでした(通称の場合もあります)",
        "crossref_found": "Crossref: 同じ題名の文献があります: {title}",
        "crossref_differs": "Crossref: 近い文献の題名は「{title}」です。題名を見比べてください",
        "crossref_none": "Crossref(学術文献のデータベース)には見つかりませんでした",
        "web_found": "リンク先: {domain} {title}",
        "web_none": "リンク先: {domain} は開けませんでした({status})",
        "unchecked": "{source}: 今は確認できませんでした",
    },
    "en": {
        "title": "Claims worth checking ({count})",
        "none": "No specific claims (figures, dates, laws, names, sources) were found to check. "
        "Still, check the primary sources before you rely on it for anything important.",
        "why": "Why",
        "where": "Where",
        "how": "How",
        "lessons": "Lessons",
        "unsourced": "The answer gives no source for claims that need one. Ask for the sources "
        "or find the primary sources yourself, and treat the claims as unverified until then.",
        "removed": "What looked like personal data ({kinds}) was not used for the lookups.",
        "truncated": "The text is long: only its first {chars} characters were checked.",
        "private": "The pasted text is not stored or logged.",
        "verdict": "Lookups are there to compare with, not a verdict on what is true.",
        "egov_found": "e-Gov: 「{title}」{article} exists; compare its text with the answer",
        "egov_article": " Article {article}",
        "egov_missing": "e-Gov: 「{title}」 exists but has no Article {article}",
        "egov_none": "e-Gov: no law by this name (it may be a common name for another law)",
        "crossref_found": "Crossref: a work with this title exists: {title}",
        "crossref_differs": "Crossref: the closest work is titled “{title}”; compare the titles",
        "crossref_none": "Crossref (a database of scholarly works) has no such work",
        "web_found": "Link: {domain} {title}",
        "web_none": "Link: {domain} did not open ({status})",
        "unchecked": "{source}: could not check right now",
    },
}
SOURCE_NAMES = {"egov": "e-Gov", "crossref": "Crossref", "web": "Link"}


def render(checklist: Checklist, lesson_titles: Mapping[str, str]) -> Reply:
    """Number the claims; under each, why, where, how, lessons and any lookup."""
    texts = TEXTS.get(checklist.locale, TEXTS["ja"])
    lines: list[str] = []
    groups: dict[str, list[CheckItem]] = {}
    for item in checklist.items:  # one group per kind, in the order kinds first appear
        groups.setdefault(item.claim.kind, []).append(item)
    for number, items in enumerate(groups.values(), 1):
        lines.extend(_group_lines(number, items, texts, lesson_titles))
    if not checklist.items:
        lines.append(texts["none"])
    if checklist.unsourced:
        lessons = ", ".join(lesson_titles.get(i, i) for i in UNSOURCED_LESSONS)
        lines.append(f"**{texts['unsourced']}** ({texts['lessons']}: {lessons})")
    notes = [texts["private"]]
    if checklist.looked_up and any(item.lookup for item in checklist.items):
        notes.append(texts["verdict"])
    if checklist.removed and checklist.looked_up:
        notes.append(texts["removed"].format(kinds=", ".join(checklist.removed)))
    if checklist.truncated:
        from bot.core.qa.claims import MAX_CHARS

        notes.append(texts["truncated"].format(chars=MAX_CHARS))
    return Reply(
        text="\n".join(lines),
        title=texts["title"].format(count=len(checklist.items)),
        kind="checklist",
        notes=tuple(notes),
        locale=checklist.locale,
    )


def _group_lines(
    number: int, items: list[CheckItem], texts: dict[str, str], lesson_titles: Mapping[str, str]
) -> list[str]:
    """A kind's claims on one line, then why, where and how once, then each lookup."""
    first = items[0]
    lessons = ", ".join(lesson_titles.get(i, i) for i in first.lessons)
    claims = " / ".join(f"**{item.claim.text}**" for item in items)
    lines = [
        f"{number}. {first.label}: {claims}",
        f"   {texts['why']}: {first.why}",
        f"   {texts['where']}: {first.where}",
        f"   {texts['how']}: {first.how}",
        f"   {texts['lessons']}: {lessons}",
    ]
    for item in items:
        if item.lookup is None:
            continue
        lines.append(f"   → {item.claim.text}: " + describe(item.lookup, texts))
        if item.lookup.excerpt:
            lines.append(f"     「{shorten(item.lookup.excerpt)}」")
        if item.lookup.url:
            lines.append(f"     {item.lookup.url}")
    return lines


def describe(result: LookupResult, texts: dict[str, str]) -> str:
    """One line saying what a source answered."""
    title = result.title or ""
    article = result.details.get("article", "")
    if result.status == "could_not_check":
        return texts["unchecked"].format(source=SOURCE_NAMES.get(result.source, result.source))
    if result.source == "egov":
        if result.status == "found":
            shown = (
                texts["egov_article"].format(article=article.replace("_", "の")) if article else ""
            )
            return texts["egov_found"].format(title=title, article=shown)
        if result.status == "article_missing":
            return texts["egov_missing"].format(title=title, article=article.replace("_", "の"))
        return texts["egov_none"]
    if result.source == "crossref":
        if result.status == "found":
            return texts["crossref_found"].format(title=title)
        if result.status == "title_differs":
            return texts["crossref_differs"].format(title=title)
        return texts["crossref_none"]
    domain = result.domain or ""
    if result.status == "found":
        return texts["web_found"].format(domain=domain, title=f"「{title}」" if title else "")
    return texts["web_none"].format(domain=domain, status=result.details.get("status", "?"))


def shorten(text: str, limit: int = EXCERPT_CHARS) -> str:
    """Cut a long excerpt at `limit` characters, marking the cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
