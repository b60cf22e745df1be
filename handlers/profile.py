"""A teleworker's own profile, in the LINE chat: onboarding, viewing, changing a field, withdrawing,
and telling Yui about an absence.

The rules (which question, what an answer means) are `domain.conversation.Conversation`, stored
per person; this module loads it, applies one message or tap, writes the profile and decides what
to say. Taps are postbacks `y1|<word>|<step>|<value>` (well under LINE's 300 characters); the same
words typed work the same way.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from zoneinfo import ZoneInfo

from domain.absence import announced_absence
from domain.conversation import (
    EDIT_STEPS,
    PROFILE_STEPS,
    SKILLS_PER_PAGE,
    Conversation,
    Ended,
    Flow,
    Input,
    Outcome,
    ProfileChanges,
    Step,
)
from domain.i18n import translate
from domain.model import Absence, Person, TaskStatus, TimeWindow, WorkerProfile
from domain.ports import UnitOfWork
from domain.profile_answers import MENU_WORDS, Word, word_of
from domain.refs import Locale
from domain.skills import SKILLS
from handlers import buttons, my_tasks
from handlers.absences import absence_dates, team_leaders, tell_each
from handlers.buttons import read_tap, tap_data
from handlers.commands import Command, HandlePostback
from handlers.events import (
    AbsenceReported,
    Event,
    HelpShown,
    PersonWithdrew,
    ProfileChanged,
    ProfileCompleted,
    TaskRegistered,
    WorkLeftBehind,
)
from handlers.people import find_or_register
from handlers.ports import Action, Card, Clock, Field, Notifier, OutgoingMessage, ProfileDirectory, QuickReply
from handlers.reports import guided

HOURS_CHOICES = (5, 10, 20, 30, 40)
_FIELD_OF_STEP = {
    Step.NAME: "display_name",
    Step.SKILLS: "skills",
    Step.HOURS: "weekly_hours",
    Step.WINDOWS: "time_windows",
    Step.REGION: "region",
    Step.CONSTRAINTS: "constraints",
}


# --- entry points -----------------------------------------------------------------------------------


async def start_onboarding(person: Person, uow: UnitOfWork) -> Conversation:
    """A new teleworker: the first question is open. Call inside the caller's transaction."""
    conversation = Conversation(person.id)
    conversation.start_onboarding()
    await uow.conversations.save(conversation)
    return conversation


async def load(person: Person, uow: UnitOfWork) -> Conversation:
    """The person's conversation; someone who never had one (they wrote before following, or came
    before onboarding existed) has every profile question open."""
    stored = await uow.conversations.get(person.id)
    if stored is not None:
        return stored
    has_profile = await uow.profiles.get(person.id) is not None
    return Conversation(person.id, pending=() if has_profile else PROFILE_STEPS)


async def greet(command: Command, person: Person, lead: str, uow: UnitOfWork, notifier: Notifier) -> None:
    """`lead`, then the open question (a new follower's first) or how to go on with the profile."""
    async with uow:
        conversation = await load(person, uow)
        profile = await uow.profiles.get(person.id) or WorkerProfile(person.id)
    lines = [lead]
    quick: tuple[QuickReply, ...] = ()
    if conversation.active:
        if conversation.flow is Flow.ONBOARDING and conversation.pending == PROFILE_STEPS:
            lines.append(translate("onboarding.intro", person.locale))
        question, quick = _question(conversation, person, profile)
        lines.append(question)
    elif conversation.pending:
        lines.append(translate("onboarding.resume_hint", person.locale))
        label = translate("quick.resume", person.locale)
        quick = (QuickReply(label, label, tap_data(Word.RESUME)),)
    await notifier.send(
        OutgoingMessage(chat=command.chat, text="\n\n".join(lines), reply=command.reply, quick_replies=quick)
    )


