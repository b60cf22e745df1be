"""The one typed configuration object, read from the environment (and `.env`) in the app factory."""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = f"sqlite+aiosqlite:///{Path('yui.db').resolve()}"


def _env(name: str) -> AliasChoices:
    return AliasChoices(name, name.lower())


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str = Field(DEFAULT_DATABASE_URL, validation_alias=_env("YUI_DATABASE_URL"))

    slack_signing_secret: SecretStr | None = Field(None, validation_alias=_env("SLACK_SIGNING_SECRET"))
    slack_bot_token: SecretStr | None = Field(None, validation_alias=_env("SLACK_BOT_TOKEN"))
    slack_api_url: str = Field("https://slack.com/api/", validation_alias=_env("YUI_SLACK_API_URL"))

    line_channel_secret: SecretStr | None = Field(None, validation_alias=_env("LINE_CHANNEL_SECRET"))
    line_channel_access_token: SecretStr | None = Field(None, validation_alias=_env("LINE_CHANNEL_ACCESS_TOKEN"))
    line_api_url: str = Field("https://api.line.me", validation_alias=_env("YUI_LINE_API_URL"))

    openai_api_key: SecretStr | None = Field(None, validation_alias=_env("OPENAI_API_KEY"))
    openai_base_url: str | None = Field(None, validation_alias=_env("OPENAI_BASE_URL"))
    llm_model: str = Field("gpt-4o-mini", validation_alias=_env("YUI_LLM_MODEL"))
    # The operator's privacy notice (APPI), linked from the first greeting in LINE.
    privacy_url: str = Field("", validation_alias=_env("YUI_PRIVACY_URL"))
    llm_timeout_seconds: float = Field(20.0, validation_alias=_env("YUI_LLM_TIMEOUT"))
    # Digests: names replaced by メンバーA ... before a prompt leaves (None: on when an LLM is
    # configured), how long one narrative may take, and how many are written at once.
    llm_pseudonyms: bool | None = Field(None, validation_alias=_env("YUI_LLM_PSEUDONYMS"))
    digest_llm_timeout_seconds: float = Field(15.0, gt=0, validation_alias=_env("YUI_DIGEST_LLM_TIMEOUT"))
    digest_llm_concurrency: int = Field(4, ge=1, validation_alias=_env("YUI_DIGEST_LLM_CONCURRENCY"))

    # Web console (issue 17): the secret that signs its session cookies (random per process when
    # unset: sign-ins then end with a restart), the address people open it at (links, Slack's
    # redirect), Sign in with Slack's app credentials, and how long a `yui console link` lasts.
    console_secret: SecretStr | None = Field(None, validation_alias=_env("YUI_CONSOLE_SECRET"))
    console_url: str | None = Field(None, validation_alias=_env("YUI_CONSOLE_URL"))
    slack_client_id: str | None = Field(None, validation_alias=_env("SLACK_CLIENT_ID"))
    slack_client_secret: SecretStr | None = Field(None, validation_alias=_env("SLACK_CLIENT_SECRET"))
    slack_authorize_url: str = Field(
        "https://slack.com/openid/connect/authorize", validation_alias=_env("YUI_SLACK_AUTHORIZE_URL")
    )
    console_link_minutes: int = Field(15, ge=1, le=24 * 60, validation_alias=_env("YUI_CONSOLE_LINK_MINUTES"))

    timezone: str = Field("Asia/Tokyo", validation_alias=_env("YUI_TIMEZONE"))
    host: str = Field("127.0.0.1", validation_alias=_env("YUI_HOST"))
    port: int = Field(8000, validation_alias=_env("YUI_PORT"))
    log_format: str = Field("auto", validation_alias=_env("YUI_LOG_FORMAT"))
    log_level: str = Field("INFO", validation_alias=_env("YUI_LOG_LEVEL"))
    max_body_bytes: int = Field(1024 * 1024, validation_alias=_env("YUI_MAX_BODY_BYTES"))

    # Who handles stored events: a worker process started by `yui serve` (default), a worker
    # inside the web process (demo, tests, small installs), or `yui worker` run separately.
    worker: Literal["process", "inline", "external"] = Field("process", validation_alias=_env("YUI_WORKER"))
    worker_poll_seconds: float = Field(0.2, gt=0, validation_alias=_env("YUI_WORKER_POLL_SECONDS"))
    worker_concurrency: int = Field(16, ge=1, validation_alias=_env("YUI_WORKER_CONCURRENCY"))
    # An offer nobody answered in this time expires and goes to the next candidate.
    offer_ttl_hours: float = Field(24, gt=0, validation_alias=_env("YUI_OFFER_TTL_HOURS"))
    # Stored webhooks (message text, absence reasons) are deleted this many days after they were
    # handled; failed ones are kept longer, for an operator to look into.
    # /readyz answers 503 when the oldest event waiting to be handled is older than this: handling is stuck.
    ready_max_wait_seconds: float = Field(300, gt=0, validation_alias=_env("YUI_READY_MAX_WAIT_SECONDS"))
    inbox_retention_days: float = Field(30, gt=0, validation_alias=_env("YUI_INBOX_RETENTION_DAYS"))
    inbox_failed_retention_days: float = Field(90, gt=0, validation_alias=_env("YUI_INBOX_FAILED_RETENTION_DAYS"))

    @field_validator("slack_api_url")
    @classmethod
    def _slack_url_has_slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"  # slack_sdk urljoins method names

    @field_validator("line_api_url")
    @classmethod
    def _line_url_without_slash(cls, value: str) -> str:
        return value.rstrip("/")  # line-bot-sdk appends "/v2/bot/..."

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown timezone {value!r} (expected an IANA name such as Asia/Tokyo)") from exc
        return value

    @field_validator(
        "slack_signing_secret",
        "slack_bot_token",
        "line_channel_secret",
        "line_channel_access_token",
        "openai_api_key",
        "openai_base_url",
        "llm_pseudonyms",
        "console_secret",
        "console_url",
        "slack_client_id",
        "slack_client_secret",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    def to_environment(self) -> dict[str, str]:
        """These settings as environment variables, for a child process (`yui worker`).

        Unset secrets become empty strings so a `.env` file cannot fill in what the parent left out.
        """
        env: dict[str, str] = {}
        for name, field in type(self).model_fields.items():
            alias = field.validation_alias
            assert isinstance(alias, AliasChoices)
            value = getattr(self, name)
            if isinstance(value, SecretStr):
                value = value.get_secret_value()
            env[str(alias.choices[0])] = "" if value is None else str(value)
        return env

    @property
    def slack_configured(self) -> bool:
        return self.slack_signing_secret is not None and self.slack_bot_token is not None

    @property
    def line_configured(self) -> bool:
        return self.line_channel_secret is not None and self.line_channel_access_token is not None

    @property
    def llm_configured(self) -> bool:
        return self.openai_api_key is not None

    @property
    def console_base_url(self) -> str:
        """Where the console is reached from a browser, without a trailing slash."""
        return (self.console_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def slack_sign_in_configured(self) -> bool:
        return bool(self.slack_client_id) and self.slack_client_secret is not None

    @property
    def pseudonymise_names(self) -> bool:
        """Pseudonyms for names sent to the LLM: as set, else on whenever an LLM is configured."""
        return self.llm_configured if self.llm_pseudonyms is None else self.llm_pseudonyms
