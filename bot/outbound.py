"""The Notifier the handlers see: routes each message to its platform's implementation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import structlog

from domain.refs import PersonRef, Platform
from handlers.ports import Notifier, OutgoingMessage, PlatformProfile, ProfileDirectory, SentMessage

log = structlog.get_logger(__name__)


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class PlatformNotifier:
    slack: Notifier | None = None
    line: Notifier | None = None

    async def send(self, message: OutgoingMessage) -> SentMessage | None:
        target = self._target(message.chat.platform)
        return await target.send(message) if target else None

    async def update(self, ref: SentMessage, message: OutgoingMessage) -> None:
        target = self._target(ref.chat.platform)
        if target:
            await target.update(ref, message)

    async def publish_home(self, person: PersonRef, message: OutgoingMessage) -> None:
        target = self._target(person.platform)
        if target:
            await target.publish_home(person, message)

    def _target(self, platform: Platform) -> Notifier | None:
        target = self.slack if platform is Platform.SLACK else self.line
        if target is None:
            log.warning("notify.platform_not_configured", platform=platform.value)
        return target


@dataclass
class PlatformDirectory:
    slack: ProfileDirectory | None = None
    line: ProfileDirectory | None = None

    async def lookup(self, ref: PersonRef) -> PlatformProfile | None:
        source = self.slack if ref.platform is Platform.SLACK else self.line
        return await source.lookup(ref) if source else None
