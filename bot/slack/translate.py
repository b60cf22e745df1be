"""Slack payloads → domain commands. Pure functions: no I/O, easy to test with fixture bodies."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from bot.slack.answer_form import read_answer_form
from bot.slack.modals import CANCEL_CALLBACK, FORM_CALLBACK, ModalContext, cancel_reason, form_input
from domain.digest_schedule import parse_digest_args
from domain.intents import SlashCommand, parse_slash
from domain.refs import ChatRef, Locale, PersonRef, Platform, ReplyHandle
from domain.task_form import validate_task_form
from handlers import buttons
from handlers.commands import (
    AnswerQuestion,
    AnswerTeamWork,
    ApproveCandidate,
    CancelTask,
    ChangeTaskStatus,
    Command,
    ConfirmTask,
    DraftTask,
    ExportReports,
    GrantCoordinator,
    HandleDigest,
    HandleMessage,
    HandleSlashCommand,
    ListTasks,
    ManageTeams,
    ProposeCandidates,
    ReassignCover,
    ShowHome,
    ShowProgrammeReport,
    ShowStatus,
    StatusChange,
    SubmitTaskForm,
)
from handlers.ports import SentMessage

Body = Mapping[str, Any]

# Slack sends what people type with its markup: links as <https://…|label> or <https://…>, channels as
# <#C123|name>, user groups as <!subteam^S1|@name> (slash commands with should_escape) and &, <, > as
# entities. Only a token inside <…> is markup; a literal < is &lt;.
_SLACK_TOKEN = re.compile(r"<([^<>]*)>")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:(?://)?", re.IGNORECASE)


def _plain_token(token: str) -> str:
    target, _, label = token.partition("|")
    if target.startswith("@") or (target[:1] in ("#", "!") and not label):
        # Users stay markup: domain.mentions reads their ids (/yui team add <@U1|yamada>) and
        # strip_mentions drops them from words, like Yui's own <@U…> and an unnamed <!here> or <#C1>.
        return f"<{token}>"
    if target[:1] in ("#", "!"):
        return label if target[0] == "!" else f"#{label}"  # a named channel or group reads as typed
    if target.startswith("mailto:"):
        return label or target.removeprefix("mailto:")
    if not label or label in (target, _SCHEME.sub("", target)):
        return label or target  # what was typed: 「example.com」 arrives as <http://example.com|example.com>
    return f"{label} ({target})"  # a titled link keeps its address: the work may be in that sheet


def typed_text(text: str) -> str:
    """What the person typed, from Slack's markup: links and named channels as text, entities decoded
    (user mentions stay markup). Task drafts, task names and progress words are read from this."""
    parts: list[str] = []
    position = 0
    for token in _SLACK_TOKEN.finditer(text):
        parts.append(_unescape(text[position : token.start()]))
        parts.append(_plain_token(_unescape(token.group(1))))
        position = token.end()
    parts.append(_unescape(text[position:]))
    return "".join(parts)


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def named_id(value: object) -> str:
    """The id of something Slack names either by its object ({"id": "C1", ...}) or by the id itself."""
    if isinstance(value, Mapping):
        found = value.get("id")
        return found if isinstance(found, str) else ""
    return value if isinstance(value, str) else ""


def _object(body: Body, key: str) -> Body:
    value = body.get(key)
    return value if isinstance(value, Mapping) else {}


def _text(body: Body, key: str) -> str:
    value = body.get(key)
    return value if isinstance(value, str) else ""


def team_of(body: Body) -> str:
    """The workspace of the person acting: it names their organisation (one workspace, one client).

    The person's own team comes first. In a Slack Connect channel the payload's `team_id` / `team`
    is the workspace the app is installed in (the channel's host), while `user.team_id` (buttons,
    modals) and `event.user_team` / `event.team` (messages, mentions) name the guest's workspace:
    taking the host's would put a guest into the host's organisation, with its tasks and buttons.
    Org-wide installs send `"team": null` in interactivity payloads; the user's team_id answers."""
    user_team = _text(_object(body, "user"), "team_id")
    event = body.get("event")
    event_team = None
    if isinstance(event, Mapping):
        found = event.get("user_team") or event.get("team")
        event_team = found if isinstance(found, str) else None
    return user_team or event_team or _text(body, "team_id") or named_id(body.get("team"))


