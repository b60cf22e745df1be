"""Deterministic intent rules for short chat messages (the offline path; no LLM needed).

Later capabilities (task drafts, progress reports, absences) add their own parsers; this module
only recognises the conversational basics every platform shares.
"""

from __future__ import annotations

import enum
import re

from domain.text import normalize


class Intent(enum.StrEnum):
    HELP = "help"
    GREETING = "greeting"
    UNKNOWN = "unknown"


_HELP_ALONE = re.compile(r"^(?:\?+|menu|メニュー)$", re.IGNORECASE)
# Asking how to use Yui anywhere in a sentence: 「こんにちは、使い方を教えて」 is a help request.
_HELP_WORDS = re.compile(
    r"help|how (?:do|can) i|what can you do|ヘルプ|へるぷ|使い方|つかいかた|何ができ|なにができ|できること",
    re.IGNORECASE,
)
_GREETING = re.compile(
    r"^(?:hi|hello|hey|hi there|good (?:morning|afternoon|evening)|こんにちは|こんにちわ|おはよう(?:ございます)?|"
    r"こんばんは|こんばんわ|はじめまして|よろしく(?:お願い(?:します|いたします))?)$",
    re.IGNORECASE,
)
_TRAILING_PUNCT = re.compile(r"[!！。.、,~〜ー♪☺😊🙏\s]+$")
_SLACK_MENTION = re.compile(r"<[@!#][^>]*>")


def strip_mentions(text: str) -> str:
    """Remove Slack mention tokens (<@U123>, <!here>, <#C1|x>) so only the person's words remain."""
    return normalize(_SLACK_MENTION.sub(" ", text))


def classify(text: str) -> Intent:
    words = _TRAILING_PUNCT.sub("", normalize(text))
    if not words or _HELP_ALONE.match(words) or _HELP_WORDS.search(words):
        return Intent.HELP
    if _GREETING.match(words):
        return Intent.GREETING
    return Intent.UNKNOWN


class SlashCommand(enum.StrEnum):
    HELP = "help"
    TASK = "task"
    TASKS = "tasks"
    STATUS = "status"
    DIGEST = "digest"
    LINK = "link"
    UNKNOWN = "unknown"


_SLASH_ALIASES: dict[str, SlashCommand] = {
    "help": SlashCommand.HELP,
    "ヘルプ": SlashCommand.HELP,
    "使い方": SlashCommand.HELP,
    "?": SlashCommand.HELP,
    "task": SlashCommand.TASK,
    "案件": SlashCommand.TASK,
    "登録": SlashCommand.TASK,
    "tasks": SlashCommand.TASKS,
    "案件一覧": SlashCommand.TASKS,
    "一覧": SlashCommand.TASKS,
    "status": SlashCommand.STATUS,
    "進捗": SlashCommand.STATUS,
    "digest": SlashCommand.DIGEST,
    "まとめ": SlashCommand.DIGEST,
    "link": SlashCommand.LINK,
    "連携": SlashCommand.LINK,
}


def parse_slash(text: str) -> tuple[SlashCommand, str, str]:
    """Split `/yui` text into (subcommand, the word as typed, the rest). Empty text means help."""
    words = normalize(text).split(" ", 1)
    head = words[0]
    rest = words[1] if len(words) > 1 else ""
    if not head:
        return SlashCommand.HELP, "", ""
    return _SLASH_ALIASES.get(head.lower(), SlashCommand.UNKNOWN), head, rest
