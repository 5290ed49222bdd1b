"""The acceptance checks, run as a member or author would: `manabi try` and `manabi ask`."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

from bot.content.model import Curriculum
from bot.llm.tokens import TiktokenCounter
from tests.fake_openai import FakeOpenAI
from tests.test_qa_answering import grounded

QUESTION = "AIが出した出典が本物か確かめるには？"
# The lessons on checking whether a source an AI gives is real (hallucinations, source-checking).
SOURCE_CHECKING = {"invented-citations", "does-the-source-say-this", "sift-four-moves"}


async def manabi(tmp_path: Path, *args: str, stdin: str = "", **env: str) -> str:
    """Run the real CLI in a fresh process (no .env, no secrets) and return what it printed."""
    environment = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/m.db", **env}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=tmp_path,
        env=environment,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(stdin.encode()), 60)
    assert process.returncode == 0, err.decode()
    return out.decode()


async def test_try_without_a_key_answers_from_the_source_checking_lesson(
    tmp_path: Path, curriculum: Curriculum
) -> None:
    out = await manabi(tmp_path, "try", "--user", "t", stdin=f"start\n1\n1\n{QUESTION}\n")
    answer = out.split(f"you> {QUESTION}", 1)[1]
    assert "📖 レッスンからの抜粋（AIの回答ではありません）" in answer
    named = [lesson for lesson in curriculum.lessons if f"「{lesson.meta.title.ja}」" in answer]
    assert named and named[0].id in SOURCE_CHECKING
    assert all(source.url in answer for source in named[0].meta.sources)


async def test_ask_json_offline_names_lessons_and_sources(
    tmp_path: Path, curriculum: Curriculum
) -> None:
    out = json.loads(await manabi(tmp_path, "ask", QUESTION, "--offline", "--json"))
    assert out["outcome"] == "offline" and out["locale"] == "ja"
    assert out["lessons"][0] in SOURCE_CHECKING
    lesson = curriculum.lesson(out["lessons"][0])
    assert lesson is not None and lesson.meta.sources[0].url in out["sources"]
    assert out["tokens"] == {"prompt": 0, "in": 0, "out": 0}


async def test_ask_with_a_model_cites_lessons_and_keeps_the_email_home(
    tmp_path: Path, curriculum: Curriculum, fake_openai: FakeOpenAI
) -> None:
    fake_openai.reply(grounded)
    out = json.loads(
        await manabi(
            tmp_path,
            "ask",
            f"{QUESTION} 結果は hanako.sato@example.jp に送ってください",
            "--json",
            OPENAI_API_KEY="sk-test-not-a-real-key",
            OPENAI_BASE_URL=fake_openai.base_url,
        )
    )
    assert out["outcome"] == "model" and out["model"] == "gpt-4o-mini"
    assert out["lessons"] and set(out["lessons"]) <= {lesson.id for lesson in curriculum.lessons}
    assert out["sources"] and "[1]" in out["answer"]
    assert out["tokens"]["in"] == 900 and 0 < out["tokens"]["prompt"] <= 1800
    messages = fake_openai.requests[0]["messages"]
    assert TiktokenCounter().count_messages(messages) <= 1800
    sent = json.dumps(fake_openai.requests, ensure_ascii=False)
    assert "hanako" not in sent and "example.jp" not in sent and "[email]" in sent
    # The prompt holds the source-checking lesson's own words.
    prompt = messages[-1]["content"]
    lessons = [lesson for lesson in curriculum.lessons if f"(id: {lesson.id})" in prompt]
    assert {lesson.id for lesson in lessons} & SOURCE_CHECKING


async def test_try_with_a_model_gives_a_cited_answer(
    tmp_path: Path, curriculum: Curriculum, fake_openai: FakeOpenAI
) -> None:
    fake_openai.reply(grounded)
    question = f"{QUESTION} 私のアドレスは taro@example.com です"
    out = await manabi(
        tmp_path,
        "try",
        "--user",
        "t",
        stdin=f"start\n1\n1\n{question}\n",
        OPENAI_API_KEY="sk-test-not-a-real-key",
        OPENAI_BASE_URL=fake_openai.base_url,
    )
    answer = out.split(f"you> {question}", 1)[1]
    assert "🤖 AIの回答（レッスンにもとづく）" in answer and "[1] 「" in answer
    assert "メールアドレス" in answer  # the note says what was removed
    assert len(fake_openai.requests) == 1 and "taro@" not in json.dumps(fake_openai.requests)
    assert TiktokenCounter().count_messages(fake_openai.requests[0]["messages"]) <= 1800
