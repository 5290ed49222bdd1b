"""The checklist as a channel-neutral reply, in Japanese or English."""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.messages import Reply
from bot.core.qa.checking.checklist import CheckItem, Checklist
from bot.core.qa.checking.claims import MAX_CHARS
from bot.core.qa.checking.guide import UNSOURCED_LESSONS
from bot.core.qa.checking.lookups import LookupResult
from bot.core.texts import t

EXCERPT_CHARS = 160

SOURCE_NAMES = {"egov": "e-Gov", "crossref": "Crossref", "web": "Link"}


def render(checklist: Checklist, lesson_titles: Mapping[str, str]) -> Reply:
    """Number the claims; under each, why, where, how, lessons and any lookup."""
    locale = checklist.locale
    lines: list[str] = []
    groups: dict[str, list[CheckItem]] = {}
    for item in checklist.items:  # one group per kind, in the order kinds first appear
        groups.setdefault(item.claim.kind, []).append(item)
    for number, items in enumerate(groups.values(), 1):
        lines.extend(_group_lines(number, items, locale, lesson_titles))
    if not checklist.items:
        lines.append(t("check_none", locale))
    if checklist.unsourced:
        lessons = ", ".join(lesson_titles.get(i, i) for i in UNSOURCED_LESSONS)
        lines.append(
            f"**{t('check_unsourced', locale)}** ({t('check_lessons', locale)}: {lessons})"
        )
    notes = [t("check_private", locale)]
    if checklist.looked_up and any(item.lookup for item in checklist.items):
        notes.append(t("check_verdict", locale))
    if checklist.removed and checklist.looked_up:
        notes.append(t("check_removed", locale, kinds=", ".join(checklist.removed)))
    if checklist.truncated:
        notes.append(t("check_truncated", locale, chars=MAX_CHARS))
    return Reply(
        text="\n".join(lines),
        title=t("check_title", locale, count=len(checklist.items)),
        kind="checklist",
        notes=tuple(notes),
        locale=checklist.locale,
    )


def _group_lines(
    number: int, items: list[CheckItem], locale: str, lesson_titles: Mapping[str, str]
) -> list[str]:
    """A kind's claims on one line, then why, where and how once, then each lookup."""
    first = items[0]
    lessons = ", ".join(lesson_titles.get(i, i) for i in first.lessons)
    claims = " / ".join(f"**{item.claim.text}**" for item in items)
    lines = [
        f"{number}. {first.label}: {claims}",
        f"   {t('check_why', locale)}: {first.why}",
        f"   {t('check_where', locale)}: {first.where}",
        f"   {t('check_how', locale)}: {first.how}",
        f"   {t('check_lessons', locale)}: {lessons}",
    ]
    for item in items:
        if item.lookup is None:
            continue
        lines.append(f"   → {item.claim.text}: " + describe(item.lookup, locale))
        if item.lookup.excerpt:
            lines.append(f"     「{shorten(item.lookup.excerpt)}」")
        if item.lookup.url:
            lines.append(f"     {item.lookup.url}")
    return lines


def describe(result: LookupResult, locale: str) -> str:
    """One line saying what a source answered."""
    title = result.title or ""
    article = result.details.get("article", "")
    if result.status == "could_not_check":
        return t("check_unchecked", locale, source=SOURCE_NAMES.get(result.source, result.source))
    if result.source == "egov":
        if result.status == "found":
            shown = (
                t("check_egov_article", locale, article=article.replace("_", "の"))
                if article
                else ""
            )
            return t("check_egov_found", locale, title=title, article=shown)
        if result.status == "article_missing":
            return t("check_egov_missing", locale, title=title, article=article.replace("_", "の"))
        return t("check_egov_none", locale)
    if result.source == "crossref":
        if result.status == "found":
            return t("check_crossref_found", locale, title=title)
        if result.status == "title_differs":
            return t("check_crossref_differs", locale, title=title)
        return t("check_crossref_none", locale)
    domain = result.domain or ""
    if result.status == "found":
        return t("check_web_found", locale, domain=domain, title=f"「{title}」" if title else "")
    return t("check_web_none", locale, domain=domain, status=result.details.get("status", "?"))


def shorten(text: str, limit: int = EXCERPT_CHARS) -> str:
    """Cut a long excerpt at `limit` characters, marking the cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
