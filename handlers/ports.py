"""Ports the handlers need from the outside world. Implementations live in `bot/` (real) and in
the tests (fakes at the edges only)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TypeVar

from pydantic import BaseModel

from domain.refs import ChatRef, Locale, PersonRef, ReplyHandle

Structured = TypeVar("Structured", bound=BaseModel)


POSTBACK_DATA_LIMIT = 300  # LINE's postback `data` limit


@dataclass(frozen=True, slots=True)
class QuickReply:
    """A tappable suggestion (LINE quick reply / Slack button) that sends `text` when tapped.

    With `data` the tap is a postback: the chat shows `text`, Yui receives `data` (≤ 300 chars).
    """

    label: str
    text: str
    data: str | None = None

    def __post_init__(self) -> None:
        if self.data is not None and len(self.data) > POSTBACK_DATA_LIMIT:
            raise ValueError(f"postback data over {POSTBACK_DATA_LIMIT} characters: {self.data[:40]}…")


@dataclass(frozen=True, slots=True)
class Field:
    """A labelled value on a card (Block Kit section field / a "label: value" line on LINE)."""

    label: str
    value: str


class ActionStyle(enum.StrEnum):
    DEFAULT = "default"
    PRIMARY = "primary"
    DANGER = "danger"


@dataclass(frozen=True, slots=True)
class Action:
    """A button. `action_id` names what it does ("task.confirm"); `value` is what it acts on."""

    label: str
    action_id: str
    value: str
    style: ActionStyle = ActionStyle.DEFAULT


@dataclass(frozen=True, slots=True)
class Card:
    """One item of a list shown as cards: a LINE Flex carousel bubble, a Block Kit section group.

    `percent` draws a progress bar (0-100) under the fields; `actions` are its buttons (postbacks
    on LINE, so each `value` must fit LINE's 300-character postback data).
    """

    header: str
    text: str = ""
    fields: tuple[Field, ...] = ()
    percent: int | None = None
    note: str = ""
    actions: tuple[Action, ...] = ()


class ChatUnavailable(Exception):
    """The platform refused to deliver into that chat (Yui is not a member of the channel, or it
    is gone). A handler can send to the person instead; the message is not lost silently."""


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file sent with a message (a CSV export): Slack uploads it into the chat with the text as
    its comment. Only Slack takes files; nothing sends one to LINE."""

    filename: str
    content: bytes
    title: str


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """One message from Yui. The Notifier turns it into Block Kit or a LINE message.

    `reply`: answer through the platform's reply handle when it is still usable (LINE reply token,
    Slack response_url), else send a new message. `ephemeral_to`: only this person sees it (Slack).
    `header`, `fields`, `actions` and `note` make it a card; `text` is its lead and the
    notification / plain-text fallback. `cards` follow the lead as a list (a LINE carousel, Block
    Kit sections): my tasks, a digest's tasks. To answer in a Slack thread, give `chat` a `thread_id`.
    """

    chat: ChatRef
    text: str
    reply: ReplyHandle | None = None
    quick_replies: tuple[QuickReply, ...] = ()
    ephemeral_to: PersonRef | None = None
    header: str = ""
    fields: tuple[Field, ...] = ()
    actions: tuple[Action, ...] = ()
    note: str = ""
    cards: tuple[Card, ...] = ()
    attachment: Attachment | None = None
    # LINE push: one key for every attempt of one logical message, so LINE delivers it at most
    # once within 24 h even when it is sent again later (a digest resent after a crash).
    retry_key: str | None = None
    # An earlier attempt with this `retry_key` may already have been delivered (a digest sent again
    # after a run died): Slack has no retry key, so its notifier looks for that message first.
    resend: bool = False
    # Plain text shown just before this message, in the same send: on LINE both go in one push
    # (one message of the quota instead of two), e.g. an absence notice ahead of the cover card.
    preface: str = ""


@dataclass(frozen=True, slots=True)
class SentMessage:
    """Where a sent message landed, to update it later (Slack: channel + ts)."""

    chat: ChatRef
    message_id: str


class Notifier(Protocol):
    async def send(self, message: OutgoingMessage) -> SentMessage | None:
        """Send; the reference is None where the platform cannot update messages (LINE, response_url)."""
        ...

    async def update(self, ref: SentMessage, message: OutgoingMessage) -> None:
        """Replace a message sent earlier (Slack chat.update); platforms without edits send anew."""
        ...

    async def publish_home(self, person: PersonRef, message: OutgoingMessage) -> None:
        """Show `message` as the person's home view (Slack App Home); a no-op elsewhere."""
        ...


@dataclass(frozen=True, slots=True)
class PlatformProfile:
    display_name: str
    language: str | None  # platform language tag: "ja", "en", "ja-JP" ...
    is_admin: bool = False  # a Slack workspace admin or owner (bootstraps the first coordinator)


class ProfileDirectory(Protocol):
    """Looks a platform account up (LINE profile, Slack users.info)."""

    async def lookup(self, ref: PersonRef) -> PlatformProfile | None: ...


@dataclass(frozen=True, slots=True)
class PrivacyNotice:
    """What the first greeting says about personal data (APPI): where the operator's notice is,
    and whether an external LLM may read the messages (only when one is configured)."""

    url: str = ""
    external_llm: bool = False


class LanguageModel(Protocol):
    """An LLM used for structured extraction. `None` means "not available, use the rules"."""

    async def extract(self, prompt: str, schema: type[Structured]) -> Structured | None: ...


class TextModelError(Exception):
    """The LLM gave no usable text: `reason` says why (timeout, http_error, refused ...), for the log."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TextModel(Protocol):
    """An LLM used for free text (a digest's narrative). One call; raises `TextModelError` on any
    failure, and gives up after `timeout` seconds. The caller checks what comes back."""

    async def write(self, prompt: str, *, timeout: float) -> str: ...


class Clock(Protocol):
    def now(self) -> datetime: ...


class RichMenus(Protocol):
    """The LINE rich menu a person sees: Japanese is everyone's default, another language's menu is
    linked to the people who speak it, the leaders' menu to team leaders (`yui line setup-richmenu`
    creates them)."""

    async def use_menu(self, person: PersonRef, locale: Locale, *, leader: bool = False) -> bool:
        """True when a menu was linked to the person (False: the default suits them)."""
        ...


class DefaultRichMenus:
    """Where no platform offers per-person menus (tests, Slack only): everyone keeps the default."""

    async def use_menu(self, person: PersonRef, locale: Locale, *, leader: bool = False) -> bool:
        return False
