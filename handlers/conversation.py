"""Conversation basics shared by both platforms: joining, leaving, help and small talk."""

from __future__ import annotations

from pydantic import BaseModel

import prompts
from domain.i18n import translate
from domain.intents import Intent, SlashCommand, classify, parse_slash, strip_mentions
from domain.model import Person
from domain.ports import UnitOfWork
from domain.profile_answers import Word, word_of
from domain.refs import Locale, Platform
from handlers import cover, identity, profile, reminders, tasks, teams
from handlers.commands import Command, HandleMessage, HandleSlashCommand, MarkUnfollowed, WelcomeFollower
from handlers.events import Event, HelpShown, PersonJoined, PersonReturned, PersonUnfollowed
from handlers.people import find_or_register
from handlers.ports import (
    Clock,
    LanguageModel,
    Notifier,
    OutgoingMessage,
    PrivacyNotice,
    ProfileDirectory,
    QuickReply,
    RichMenus,
)
from handlers.questions import answering, notes
from handlers.questions.finder import NoteFinder
from handlers.reports import free_text, guided


class IntentAnswer(BaseModel):
    intent: Intent


async def welcome_follower(
    command: WelcomeFollower,
    uow: UnitOfWork,
    notifier: Notifier,
    directory: ProfileDirectory,
    clock: Clock,
    menus: RichMenus,
    privacy: PrivacyNotice,
) -> list[Event]:
    """Greet, and open (a new person) or reopen (someone following again) the profile questions."""
    async with uow:
        person, is_new = await find_or_register(command.person, uow, directory, command.locale_hint)
        if is_new:
            await profile.start_onboarding(person, uow)
        else:
            person.set_blocked(command.person, False)
            await uow.people.save(person)
        leads = any(t.leader_id == person.id for t in await uow.teams.of_person(person.id))
        await uow.commit()
    # An English speaker gets the English menu, a team leader the leaders' menu.
    await menus.use_menu(command.person, person.locale, leader=leads)
    event_type = PersonJoined if is_new else PersonReturned
    key = "greeting.follow" if is_new else "greeting.welcome_back"
    greeting = translate(key, person.locale, name=_name(person))
    if is_new:  # APPI: what is kept, why, who sees it, before the first question is answered
        greeting += "\n\n" + privacy_text(privacy, person.locale)
    await profile.greet(command, person, greeting, uow, notifier)
    return [event_type(person.id, command.person.platform)]


async def mark_unfollowed(command: MarkUnfollowed, uow: UnitOfWork) -> list[Event]:
    async with uow:
        person = await uow.people.by_identity(command.person)
        if person is None:  # never followed while we were running: nothing to remember
            return []
        person.set_blocked(command.person, True)
        await uow.people.save(person)
        await uow.commit()
    return [PersonUnfollowed(person.id, command.person.platform)]


