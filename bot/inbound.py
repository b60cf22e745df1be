"""Stored inbox payloads → domain commands, for the worker.

Ingest stores each event exactly as the platform sent it (plus the LINE `destination`, which the
platform puts on the envelope, not the event); the SDK models are built here, off the ack path.
"""

from __future__ import annotations

import json
import re
from typing import Any

import structlog
from linebot.v3.webhooks import Event as LineEvent

from bot.line import translate as line_translate
from bot.slack import translate as slack_translate
from domain.persistence import PendingEvent
from domain.refs import Platform
from handlers.commands import Command
from handlers.jobs import RunJob

log = structlog.get_logger(__name__)


# A code point in the surrogate range left in a decoded str is a lone half: valid pairs were joined
# into one character by json.loads.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def payload_json(value: Any) -> str:
    """A payload as the JSON text the inbox stores.

    JSON may carry a lone surrogate (`"\\ud800"`), which no database stores as text (UTF-8 cannot
    encode it): the insert failed, and with it every request in its group-commit batch. It becomes
    U+FFFD (�), as a UTF-8 decoder would show it, and the event is stored and handled like any other.
    """
    text = json.dumps(value, ensure_ascii=False)
    return _LONE_SURROGATE.sub("\ufffd", text) if _LONE_SURROGATE.search(text) else text


def line_payload(destination: str, event: dict[str, Any]) -> str:
    return payload_json({"destination": destination, "event": event})


def job_payload(job: RunJob) -> str:
    return json.dumps({"job": job.name, "slot": job.slot})


# --- whose event it is: one account's events are handled in the order they were stored -----------


def line_order_key(destination: str, event: dict[str, Any]) -> str | None:
    """The LINE account (else the group or room) an event came from."""
    source = event.get("source")
    if not isinstance(source, dict):
        return None
    who = source.get("userId") or source.get("groupId") or source.get("roomId")
    return f"line:{destination}:{who}" if isinstance(who, str) and who else None


def slack_order_key(body: dict[str, Any]) -> str | None:
    """The Slack user behind an Events API callback, an interaction or a slash command."""
    event = body.get("event")
    user: Any = event.get("user") if isinstance(event, dict) else None
    if user is None:
        user = body.get("user")
        user = user.get("id") if isinstance(user, dict) else body.get("user_id")
    team = body.get("team_id") or slack_translate.named_id(body.get("team"))
    return f"slack:{team}:{user}" if isinstance(user, str) and user else None


def job_order_key(job: RunJob) -> str:
    """A timed job's slots run one after another, as its runs in one worker always did."""
    return f"job:{job.name}"


def to_command(stored: PendingEvent) -> Command | RunJob | None:
    """The command (or timed job run) a stored event asks for; None when it asks nothing of us.

    Raises ValueError for a payload that cannot be read (the worker records it as failed).
    """
    payload = json.loads(stored.payload)
    if not isinstance(payload, dict):
        raise ValueError("stored payload is not a JSON object")
    if stored.platform is Platform.YUI:
        return RunJob(str(payload["job"]), str(payload["slot"]))
    if stored.platform is Platform.LINE:
        event = _line_event(payload["event"])
        return line_translate.to_command(event, payload["destination"], stored.received_at) if event else None
    kind = payload.get("type")
    if kind == "event_callback":
        event = payload.get("event")
        if isinstance(event, dict) and event.get("type") == "app_home_opened":
            return slack_translate.home_opened(payload)
        return slack_translate.mention_or_dm(payload)
    if kind == "block_actions":
        return slack_translate.block_action(payload, stored.received_at)
    if kind == "view_submission":
        return slack_translate.view_submission(payload, stored.received_at)
    if "command" in payload:
        return slack_translate.slash_command(payload, stored.received_at)
    return None


def _line_event(raw: dict[str, Any]) -> LineEvent | None:
    try:
        event: LineEvent = LineEvent.from_dict(raw)
    except Exception as exc:  # a type newer than this SDK (its parser skips them too), or a malformed one
        log.info("line.event_not_understood", event_type=raw.get("type"), error=f"{type(exc).__name__}: {exc}"[:300])
        return None
    return event