async def handle_postback(
    command: HandlePostback, uow: UnitOfWork, notifier: Notifier, directory: ProfileDirectory, clock: Clock
) -> list[Event]:
    async with uow:
        person, _ = await find_or_register(command.person, uow, directory, command.locale_hint)
        await uow.commit()
    tap = read_tap(command.data)
    if tap is None:  # a tap from a message older than this format: say so, then where we are
        return await converse(command, person, None, uow, notifier, clock)
    word, step, value = tap
    if word is Word.REPORT:  # 報告する on 自分の案件: the guided report, as if 今日の報告 were typed
        typed = translate("menu.report", person.locale)
        answered = await guided.converse_text(command, person, typed, uow, notifier, clock)
        if answered is not None:
            return answered
    return await converse(command, person, Input(word=word, value=value), uow, notifier, clock, offered_for=step)


async def converse_text(
    command: Command, person: Person, text: str, uow: UnitOfWork, notifier: Notifier, clock: Clock
) -> list[Event] | None:
    """Handle a LINE text message if it belongs to the conversation; None leaves it to the general
    handler (greetings, help for people with nothing open, work requests ...)."""
    word = word_of(text)
    given = Input(text=text, word=word)
    async with uow:
        conversation = await load(person, uow)
    if word in MENU_WORDS or word in (Word.RESTART, Word.CANCEL) or conversation.active:
        return await converse(command, person, given, uow, notifier, clock)
    if announced_absence(text, _today(person, clock)) is not None:
        return await converse(command, person, given, uow, notifier, clock)
    return None


async def converse(
    command: Command,
    person: Person,
    given: Input | None,
    uow: UnitOfWork,
    notifier: Notifier,
    clock: Clock,
    *,
    offered_for: Step | None = None,
) -> list[Event]:
    locale = person.locale
    lines: list[str] = []
    events: list[Event] = []
    async with uow:
        conversation = await load(person, uow)
        profile = await uow.profiles.get(person.id) or WorkerProfile(person.id)
        card: OutgoingMessage | None = None
        idle_tap = not conversation.active and given is not None and given.word not in (*MENU_WORDS, Word.RESTART, None)
        if idle_tap and given is not None and given.word is Word.CANCEL and given.text:
            lines.append(translate("onboarding.nothing_to_cancel", locale))  # 「やめる」 typed with nothing open
        elif given is None or idle_tap:  # a button from a question that is no longer open
            lines.append(translate("onboarding.choice_stale", locale))
        elif given.word in MENU_WORDS and not (
            conversation.step is Step.CONFIRM_WITHDRAW and given.word is Word.WITHDRAW
        ):
            assert given.word is not None
            conversation.pause()
            card = await _menu(command, given.word, conversation, person, profile, lines, events, uow, clock)
        elif offered_for is not None and conversation.active and offered_for is not conversation.step:
            lines.append(translate("onboarding.choice_stale", locale))
        elif conversation.active and _absence_aside(conversation, given, person, clock):
            # 「明日は休みます」 in the middle of onboarding is news, not an answer: record it, ask again
            await _record_absence(given.text, person, uow, clock, lines, events)
        elif conversation.active:
            flow = conversation.flow
            today = _today(person, clock)
            outcome = conversation.answer(dataclasses.replace(given, today=today))
            changed = _apply(outcome.changes, person, profile)
            if changed:
                await uow.people.save(person)
                await uow.profiles.save(profile)
                events.append(ProfileChanged(person.id, changed))
            card = await _after(command, outcome, flow, conversation, person, profile, uow, clock, lines, events)
        elif given.word is Word.RESTART:
            conversation.start_onboarding()
            lines.append(translate("onboarding.restarted", locale))
        else:  # an absence said in one sentence, outside any question (converse_text checked)
            await _record_absence(given.text, person, uow, clock, lines, events)
        if not person.withdrawn:
            await uow.conversations.save(conversation)
        await uow.commit()
    if card is not None:  # what was said first, then the card under its header
        text = "\n\n".join(part for part in (*lines, card.header, card.text) if part)
        await notifier.send(dataclasses.replace(card, text=text, header=""))
        return events
    quick: tuple[QuickReply, ...] = ()
    if conversation.active:
        question, quick = _question(conversation, person, profile)
        lines.append(question)
    elif conversation.pending and not person.withdrawn:
        label = translate("quick.resume", locale)
        quick = (QuickReply(label, label, tap_data(Word.RESUME)),)
    await notifier.send(
        OutgoingMessage(chat=command.chat, text="\n\n".join(lines), reply=command.reply, quick_replies=quick)
    )
    return events


