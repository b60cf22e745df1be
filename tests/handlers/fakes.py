"""Fakes for the ports at the edge (platform messaging, profile lookup, LLM, clock)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from pydantic import BaseModel

from domain.refs import PersonRef
from handlers.ports import OutgoingMessage, PlatformProfile, SentMessage, Structured


class FakeNotifier:
    def __init__(self, *, fail: bool = False) -> None:
        self.sent: list[OutgoingMessage] = []
        self.updated: list[tuple[SentMessage, OutgoingMessage]] = []
        self.homes: list[tuple[PersonRef, OutgoingMessage]] = []
        self.fail = fail
        self._count = itertools.count(1)

    async def send(self, message: OutgoingMessage) -> SentMessage | None:
        if self.fail:
            raise ConnectionError("platform down")
        self.sent.append(message)
        if message.reply is not None or message.ephemeral_to is not None:
            return None
        return SentMessage(message.chat, f"1700000000.{next(self._count):06d}")

    async def update(self, ref: SentMessage, message: OutgoingMessage) -> None:
        self.updated.append((ref, message))

    async def publish_home(self, person: PersonRef, message: OutgoingMessage) -> None:
        self.homes.append((person, message))


class FakeDirectory:
    def __init__(self, profiles: dict[str, PlatformProfile] | None = None) -> None:
        self.profiles = profiles or {}
        self.lookups: list[PersonRef] = []

    async def lookup(self, ref: PersonRef) -> PlatformProfile | None:
        self.lookups.append(ref)
        return self.profiles.get(ref.user_id)


class FakeLLM:
    def __init__(self, answer: BaseModel | None = None) -> None:
        self.answer = answer
        self.prompts: list[str] = []

    async def extract(self, prompt: str, schema: type[Structured]) -> Structured | None:
        self.prompts.append(prompt)
        return schema.model_validate(self.answer.model_dump()) if self.answer is not None else None


class FixedClock:
    def now(self) -> datetime:
        return datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