def mention_or_dm(body: Body) -> HandleMessage | None:
    """An app_mention, or a message in a DM with Yui; None for anything else (bots, edits, channels)."""
    event = _object(body, "event")
    kind = event.get("type")
    if kind == "message" and (event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id")):
        return None
    if kind not in {"app_mention", "message"} or not isinstance(event.get("user"), str) or not event["user"]:
        return None
    team = team_of(body)
    # Answer a mention in its thread so a busy channel stays readable; a DM needs no thread.
    thread = event.get("thread_ts") or (event.get("ts") if kind == "app_mention" else None)
    return HandleMessage(
        person=PersonRef(Platform.SLACK, team, event["user"]),
        chat=ChatRef(Platform.SLACK, team, named_id(event.get("channel")), thread if isinstance(thread, str) else None),
        reply=None,
        locale_hint=None,
        text=typed_text(str(event.get("text", ""))),
    )


def locale_of(body: Body) -> Locale | None:
    """The user's locale when the payload carries one (interactivity payloads may); else None."""
    tag = body.get("locale") or _object(body, "user").get("locale")
    return Locale.from_tag(str(tag)) if tag else None


def slash_command(body: Body, received_at: datetime) -> Command | None:
    """`/yui task <text>` drafts, `/yui tasks` lists; `/yui task` alone was a modal (opened by the
    listener before the ack), so there is nothing left to do."""
    team = team_of(body)
    response_url = body.get("response_url")
    person = PersonRef(Platform.SLACK, team, str(body.get("user_id", "")))
    chat = ChatRef(Platform.SLACK, team, str(body.get("channel_id", "")))
    reply = ReplyHandle(str(response_url), received_at) if response_url else None
    text = typed_text(str(body.get("text", "")))  # should_escape: true in the manifest sends markup
    subcommand, _, rest = parse_slash(text)
    if subcommand is SlashCommand.TASK:
        return DraftTask(person=person, chat=chat, reply=reply, locale_hint=None, text=rest) if rest else None
    if subcommand is SlashCommand.TASKS:
        return ListTasks(person=person, chat=chat, reply=reply, locale_hint=None)
    if subcommand is SlashCommand.DIGEST:
        return HandleDigest(person=person, chat=chat, reply=reply, locale_hint=None, args=parse_digest_args(rest))
    if subcommand is SlashCommand.MATCH:
        return ProposeCandidates(person=person, chat=chat, reply=reply, locale_hint=None, task=rest)
    if subcommand is SlashCommand.STATUS:
        return ShowStatus(person=person, chat=chat, reply=reply, locale_hint=None, task=rest)
    if subcommand is SlashCommand.EXPORT:
        return ExportReports(person=person, chat=chat, reply=reply, locale_hint=None, text=rest)
    if subcommand is SlashCommand.TEAM:
        return ManageTeams(person=person, chat=chat, reply=reply, locale_hint=None, text=rest)
    if subcommand is SlashCommand.COORDINATOR:
        return GrantCoordinator(person=person, chat=chat, reply=reply, locale_hint=None, text=rest)
    if subcommand is SlashCommand.REPORT:
        return ShowProgrammeReport(person=person, chat=chat, reply=reply, locale_hint=None, text=rest)
    return HandleSlashCommand(person=person, chat=chat, reply=reply, locale_hint=None, text=text)


def opens_task_form(body: Body) -> bool:
    """`/yui task` (or `/yui 案件`) with no text: the listener opens the form with the trigger_id."""
    subcommand, _, rest = parse_slash(str(body.get("text", "")))
    return subcommand is SlashCommand.TASK and not rest


def _interaction(body: Body, received_at: datetime) -> tuple[PersonRef, ChatRef, ReplyHandle | None]:
    team = team_of(body)
    channel = named_id(body.get("channel")) or _text(_object(body, "container"), "channel_id")
    user = named_id(body.get("user"))
    response_url = body.get("response_url")
    reply = ReplyHandle(str(response_url), received_at) if response_url else None
    return PersonRef(Platform.SLACK, team, user), ChatRef(Platform.SLACK, team, str(channel or user)), reply


def card_of(body: Body) -> SentMessage | None:
    """The message a button was pressed on, to update it in place."""
    container = _object(body, "container")
    if container.get("type") != "message" or not container.get("message_ts"):
        return None
    chat = ChatRef(Platform.SLACK, team_of(body), str(container.get("channel_id", "")))
    return SentMessage(chat, str(container["message_ts"]))


_STATUS_ACTIONS = {
    buttons.TASK_PAUSE: StatusChange.PAUSE,
    buttons.TASK_RESUME: StatusChange.RESUME,
    buttons.TASK_DONE: StatusChange.DONE,
}


def block_action(body: Body, received_at: datetime) -> Command | None:
    """A task card's button. Edit and Cancel (of registered work) opened a modal in the listener."""
    actions = body.get("actions")
    if not isinstance(actions, list) or not actions or not isinstance(actions[0], Mapping):
        return None
    action_id = _text(actions[0], "action_id")
    task_id = _text(actions[0], "value")
    person, chat, reply = _interaction(body, received_at)
    locale = locale_of(body)
    card = card_of(body)
    if action_id == buttons.MATCH_APPROVE:
        return ApproveCandidate(person, chat, reply, locale, proposal_id=task_id, card=card)
    if action_id == buttons.TASK_SHOW:  # a digest's 案件を開く: the task's status, for the presser only
        return ShowStatus(person=person, chat=chat, reply=reply, locale_hint=locale, task=task_id)
    if (
        action_id in (buttons.TEAM_APPROVE, buttons.TEAM_DECLINE)
        and (answer := buttons.read_team_answer(task_id)) is not None
    ):
        return AnswerTeamWork(person, chat, reply, locale, proposal_id=answer[0], approve=answer[1], card=card)
    if action_id == buttons.COVER_REASSIGN and (chosen := buttons.read_reassign(task_id)) is not None:
        return ReassignCover(person, chat, reply, locale, request_id=chosen[0], person_id=chosen[1], card=card)
    if action_id == buttons.TASK_CONFIRM:
        return ConfirmTask(person, chat, reply, locale, task_id=task_id, card=card)
    if action_id == buttons.TASK_DISCARD:
        return CancelTask(person, chat, reply, locale, task_id=task_id, reason="", card=card)
    if action_id in _STATUS_ACTIONS:
        return ChangeTaskStatus(
            person, chat, reply, locale, task_id=task_id, change=_STATUS_ACTIONS[action_id], card=card
        )
    return None


def view_submission(body: Body, received_at: datetime) -> Command | None:
    """A submitted task form or cancel reason (already validated by the listener before the ack)."""
    view = _object(body, "view")
    if (answer := read_answer_form(view)) is not None:  # 回答する's form (handlers.questions.answering)
        person, _, _ = _interaction(body, received_at)
        chat = ChatRef(Platform.SLACK, team_of(body), answer[1] or person.user_id)
        return AnswerQuestion(person, chat, None, locale_of(body), question_id=answer[0], text=answer[2])
    context = ModalContext.decode(view.get("private_metadata"))
    team = team_of(body)
    person, _, _ = _interaction(body, received_at)
    chat = ChatRef(Platform.SLACK, team, context.channel or person.user_id)
    card = SentMessage(chat, context.card_ts) if context.card_ts else None
    locale = locale_of(body)
    if view.get("callback_id") == CANCEL_CALLBACK and context.task_id:
        return CancelTask(person, chat, None, locale, task_id=context.task_id, reason=cancel_reason(view), card=card)
    if view.get("callback_id") != FORM_CALLBACK:
        return None
    # The listener checked the deadline against today; the worker may run after midnight.
    fields, errors = validate_task_form(form_input(view), date.min)
    if fields is None:
        raise ValueError(f"stored task form does not validate: {[e.field for e in errors]}")
    return SubmitTaskForm(
        person,
        chat,
        None,
        locale,
        fields=fields,
        task_id=context.task_id,
        card=card,
        description_truncated=context.truncated,
    )


def home_opened(body: Body) -> ShowHome | None:
    event = _object(body, "event")
    if event.get("type") != "app_home_opened" or event.get("tab", "home") != "home" or not _text(event, "user"):
        return None
    team = team_of(body)
    return ShowHome(
        person=PersonRef(Platform.SLACK, team, str(event["user"])),
        chat=ChatRef(Platform.SLACK, team, named_id(event.get("channel"))),
        reply=None,
        locale_hint=None,
    )