async def _record_absence(
    text: str, person: Person, uow: UnitOfWork, clock: Clock, lines: list[str], events: list[Event]
) -> None:
    notice = announced_absence(text, _today(person, clock))
    if notice is None:
        lines.append(translate("absence.when_not_understood", person.locale))
        return
    absence = Absence(person.id, notice.start, notice.end, notice.reason, clock.now())
    await uow.absences.add(absence)
    lines.append(_absence_recorded(absence, person.locale))
    events.append(AbsenceReported(absence.id, person.id, absence.start, absence.end))


def _absence_aside(conversation: Conversation, given: Input, person: Person, clock: Clock) -> bool:
    """An absence sentence said while a question is open, where it cannot be the answer (the notes
    question may well say 「火曜は介護で休みます」, so there it is an answer)."""
    if given.word is not None or conversation.step in (Step.CONSTRAINTS, Step.ABSENCE_WHEN, Step.CONFIRM_WITHDRAW):
        return False
    return announced_absence(given.text, _today(person, clock)) is not None


# --- what happens after an answer -----------------------------------------------------------------


async def _after(
    command: Command,
    outcome: Outcome,
    flow: Flow | None,
    conversation: Conversation,
    person: Person,
    profile: WorkerProfile,
    uow: UnitOfWork,
    clock: Clock,
    lines: list[str],
    events: list[Event],
) -> OutgoingMessage | None:
    locale = person.locale
    if outcome.notice:
        lines.append(translate(outcome.notice, locale, **_notice_params(outcome, conversation, locale)))
    ended = outcome.ended
    if ended is Ended.ONBOARDED:
        lines.append(translate("onboarding.done", locale))
        skipped = tuple(_FIELD_OF_STEP[s] for s in conversation.pending)
        if skipped:
            names = "、".join(translate(f"profile.field.{f}", locale) for f in skipped)
            lines.append(translate("onboarding.done_skipped", locale, fields=names))
        events.append(ProfileCompleted(person.id, skipped))
        return _profile_card(command, person, profile)
    if ended is Ended.EDITED:
        lines.append(translate("profile.updated", locale))
        return _profile_card(command, person, profile)
    if ended is Ended.EDIT_SKIPPED:
        lines.append(translate("profile.unchanged", locale))
    elif ended is Ended.CANCELLED:
        if flow is Flow.ONBOARDING:
            lines.append(translate("onboarding.paused", locale))
        elif flow is Flow.ABSENCE:
            lines.append(translate("absence.cancelled", locale))
        else:
            lines.append(translate("profile.unchanged", locale))
    elif ended is Ended.WITHDRAW_KEPT:
        lines.append(translate("withdraw.kept", locale))
    elif ended is Ended.WITHDRAWN:
        events.extend(await hand_back_work(person, uow, clock))  # while their teams are still known
        await withdraw_data(person, uow)
        conversation.forget()
        lines.append(translate("withdraw.done", locale))
        events.append(PersonWithdrew(person.id))
    elif ended is Ended.ABSENCE:
        assert outcome.absence is not None
        notice = outcome.absence
        absence = Absence(person.id, notice.start, notice.end, notice.reason, clock.now())
        await uow.absences.add(absence)
        lines.append(_absence_recorded(absence, locale))
        events.append(AbsenceReported(absence.id, person.id, absence.start, absence.end))
    return None


_HELD = (TaskStatus.OPEN, TaskStatus.MATCHED, TaskStatus.IN_PROGRESS, TaskStatus.PAUSED)


