"""A local OpenAI-compatible chat endpoint (aiohttp on 127.0.0.1) that follows a script.

A request with `stream: true` is answered as the real endpoint does, with server-sent events:
one `chat.completion.chunk` per piece, a last chunk with the usage, then `data: [DONE]`."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

Reply = str | Callable[[dict[str, Any]], str]


@dataclass
class Step:
    """One scripted response: an answer, an HTTP error, or a stall."""

    text: Reply | None = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    stall: float = 0.0
    pieces: list[str] | None = None  # how a streamed answer is cut (default: PIECE characters)
    fail_after: int | None = None  # a streamed answer breaks off after this many pieces…
    drop: bool = False  # …by closing the connection, rather than with an error event


PIECE = 12  # characters per streamed piece unless a step says how to cut


class FakeOpenAI:
    """Answers POST /v1/chat/completions from a queue of steps and records every request."""

    def __init__(self, pace: float = 0.0) -> None:
        self.pace = pace  # seconds the "model" takes per piece, streamed or not (benchmarks)
        self.requests: list[dict[str, Any]] = []
        self.steps: deque[Step] = deque()
        self._release = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    def reply(self, text: Reply) -> None:
        """Queue an answer (a text, or a function of the request that returns one)."""
        self.steps.append(Step(text=text))

    def stream(
        self, pieces: list[str], *, fail_after: int | None = None, drop: bool = False
    ) -> None:
        """Queue an answer streamed in these pieces; with `fail_after`, it breaks off after
        that many pieces (an error event, or the connection closed when `drop`)."""
        self.steps.append(
            Step(text="".join(pieces), pieces=pieces, fail_after=fail_after, drop=drop)
        )

    def fail(self, status: int, **headers: str) -> None:
        """Queue an HTTP error."""
        self.steps.append(Step(status=status, headers=headers))

    def stall(self, seconds: float) -> None:
        """Queue a response that takes `seconds` (or until the server stops)."""
        self.steps.append(Step(stall=seconds, text="too late"))

    def user_text(self, number: int = -1) -> str:
        """Return every message's content of a received request, joined."""
        return "\n".join(m["content"] for m in self.requests[number]["messages"])

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        self.requests.append(body)
        step = self.steps.popleft() if self.steps else Step(status=500)
        if step.stall:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._release.wait(), step.stall)
        if step.status != 200:
            error = {"error": {"message": "scripted failure", "type": "server_error"}}
            return web.json_response(error, status=step.status, headers=step.headers)
        text = step.text(body) if callable(step.text) else step.text
        if body.get("stream"):
            return await self._stream(request, body, step, text or "")
        if self.pace:  # the whole answer takes as long to write as its streamed pieces
            await asyncio.sleep(self.pace * len(range(0, len(text or ""), PIECE)))
        return web.json_response(
            {
                "id": f"chatcmpl-{len(self.requests)}",
                "object": "chat.completion",
                "created": 1764547200,
                "model": body.get("model", "gpt-4o-mini"),
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": text},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 900, "completion_tokens": 120, "total_tokens": 1020},
            }
        )

    async def _stream(
        self, request: web.Request, body: dict[str, Any], step: Step, text: str
    ) -> web.StreamResponse:
        """Answer as server-sent events, piece by piece."""
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        model = body.get("model", "gpt-4o-mini")
        pieces = step.pieces or [text[i : i + PIECE] for i in range(0, len(text), PIECE)]

        async def send(data: dict[str, Any] | str) -> None:
            line = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
            await response.write(f"data: {line}\n\n".encode())

        def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
            return {
                "id": f"chatcmpl-{len(self.requests)}",
                "object": "chat.completion.chunk",
                "created": 1764547200,
                "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            }

        await send(chunk({"role": "assistant", "content": ""}))
        for n, piece in enumerate(pieces):
            if step.fail_after is not None and n >= step.fail_after:
                if step.drop and request.transport is not None:
                    request.transport.close()
                    return response
                await send({"error": {"message": "scripted failure", "type": "server_error"}})
                return response
            if self.pace:
                await asyncio.sleep(self.pace)
            await send(chunk({"content": piece}))
        await send(chunk({}, "stop"))
        usage = {"prompt_tokens": 900, "completion_tokens": 120, "total_tokens": 1020}
        await send({**chunk({}), "choices": [], "usage": usage})
        await send("[DONE]")
        await response.write_eof()
        return response

    async def start(self) -> str:
        """Listen on an ephemeral port on 127.0.0.1; return the base URL for the client."""
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._chat)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{port}/v1"
        return self.base_url

    async def stop(self) -> None:
        """Release stalled responses and stop listening."""
        self._release.set()
        if self._runner is not None:
            await self._runner.cleanup()
