"""The guided report (今日の報告: assignment → number → optional note) and the guided correction
(訂正する → which report → the number), kept as a `ReportDialog` between messages; and the words
that start them or ask 「進捗は？」."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from domain.i18n import translate
from domain.model import Person
from domain.ports import UnitOfWork
from domain.profile_answers import MENU_WORDS, Word, word_of
from domain.report_dialog import DialogEnd, DialogStep, ReportDialog
from domain.reports import AssignmentHint, Blocker, ParsedReport, ReportItem, parse_report
from domain.text import normalize
from handlers.commands import Command
from handlers.events import Event
from handlers.ports import Clock, Notifier, OutgoingMessage, QuickReply
from handlers.reports.messages import QUICK_LABEL_LIMIT, QUICK_LIMIT, likely_numbers, report_label, total_line
from handlers.reports.own_progress import own_progress
from handlers.reports.status import update_task_card
from handlers.reports.storing import store, store_correction
from handlers.reports.work import Work, current_values, load_work, say, source_of, today_of

GUIDED_PARSER = "guided"


CORRECTION_CHOICES = 5  # recent reports offered for 訂正する


_PROGRESS_QUESTION = re.compile(
    r"^(?:自分の|今の|私の|わたしの|いまの)?進捗(?:状況)?(?:は|を見る|を見せて|を教えて|確認|どう|どう(?:です|でしょう)か)?"
    r"|^(?:my )?progress(?: please)?$|^how am i doing$",
    re.IGNORECASE,
)


_CORRECT_WORDS = frozenset({"訂正する", "訂正", "訂正したい", "修正する", "修正", "correct", "fix", "fix it"})


async def converse_text(
    command: Command, person: Person, text: str, uow: UnitOfWork, notifier: Notifier, clock: Clock
) -> list[Event] | None:
    """A guided report or correction in progress, 今日の報告, 訂正する or 「進捗は？」; None leaves the
    message to the other handlers (the profile conversation, then a free-text report)."""
    now = clock.now()
    word = word_of(text)
    async with uow:
        dialog = await uow.dialogs.get(person.id)
        if dialog is not None and (dialog.expired(now) or (word in MENU_WORDS and word is not Word.REPORT)):
            await uow.dialogs.delete(person.id)  # forgotten, or another menu was tapped: leave it
            await uow.commit()
            dialog = None
    if word is Word.REPORT:
        return await _start_guided(command, person, uow, notifier, clock)
    if dialog is not None:
        return await _continue(command, person, dialog, text, uow, notifier, clock)
    folded = normalize(text).rstrip("?？!！。.").lower()
    if folded in _CORRECT_WORDS:
        return await _start_correction(command, person, uow, notifier, clock)
    if _PROGRESS_QUESTION.match(folded):
        return await own_progress(command, person, uow, notifier, clock)
    return None


async def _start_guided(
    command: Command, person: Person, uow: UnitOfWork, notifier: Notifier, clock: Clock
) -> list[Event]:
    locale = person.locale
    async with uow:
        work = await load_work(person, uow)
        active = [h for h in work.hints.values() if work.tasks[work.assignments[h.assignment_id].task_id].is_active]
        if not active:
            await uow.dialogs.delete(person.id)
            await uow.commit()
            await say(notifier, command, translate("report.no_work", locale))
            return []
        dialog = ReportDialog.guided(person.id, tuple((h.assignment_id, h.title) for h in active), clock.now())
        await _pause_profile_question(person, uow)
        await uow.dialogs.save(dialog)
        await uow.commit()
    await _ask(command, person, dialog, work, notifier)
    return []


async def _start_correction(
    command: Command, person: Person, uow: UnitOfWork, notifier: Notifier, clock: Clock
) -> list[Event]:
    locale = person.locale
    zone = ZoneInfo(person.timezone)
    async with uow:
        work = await load_work(person, uow)
        recent = [
            r
            for r in await uow.reports.recent_for_person(person.id, CORRECTION_CHOICES)
            if r.assignment_id in work.hints
        ]
        if not recent:
            await uow.commit()
            await say(notifier, command, translate("report.nothing_to_correct", locale))
            return []
        current = current_values(await uow.reports.for_assignments(sorted({r.assignment_id for r in recent})))
        choices = tuple(
            (r.id, report_label(r, current[r.id], work.hints[r.assignment_id], zone, locale)) for r in recent
        )
        dialog = ReportDialog.correction(person.id, choices, clock.now())
        await _pause_profile_question(person, uow)
        await uow.dialogs.save(dialog)
        await uow.commit()
    await _ask(command, person, dialog, work, notifier)
    return []


async def _continue(
    command: Command,
    person: Person,
    dialog: ReportDialog,
    text: str,
    uow: UnitOfWork,
    notifier: Notifier,
    clock: Clock,
) -> list[Event] | None:
    locale = person.locale
    source = source_of(command)
    async with uow:
        if source is not None and await uow.reports.from_source(source):
            return []  # a redelivered answer that already completed the report
        work = await load_work(person, uow)
        outcome = dialog.answer(text, clock.now())
        if outcome.ended is None:
            chosen = dialog.assignment_id or ""
            if dialog.step is DialogStep.UNITS and chosen not in work.hints:  # the work ended meanwhile
                await uow.dialogs.delete(person.id)
                await uow.commit()
                await say(notifier, command, translate("report.no_work", locale))
                return []
            await uow.dialogs.save(dialog)
            await uow.commit()
            lead = translate(outcome.notice, locale) if outcome.notice else ""
            await _ask(command, person, dialog, work, notifier, lead=lead)
            return []
        await uow.dialogs.delete(person.id)
        if outcome.ended is DialogEnd.CANCELLED:
            await uow.commit()
            await say(notifier, command, translate("dialog.cancelled", locale))
            return []
        if outcome.ended is DialogEnd.CORRECTED:
            return await _finish_correction(command, person, dialog, work, text, source, uow, notifier, clock)
        await uow.commit()
    hint = work.hints.get(dialog.assignment_id or "")
    if hint is None:
        await say(notifier, command, translate("report.no_work", locale))
        return []
    parsed = _guided_report(dialog, hint, person, clock)
    raw = translate("dialog.raw_text", locale, title=hint.title, units=dialog.units, unit=hint.unit, note=dialog.note)
    return await store(command, person, parsed, work, raw.strip(), source, uow, notifier, clock)


def _guided_report(dialog: ReportDialog, hint: AssignmentHint, person: Person, clock: Clock) -> ParsedReport:
    """The guided answers as one report item; a note that reads as a blocker or a question goes to
    the leaders like one written freely (the rules find it), any other note stays in the raw text."""
    blockers: tuple[Blocker, ...] = ()
    questions: tuple[str, ...] = ()
    if dialog.note:
        read = parse_report(dialog.note, [hint], today_of(person, clock))
        for item in read.items:
            blockers += item.blockers
            questions += item.questions
    item = ReportItem(hint.assignment_id, units_done=dialog.units, blockers=blockers, questions=questions)
    return ParsedReport(dialog.note, (item,), None, 1.0, (), GUIDED_PARSER)


async def _finish_correction(
    command: Command,
    person: Person,
    dialog: ReportDialog,
    work: Work,
    text: str,
    source: str | None,
    uow: UnitOfWork,
    notifier: Notifier,
    clock: Clock,
) -> list[Event]:
    """Called inside the open unit of work: store the correction the guided questions collected."""
    locale = person.locale
    assert dialog.units is not None
    target = next((r for r in await uow.reports.recent_for_person(person.id, 50) if r.id == dialog.report_id), None)
    if target is None or target.assignment_id not in work.hints:
        await uow.commit()
        await say(notifier, command, translate("report.correction_not_found", locale))
        return []
    current = current_values(await uow.reports.for_assignments([target.assignment_id]))
    fixed = await store_correction(
        target, dialog.units, current[target.id], person, text, GUIDED_PARSER, clock.now(), source, uow
    )
    task = work.tasks[work.assignments[target.assignment_id].task_id]
    await uow.commit()
    hint = work.hints[target.assignment_id]
    day = target.reported_at.astimezone(ZoneInfo(person.timezone)).date()
    lines = [
        translate("report.correction", locale, date=f"{day.month}/{day.day}", value=dialog.units, unit=hint.unit),
        total_line(hint, fixed.units_cumulative, locale),
    ]
    correct = translate("report.quick.correct", locale)
    await notifier.send(
        OutgoingMessage(
            chat=command.chat, text="\n".join(lines), reply=command.reply, quick_replies=(QuickReply(correct, correct),)
        )
    )
    await update_task_card(task, uow, notifier, clock)
    return []


async def _ask(
    command: Command, person: Person, dialog: ReportDialog, work: Work, notifier: Notifier, *, lead: str = ""
) -> None:
    """The dialog's current question with its quick replies (each sends the text it shows)."""
    locale = person.locale
    cancel = translate("dialog.quick.cancel", locale)
    hint = work.hints.get(dialog.assignment_id or "")
    if dialog.step in (DialogStep.ASSIGNMENT, DialogStep.REPORT):
        key = "report.ask.assignment" if dialog.step is DialogStep.ASSIGNMENT else "dialog.which_report"
        question = translate(key, locale)
        labels = [label[:QUICK_LABEL_LIMIT] for _, label in dialog.choices[: QUICK_LIMIT - 1]]
        # A tap sends the full label (the dialog matches it); labels cut to LINE's limit stay unique by number.
        quick = [
            QuickReply(label, full if len(set(labels)) == len(labels) else str(n))
            for n, (label, (_, full)) in enumerate(zip(labels, dialog.choices, strict=False), start=1)
        ]
    elif dialog.step is DialogStep.UNITS:
        unit = hint.unit if hint else "件"
        question = translate("dialog.how_many", locale, title=hint.title if hint else "", unit=unit)
        quick = [QuickReply(str(n), str(n)) for n in likely_numbers(hint)]
    elif dialog.step is DialogStep.VALUE:
        question = translate("dialog.new_value", locale)
        quick = []
    else:
        question = translate("dialog.note", locale)
        none = translate("dialog.quick.none", locale)
        quick = [QuickReply(none, none)]
    quick.append(QuickReply(cancel, cancel))
    text = "\n".join(part for part in (lead, question) if part)
    await notifier.send(OutgoingMessage(chat=command.chat, text=text, reply=command.reply, quick_replies=tuple(quick)))


async def _pause_profile_question(person: Person, uow: UnitOfWork) -> None:
    """Starting a report leaves an open profile question for later, as any menu tap does."""
    conversation = await uow.conversations.get(person.id)
    if conversation is not None and conversation.active:
        conversation.pause()
        await uow.conversations.save(conversation)
