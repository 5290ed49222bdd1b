"""Officers' files: the report and the compliance export as CSV, JSON and .xlsx, read back the
way a spreadsheet or a script reads them: headers in the reader's language, numbers as numbers,
hidden figures as empty cells with a note, times local with their offset."""

from __future__ import annotations

import codecs
import csv
import io
import json
from datetime import datetime

from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.model import Curriculum
from bot.core.officers.compliance import export_records
from bot.core.officers.report_sheet import report_table
from bot.core.officers.reports import organisation_report
from bot.core.officers.roles import operator_scope
from bot.core.officers.spreadsheet import Table, as_csv, as_json, as_xlsx, render
from bot.storage.db import transaction
from bot.storage.models import Learner
from tests.officers_helpers import NOW, add_cohort
from tests.test_officers_reports import build_union


def workbook_rows(data: bytes) -> list[list[object]]:
    """Every row of the first sheet, as openpyxl reads the values."""
    book = load_workbook(io.BytesIO(data))
    return [[cell.value for cell in row] for row in book.worksheets[0].iter_rows()]


async def union_table(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum, locale: str
) -> Table:
    """The union's report (cohort big in full, small hidden) as a table in `locale`."""
    await build_union(sessions, curriculum)
    reports = await organisation_report(sessions, operator_scope(), "union", curriculum, NOW, 5)
    return report_table(reports, curriculum, locale, 5)


