"""Render core replies and the home page as Slack Block Kit, inside Slack's limits."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from itertools import groupby
from typing import Any

from bot.core.actions import Command, Language, Rate
from bot.core.learning.home import HomeView
from bot.core.messages import Choice, Reply
from bot.core.texts import t

MAX_BLOCKS = 50  # per message (a home view allows 100)
MAX_MESSAGE = 40_000  # characters of a whole message
MAX_SECTION = 3000  # characters of text in a section
MAX_HEADER = 150  # characters in a header block
MAX_LABEL = 75  # characters in a button label
MAX_VALUE = 2000  # characters in a button value
MAX_BUTTONS = 25  # elements in an actions block
FALLBACK = 300  # characters of notification text; the blocks carry the whole message
ACTION_PREFIX = "manabi_"
LESSON_END = "manabi_lesson_end"  # the divider between a lesson and its question in one message
ROW_BLOCK = "row_"  # the block id of a row of buttons (a claim's marks), numbered from 1

Block = dict[str, Any]
Message = dict[str, Any]  # keyword arguments for chat.postMessage / chat.update

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)")
_BULLET = re.compile(r"^(\s*)[-*] ", re.MULTILINE)
_ZWSP = "\u200b"  # lets *bold* work next to Japanese text, which has no spaces


def mrkdwn(text: str) -> str:
    """Convert our Markdown subset (bold, https links, "- " lists) to Slack mrkdwn."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _LINK.sub(lambda m: f"<{m.group(2)}|{m.group(1).replace('|', '¦')}>", text)
    text = _BOLD.sub(lambda m: f"{_ZWSP}*{m.group(1)}*{_ZWSP}", text)
    return _BULLET.sub(r"\1• ", text)


def plain(text: str) -> str:
    """Our Markdown subset as plain text (for notifications and plain_text fields)."""
    return _BOLD.sub(r"\1", _LINK.sub(r"\1 (\2)", text))


