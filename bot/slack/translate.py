"""Slack payloads → domain commands. Pure functions: no I/O, easy to test with fixture bodies."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from domain.refs import ChatRef, PersonRef, Platform, ReplyHandle
from handlers.commands import HandleMessage, HandleSlashCommand

Body = Mapping[str, Any]


def team_of(body: Body) -> str:
    team = body.get("team_id") or body.get("team", {}).get("id") or body.get("user", {}).get("team_id")
    return str(team or "")


def mention_or_dm(body: Body) -> HandleMessage | None:
    """An app_mention, or a message in a DM with Yui; None for anything else (bots, edits, channels)."""
    event = body.get("event", {})
    kind = event.get("type")
    if kind == "message" and (event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id")):
        return None
    if kind not in {"app_mention", "message"} or not event.get("user"):
        return None
    team = team_of(body)
    # Answer a mention in its thread so a busy channel stays readable; a DM needs no thread.
    thread = event.get("thread_ts") or (event.get("ts") if kind == "app_mention" else None)
    return HandleMessage(
        person=PersonRef(Platform.SLACK, team, event["user"]),
        chat=ChatRef(Platform.SLACK, team, event.get("channel", ""), thread),
        reply=None,
        locale_hint=None,
        text=str(event.get("text", "")),
    )


def slash_command(body: Body, received_at: datetime) -> HandleSlashCommand:
    team = team_of(body)
    response_url = body.get("response_url")
    return HandleSlashCommand(
        person=PersonRef(Platform.SLACK, team, str(body.get("user_id", ""))),
        chat=ChatRef(Platform.SLACK, team, str(body.get("channel_id", ""))),
        reply=ReplyHandle(str(response_url), received_at) if response_url else None,
        locale_hint=None,
        text=str(body.get("text", "")),
    )