async def handle_message(
    command: HandleMessage,
    uow: UnitOfWork,
    notifier: Notifier,
    directory: ProfileDirectory,
    llm: LanguageModel,
    clock: Clock,
    finder: NoteFinder,
) -> list[Event]:
    async with uow:
        person, _ = await find_or_register(command.person, uow, directory, command.locale_hint)
        organization = await uow.organizations.get(person.organization_id) if person.organization_id else None
        await uow.commit()
    # A team leader's 「メモ 請求書: …」 (keep, list, edit, delete notes), in LINE or Slack.
    typed = command.text if command.person.platform is Platform.LINE else strip_mentions(command.text)  # as written
    kept = await notes.handle_text(command, person, typed, uow, notifier, clock, finder)
    if kept is not None:
        return kept
    # A teleworker's own conversation comes first, in their 1:1 chat only: profiles, notes and codes
    # are never asked for or shown in a LINE group.
    if command.person.platform is Platform.LINE and command.chat.channel_id == command.person.user_id:
        # A leader who just tapped 回答する: this message is the answer.
        answered = await answering.answer_from_text(command, person, command.text, uow, notifier, clock, finder)
        if answered is None:
            answered = await identity.link_from_text(command, person, command.text, uow, notifier, clock)
        if answered is None:
            answered = await teams.handle_text(command, person, command.text, uow, notifier)
        if answered is None and word_of(command.text) is Word.COVER:  # a leader's 「代打」
            answered = await cover.show_waiting(command, person, uow, notifier)
        if answered is None:  # reminder words, a guided report or correction, 今日の報告, 「進捗は？」
            answered = await reminders.handle_text(command, person, command.text, uow, notifier)
        if answered is None:
            answered = await guided.converse_text(command, person, command.text, uow, notifier, clock)
        if answered is None:
            answered = await profile.converse_text(command, person, command.text, uow, notifier, clock)
        if answered is None:  # work they have accepted: a progress report
            answered = await free_text.report_from_text(command, person, command.text, uow, notifier, clock, llm)
        if answered is not None:
            return answered
    text = strip_mentions(command.text)
    intent = classify(text)
    if intent is Intent.UNKNOWN:
        # The rules are sure about help, greetings and clear work requests; only the rest is worth a model call.
        answer = await llm.extract(
            prompts.render("classify_intent", platform=command.person.platform.value, text=text), IntentAnswer
        )
        intent = answer.intent if answer else Intent.UNKNOWN
    if intent is Intent.TASK_REQUEST and organization is not None:  # a client asking for work: draft it
        return await tasks.draft_for(command, text, person, organization, uow, notifier, llm, clock)
    locale = person.locale
    if intent is Intent.GREETING:
        lead = translate("greeting.hello", locale, name=_name(person))
    elif intent is Intent.UNKNOWN:
        lead = translate("fallback.not_understood", locale, text=_shorten(text))
    else:
        lead = ""
    body = "\n\n".join(part for part in (lead, _help_text(command, locale)) if part)
    await notifier.send(_reply(command, body, locale))
    return [HelpShown(person.id, command.person.platform)]


async def handle_slash_command(
    command: HandleSlashCommand, uow: UnitOfWork, notifier: Notifier, directory: ProfileDirectory, clock: Clock
) -> list[Event]:
    async with uow:
        person, _ = await find_or_register(command.person, uow, directory, command.locale_hint)
        await uow.commit()
    locale = person.locale
    subcommand, typed, _rest = parse_slash(command.text)
    if subcommand is SlashCommand.TASK:  # the adapter opened the form (no text) or drafted (text)
        return []
    if subcommand is SlashCommand.LINK:
        await identity.issue_link_code(command, person, uow, notifier, clock)
        return []
    if subcommand is SlashCommand.HELP:
        text = _help_text(command, locale)
    elif subcommand is SlashCommand.UNKNOWN:
        text = translate("command.unknown", locale, subcommand=typed) + "\n\n" + _help_text(command, locale)
    else:
        text = translate("command.not_ready", locale, feature=translate(f"feature.{subcommand.value}", locale))
    await notifier.send(_reply(command, text, locale, ephemeral=True))
    return [HelpShown(person.id, command.person.platform)] if subcommand is SlashCommand.HELP else []


def privacy_text(privacy: PrivacyNotice, locale: Locale) -> str:
    parts = [translate("privacy.kept", locale)]
    if privacy.external_llm:
        parts.append(translate("privacy.llm", locale))
    if privacy.url:
        parts.append(translate("privacy.link", locale, url=privacy.url))
    return "\n".join(parts)


def _help_text(command: Command, locale: Locale) -> str:
    return translate("help.slack" if command.person.platform is Platform.SLACK else "help.line", locale)


def _reply(command: Command, text: str, locale: Locale, *, ephemeral: bool = False) -> OutgoingMessage:
    quick = (QuickReply(translate("help.quick_reply", locale), translate("help.quick_reply", locale)),)
    return OutgoingMessage(
        chat=command.chat,
        text=text,
        reply=command.reply,
        quick_replies=quick if command.person.platform is Platform.LINE else (),
        ephemeral_to=command.person if ephemeral else None,
    )


def _name(person: Person) -> str:
    return person.display_name or translate("person.default_name", person.locale)


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
