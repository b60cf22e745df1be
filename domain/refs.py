"""Platform-neutral references to people and conversations.

Adapters translate Slack and LINE payloads into these values; nothing below `bot/` ever sees an
SDK object or a raw payload dict.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class Platform(enum.StrEnum):
    SLACK = "slack"
    LINE = "line"
    # Yui itself, for its timed jobs: not a chat platform (no person or chat ever has it); a job's
    # time slot is stored in the inbox like a platform event, so each slot runs exactly once.
    YUI = "yui"


class Locale(enum.StrEnum):
    JA = "ja"
    EN = "en"

    @classmethod
    def from_tag(cls, tag: str | None) -> Locale:
        """Map a platform language tag ("ja", "ja-JP", "en-US", "en_GB") to a supported locale.

        Japanese is the default: anything we do not support yet is shown in Japanese.
        """
        if tag and tag.lower().replace("_", "-").split("-")[0] == "en":
            return cls.EN
        return cls.JA


@dataclass(frozen=True, slots=True)
class PersonRef:
    """One platform account: a Slack user in a workspace, or a LINE user of a channel.

    `workspace` is the Slack team_id or the LINE bot's destination id: an account id only means
    something inside it.
    """

    platform: Platform
    workspace: str
    user_id: str


@dataclass(frozen=True, slots=True)
class ReplyHandle:
    """What a platform gives us to answer an inbound event cheaply.

    LINE: a single-use reply token that is free to use but expires about a minute after the event.
    Slack: a response_url for slash commands and interactions (ephemeral answers).
    """

    token: str
    received_at: datetime


@dataclass(frozen=True, slots=True)
class ChatRef:
    """Where a conversation happens: a Slack channel/DM, or a LINE 1:1 chat, group or room."""

    platform: Platform
    workspace: str
    channel_id: str
    thread_id: str | None = None