def split_text(text: str, limit: int = MAX_SECTION) -> list[str]:
    """Split text into pieces of at most `limit` characters: at paragraphs, then lines, then
    spaces or sentence ends; nothing is dropped."""
    pieces: list[str] = []
    rest = text.strip("\n")
    while len(rest) > limit:
        window = rest[:limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"))
        if cut <= 0:
            cut = max(window.rfind(" "), window.rfind("。") + 1, window.rfind(". ") + 1)
        if cut <= 0:
            cut = limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip("\n ")
    if rest:
        pieces.append(rest)
    return pieces


def sections(text: str) -> list[Block]:
    """Section blocks holding `text` (already mrkdwn), split to fit."""
    return [{"type": "section", "text": {"type": "mrkdwn", "text": p}} for p in split_text(text)]


def _button(choice: Choice, label: str, n: int) -> Block:
    if len(choice.value) > MAX_VALUE:
        raise ValueError(f"button value longer than {MAX_VALUE} characters")
    button: Block = {
        "type": "button",
        "action_id": f"{ACTION_PREFIX}choice_{n}",
        "text": {"type": "plain_text", "text": label, "emoji": True},
        "value": choice.value,
    }
    if choice.style != "default":
        button["style"] = choice.style
    return button


def choice_blocks(choices: Sequence[Choice]) -> list[Block]:
    """Buttons for the choices: the reply's own in one block, then each row (a claim of a
    checklist) under its label, in an actions block of its own (`row_N`: a press names it)."""
    own = [c for c in choices if not c.row]
    blocks = _plain_choice_blocks(own)
    n = len(own)
    for index, (row, group) in enumerate(groupby((c for c in choices if c.row), lambda c: c.row)):
        buttons = []
        for choice in group:
            n += 1
            buttons.append(_button(choice, plain(choice.label)[:MAX_LABEL], n))
        label = {"type": "plain_text", "text": row, "emoji": True}  # the member's words, as is
        blocks.append({"type": "context", "elements": [label]})
        row_id = f"{ROW_BLOCK}{index + 1}"
        blocks.append({"type": "actions", "block_id": row_id, "elements": buttons})
    return blocks


def _plain_choice_blocks(choices: Sequence[Choice]) -> list[Block]:
    """Buttons for the choices; long labels are listed in full and the buttons numbered."""
    blocks: list[Block] = []
    labels = [plain(c.label) for c in choices]
    if any(len(label) > MAX_LABEL for label in labels):
        listed = "\n".join(f"{n}. {label}" for n, label in enumerate(labels, 1))
        blocks.extend(sections(mrkdwn(listed)))
        labels = [str(n) for n in range(1, len(choices) + 1)]
    buttons = [
        _button(c, label, n) for n, (c, label) in enumerate(zip(choices, labels, strict=True), 1)
    ]
    for start in range(0, len(buttons), MAX_BUTTONS):
        blocks.append({"type": "actions", "elements": buttons[start : start + MAX_BUTTONS]})
    return blocks


def markdown_text(text: str) -> str:
    """Our Markdown subset as the `markdown_text` of a streamed message: Markdown already,
    with &, < and > escaped so that no text can become a mention or a Slack link."""
    return _escape(text)


def feedback_block(choices: Sequence[Choice], locale: str) -> Block | None:
    """Slack's own 👍/👎 under an answer (a context_actions block with feedback_buttons),
    sending the same values as our 👍/👎 buttons; None without a rating pair."""
    up = next((c for c in choices if isinstance(c.action, Rate) and c.action.rating > 0), None)
    down = next((c for c in choices if isinstance(c.action, Rate) and c.action.rating < 0), None)
    if up is None or down is None:
        return None

    def button(choice: Choice, label: str) -> dict[str, Any]:
        return {
            "text": {"type": "plain_text", "text": choice.label, "emoji": True},
            "accessibility_label": label,
            "value": choice.value,
        }

    element = {
        "type": "feedback_buttons",
        "action_id": f"{ACTION_PREFIX}feedback",
        "positive_button": button(up, t("feedback_good_label", locale)),
        "negative_button": button(down, t("feedback_bad_label", locale)),
    }
    return {"type": "context_actions", "elements": [element]}


def stream_footer(reply: Reply) -> list[Block]:
    """What closes a streamed answer (chat.stopStream's blocks): its sources and notes, the
    native feedback buttons, and its other buttons."""
    blocks = [
        block
        for block in reply_blocks(replace(reply, title=None, text="", choices=()))
        if block.get("type") == "context"
    ]
    rating = feedback_block(reply.choices, reply.locale)
    if rating is not None:
        blocks.append(rating)
    others = [c for c in reply.choices if not isinstance(c.action, Rate)]
    blocks.extend(choice_blocks(others) if rating is not None else choice_blocks(reply.choices))
    return blocks[-MAX_BLOCKS:]


def reply_blocks(reply: Reply) -> list[Block]:
    """All the blocks of one reply, in order, before splitting into messages."""
    blocks: list[Block] = []
    if reply.title and len(reply.title) <= MAX_HEADER:
        blocks.append({"type": "header", "text": {"type": "plain_text", "text": reply.title}})
    elif reply.title:
        blocks.extend(sections(mrkdwn(f"**{reply.title}**")))
    blocks.extend(sections(mrkdwn(reply.text)))
    if reply.sources:
        lines = [f"*{t('sources_label', reply.locale)}*"]
        lines += [f"• <{s.url}|{_escape(s.title)}> ({_escape(s.publisher)})" for s in reply.sources]
        for piece in split_text("\n".join(lines)):
            blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": piece}]})
    if reply.notes:
        notes = "\n".join(f"※ {note}" for note in reply.notes)
        for piece in split_text(mrkdwn(notes)):
            blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": piece}]})
    blocks.extend(choice_blocks(reply.choices))
    return blocks


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fallback(reply: Reply) -> str:
    """Notification text for a reply (Slack shows the blocks in the chat itself)."""
    text = plain(f"{reply.title}\n{reply.text}" if reply.title else reply.text)
    return text if len(text) <= FALLBACK else text[: FALLBACK - 1] + "…"


def render(reply: Reply) -> list[Message]:
    """One reply as one or more Slack messages of at most 50 blocks each."""
    blocks = reply_blocks(reply)
    text = fallback(reply)
    return [
        {"text": text, "blocks": blocks[start : start + MAX_BLOCKS]}
        for start in range(0, len(blocks), MAX_BLOCKS)
    ]


def render_all(replies: Iterable[Reply]) -> list[Message]:
    """Several replies as Slack messages, in order."""
    return [message for _, messages in render_grouped(replies) for message in messages]


def render_grouped(replies: Iterable[Reply]) -> list[tuple[int, list[Message]]]:
    """Several replies as Slack messages, in order, grouped by how many replies each group
    carries: a lesson and its first question go as one message when that fits Slack's
    limits (so a lesson costs one post of the workspace's rate, not two), else one by one."""
    groups: list[tuple[int, list[Message]]] = []
    pending = list(replies)
    while pending:
        reply = pending.pop(0)
        joined = _joined(reply, pending[0]) if pending else None
        if joined is not None:
            pending.pop(0)
            groups.append((2, [joined]))
        else:
            groups.append((1, render(reply)))
    return groups


def _joined(lesson: Reply, question: Reply) -> Message | None:
    """A lesson and its first question in one message, or None when they do not fit."""
    if lesson.kind != "lesson" or question.kind != "question" or lesson.choices:
        return None
    if lesson.image is not None or question.image is not None:
        return None
    divider = {"type": "divider", "block_id": LESSON_END}
    blocks = [*reply_blocks(lesson), divider, *reply_blocks(question)]
    if len(blocks) > MAX_BLOCKS or len(json.dumps(blocks, ensure_ascii=False)) > MAX_MESSAGE:
        return None
    return {"text": fallback(lesson), "blocks": blocks}


def marked(blocks: Sequence[Block], block_id: str, mark: str) -> list[Block]:
    """A checklist whose pressed row (`block_id`) shows the mark instead of its buttons."""
    note = {"type": "context", "elements": [{"type": "mrkdwn", "text": mrkdwn(mark)}]}
    return [note if block.get("block_id") == block_id else block for block in blocks]


def answered(blocks: Sequence[Block], label: str, locale: str) -> list[Block]:
    """A clicked message without its buttons, noting what was chosen (no second answer)."""
    return _without_buttons(blocks, t("chosen", locale, label=label))


def lesson_part(blocks: Sequence[Block]) -> list[Block]:
    """The lesson part of a message that carries a lesson and its question (up to and with
    the divider between them); empty for any other message."""
    for n, block in enumerate(blocks):
        if block.get("block_id") == LESSON_END:
            return list(blocks[: n + 1])
    return []


def closed(blocks: Sequence[Block], locale: str) -> list[Block]:
    """A message whose buttons no longer apply, without them, saying so."""
    return _without_buttons(blocks, t("press_closed", locale))


def _without_buttons(blocks: Sequence[Block], note: str) -> list[Block]:
    kept = [block for block in blocks if block.get("type") not in ("actions", "context_actions")]
    kept.append({"type": "context", "elements": [{"type": "mrkdwn", "text": mrkdwn(note)}]})
    return kept[-MAX_BLOCKS:]


def home_view(home: HomeView) -> dict[str, Any]:
    """The App Home tab: progress by track, what's next, and settings."""
    loc = home.locale
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": t("home_title", loc)}}
    ]
    if home.summary is None:
        blocks += sections(mrkdwn(t("home_new", loc)))
        start = Choice(t("btn_start", loc), Command("start"), "primary")
        blocks.append({"type": "actions", "elements": [_home_button(start, "start")]})
        return {"type": "home", "blocks": blocks}
    s = home.summary
    accuracy = _percent(s.right, s.answered) if s.answered else t("no_answers_yet", loc)
    progress = t(
        "home_progress",
        loc,
        streak=s.streak,
        freezes=s.freezes,
        done=s.done,
        total=s.total,
        accuracy=accuracy,
        due=s.due,
        next=s.next_title or t("all_lessons_done", loc),
    )
    if s.checked:
        progress += "\n" + t("progress_checked", loc, count=s.checked)
    if any(s.marks):
        checked, wrong, unsure = s.marks
        progress += "\n" + t("progress_marks", loc, checked=checked, wrong=wrong, unsure=unsure)
    blocks += sections(mrkdwn(progress))
    if home.tracks:
        lines = [t("by_track", loc)]
        lines += [f"- {tr.title}: {_percent(tr.right, tr.answered)}" for tr in home.tracks]
        blocks += sections(mrkdwn("\n".join(lines)))
    today = Choice(t("btn_today", loc), Command("today"), "primary")
    review = Choice(t("btn_review", loc), Command("review"))
    elements = [_home_button(today, "today"), _home_button(review, "review")]
    blocks += [{"type": "actions", "elements": elements}, {"type": "divider"}]
    blocks.append(
        {"type": "header", "text": {"type": "plain_text", "text": t("home_settings", loc)}}
    )
    status = t(f"status_{home.status}", loc)
    delivery = t("home_delivery", loc, status=status, time=home.delivery_time, tz=home.timezone)
    blocks += sections(mrkdwn(delivery))
    if home.status == "active":
        toggle = Choice(t("btn_pause", loc), Command("pause"))
    else:
        toggle = Choice(t("btn_resume", loc), Command("resume"), "primary")
    picker = {
        "type": "timepicker",
        "action_id": f"{ACTION_PREFIX}time",
        "initial_time": home.delivery_time,
        "placeholder": {"type": "plain_text", "text": t("home_time_label", loc)},
    }
    languages = [
        _home_button(
            Choice("日本語", Language("ja"), "primary" if loc == "ja" else "default"), "ja"
        ),
        _home_button(
            Choice("English", Language("en"), "primary" if loc == "en" else "default"), "en"
        ),
    ]
    blocks.append({"type": "actions", "elements": [picker, _home_button(toggle, "toggle")]})
    blocks.append({"type": "actions", "elements": languages})
    return {"type": "home", "blocks": blocks}


def _home_button(choice: Choice, name: str) -> Block:
    button = _button(choice, plain(choice.label), 0)
    button["action_id"] = f"{ACTION_PREFIX}home_{name}"
    return button


def _percent(right: int, total: int) -> str:
    return f"{round(100 * right / total)}% ({right}/{total})"
