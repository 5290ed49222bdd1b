"""The OpenAI answerer, driven through the real `openai` client against a local fake server."""

from __future__ import annotations

import socket

import pytest
from openai import AsyncAzureOpenAI, AsyncOpenAI

from bot.core.ports import AnswerUnavailable
from bot.llm.client import OpenAIAnswerer, build_answerer
from tests.conftest import make_settings
from tests.fake_openai import FakeOpenAI

MESSAGES = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}]


def answerer_for(base_url: str, *, timeout: float = 2.0, retries: int = 0) -> OpenAIAnswerer:
    """The answerer as the app builds it, pointed at `base_url`."""
    settings = make_settings(
        OPENAI_API_KEY="sk-test-not-a-real-key",
        OPENAI_BASE_URL=base_url,
        MANABI_OPENAI_TIMEOUT=timeout,
        MANABI_OPENAI_MAX_RETRIES=retries,
    )
    answerer = build_answerer(settings)
    assert answerer is not None
    return answerer


async def test_completion_with_token_counts(fake_openai: FakeOpenAI) -> None:
    fake_openai.reply("Check the source [1].")
    answerer = answerer_for(fake_openai.base_url)
    completion = await answerer.complete(MESSAGES, max_tokens=50)
    await answerer.close()
    assert completion.text == "Check the source [1]."
    assert (completion.tokens_in, completion.tokens_out) == (900, 120)
    assert completion.model == "gpt-4o-mini"
    request = fake_openai.requests[0]
    assert request["messages"] == MESSAGES and request["max_tokens"] == 50


async def test_rate_limited_then_success_is_retried(fake_openai: FakeOpenAI) -> None:
    fake_openai.fail(429, **{"retry-after-ms": "10"})
    fake_openai.reply("Second time lucky.")
    answerer = answerer_for(fake_openai.base_url, retries=2)
    completion = await answerer.complete(MESSAGES, max_tokens=50)
    await answerer.close()
    assert completion.text == "Second time lucky."
    assert len(fake_openai.requests) == 2


async def test_server_error_is_unavailable_and_pauses_calls(fake_openai: FakeOpenAI) -> None:
    fake_openai.fail(500, **{"retry-after-ms": "10"})
    fake_openai.fail(500, **{"retry-after-ms": "10"})
    answerer = answerer_for(fake_openai.base_url, retries=1)
    with pytest.raises(AnswerUnavailable) as failed:
        await answerer.complete(MESSAGES, max_tokens=50)
    assert failed.value.reason == "http_500"
    assert len(fake_openai.requests) == 2  # one retry, then no more
    with pytest.raises(AnswerUnavailable) as paused:
        await answerer.complete(MESSAGES, max_tokens=50)
    assert paused.value.reason == "paused"
    assert len(fake_openai.requests) == 2  # the endpoint is left alone for a while
    await answerer.close()


async def test_slow_endpoint_times_out(fake_openai: FakeOpenAI) -> None:
    fake_openai.stall(5.0)
    answerer = answerer_for(fake_openai.base_url, timeout=0.3)
    with pytest.raises(AnswerUnavailable) as failed:  # the answer would come after 5 s
        await answerer.complete(MESSAGES, max_tokens=50)
    await answerer.close()
    assert failed.value.reason == "timeout"


async def test_endpoint_down_is_a_connection_failure() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    answerer = answerer_for(f"http://127.0.0.1:{port}/v1")
    with pytest.raises(AnswerUnavailable) as failed:
        await answerer.complete(MESSAGES, max_tokens=50)
    await answerer.close()
    assert failed.value.reason == "connection"


async def test_client_error_is_not_retried(fake_openai: FakeOpenAI) -> None:
    fake_openai.fail(401)
    answerer = answerer_for(fake_openai.base_url, retries=2)
    with pytest.raises(AnswerUnavailable) as failed:
        await answerer.complete(MESSAGES, max_tokens=50)
    await answerer.close()
    assert failed.value.reason == "http_401" and len(fake_openai.requests) == 1


async def test_settings_choose_the_client() -> None:
    assert build_answerer(make_settings()) is None
    openai = build_answerer(make_settings(OPENAI_API_KEY="sk-test", MANABI_OPENAI_MAX_RETRIES=1))
    assert openai is not None and type(openai.client) is AsyncOpenAI
    assert openai.client.max_retries == 1 and openai.client.timeout == 15.0
    azure = build_answerer(
        make_settings(
            AZURE_OPENAI_API_KEY="azure-test",
            AZURE_OPENAI_ENDPOINT="https://example-resource.openai.azure.com",
            MANABI_OPENAI_MODEL="manabi-deployment",
        )
    )
    assert azure is not None and isinstance(azure.client, AsyncAzureOpenAI)
    assert azure.model == "manabi-deployment"
    for answerer in (openai, azure):
        await answerer.close()
