"""Ports the handlers need from the outside world. Implementations live in `bot/` (real) and in
the tests (fakes at the edges only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TypeVar

from pydantic import BaseModel

from domain.refs import ChatRef, PersonRef, ReplyHandle

Structured = TypeVar("Structured", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class QuickReply:
    """A tappable suggestion (LINE quick reply / Slack button) that sends `text` when tapped."""

    label: str
    text: str


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """One message from Yui. The Notifier turns it into Block Kit or a LINE message.

    `reply`: answer through the platform's reply handle when it is still usable (LINE reply token,
    Slack response_url), else send a new message. `ephemeral_to`: only this person sees it (Slack).
    """

    chat: ChatRef
    text: str
    reply: ReplyHandle | None = None
    quick_replies: tuple[QuickReply, ...] = ()
    ephemeral_to: PersonRef | None = None


class Notifier(Protocol):
    async def send(self, message: OutgoingMessage) -> None: ...


@dataclass(frozen=True, slots=True)
class PlatformProfile:
    display_name: str
    language: str | None  # platform language tag: "ja", "en", "ja-JP" ...


class ProfileDirectory(Protocol):
    """Looks a platform account up (LINE profile, Slack users.info)."""

    async def lookup(self, ref: PersonRef) -> PlatformProfile | None: ...


class LanguageModel(Protocol):
    """An LLM used for structured extraction. `None` means "not available, use the rules"."""

    async def extract(self, prompt: str, schema: type[Structured]) -> Structured | None: ...


class Clock(Protocol):
    def now(self) -> datetime: ...
