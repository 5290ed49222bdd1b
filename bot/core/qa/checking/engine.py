"""Check this for me: turn a pasted AI answer into a checklist of the claims worth checking."""

from __future__ import annotations

import asyncio
import logging
import re
import unicodedata
from collections.abc import Awaitable, Callable

from bot.core.qa.checking.checklist import CheckItem, Checklist
from bot.core.qa.checking.claims import MAX_CHARS, Claim, needs_source_note
from bot.core.qa.checking.guide import LESSONS, guide
from bot.core.qa.checking.lookups import LookupResult, Lookups, could_not_check
from bot.core.redaction import redact

log = logging.getLogger(__name__)

JA_LAW = re.compile(
    r"^(?:改正)?(?P<law>[^第]+?(?:法|規則|施行令|施行規則|条例|省令|政令))"
    r"(?:第(?P<article>\d+)条(?:の(?P<branch>\d+(?:の\d+)*))?)?"
)
DOI = re.compile(r"10\.\d{4,9}/[^\s\"<>)]+")
TITLE_WORDS = re.compile(r"[A-Za-z]{2,}")
CJK_TITLE = re.compile(r"[一-龥ぁ-んァ-ヴー]{8,}")
# Crossref holds scholarly works: only titles cited as papers are worth asking it about.
SCHOLARLY = re.compile(
    r"論文|研究|学術|雑誌|紀要|journal|paper|study|studies|research|et al|proceedings|doi",
    re.IGNORECASE,
)
SENTENCE_ENDS = ("。", "\n", "！", "？", "! ", "? ", ". ")


async def check_answer(text: str, locale: str, lookups: Lookups | None = None) -> Checklist:
    """Find the claims in `text` and, when `lookups` are given, look the checkable ones up.

    The text is read in this process only; what goes to a lookup is a claim's own words after
    personal data has been redacted, and nothing of it is stored or logged.
    """
    # The claim finder compiles about thirty patterns (30 ms): loaded at the first check only.
    from bot.core.qa.checking.finder import extract_claims

    # the lookups' deadline counts from here: finding the claims in a long paste on a busy
    # machine takes part of the time the member waits, not an extra share of it
    started = asyncio.get_running_loop().time()
    truncated = len(text) > MAX_CHARS
    claims = extract_claims(text)
    redacted = redact(text)
    items = [_item(claim, locale) for claim in claims]
    results: dict[int, LookupResult] = {}
    if lookups is not None and items:
        results = await _look_up(text, claims, lookups, started + lookups.deadline)
    items = [
        item if i not in results else _with_lookup(item, results[i]) for i, item in enumerate(items)
    ]
    return Checklist(
        locale=locale,
        items=tuple(items),
        unsourced=needs_source_note(claims),
        removed=redacted.removed,
        truncated=truncated,
        looked_up=lookups is not None,
    )


def _item(claim: Claim, locale: str) -> CheckItem:
    """A checklist line for `claim`, in the member's language."""
    text = guide(claim.kind, locale)
    return CheckItem(claim, text.why, text.where, text.how, text.label, LESSONS[claim.kind])


def _with_lookup(item: CheckItem, result: LookupResult) -> CheckItem:
    """The same line with what a source said."""
    return CheckItem(
        item.claim, item.why, item.where, item.how, item.label, item.lessons, lookup=result
    )


Call = Callable[[], Awaitable[LookupResult]]


def plan_lookups(text: str, claims: list[Claim], lookups: Lookups) -> dict[int, tuple[str, Call]]:
    """Choose which claims to look up and how: laws, DOIs and titles, links."""
    plans: dict[int, tuple[str, Call]] = {}
    for index, claim in enumerate(claims):
        if len(plans) >= lookups.max_lookups:
            break
        query = redact(claim.text)
        if query.removed:
            continue  # a claim holding personal data is never sent anywhere
        words = unicodedata.normalize("NFKC", query.text)
        call = _call_for(claim, words, bool(SCHOLARLY.search(sentence_of(text, claim))), lookups)
        if call is not None:
            plans[index] = call
    return plans


def sentence_of(text: str, claim: Claim) -> str:
    """The sentence (or line) a claim stands in, for judging what kind of source it names."""
    starts = [text.rfind(end, 0, claim.start) for end in SENTENCE_ENDS]
    start = max((i + 1 for i in starts if i >= 0), default=0)
    stops = [i for i in (text.find(end, claim.end) for end in SENTENCE_ENDS) if i >= 0]
    return text[start : min(stops, default=len(text))]


def _call_for(
    claim: Claim, words: str, scholarly: bool, lookups: Lookups
) -> tuple[str, Call] | None:
    laws, works, pages = lookups.laws, lookups.works, lookups.pages
    if claim.kind == "law" and laws is not None:
        match = JA_LAW.match(words)
        if match:
            article = match["article"]
            if article and match["branch"]:
                article = "_".join([article, *match["branch"].split("の")])
            law = match["law"]
            return "egov", lambda: laws.find_article(law, article)
    if claim.kind == "citation" and works is not None:
        doi = DOI.search(words)
        if doi:
            found = doi.group().rstrip(".,;")
            return "crossref", lambda: works.find_work(doi=found)
        title = words.strip('『』「」"“” ')
        if scholarly and (len(TITLE_WORDS.findall(title)) >= 3 or CJK_TITLE.search(title)):
            return "crossref", lambda: works.find_work(title=title)
    if claim.kind == "url" and pages is not None:
        url = words if words.startswith("http") else "https://" + words
        return "web", lambda: pages.find_page(url)
    return None


async def _look_up(
    text: str, claims: list[Claim], lookups: Lookups, deadline: float
) -> dict[int, LookupResult]:
    """Run the lookups at once; anything not back by `deadline` (event-loop time) is "could not
    check"."""
    plans = plan_lookups(text, claims, lookups)
    left = deadline - asyncio.get_running_loop().time()
    if left <= 0:  # the member's wait is spent: ask no one
        return {index: could_not_check(source) for index, (source, _) in plans.items()}
    tasks = {
        index: asyncio.create_task(_bounded(source, call, min(lookups.timeout, left)))
        for index, (source, call) in plans.items()
    }
    if not tasks:
        return {}
    await asyncio.wait(tasks.values(), timeout=left)
    results: dict[int, LookupResult] = {}
    for index, task in tasks.items():
        if task.done():
            results[index] = task.result()
        else:
            task.cancel()
            results[index] = could_not_check(plans[index][0])
    return results


async def _bounded(source: str, call: Call, seconds: float) -> LookupResult:
    """One lookup within `seconds`; a slow or failing source is reported, never raised."""
    try:
        async with asyncio.timeout(seconds):
            return await call()
    except TimeoutError:
        log.info("check lookup timed out", extra={"source": source})
    except Exception as exc:  # any failure of a remote source means "could not check"
        log.info("check lookup failed", extra={"source": source, "error": type(exc).__name__})
    return could_not_check(source)
