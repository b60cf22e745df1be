"""Commands: what someone asked Yui to do (imperative names, frozen, platform-neutral)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.refs import ChatRef, Locale, PersonRef, ReplyHandle


@dataclass(frozen=True, slots=True)
class Command:
    """Every command comes from a person in a chat and may be answered there."""

    person: PersonRef
    chat: ChatRef
    reply: ReplyHandle | None
    locale_hint: Locale | None  # from the platform payload when it carries one


@dataclass(frozen=True, slots=True)
class WelcomeFollower(Command):
    """A LINE user followed the account (or unblocked it)."""


@dataclass(frozen=True, slots=True)
class MarkUnfollowed(Command):
    """A LINE user blocked the account: stop pushing to them."""


@dataclass(frozen=True, slots=True)
class HandleMessage(Command):
    """A free-text message: a LINE chat message, a Slack mention or DM."""

    text: str


@dataclass(frozen=True, slots=True)
class HandleSlashCommand(Command):
    """`/yui <text>` in Slack; the handler reads the subcommand (help, task, 案件, ...)."""

    text: str
