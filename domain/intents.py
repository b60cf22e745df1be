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
    TASK_REQUEST = "task_request"  # a client asking for work to be done: draft a task
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


# A work request names an amount of work or a deadline, and asks for it to be done.
_WORK_AMOUNT = re.compile(
    r"(?:\d[\d,]*|[一二三四五六七八九十百千万]+)\s*(?:件|枚|時間|記事|ページ|頁|本|文字|名分|人分|社|商品|投稿|レコード)"
    r"|\b\d[\d,]*\s+(?:items?|invoices?|receipts?|pages?|hours?|articles?|records?|entries|rows|images?|photos?|posts?)\b",
    re.IGNORECASE,
)
_DEADLINE_WORDS = re.compile(
    r"まで(?:に)?|締め?切り?|〆切|納期|期限|\d{1,2}\s*/\s*\d{1,2}|\d{1,2}月\d{1,2}日|明日|明後日|来週|今週|月末|週末"
    r"|\b(?:by|before|due|until|deadline)\b|\b(?:tomorrow|next\s+week|end\s+of)\b",
    re.IGNORECASE,
)
_REQUEST_VERB = re.compile(
    r"お願い|依頼|頼みたい|頼めますか|頼めません|発注|外注|委託|募集|やってほしい|してほしい|して欲しい|いただけ|もらえ"
    r"|\bplease\b|\bneed(?:s|ed)?\b|\bwant\s+(?:someone|help)|\blooking\s+for\b|\bcould\s+you\b|\bcan\s+you\b",
    re.IGNORECASE,
)


def is_task_request(text: str) -> bool:
    """「来週金曜までに請求書200件の入力をお願いしたい」: an amount or a deadline, plus a request."""
    words = normalize(text)
    return bool(_REQUEST_VERB.search(words)) and bool(_WORK_AMOUNT.search(words) or _DEADLINE_WORDS.search(words))


def classify(text: str) -> Intent:
    words = _TRAILING_PUNCT.sub("", normalize(text))
    if not words or _HELP_ALONE.match(words):
        return Intent.HELP
    if is_task_request(words):  # before the help words: "need help with 200 invoices by Friday" is work
        return Intent.TASK_REQUEST
    if _HELP_WORDS.search(words):
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
    MATCH = "match"
    EXPORT = "export"  # coordinators: reports as CSV
    TEAM = "team"  # coordinators and leaders: teams
    COORDINATOR = "coordinator"  # grant the coordinator role
    REPORT = "report"  # coordinators: the month's programme figures
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
    "match": SlashCommand.MATCH,
    "マッチ": SlashCommand.MATCH,
    "候補": SlashCommand.MATCH,
    "link": SlashCommand.LINK,
    "連携": SlashCommand.LINK,
    "export": SlashCommand.EXPORT,
    "エクスポート": SlashCommand.EXPORT,
    "出力": SlashCommand.EXPORT,
    "csv": SlashCommand.EXPORT,
    "team": SlashCommand.TEAM,
    "teams": SlashCommand.TEAM,
    "チーム": SlashCommand.TEAM,
    "coordinator": SlashCommand.COORDINATOR,
    "コーディネーター": SlashCommand.COORDINATOR,
    "report": SlashCommand.REPORT,
    "レポート": SlashCommand.REPORT,
    "月次": SlashCommand.REPORT,
    "月報": SlashCommand.REPORT,
}


def parse_slash(text: str) -> tuple[SlashCommand, str, str]:
    """Split `/yui` text into (subcommand, the word as typed, the rest). Empty text means help."""
    words = normalize(text).split(" ", 1)
    head = words[0]
    rest = words[1] if len(words) > 1 else ""
    if not head:
        return SlashCommand.HELP, "", ""
    return _SLASH_ALIASES.get(head.lower(), SlashCommand.UNKNOWN), head, rest
