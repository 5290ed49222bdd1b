"""`manabi --version`, `manabi config check` and `manabi db current`: what an operator runs;
and how the command line is read."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import (
    build_parser,
    cmd_db_current,
    cmd_db_upgrade,
    cmd_lessons_check,
    cmd_lessons_sources,
    cmd_lessons_stats,
    cmd_teams_package,
    main,
)
from bot.config import Settings
from bot.storage.db import head_revision
from bot.version import version


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"manabi {version()}"
    assert version() != "unknown"  # the package is installed (editable, in the venv)


@pytest.mark.parametrize(
    ("name", "handler"),
    [("check", cmd_lessons_check), ("stats", cmd_lessons_stats), ("sources", cmd_lessons_sources)],
)
def test_every_lessons_command_takes_an_optional_directory(
    name: str, handler: object, capsys: pytest.CaptureFixture[str]
) -> None:
    parser = build_parser()
    args = parser.parse_args(["lessons", name, "some/lessons"])
    assert (args.handler, args.dir) == (handler, "some/lessons")
    assert parser.parse_args(["lessons", name]).dir is None
    with pytest.raises(SystemExit):
        parser.parse_args(["lessons", name, "-h"])
    assert "MANABI_LESSONS_DIR" in capsys.readouterr().out


def test_commands_with_subcommands_run_their_handlers_and_need_a_subcommand() -> None:
    parser = build_parser()
    upgrade = parser.parse_args(["db", "upgrade"])
    assert (upgrade.handler, upgrade.revision) == (cmd_db_upgrade, "head")
    assert parser.parse_args(["db", "upgrade", "0003"]).revision == "0003"
    assert parser.parse_args(["db", "current"]).handler == cmd_db_current
    package = parser.parse_args(["teams", "package", "--out", "x.zip"])
    assert (package.handler, package.out) == (cmd_teams_package, "x.zip")
    stats = parser.parse_args(["lessons", "stats", "--json"])
    assert stats.json and stats.dir is None
    for group in ("lessons", "db", "teams"):
        with pytest.raises(SystemExit):
            parser.parse_args([group])


@pytest.mark.parametrize(
    "words",
    [
        ["roster", "import", "members.csv", "--org", "o"],
        ["roster", "invite", "--org", "o"],
        ["orgs"],
        ["announce"],
        ["report", "--org", "o"],
        ["digest", "--preview", "--org", "o"],
        ["export"],
    ],
    ids=lambda words: " ".join(words[:2]),
)
def test_every_officer_command_acts_as_the_officer_named(words: list[str]) -> None:
    parser = build_parser()
    assert parser.parse_args([*words, "--as", "U123"]).as_user == "U123"
    assert parser.parse_args(words).as_user is None


def lines_by_variable(out: str) -> dict[str, str]:
    """`config check` output: variable -> the rest of its line."""
    return {line.split()[0]: line.split(maxsplit=1)[1] for line in out.splitlines() if "  " in line}


def test_config_check_lists_every_setting_with_its_source_and_masks_secrets(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(
        "MANABI_METRICS_PORT=9200\nOPENAI_API_KEY=sk-from-dotenv-secret\nMANABI_METRIC_PORT=1\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-from-env-secret")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://manabi:hunter2@db:5432/manabi")
    monkeypatch.setenv("MANABI_DEFAULT_LOCALE", "en")
    assert main(["config", "check"]) == 0
    out = capsys.readouterr().out
    rows = lines_by_variable(out)
    assert rows["MANABI_DEFAULT_LOCALE"] == "en  (environment)"
    assert rows["MANABI_METRICS_PORT"] == "9200  (.env)"
    assert rows["MANABI_METRICS_HOST"] == "127.0.0.1  (default)"
    assert rows["SLACK_BOT_TOKEN"] == "********  (environment)"
    assert rows["OPENAI_API_KEY"] == "********  (.env)"
    assert rows["SLACK_SIGNING_SECRET"] == "(not set)  (default)"
    assert rows["DATABASE_URL"] == "postgresql+psycopg://manabi:***@db:5432/manabi  (environment)"
    assert "hunter2" not in out and "secret" not in out
    assert len(rows) == len(Settings.model_fields)
    assert "note: MANABI_METRIC_PORT is not a setting" in out


def test_config_check_fails_in_one_line_on_an_invalid_setting(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MANABI_METRICS_PORT", "70000")
    assert main(["config", "check"]) != 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("manabi: configuration error: MANABI_METRICS_PORT: ")


def test_db_current_says_whether_the_schema_is_at_head(
    monkeypatch: pytest.MonkeyPatch, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", db_url)
    assert main(["db", "current"]) == 0
    assert capsys.readouterr().out.strip() == f"database at revision {head_revision()} (head)"

    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}")
    assert main(["db", "current"]) == 1
    out = capsys.readouterr().out
    assert "at revision none" in out and "manabi db upgrade" in out