async def test_the_xlsx_report_reads_back_with_headers_numbers_and_empty_hidden_cells(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    table = await union_table(sessions, curriculum, "ja")
    header, big, small, total = workbook_rows(as_xlsx(table))
    assert header[:5] == ["組織", "グループ", "登録人数", "7日間に学習した人", "完了したレッスン"]
    assert header[-1] == "備考"
    column = {label: n for n, label in enumerate(header)}
    track = curriculum.track(curriculum.lessons[0].meta.track)
    assert track is not None
    accuracy = column[f"正答率（%）：{track.title.ja}"]
    assert big[:5] == ["union", "big", 5, 3, 5] and big[accuracy] == 60
    assert big[column["一時停止中"]] == 1 and big[column["7日間にリマインドした人"]] == 1
    assert "事前・事後テスト" in str(big[-1])  # nobody took the tests: empty, and said so
    assert big[column["事前→事後テストの伸び（ポイント）"]] is None
    assert small[:3] == ["union", "small", 3]
    assert small[3:-1] == [None] * (len(header) - 4)  # every figure hidden: empty cells
    assert small[-1] == "人数が少ないため表示しません（学習を始めた人が5人未満）"
    assert total[:5] == ["union", "合計", 5, 3, 5]  # the small cohort is not in it
    assert total[accuracy] is None


async def test_the_json_report_has_stable_keys_nulls_and_notes(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    table = await union_table(sessions, curriculum, "en")
    big, small, total = json.loads(render(table, "json"))
    assert (big["cohort"], big["enrolled"], big["active_7d"], big["paused"]) == ("big", 5, 3, 1)
    assert small["active_7d"] is None and small["lessons_completed"] is None
    assert small["note"] == "too few to report (fewer than 5 members have started)"
    unanswered = len(curriculum.tracks) - 1  # the members answered one track's questions
    assert f"accuracy ({unanswered} tracks), " in big["note"] and "pre/post tests" in big["note"]
    assert (total["cohort"], total["enrolled"], total["satisfaction_1_5"]) == ("total", 5, None)
    assert total["note"].startswith("sum of the 1 cohorts reported in full")


async def test_the_csv_report_has_a_bom_and_no_text_in_number_columns(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    table = await union_table(sessions, curriculum, "en")
    data = as_csv(table)
    assert data.startswith(codecs.BOM_UTF8)
    lines = list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))
    assert lines[0] == [c.label for c in table.columns]
    for line in lines[1:]:
        for column, cell in zip(table.columns, line, strict=True):
            if column.key not in ("organisation", "cohort", "note"):
                assert cell == "" or cell.lstrip("-").replace(".", "", 1).isdigit(), (column, cell)


async def test_the_compliance_export_has_both_titles_local_times_and_member_numbers(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    people = await build_union(sessions, curriculum)
    async with transaction(sessions) as session:
        member = await session.get(Learner, people["m0"])
        assert member is not None
        member.member_number = "A-0042"
    berlin = operator_scope("ja", "Europe/Berlin")
    table = await export_records(sessions, berlin, "union", curriculum)
    assert [c.key for c in table.columns] == [
        "organisation",
        "cohort",
        "platform",
        "workspace",
        "user_id",
        "member_number",
        "record",
        "record_id",
        "title_ja",
        "title_en",
        "completed_at",
        "score_pct",
    ]  # platform ids and the union's number: never a name or an email
    lesson = curriculum.lessons[0].meta
    records = json.loads(as_json(table))
    mine = next(r for r in records if r["user_id"] == "UBIG0")
    assert mine["member_number"] == "A-0042" and mine["cohort"] == "big"
    assert (mine["title_ja"], mine["title_en"]) == (lesson.title.ja, lesson.title.en)
    assert mine["completed_at"] == "2026-12-01T01:05:00+01:00"  # 00:05 UTC, read in Berlin

    header, *rows = workbook_rows(as_xlsx(table))
    assert header[5] == "組合員番号" and header[10] == "完了日時"
    row = next(r for r in rows if r[4] == "UBIG0")
    assert row[10] == datetime(2026, 12, 1, 1, 5)  # a real date in Excel, local time
    book = load_workbook(io.BytesIO(as_xlsx(table)))
    cell = book.worksheets[0].cell(row=2, column=11)
    assert cell.is_date and cell.number_format.endswith('"+01:00"')  # the offset is shown


async def test_a_cohort_named_like_a_formula_stays_text_in_every_format(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    await add_cohort(sessions, "union", '=HYPERLINK("http://evil.example","x")')
    reports = await organisation_report(sessions, operator_scope(), "union", curriculum, NOW, 5)
    table = report_table(reports, curriculum, "en", 5)
    assert b"'=HYPERLINK" in as_csv(table)
    [cohort_row, _] = workbook_rows(as_xlsx(table))[1:]
    assert cohort_row[1] == '=HYPERLINK("http://evil.example","x")'  # text, never a formula
    book = load_workbook(io.BytesIO(as_xlsx(table)))
    assert book.worksheets[0].cell(row=2, column=2).data_type == "s"


async def test_the_checking_figures_are_in_every_file_behind_the_floor(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    people = await build_union(sessions, curriculum)

    async def did(key: str, answers: int, checked: int, wrong: int, unsure: int) -> None:
        async with transaction(sessions) as session:
            member = await session.get(Learner, people[key])
            assert member is not None
            member.answers_checked, member.claims_checked = answers, checked
            member.claims_wrong, member.claims_unsure = wrong, unsure

    await did("officer", 9, 9, 9, 9)  # an officer's own practice never counts
    for n in range(5):  # every member of big checked answers and marked claims
        await did(f"m{n}", n + 1, 2, 1, int(n == 0))  # one member alone marked one "unsure"
    for n in range(3):  # small is too small to show anything
        await did(f"s{n}", 1, 1, 0, 0)

    async def table(locale: str) -> Table:
        reports = await organisation_report(sessions, operator_scope(), "union", curriculum, NOW, 5)
        return report_table(reports, curriculum, locale, 5)

    big, small, total = json.loads(as_json(await table("en")))
    assert (big["checkers"], big["answers_checked"], big["claims_marked"]) == (5, 15, 16)
    # Two kinds and their sum would give away the one member's "unsure": no kind is shown.
    split = ("claims_checked", "claims_wrong", "claims_unsure")
    assert [big[key] for key in split] == [None, None, None]
    assert "claims: checked ✔, claims: wrong ✘, claims: unsure ?" in big["note"]
    assert all(small[key] is None for key in ("checkers", "answers_checked", *split))
    assert small["note"] == "too few to report (fewer than 5 members have started)"
    assert (total["checkers"], total["answers_checked"], total["claims_marked"]) == (5, 15, 16)
    assert [total[key] for key in split] == [None, None, None]

    await did("m0", 1, 2, 1, 0)  # the "unsure" is gone: each kind rests on all or nobody
    ja = await table("ja")
    header, big_row, small_row, total_row = workbook_rows(as_xlsx(ja))
    column = {label: n for n, label in enumerate(header)}
    labels = ["AI の回答を確認した人", "確認した回答", "印をつけた主張"]
    labels += ["主張：確かめた ✔", "主張：違っていた ✘", "主張：わからない ?"]
    assert [big_row[column[label]] for label in labels] == [5, 15, 15, 10, 5, 0]
    assert [small_row[column[label]] for label in labels] == [None] * 6
    assert [total_row[column[label]] for label in labels] == [5, 15, 15, 10, 5, 0]
    assert "AI の回答の確認" not in str(big_row[-1]) and "主張" not in str(big_row[-1])
    lines = list(csv.reader(io.StringIO(as_csv(ja)[3:].decode("utf-8"), newline="")))
    assert [lines[1][column[label]] for label in labels] == ["5", "15", "15", "10", "5", "0"]


async def test_a_cohort_where_nobody_checked_an_answer_says_so_once(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    table = await union_table(sessions, curriculum, "en")
    big = json.loads(as_json(table))[0]
    assert big["checkers"] is None and big["claims_unsure"] is None
    assert big["note"].endswith(", checking AI answers")  # one name for the six empty cells
    assert "claims marked" not in big["note"]
