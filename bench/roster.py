"""Benchmark: import a 50,000-row roster into PostgreSQL, then the same file again (which must
change nothing); also writes the Japanese roster files the tests import.

    python -m bench.roster                       # 50,000 rows (MANABI_BENCH_ROWS)
    python -m bench.roster --rows 1000 --write-ja /tmp/名簿   # also CP932 CSV, UTF-16, .xlsx

Creates the database manabi_bench_roster on MANABI_BENCH_DATABASE_URL's server (default
postgresql+psycopg://postgres@127.0.0.1:5432/postgres), drops it at the end. The file goes
through the same path as `manabi roster import --yes`: read, check, write.
"""

from __future__ import annotations

import argparse
import asyncio
import codecs
import csv
import io
import json
import os
import platform
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from bot.core.officers.roles import operator_scope
from bot.core.officers.roster import ImportResult, import_roster
from bot.core.officers.roster_file import Defaults
from bot.core.officers.roster_prepare import prepare
from bot.core.officers.roster_read import read_table
from bot.storage.db import create_engine, session_factory, upgrade
from bot.storage.models import Learner, Membership

ADMIN_URL = os.environ.get(
    "MANABI_BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
DB_NAME = "manabi_bench_roster"
ROWS = int(os.environ.get("MANABI_BENCH_ROWS", "50000"))
WORKSPACE = "T0BENCH"
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
JA_HEADER = [
    "組合員番号", "氏名", "メール", "ユーザーID", "所属支部", "役割", "言語", "タイムゾーン"
]  # fmt: skip
FULL = str.maketrans(
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz@.",
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
    "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ＠．",
)


def email_of(n: int) -> str:
    """The (half-width, lower-case) email of the n-th member who is listed by email."""
    return f"member{n:06d}@example.jp"


def slack_id_of(n: int) -> str:
    """The Slack user id of the n-th member."""
    return f"U{n:08d}"


def japanese_rows(count: int, by_email_every: int = 10) -> list[list[str]]:
    """A roster as a Japanese union keeps it: Japanese headers, names (which are ignored),
    full-width ids, emails and numbers, zones in lower case, languages in words; one member in
    `by_email_every` is listed by email only."""
    out = [JA_HEADER]
    for n in range(1, count + 1):
        by_email = n % by_email_every == 0
        out.append(
            [
                f"{n:06d}".translate(FULL),
                f"山田 花子{n}",
                email_of(n).upper().translate(FULL) if by_email else "",
                "" if by_email else slack_id_of(n).translate(FULL),
                f"第{n % 12 + 1}支部",
                "役員" if n <= 12 else "組合員",
                "英語" if n % 4 == 0 else "日本語",
                "asia/tokyo",
            ]
        )
    return out


def as_csv(rows: list[list[str]], delimiter: str = ",") -> str:
    """The rows as CSV text with Windows line ends, as Excel writes them."""
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def as_xlsx(rows: list[list[str]]) -> bytes:
    """The rows as an .xlsx workbook (member numbers as text, as they are typed in)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("名簿")
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def japanese_files(rows: list[list[str]]) -> dict[str, bytes]:
    """The same roster saved three ways from Excel: CSV (コンマ区切り) in CP932, Unicode text
    (UTF-16 with a BOM, tab-separated), and .xlsx."""
    return {
        "名簿.csv": as_csv(rows).encode("cp932"),
        "名簿.txt": codecs.BOM_UTF16_LE + as_csv(rows, "\t").encode("utf-16-le"),
        "名簿.xlsx": as_xlsx(rows),
    }


def bench_rows(count: int) -> list[list[str]]:
    """A large English-headed roster by Slack user id (what the speed figures use)."""
    out = [["member_number", "user_id", "workspace", "cohort", "role", "locale", "timezone"]]
    for n in range(1, count + 1):
        role = "officer" if n <= 50 else "member"
        out.append([f"{n:06d}", slack_id_of(n), WORKSPACE, f"branch-{n % 50 + 1}", role, "ja", ""])
    return out


def database_url() -> str:
    """The bench database's URL."""
    return make_url(ADMIN_URL).set(database=DB_NAME).render_as_string(hide_password=False)


async def admin(sql: str) -> None:
    """Run one statement on the server's admin database."""
    engine = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(sql))
    await engine.dispose()


async def timed_import(url: str, path: Path) -> tuple[float, ImportResult]:
    """Read, check and import the file as `manabi roster import --yes` does; seconds taken."""
    engine = create_engine(url)
    sessions = session_factory(engine)
    try:
        started = time.perf_counter()
        defaults = Defaults(workspace=WORKSPACE)
        data = await asyncio.to_thread(path.read_bytes)
        prepared = await prepare(read_table(data), defaults)
        result = await import_roster(
            sessions, operator_scope(), "bench-union", prepared, defaults, NOW,
            create_organisation=True,
        )  # fmt: skip
        return time.perf_counter() - started, result
    finally:
        await engine.dispose()


async def run(rows: int) -> dict[str, object]:
    """Import the roster twice into a fresh database; return the figures."""
    await admin(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    await admin(f'CREATE DATABASE "{DB_NAME}"')
    try:
        url = database_url()
        engine = create_engine(url)
        await upgrade(engine)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "roster.csv"
            path.write_text(as_csv(bench_rows(rows)), encoding="utf-8")
            first_s, first = await timed_import(url, path)
            second_s, second = await timed_import(url, path)
        async with engine.connect() as conn:
            learners = await conn.scalar(select(func.count()).select_from(Learner))
            memberships = await conn.scalar(select(func.count()).select_from(Membership))
        await engine.dispose()
    finally:
        await admin(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    load = os.getloadavg()
    return {
        "rows": rows,
        "first_import_s": round(first_s, 1),
        "first": {"created": first.learners_created, "added": first.memberships_added},
        "reimport_s": round(second_s, 1),
        "reimport_changed": second.changed,
        "reimport_unchanged": second.unchanged,
        "learners": learners,
        "memberships": memberships,
        "errors": len(first.errors) + len(second.errors),
        "machine": f"{platform.node()} · {os.cpu_count()} CPUs · "
        f"Python {platform.python_version()}",
        "load_average": [round(x, 2) for x in load],
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (and optionally write the Japanese files); print JSON figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--write-ja", metavar="DIR", help="write the Japanese files here only")
    args = parser.parse_args(argv)
    if args.write_ja:
        folder = Path(args.write_ja)
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in japanese_files(japanese_rows(args.rows)).items():
            (folder / name).write_bytes(data)
        print(f"wrote {', '.join(sorted(japanese_files([JA_HEADER])))} to {folder}")
        return 0
    figures = asyncio.run(run(args.rows))
    print(json.dumps(figures, ensure_ascii=False, indent=1))
    ok = figures["reimport_changed"] == 0 and figures["errors"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