async def hand_back_work(person: Person, uow: UnitOfWork, clock: Clock) -> list[Event]:
    """退会 with work not yet reported: the unreported part of each share is given back (the share
    keeps what was reported, with its hours and pay, as work history) and a matched task opens
    again, so the client is proposed someone else; the leaders are told (`tell_of_work_left`)."""
    now = clock.now()
    held = (await uow.assignments.for_people([person.id]))[person.id]
    reported = await uow.reports.reported_units([a.id for a in held])
    leaders = await team_leaders(person.id, uow)
    events: list[Event] = []
    for assignment in held:
        done = max(0, reported.get(assignment.id, 0))
        left = assignment.units - done
        task = await uow.tasks.get(assignment.organization_id, assignment.task_id)
        if task is None or task.status not in _HELD or left <= 0:
            continue
        if done == 0:
            await uow.assignments.remove(assignment.organization_id, assignment.id)
        else:
            share = done / assignment.units
            assignment.hours = round(assignment.hours * share, 2)
            assignment.earnings_yen = round(assignment.earnings_yen * share)
            assignment.units = done
            await uow.assignments.save(assignment)
        task.release_share(person.id, now)
        await uow.tasks.save(task)
        told = tuple(p.id for p in leaders) or (task.created_by,)
        events.append(WorkLeftBehind(task.id, task.organization_id, left, person.display_name, told))
        if task.status is TaskStatus.OPEN:
            events.append(TaskRegistered(task.id, task.organization_id))  # proposals for the freed units
    return events


async def tell_of_work_left(event: WorkLeftBehind, uow: UnitOfWork, notifier: Notifier) -> list[Event]:
    """The leaders (or the client) hear that a member who left held this work, and what happens now."""
    async with uow:
        task = await uow.tasks.get(event.organization_id, event.task_id)
        told = [p for p in (await uow.people.many(event.told_ids)).values() if not p.withdrawn]
    if task is None:
        return []
    unit = task.volume.unit if task.volume else ""
    reopened = task.status is TaskStatus.OPEN

    def text_for(reader: Person) -> str:
        locale = reader.locale
        name = event.member_name or translate("person.default_name", locale)
        lead = translate("withdraw.work_left", locale, name=name, title=task.title, units=event.units, unit=unit)
        then = translate("withdraw.work_reopened" if reopened else "withdraw.work_needs_cover", locale)
        return lead + "\n" + then

    await tell_each(told, notifier, text_for)
    return []


async def withdraw_data(person: Person, uow: UnitOfWork) -> None:
    """Delete the personal data; keep the person id so past work still adds up."""
    accounts = [identity.ref for identity in person.identities]  # before they are forgotten
    person.forget_personal_data()
    await uow.people.save(person)
    await uow.people.erase(person.id, accounts)
    await uow.profiles.delete(person.id)
    await uow.absences.forget_reasons(person.id)
    await uow.conversations.save(Conversation(person.id))


async def _menu(
    command: Command,
    word: Word,
    conversation: Conversation,
    person: Person,
    profile: WorkerProfile,
    lines: list[str],
    events: list[Event],
    uow: UnitOfWork,
    clock: Clock,
) -> OutgoingMessage | None:
    locale = person.locale
    if word is Word.RESUME:
        if not conversation.resume():
            lines.append(translate("onboarding.nothing_open", locale))
            return _profile_card(command, person, profile)
        lines.append(translate("onboarding.resumed", locale))
    elif word is Word.PROFILE:
        return _profile_card(command, person, profile)
    elif word in EDIT_STEPS:
        conversation.edit(EDIT_STEPS[word])
    elif word is Word.WITHDRAW:
        conversation.confirm_withdrawal()
    elif word is Word.ABSENCE:
        conversation.ask_absence()
    elif word is Word.HELP:
        lines.append(translate("help.line", locale))
        events.append(HelpShown(person.id, command.person.platform))
    elif word is Word.MY_TASKS:  # only ever the person's own assignments (handlers.my_tasks)
        return await my_tasks.show(person, command.chat, command.reply, uow, clock)
    else:  # 今日の報告: the guided report (issue 6)
        lines.append(translate("command.not_ready", locale, feature=translate(f"feature.{word.value}", locale)))
    if not conversation.active and conversation.pending:
        lines.append(translate("onboarding.resume_hint", locale))
    return None


