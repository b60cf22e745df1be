"""The Notifier the handlers see: routes each message to its platform's implementation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import structlog

from domain.refs import PersonRef, Platform
from handlers.ports import Notifier, OutgoingMessage, PlatformProfile, ProfileDirectory

log = structlog.get_logger(__name__)


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class PlatformNotifier:
    slack: Notifier | None = None
    line: Notifier | None = None

    async def send(self, message: OutgoingMessage) -> None:
        target = self.slack if message.chat.platform is Platform.SLACK else self.line
        if target is None:
            log.warning("notify.platform_not_configured", platform=message.chat.platform.value)
            return
        await target.send(message)


@dataclass
class PlatformDirectory:
    slack: ProfileDirectory | None = None
    line: ProfileDirectory | None = None

    async def lookup(self, ref: PersonRef) -> PlatformProfile | None:
        source = self.slack if ref.platform is Platform.SLACK else self.line
        return await source.lookup(ref) if source else None
