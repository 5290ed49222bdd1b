"""Local fakes for the check lookups: e-Gov, Crossref and web pages on a loopback port."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import unquote

from aiohttp import web

from bot.core.qa.checking.lookups import LookupResult

LAWS = {
    "労働基準法": {
        "id": "322AC0000000049",
        "articles": {"36": "使用者は、当該事業場に、労働者の過半数で組織する労働組合がある場合…"},
    },
    "労働基準法施行規則": {"id": "322M40000100023", "articles": {"1": "…"}},
    "労働安全衛生規則": {"id": "347M50002000032", "articles": {"151_21": "事業者は、フォーク…"}},
}
WORKS = {"10.3386/w31161": "Generative AI at Work"}


class FakeSources:
    """One aiohttp server playing e-Gov (/egov), Crossref (/crossref) and some pages (/web).

    `delay` slows every answer down; while `gate` is set and not open, answers wait for it;
    `seen` records each request's path and query."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.gate: asyncio.Event | None = None
        self.seen: list[str] = []
        self.runner: web.AppRunner | None = None
        self.url = ""

    async def start(self) -> str:
        """Serve on 127.0.0.1 and return the base URL."""
        app = web.Application(middlewares=[self._record])
        app.router.add_get("/egov/laws", self.laws)
        app.router.add_get("/egov/law_data/{law_id}", self.law_data)
        app.router.add_get("/crossref/works/{doi:.+}", self.work)
        app.router.add_get("/crossref/works", self.works)
        app.router.add_route("*", "/web/page", self.page)
        app.router.add_route("*", "/web/gone", self.gone)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{self.runner.addresses[0][1]}"
        return self.url

    async def stop(self) -> None:
        """Stop serving."""
        if self.runner is not None:
            await self.runner.cleanup()

    @web.middleware
    async def _record(self, request: web.Request, handler: Any) -> web.StreamResponse:
        self.seen.append(unquote(request.path_qs))
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.gate is not None:
            await self.gate.wait()
        response: web.StreamResponse = await handler(request)
        return response

    async def laws(self, request: web.Request) -> web.Response:
        title = request.query.get("law_title", "")
        laws = [
            {
                "law_info": {"law_id": law["id"]},
                "current_revision_info": {"law_title": name},
            }
            for name, law in LAWS.items()
            if title and title in name
            for _revision in range(2)  # like e-Gov: one row per revision of the same law
        ]
        return web.json_response({"total_count": len(laws), "laws": laws})

    async def law_data(self, request: web.Request) -> web.Response:
        law = next(law for law in LAWS.values() if law["id"] == request.match_info["law_id"])
        articles = [
            {
                "tag": "Article",
                "attr": {"Num": num},
                "children": [
                    {"tag": "ArticleTitle", "attr": {}, "children": [f"第{num}条"]},
                    {"tag": "Paragraph", "attr": {}, "children": [text]},
                ],
            }
            for num, text in law["articles"].items()  # type: ignore[attr-defined]
        ]
        tree = {
            "tag": "Law",
            "attr": {},
            "children": [
                {
                    "tag": "LawBody",
                    "attr": {},
                    "children": [{"tag": "MainProvision", "attr": {}, "children": articles}],
                }
            ],
        }
        return web.json_response({"law_full_text": tree})

    async def work(self, request: web.Request) -> web.Response:
        doi = request.match_info["doi"]
        if doi not in WORKS:
            return web.Response(status=404, text="Resource not found.")
        return web.json_response({"message": {"DOI": doi, "title": [WORKS[doi]]}})

    async def works(self, request: web.Request) -> web.Response:
        query = request.query.get("query.bibliographic", "").casefold()
        items = [
            {"DOI": doi, "title": [title]}
            for doi, title in WORKS.items()
            if set(query.split()) & set(title.casefold().split())
        ]
        return web.json_response({"message": {"items": items[:1]}})

    async def page(self, request: web.Request) -> web.Response:
        body = "<html><head><title>厚生労働省 &amp; 労働基準</title></head><body>…</body></html>"
        return web.Response(text=body, content_type="text/html")

    async def gone(self, request: web.Request) -> web.Response:
        return web.Response(status=404)


class RecordingLookups:
    """Fake lookups for the engine: record every query, answer after `delay` seconds."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.queries: list[str] = []

    async def _answer(self, source: str, query: str) -> LookupResult:
        self.queries.append(query)
        await asyncio.sleep(self.delay)
        return LookupResult(source, "found", title=query)

    async def find_article(self, law: str, article: str | None) -> LookupResult:
        return await self._answer("egov", f"{law} {article}")

    async def find_work(self, *, doi: str | None = None, title: str | None = None) -> LookupResult:
        return await self._answer("crossref", doi or title or "")

    async def find_page(self, url: str) -> LookupResult:
        return await self._answer("web", url)
