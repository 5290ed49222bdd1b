"""Settings: defaults, and a wrong value names its variable and why."""

from __future__ import annotations

import pytest

from bot.app import coach_config
from bot.config import ConfigError
from bot.core.context import CoachConfig
from tests.conftest import make_settings


def test_defaults_need_no_configuration() -> None:
    settings = make_settings()
    assert settings.database_url.startswith("sqlite+aiosqlite://")
    assert settings.default_timezone == "Asia/Tokyo" and settings.default_locale == "ja"
    assert settings.default_delivery_minute == 510
    assert settings.openai_api_key is None and settings.slack_bot_token is None


def test_environment_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MANABI_DEFAULT_TIMEZONE", "Europe/Berlin")
    monkeypatch.setenv("MANABI_DEFAULT_LOCALE", "en")
    settings = make_settings()
    assert (settings.default_timezone, settings.default_locale) == ("Europe/Berlin", "en")


@pytest.mark.parametrize(
    ("variable", "value", "why"),
    [
        ("MANABI_DEFAULT_TIMEZONE", "Mars/Olympus", "not an IANA time zone"),
        ("MANABI_DEFAULT_LOCALE", "fr", "'ja' or 'en'"),
        ("MANABI_DEFAULT_DELIVERY_TIME", "25:00", "not a time of day"),
        ("DATABASE_URL", "manabi.db", "expected a URL"),
        ("SLACK_API_URL", "ftp://x", "http(s) URL"),
        ("MANABI_LOG_LEVEL", "loud", "not a log level"),
        ("MANABI_DEFAULT_CALENDAR", "XX", "not a country calendar"),
        ("MICROSOFT_APP_CERTIFICATE", "/nonexistent/cert.pem", "no such file"),
    ],
)
def test_a_wrong_value_names_the_variable_and_why(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, why: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as caught:
        make_settings()
    assert str(caught.value).startswith(f"{variable}: ")
    assert why in str(caught.value)


def test_secrets_are_not_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test-secret")
    settings = make_settings()
    assert "xoxb-test-secret" not in repr(settings)


def test_every_setting_is_documented_in_the_readme() -> None:
    from pydantic import AliasChoices

    from bot.config import ROOT, Settings

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    undocumented = []
    for name, info in Settings.model_fields.items():
        alias = info.validation_alias
        variable = alias.choices[0] if isinstance(alias, AliasChoices) else name.upper()
        if f"`{variable}" not in readme and f"{variable}`" not in readme:
            undocumented.append(variable)
    assert undocumented == []


def test_the_coach_takes_each_of_its_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable, value in {
        "MANABI_DEFAULT_TIMEZONE": "Europe/Berlin",
        "MANABI_DEFAULT_LOCALE": "en",
        "MANABI_DEFAULT_DELIVERY_TIME": "07:15",
        "MANABI_DEFAULT_CALENDAR": "DE",
        "MANABI_QUIZ_PER_LESSON": "2",
        "MANABI_REVIEW_BATCH": "9",
        "MANABI_RETAIN_QUESTIONS": "true",
        "MIN_GROUP_SIZE": "7",
    }.items():
        monkeypatch.setenv(variable, value)
    assert coach_config(make_settings()) == CoachConfig(
        default_timezone="Europe/Berlin",
        default_locale="en",
        default_delivery_minute=7 * 60 + 15,
        default_calendar="DE",
        quiz_per_lesson=2,
        review_batch=9,
        retain_questions=True,
        min_group_size=7,
    )


def test_a_setting_is_read_from_manabi_and_its_name_unless_it_names_its_own() -> None:
    from bot.cli_config import variables_of
    from bot.config import Settings

    assert variables_of("review_batch") == ["MANABI_REVIEW_BATCH"]
    assert variables_of("scheduler_enabled") == ["MANABI_SCHEDULER"]
    assert variables_of("database_url") == ["DATABASE_URL"]
    assert variables_of("slack_bot_token") == ["SLACK_BOT_TOKEN"]
    read = Settings(
        _env_file=None,
        MANABI_REVIEW_BATCH=9,
        MANABI_DATABASE_URL="sqlite+aiosqlite:///not-read.db",
        DATABASE_URL="sqlite+aiosqlite:///read.db",
    )
    assert (read.review_batch, read.database_url) == (9, "sqlite+aiosqlite:///read.db")