# --- writing answers -------------------------------------------------------------------------------


def _apply(changes: ProfileChanges, person: Person, profile: WorkerProfile) -> tuple[str, ...]:
    """Write the answer into the person and profile; the names of the fields that changed."""
    changed: list[str] = []
    if changes.display_name is not None and changes.display_name != person.display_name:
        person.display_name = changes.display_name
        changed.append("display_name")
    for name in ("skills", "other_skills", "weekly_hours", "time_windows", "region", "constraints"):
        value = getattr(changes, name)
        if value is not None and value != getattr(profile, name):
            setattr(profile, name, value)
            changed.append(name)
    return tuple(changed)


def _today(person: Person, clock: Clock) -> date:
    return clock.now().astimezone(ZoneInfo(person.timezone)).date()


# --- what Yui says ---------------------------------------------------------------------------------


def _notice_params(outcome: Outcome, conversation: Conversation, locale: Locale) -> dict[str, object]:
    params = dict(outcome.params)
    if outcome.notice == "onboarding.skills_so_far":
        params["skills"] = _skills_text(conversation.picked, conversation.free_skills, locale)
    if outcome.notice == "onboarding.windows_so_far":
        params["windows"] = _windows_text(conversation.picked, locale)
    return params


def _question(conversation: Conversation, person: Person, profile: WorkerProfile) -> tuple[str, tuple[QuickReply, ...]]:
    locale = person.locale
    step = conversation.step
    assert step is not None

    def word(key: str, w: Word, value: str = "") -> QuickReply:
        label = translate(key, locale)
        return QuickReply(label, label, tap_data(w, step, value))

    skip = word("quick.skip", Word.SKIP)
    done = word("quick.done", Word.DONE)
    if step is Step.NAME and person.display_name:
        text = translate("onboarding.ask.name", locale, name=person.display_name)
        quick: tuple[QuickReply, ...] = (word("quick.keep", Word.KEEP), word("quick.change", Word.CHANGE), skip)
    elif step in (Step.NAME, Step.NAME_INPUT):
        text, quick = translate("onboarding.ask.name_input", locale), (skip,)
    elif step is Step.SKILLS:
        text = translate("onboarding.ask.skills", locale)
        page = SKILLS[conversation.page * SKILLS_PER_PAGE : (conversation.page + 1) * SKILLS_PER_PAGE]
        picks = tuple(
            QuickReply(
                ("✓" if s.id in conversation.picked else "") + s.label(locale),
                s.label(locale),
                tap_data(Word.PICK, step, s.id),
            )
            for s in page
        )
        quick = (*picks, word("quick.more", Word.MORE), done, skip)
    elif step is Step.HOURS:
        text = translate("onboarding.ask.hours", locale)
        hours = tuple(
            QuickReply(*(2 * (translate("quick.hours", locale, hours=h),)), tap_data(Word.PICK, step, str(h)))
            for h in HOURS_CHOICES
        )
        quick = (*hours, skip)
    elif step is Step.WINDOWS:
        text = translate("onboarding.ask.windows", locale)
        windows = tuple(
            QuickReply(
                ("✓" if w.value in conversation.picked else "") + translate(f"window.{w.value}", locale),
                translate(f"window.{w.value}", locale),
                tap_data(Word.PICK, step, w.value),
            )
            for w in TimeWindow
        )
        quick = (*windows, done, skip)
    elif step is Step.REGION:
        text, quick = translate("onboarding.ask.region", locale), (skip,)
    elif step is Step.CONSTRAINTS:
        text, quick = translate("onboarding.ask.constraints", locale), (word("quick.nothing", Word.NOTHING), skip)
    elif step is Step.CONFIRM_WITHDRAW:
        text = translate("withdraw.ask", locale)
        quick = (word("quick.withdraw_confirm", Word.WITHDRAW_CONFIRM), word("quick.cancel", Word.CANCEL))
    else:  # Step.ABSENCE_WHEN: the day words are typed as they are, so they are plain messages
        text = translate("absence.ask", locale)
        days = tuple(QuickReply(*(2 * (translate(f"quick.{d}", locale),))) for d in ("today", "tomorrow", "day_after"))
        quick = (*days, word("quick.cancel", Word.CANCEL))
    if conversation.flow is Flow.ONBOARDING:
        number = PROFILE_STEPS.index(Step.NAME if step is Step.NAME_INPUT else step) + 1
        text = translate("onboarding.progress", locale, number=number, total=len(PROFILE_STEPS)) + text
    return text, quick


