"""Everything a Yui process needs besides HTTP: database, inbox, platform clients, LLM, the bus.

Built once per process, inside the running event loop (the LINE `AsyncApiClient` and the aiohttp
sessions must be), by the web app's lifespan and by `yui worker` alike, and closed in reverse.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from linebot.v3.messaging import AsyncApiClient, AsyncMessagingApi, Configuration
from openai import AsyncOpenAI
from slack_sdk.web.async_client import AsyncWebClient

from bot.line.notifier import LineDirectory, LineNotifier, PushLedger
from bot.line.quota import MonthlyLimitAlarm
from bot.line.richmenu import LineRichMenus
from bot.llm import OfflineLanguageModel, OpenAILanguageModel
from bot.outbound import PlatformDirectory, PlatformNotifier
from bot.settings import Settings
from bot.slack.notifier import SlackDirectory, SlackNotifier, build_client
from domain.persistence import Database, SchemaNotMigrated, SqlInbox
from domain.refs import Platform
from handlers.bootstrap import bootstrap
from handlers.digest_delivery import ComposedDigests, DigestContent
from handlers.messagebus import MessageBus
from handlers.narrative_writer import narrative_writer
from handlers.ports import Clock, LanguageModel, Notifier, PrivacyNotice
from handlers.reminders import count_line_push


@dataclass(frozen=True)
class Services:
    settings: Settings
    clock: Clock
    database: Database
    inbox: SqlInbox
    bus: MessageBus
    slack_client: AsyncWebClient | None
    line_api: AsyncMessagingApi | None
    notifier: Notifier | None = None  # what the bus sends through, for timed jobs that send
    digests: DigestContent | None = None  # what a digest says: the LLM narrative when configured
    line_pushes: PushLedger | None = None  # counts every LINE push per person and day (when LINE is configured)

    @property
    def platforms(self) -> frozenset[Platform]:
        """The chat platforms this process can send on (credentials configured)."""
        configured = ((Platform.SLACK, self.slack_client), (Platform.LINE, self.line_api))
        return frozenset(platform for platform, client in configured if client is not None)


@asynccontextmanager
async def open_services(settings: Settings, clock: Clock) -> AsyncIterator[Services]:
    database = Database(settings.database_url)
    try:
        status = await database.schema_status()
        if not status.up_to_date:
            raise SchemaNotMigrated(
                f"The database schema is at {status.current or 'nothing'}, this Yui needs {status.head}. "
                "Run `yui db upgrade` first."
            )
        inbox = database.inbox()
        await inbox.start()
        line_client = None
        line_api = None
        if settings.line_configured:
            assert settings.line_channel_access_token
            line_client = AsyncApiClient(
                Configuration(
                    host=settings.line_api_url, access_token=settings.line_channel_access_token.get_secret_value()
                )
            )
            line_api = AsyncMessagingApi(line_client)
        slack_client = None
        if settings.slack_configured:
            assert settings.slack_bot_token
            slack_client = build_client(settings.slack_bot_token.get_secret_value(), settings.slack_api_url)
        llm: LanguageModel = OfflineLanguageModel()
        text_model: OpenAILanguageModel | None = None
        openai_client = None
        if settings.openai_api_key:
            openai_client = AsyncOpenAI(
                api_key=settings.openai_api_key.get_secret_value(),
                base_url=settings.openai_base_url,
                timeout=settings.llm_timeout_seconds,
                max_retries=1,
            )
            llm = OpenAILanguageModel(openai_client, settings.llm_model)
            text_model = llm
        line_pushes = (
            PushLedger(lambda chat, at: count_line_push(chat, at, database.unit_of_work())) if line_api else None
        )
        line_limit = MonthlyLimitAlarm(inbox, clock, settings.timezone) if line_api else None
        notifier = PlatformNotifier(
            slack=SlackNotifier(slack_client) if slack_client else None,
            line=LineNotifier(line_api, clock, pushes=line_pushes, monthly_limit=line_limit) if line_api else None,
        )
        # Digests: the LLM writes the narrative when one is configured (names masked unless turned off),
        # checked against the facts; the template otherwise, and whenever the LLM fails.
        digests = ComposedDigests(
            narrative_writer(
                text_model,
                timeout=settings.digest_llm_timeout_seconds,
                pseudonymise=settings.llm_pseudonyms is not False,
            ),
            clock,
        )
        bus = bootstrap(
            uow_factory=database.unit_of_work,
            notifier=notifier,
            directory=PlatformDirectory(
                slack=SlackDirectory(slack_client) if slack_client else None,
                line=LineDirectory(line_api) if line_api else None,
            ),
            llm=llm,
            clock=clock,
            menus=LineRichMenus(line_api) if line_api else None,
            digests=digests,
            privacy=PrivacyNotice(settings.privacy_url, external_llm=settings.openai_api_key is not None),
        )
        try:
            yield Services(
                settings, clock, database, inbox, bus, slack_client, line_api, notifier, digests, line_pushes
            )
        finally:
            if line_pushes is not None:
                await line_pushes.drain()
            if line_limit is not None:
                await line_limit.drain()
            await inbox.stop()
            if line_client:
                await line_client.close()
            if openai_client:
                await openai_client.close()
    finally:
        await database.dispose()
