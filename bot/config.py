"""Settings: read once from the environment (and an optional .env) into one typed object."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AliasChoices,
    AliasGenerator,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE = "sqlite+aiosqlite:///var/manabi.db"


def _data_dir(name: str) -> Path:
    """Return lessons/ or prompts/: beside the package in a clone, else in the working dir."""
    beside = ROOT / name
    return beside if beside.is_dir() else Path.cwd() / name


class ConfigError(Exception):
    """The configuration is wrong; the message names each variable and why."""


def env(name: str, *more: str) -> AliasChoices:
    """Name the environment variable(s) a setting is read from, where not MANABI_<ITS NAME>."""
    return AliasChoices(name, *more)


def _manabi_variable(field: str) -> AliasChoices:
    """The environment variable a setting is read from by default: MANABI_ and its name."""
    return AliasChoices(f"MANABI_{field.upper()}")


class Settings(BaseSettings):
    """Everything Manabi reads from its environment. Secrets have no defaults."""

    # A setting is read from MANABI_<ITS NAME> unless its field names another variable (the
    # SDKs' own: DATABASE_URL, OPENAI_API_KEY, SLACK_BOT_TOKEN …); by its field name in code.
    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        populate_by_name=True,
        alias_generator=AliasGenerator(validation_alias=_manabi_variable),
    )

    database_url: str = Field(DEFAULT_SQLITE, validation_alias=env("DATABASE_URL"))
    lessons_dir: Path = Field(default_factory=lambda: _data_dir("lessons"))
    prompts_dir: Path = Field(default_factory=lambda: _data_dir("prompts"))
    default_timezone: str = Field("Asia/Tokyo")
    default_locale: Literal["ja", "en"] = Field("ja")
    default_delivery_time: str = Field("08:30")
    default_calendar: str = Field("JP")
    quiz_per_lesson: int = Field(3, ge=1, le=3)
    review_batch: int = Field(5, ge=1, le=20)
    min_group_size: int = Field(5, ge=2, validation_alias=env("MIN_GROUP_SIZE"))
    log_level: str = Field("INFO")

    # Questions and answers (design §7)
    openai_api_key: SecretStr | None = Field(None, validation_alias=env("OPENAI_API_KEY"))
    openai_base_url: str | None = Field(None, validation_alias=env("OPENAI_BASE_URL"))
    openai_model: str = Field("gpt-4o-mini")
    azure_openai_api_key: SecretStr | None = Field(
        None, validation_alias=env("AZURE_OPENAI_API_KEY")
    )
    azure_openai_endpoint: str | None = Field(None, validation_alias=env("AZURE_OPENAI_ENDPOINT"))
    openai_api_version: str | None = Field(None, validation_alias=env("OPENAI_API_VERSION"))
    retain_questions: bool = Field(False)
    openai_timeout: float = Field(15.0, gt=0)
    openai_max_retries: int = Field(2, ge=0, le=5)
    openai_deadline: float = Field(30.0, gt=0)
    qa_prompt_tokens: int = Field(1800, ge=600)
    qa_answer_tokens: int = Field(450, ge=50)
    qa_history_turns: int = Field(3, ge=0, le=10)
    learner_daily_tokens: int = Field(20000, ge=0)
    org_monthly_tokens: int = Field(5_000_000, ge=0)
    # USD per million tokens, input and output, by model: {"gpt-4o-mini": [0.15, 0.6]}
    llm_prices: Annotated[dict[str, tuple[float, float]], NoDecode] = Field(
        default_factory=lambda: {"gpt-4o-mini": (0.15, 0.60)},
    )

    # Slack (design §8)
    slack_bot_token: SecretStr | None = Field(None, validation_alias=env("SLACK_BOT_TOKEN"))
    slack_signing_secret: SecretStr | None = Field(
        None, validation_alias=env("SLACK_SIGNING_SECRET")
    )
    slack_app_token: SecretStr | None = Field(None, validation_alias=env("SLACK_APP_TOKEN"))
    slack_client_id: str | None = Field(None, validation_alias=env("SLACK_CLIENT_ID"))
    slack_client_secret: SecretStr | None = Field(None, validation_alias=env("SLACK_CLIENT_SECRET"))
    slack_api_url: str | None = Field(None, validation_alias=env("SLACK_API_URL"))
    slack_streaming: bool = Field(True)
    secret_key: SecretStr | None = Field(None)

    # Microsoft Teams (design §8): /api/messages is on when MICROSOFT_APP_ID is set, or when
    # anonymous local development mode is switched on explicitly.
    microsoft_app_id: str | None = Field(None, validation_alias=env("MICROSOFT_APP_ID"))
    microsoft_app_password: SecretStr | None = Field(
        None, validation_alias=env("MICROSOFT_APP_PASSWORD")
    )
    # A PFX certificate file, instead of a password.
    microsoft_app_certificate: Path | None = Field(
        None, validation_alias=env("MICROSOFT_APP_CERTIFICATE")
    )
    microsoft_app_tenant_id: str | None = Field(
        None, validation_alias=env("MICROSOFT_APP_TENANT_ID")
    )
    teams_anonymous: bool = Field(False)
    # Microsoft Graph, for roster emails (users need User.Read.All); override for national clouds.
    graph_url: str | None = Field(None)
    graph_login_url: str | None = Field(None)
    teams_rate_per_tenant: float = Field(50.0, ge=0)
    teams_rate_per_conversation: float = Field(7.0, ge=0)
    teams_app_version: str = Field("1.0.0")
    teams_developer_name: str = Field("Manabi")
    teams_website_url: str | None = Field(None)
    teams_privacy_url: str | None = Field(None)
    teams_terms_url: str | None = Field(None)

    # Delivery (design §6): outbox dispatcher, rate limits and scheduler; 0 = no limit.
    slack_rate_per_workspace: float = Field(5.0, ge=0)
    slack_burst_per_workspace: float = Field(5.0, ge=1)
    slack_open_per_minute: float = Field(  # conversations.open, Tier 4
        100.0, ge=0
    )
    dispatch_enabled: bool = Field(True, validation_alias=env("MANABI_DISPATCH"))
    scheduler_enabled: bool = Field(True, validation_alias=env("MANABI_SCHEDULER"))
    dispatch_batch: int = Field(200, ge=1, le=5000)
    dispatch_concurrency: int = Field(64, ge=1, le=1000)
    dispatch_lease_seconds: float = Field(120.0, ge=5)
    send_max_attempts: int = Field(6, ge=1, le=20)

    # Check this for me (docs/checking.md): lookups in primary sources, each within the timeout.
    check_lookups: bool = Field(True)
    check_timeout: float = Field(2.0, gt=0, le=10)
    egov_api_url: str = Field("https://laws.e-gov.go.jp/api/2")
    crossref_api_url: str = Field("https://api.crossref.org")
    crossref_mailto: str | None = Field(None)

    # Operations (docs/deployment.md): Prometheus metrics on their own port, not the public one;
    # 0 turns the metrics server off.
    metrics_host: str = Field("127.0.0.1")
    metrics_port: int = Field(9100, ge=0, le=65535)

    @field_validator("llm_prices", mode="before")
    @classmethod
    def _prices(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return json.loads(value)
            except json.JSONDecodeError:
                raise ValueError('expected JSON like {"gpt-4o-mini": [0.15, 0.6]}') from None
        return value

    @field_validator("default_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not an IANA time zone (e.g. Asia/Tokyo)") from None
        return value

    @field_validator("default_delivery_time")
    @classmethod
    def _clock_time(cls, value: str) -> str:
        if not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", value):
            raise ValueError(f"{value!r} is not a time of day like 08:30")
        return value

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        if value.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
            raise ValueError(f"{value!r} is not a log level (DEBUG, INFO, WARNING, ERROR)")
        return value.upper()

    @field_validator("default_calendar")
    @classmethod
    def _calendar(cls, value: str) -> str:
        # The registry's codes, remembered on disk: importing `holidays` costs every start.
        from bot.calendars import country_codes

        if value not in country_codes():
            raise ValueError(f"{value!r} is not a country calendar (e.g. JP)")
        return value

    @field_validator("microsoft_app_certificate")
    @classmethod
    def _certificate(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_file():
            raise ValueError(f"no such file: {value}")
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        if "://" not in value:
            raise ValueError("expected a URL like sqlite+aiosqlite:///var/manabi.db")
        return value

    @field_validator(
        "openai_base_url",
        "slack_api_url",
        "azure_openai_endpoint",
        "egov_api_url",
        "crossref_api_url",
        "graph_url",
        "graph_login_url",
    )
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^https?://", value):
            raise ValueError("expected an http(s) URL")
        return value

    @field_validator("teams_website_url", "teams_privacy_url", "teams_terms_url")
    @classmethod
    def _https_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("https://"):
            raise ValueError("expected an https:// URL (Teams requires https)")
        return value

    @property
    def teams_enabled(self) -> bool:
        """Is /api/messages on: an app id is set, or anonymous local mode is switched on?"""
        return bool(self.microsoft_app_id) or self.teams_anonymous

    @property
    def default_delivery_minute(self) -> int:
        """The default delivery time as minutes after midnight."""
        hours, minutes = self.default_delivery_time.split(":")
        return int(hours) * 60 + int(minutes)


def load_settings(**overrides: object) -> Settings:
    """Read the settings, or raise ConfigError naming every wrong variable and why."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            field = str(err["loc"][0]) if err["loc"] else "?"
            lines.append(f"{_variable(field)}: {err['msg'].removeprefix('Value error, ')}")
        raise ConfigError("; ".join(lines)) from None


def _variable(field: str) -> str:
    """Return the environment variable a settings field is read from."""
    info = Settings.model_fields.get(field)
    alias = info.validation_alias if info else None
    if isinstance(alias, AliasChoices):
        return str(alias.choices[0])
    return field.upper()