def _profile_card(command: Command, person: Person, profile: WorkerProfile) -> OutgoingMessage:
    """The person's own profile, everything included (constraints too: it is theirs), as Flex cards:
    one card per part with a button to change each field (the same taps as the quick replies, so a
    tap goes into the same one-field edit of the conversation). Only ever `person`'s own data: the
    taps carry no person id, whoever taps sees and edits themselves."""
    locale = person.locale
    unset = translate("profile.value.unset", locale)
    values = {
        "display_name": person.display_name,
        "skills": _skills_text(tuple(sorted(profile.skills)), profile.other_skills, locale),
        "weekly_hours": translate("quick.hours", locale, hours=profile.weekly_hours) if profile.weekly_hours else "",
        "time_windows": _windows_text(tuple(w.value for w in profile.time_windows), locale),
        "region": profile.region,
        "constraints": profile.constraints,
    }
    edit_of = {
        "display_name": (Word.EDIT_NAME, "quick.edit_name"),
        "skills": (Word.EDIT_SKILLS, "quick.edit_skills"),
        "weekly_hours": (Word.EDIT_HOURS, "quick.edit_hours"),
        "time_windows": (Word.EDIT_WINDOWS, "quick.edit_windows"),
        "region": (Word.EDIT_REGION, "quick.edit_region"),
        "constraints": (Word.EDIT_CONSTRAINTS, "quick.edit_constraints"),
    }
    sections = (
        ("about", ("display_name", "skills")),
        ("work", ("weekly_hours", "time_windows")),
        ("notes", ("region", "constraints")),
    )
    cards = tuple(
        Card(
            header=translate(f"profile.section.{section}", locale),
            fields=tuple(Field(translate(f"profile.field.{n}", locale), values[n] or unset) for n in names),
            actions=tuple(
                Action(translate(edit_of[n][1], locale), buttons.PROFILE_EDIT, tap_data(edit_of[n][0])) for n in names
            ),
        )
        for section, names in sections
    )
    quick = [*edit_of.values(), (Word.WITHDRAW, "quick.withdraw")]
    return OutgoingMessage(
        chat=command.chat,
        reply=command.reply,
        text="",
        header=translate("profile.header", locale),
        note=translate("profile.note", locale),
        cards=cards,
        quick_replies=tuple(QuickReply(*(2 * (translate(k, locale),)), tap_data(w)) for w, k in quick),
    )


def _skills_text(ids: tuple[str, ...], free: tuple[str, ...], locale: Locale) -> str:
    known = [s.label(locale) for s in SKILLS if s.id in ids]  # in catalog order, as the buttons show them
    return "、".join([*known, *free]) if locale is Locale.JA else ", ".join([*known, *free])


def _windows_text(values: tuple[str, ...], locale: Locale) -> str:
    names = [translate(f"window.{w.value}", locale) for w in TimeWindow if w.value in values]
    return "、".join(names) if locale is Locale.JA else ", ".join(names)


def _absence_recorded(absence: Absence, locale: Locale) -> str:
    key = "absence.recorded_with_reason" if absence.reason else "absence.recorded"
    return translate(key, locale, dates=absence_dates(absence, locale), reason=absence.reason)
