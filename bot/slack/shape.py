"""Is a signed Slack body shaped like something Slack sends? Checked before slack-bolt sees it.

Bolt and the translation read fields such as `event.type`, `team.id`, `channel.id`,
`container.channel_id` or `actions[0].action_id` assuming Slack's types; a body whose `event` is a
string or whose ids are numbers raised AttributeError / TypeError deep inside bolt (500) or, stored,
inside the worker. Slack itself never sends such bodies, so a signed one is a bug or an attack: it
gets 400 before anything reads it. Unknown fields and unknown types stay allowed (Slack adds them).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Fields that are strings (or null) wherever they appear: the envelope, events, interactivity.
_TEXT = (
    "type",
    "token",
    "team_id",
    "enterprise_id",
    "api_app_id",
    "event_id",
    "user_id",
    "channel_id",
    "trigger_id",
    "response_url",
    "command",
    "text",
    "context_team_id",
    "context_enterprise_id",
    "callback_id",
    "action_ts",
)
# Objects Slack names by id: either the object (with a string `id`) or the id itself.
_NAMED = ("team", "enterprise", "user", "channel")
# Always objects when present.
_OBJECTS = ("container", "view", "message", "previous_message", "item", "assistant_thread", "function_data", "state")
_EVENT_TEXT = ("type", "user_team", "text", "ts", "thread_ts", "event_ts", "channel_type", "subtype", "bot_id", "tab")
_ACTION_TEXT = ("action_id", "block_id", "value", "action_ts", "type")
_VIEW_TEXT = ("id", "hash", "callback_id", "private_metadata", "team_id", "app_installed_team_id", "type")


def problem(body: Mapping[str, Any]) -> str | None:
    """What is wrong with a parsed Slack body, or None when it has the shape Slack sends."""
    if not isinstance(body.get("type"), str) and not isinstance(body.get("command"), str):
        if "ssl_check" in body:  # Slack's occasional check of a command URL (bolt answers it)
            return None
        return "neither a type nor a command"
    found = _fields(body, "")
    if found:
        return found
    if body.get("type") == "event_callback":
        event = body.get("event")
        if not isinstance(event, Mapping):
            return "event: not an object"
        if not isinstance(event.get("type"), str):
            return "event.type: not a string"
        if (found := _text_fields(event, _EVENT_TEXT, "event.")) is not None:
            return found
        if (found := _fields(event, "event.")) is not None:
            return found
    authorizations = body.get("authorizations")
    if authorizations is not None:
        if not isinstance(authorizations, list) or not all(isinstance(a, Mapping) for a in authorizations):
            return "authorizations: not a list of objects"
        for a in authorizations:
            if (found := _fields(a, "authorizations[].")) is not None:
                return found
    actions = body.get("actions")
    if actions is not None:
        if not isinstance(actions, list) or not all(isinstance(a, Mapping) for a in actions):
            return "actions: not a list of objects"
        for a in actions:
            if (found := _text_fields(a, _ACTION_TEXT, "actions[].")) is not None:
                return found
    view = body.get("view")
    if isinstance(view, Mapping) and (found := _text_fields(view, _VIEW_TEXT, "view.")) is not None:
        return found
    return None


def _fields(body: Mapping[str, Any], prefix: str) -> str | None:
    if (found := _text_fields(body, _TEXT, prefix)) is not None:
        return found
    for name in _NAMED:
        value = body.get(name)
        if value is None or isinstance(value, str):
            continue
        if not isinstance(value, Mapping):
            return f"{prefix}{name}: neither an object nor an id"
        if (found := _text_fields(value, ("id", "team_id", "enterprise_id", "name"), f"{prefix}{name}.")) is not None:
            return found
    for name in _OBJECTS:
        value = body.get(name)
        if value is not None and not isinstance(value, Mapping):
            return f"{prefix}{name}: not an object"
    container = body.get("container")
    if isinstance(container, Mapping):
        return _text_fields(container, ("type", "channel_id", "message_ts", "thread_ts", "view_id"), "container.")
    return None


def _text_fields(body: Mapping[str, Any], names: tuple[str, ...], prefix: str) -> str | None:
    for name in names:
        value = body.get(name)
        if value is not None and not isinstance(value, str):
            return f"{prefix}{name}: not a string"
    return None
