"""The Answerer port over an OpenAI-compatible chat endpoint (OpenAI, Azure OpenAI, others)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import KW_ONLY, dataclass, field
from typing import Any

import openai
from openai import AsyncAzureOpenAI, AsyncOpenAI

from bot import metrics
from bot.config import Settings
from bot.core.ports import AnswerUnavailable, Completion

log = logging.getLogger(__name__)
Pricing = Callable[[str, int, int], float]  # (model, tokens in, tokens out) -> USD


@dataclass(eq=False)
class OpenAIAnswerer:
    """Completes chats through `openai.AsyncOpenAI`, with a timeout, bounded retries and a
    short pause after the endpoint fails so that members get the offline answer at once."""

    client: AsyncOpenAI
    model: str
    _: KW_ONLY
    deadline: float  # seconds for the whole answer, retries included
    cooldown: float = 30.0  # seconds the endpoint is left alone after it fails
    pricing: Pricing | None = None
    _paused_until: float = field(default=0.0, init=False, repr=False)

    async def complete(self, messages: Sequence[dict[str, str]], *, max_tokens: int) -> Completion:
        """Return the model's reply, or raise AnswerUnavailable saying why not; count the call
        (outcome, duration, tokens, cost) in the metrics either way."""
        started = time.perf_counter()
        with self._failure_counted(started):
            completion = await self._complete(messages, max_tokens=max_tokens)
        self._observe_ok(completion, time.perf_counter() - started)
        return completion

    async def stream(
        self, messages: Sequence[dict[str, str]], *, max_tokens: int
    ) -> AsyncIterator[str | Completion]:
        """Yield the reply's text as the endpoint streams it, then the whole Completion; raise
        AnswerUnavailable saying why not, before or after the first piece. Counted in the
        metrics like `complete`."""
        started = time.perf_counter()
        with self._failure_counted(started):
            async for item in self._stream(messages, max_tokens=max_tokens):
                if isinstance(item, Completion):
                    self._observe_ok(item, time.perf_counter() - started)
                yield item

    async def _stream(
        self, messages: Sequence[dict[str, str]], *, max_tokens: int
    ) -> AsyncIterator[str | Completion]:
        if time.monotonic() < self._paused_until:
            raise AnswerUnavailable("paused")
        # The deadline covers the whole answer, but each wait is bounded on its own: a timeout
        # must never be pending while the consumer of a piece runs.
        deadline = asyncio.get_running_loop().time() + self.deadline
        pieces: list[str] = []
        tokens_in = tokens_out = 0
        model = self.model
        response = None
        try:
            async with asyncio.timeout_at(deadline):
                response = await self.client.chat.completions.create(  # type: ignore[call-overload]
                    model=self.model,
                    messages=[dict(m) for m in messages],
                    max_tokens=max_tokens,
                    temperature=0.2,
                    stream=True,
                    stream_options={"include_usage": True},
                )
            chunks = aiter(response)
            while True:
                async with asyncio.timeout_at(deadline):
                    chunk = await anext(chunks, None)
                if chunk is None:
                    break
                model = str(getattr(chunk, "model", None) or model)
                usage = getattr(chunk, "usage", None)
                if usage is not None:
                    tokens_in = int(getattr(usage, "prompt_tokens", 0) or 0)
                    tokens_out = int(getattr(usage, "completion_tokens", 0) or 0)
                for choice in getattr(chunk, "choices", None) or []:
                    text = getattr(choice.delta, "content", None) if choice.delta else None
                    if text:
                        pieces.append(text)
                        yield text
        except (TimeoutError, openai.APIError) as exc:
            raise self._failure(exc, other="stream_error") from None  # other: an error event
        finally:
            if response is not None:  # a stream given up half-way frees its connection
                await response.close()
        text = "".join(pieces).strip()
        if not text:
            raise AnswerUnavailable("empty")
        yield Completion(text=text, tokens_in=tokens_in, tokens_out=tokens_out, model=model)

    @contextmanager
    def _failure_counted(self, started: float) -> Iterator[None]:
        """Count a call that fails in the block (why, and how long since `started`) in the
        metrics, and let the failure go on."""
        try:
            yield
        except AnswerUnavailable as exc:
            metrics.observe_llm_call(self.model, exc.reason, time.perf_counter() - started)
            raise
        except Exception:
            metrics.observe_llm_call(self.model, "error", time.perf_counter() - started)
            raise

    def _observe_ok(self, completion: Completion, seconds: float) -> None:
        tokens_in, tokens_out = completion.tokens_in, completion.tokens_out
        cost = self.pricing(completion.model, tokens_in, tokens_out) if self.pricing else 0.0
        metrics.observe_llm_call(
            self.model, "ok", seconds, tokens_in=tokens_in, tokens_out=tokens_out, cost=cost
        )

    async def _complete(self, messages: Sequence[dict[str, str]], *, max_tokens: int) -> Completion:
        if time.monotonic() < self._paused_until:
            raise AnswerUnavailable("paused")
        try:
            async with asyncio.timeout(self.deadline):
                response = await self.client.chat.completions.create(
                    model=self.model,
                    messages=[dict(m) for m in messages],  # type: ignore[misc]
                    max_tokens=max_tokens,
                    temperature=0.2,
                )
        except (TimeoutError, openai.APIConnectionError, openai.APIStatusError) as exc:
            raise self._failure(exc) from None
        return _completion(response, self.model)

    def _failure(self, exc: BaseException, other: str = "api_error") -> AnswerUnavailable:
        """The endpoint's failure as the port's, pausing calls for a while after a timeout, a
        lost connection or a server error (not after a rate limit: the next call may pass)."""
        if isinstance(exc, TimeoutError | openai.APITimeoutError):
            return self._failed("timeout", pause=True)
        if isinstance(exc, openai.APIConnectionError):
            return self._failed("connection", pause=True)
        if isinstance(exc, openai.RateLimitError):
            return self._failed("rate_limited", pause=False)
        if isinstance(exc, openai.APIStatusError):
            return self._failed(f"http_{exc.status_code}", pause=exc.status_code >= 500)
        return self._failed(other, pause=True)

    def _failed(self, reason: str, *, pause: bool) -> AnswerUnavailable:
        log.warning("llm call failed", extra={"reason": reason, "model": self.model})
        if pause:
            self._paused_until = time.monotonic() + self.cooldown
        return AnswerUnavailable(reason)

    async def close(self) -> None:
        """Close the HTTP connections."""
        await self.client.close()


def _completion(response: Any, model: str) -> Completion:
    choices = getattr(response, "choices", None) or []
    text = (choices[0].message.content or "").strip() if choices else ""
    if not text:
        raise AnswerUnavailable("empty")
    usage = getattr(response, "usage", None)
    return Completion(
        text=text,
        tokens_in=int(getattr(usage, "prompt_tokens", 0) or 0),
        tokens_out=int(getattr(usage, "completion_tokens", 0) or 0),
        model=str(getattr(response, "model", None) or model),
    )


def build_answerer(settings: Settings, pricing: Pricing | None = None) -> OpenAIAnswerer | None:
    """Return the answerer the settings describe (Azure OpenAI or OpenAI), or None if no key;
    `pricing` estimates each call's cost for the metrics."""
    common: dict[str, Any] = {
        "timeout": settings.openai_timeout,
        "max_retries": settings.openai_max_retries,
    }
    client: AsyncOpenAI
    if settings.azure_openai_api_key and settings.azure_openai_endpoint:
        client = AsyncAzureOpenAI(
            api_key=settings.azure_openai_api_key.get_secret_value(),
            azure_endpoint=settings.azure_openai_endpoint,
            api_version=settings.openai_api_version or "2024-10-21",
            **common,
        )
    elif settings.openai_api_key:
        client = AsyncOpenAI(
            api_key=settings.openai_api_key.get_secret_value(),
            base_url=settings.openai_base_url,
            **common,
        )
    else:
        return None
    # The whole call, retries and back-off included, ends by this deadline.
    deadline = settings.openai_timeout * (settings.openai_max_retries + 1) + 2.0
    return OpenAIAnswerer(
        client,
        settings.openai_model,
        deadline=min(deadline, settings.openai_deadline),
        pricing=pricing,
    )
