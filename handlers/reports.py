"""Progress reports in LINE (issue 6): a teleworker's plain message about their accepted work.

The offline rules (domain.reports) read the message against what the person is assigned. When they
are sure, one `ProgressReport` per assignment is stored and Yui confirms what it understood, with a
「訂正する」 quick reply; when they are not (which assignment, which unit, numbers that do not add up),
Yui asks and stores nothing. Blockers and questions reach the person's team leaders at once.

Around that:
- the task follows the reports: the first one on MATCHED work moves it to IN_PROGRESS (Yui's change
  in the log); when every share is reported finished, or the volume is reached, the client hears it
  in Slack with a 完了にする button (the client decides DONE);
- corrections (「昨日の報告、50件じゃなくて45件でした」, or 訂正する → which report → the number) are
  their own rows pointing at the report they fix, so history stays and totals use the right number;
- 今日の報告 (the rich menu) is a short guided report: assignment → number → optional note;
- 「進捗は？」 shows the person their own totals, what is left, their pace and forecast;
- `/yui status <task>` and the client's card show the task's totals, pace, forecast and verdict.

The same inbound message never stores twice: each report keeps its message's key (`source`), and a
message whose key is already stored (a redelivered or re-run event) is not read again.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ValidationError
from pydantic import Field as PydanticField

import prompts
from domain.i18n import translate
from domain.model import Person, Task, TaskStatus
from domain.ports import UnitOfWork
from domain.profile_answers import MENU_WORDS, Word, word_of
from domain.progress import Progress, WorkCalendar, progress, units_by_day
from domain.proposals import Assignment, ProgressReport
from domain.refs import ChatRef, Locale, Platform
from domain.reminders import calendar_of
from domain.report_dialog import MAX_UNITS, DialogEnd, DialogStep, ReportDialog
from domain.reports import (
    MAX_TEXT,
    Ask,
    AssignmentHint,
    Blocker,
    Correction,
    ParsedReport,
    ReportItem,
    SharedWith,
    blocker_with_count,
    confirmation,
    parse_report,
)
from domain.text import normalize
from handlers.absences import reachable_chat, team_leaders, tell_each
from handlers.commands import Command, ShowStatus
from handlers.events import Event, ReportSubmitted, TaskChanged
from handlers.people import find_or_register
from handlers.ports import (
    Action,
    ActionStyle,
    Clock,
    Field,
    LanguageModel,
    Notifier,
    OutgoingMessage,
    ProfileDirectory,
    QuickReply,
    SentMessage,
)
from handlers.tasks import DONE, LIST_LIMIT, card_actions, format_date, progress_bar

QUICK_LABEL_LIMIT = 20  # LINE quick reply labels
QUICK_TEXT_LIMIT = 300  # LINE quick reply message text
QUICK_LIMIT = 13  # LINE quick replies per message
OPEN_STATUSES = frozenset({TaskStatus.MATCHED, TaskStatus.IN_PROGRESS, TaskStatus.PAUSED, TaskStatus.OPEN})
GUIDED_PARSER = "guided"
CORRECTION_CHOICES = 5  # recent reports offered for 訂正する
LIKELY_NUMBERS = (5, 10, 20, 30, 50, 100)

_PROGRESS_QUESTION = re.compile(
    r"^(?:自分の|今の|私の|わたしの|いまの)?進捗(?:状況)?(?:は|を見る|を見せて|を教えて|確認|どう|どう(?:です|でしょう)か)?"
    r"|^(?:my )?progress(?: please)?$|^how am i doing$",
    re.IGNORECASE,
)
_CORRECT_WORDS = frozenset({"訂正する", "訂正", "訂正したい", "修正する", "修正", "correct", "fix", "fix it"})


# --- entry points from the LINE conversation ----------------------------------------------------------


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
        return await _own_progress(command, person, uow, notifier, clock)
    return None


async def report_from_text(
    command: Command,
    person: Person,
    text: str,
    uow: UnitOfWork,
    notifier: Notifier,
    clock: Clock,
    llm: LanguageModel | None = None,
) -> list[Event] | None:
    """Handle `text` as a progress report if the person has accepted work and it says something about
    it; None leaves the message to the general handler (greetings, help ...). With an LLM configured
    it reads the message first; the rules decide when it fails or is unsure."""
    today = _today(person, clock)
    source = _source(command)
    async with uow:
        if source is not None and await uow.reports.from_source(source):
            return []  # this very message was stored already (a redelivered or re-run event)
        work = await _work(person, uow)
        if not work.hints:
            return None
        hints = list(work.hints.values())
        parsed = (await extract_with_llm(text, hints, today, llm) if llm else None) or parse_report(text, hints, today)
        if not _worth_answering(parsed) and parsed.correction is None:
            return None
        if parsed.ask:
            await notifier.send(
                OutgoingMessage(
                    chat=command.chat,
                    text="\n".join(translate(f"report.ask.{ask}", person.locale) for ask in parsed.ask),
                    reply=command.reply,
                    quick_replies=_choices(parsed, work.hints, text),
                )
            )
            return []
    return await _store(command, person, parsed, work, text, source, uow, notifier, clock)


# --- the LLM extractor (when configured) --------------------------------------------------------------

LLM_PARSER = "llm-v1"
LLM_MIN_CONFIDENCE = 0.7  # below this the rules read the message (and ask rather than guess)


class LlmReportItem(BaseModel):
    assignment: int = PydanticField(ge=1, le=50)
    units_done: int | None = PydanticField(ge=0, le=MAX_UNITS)
    units_cumulative: int | None = PydanticField(ge=0, le=MAX_UNITS)
    hours: float | None = PydanticField(ge=0, le=24)
    done: bool
    blockers: list[str] = PydanticField(max_length=5)
    questions: list[str] = PydanticField(max_length=5)


class LlmCorrection(BaseModel):
    value: int = PydanticField(ge=0, le=MAX_UNITS)
    previous: int | None = PydanticField(ge=0, le=MAX_UNITS)
    days_ago: int | None = PydanticField(ge=0, le=31)
    assignment: int | None = PydanticField(ge=1, le=50)


class LlmReport(BaseModel):
    """The JSON schema the model answers in (structured output), validated by pydantic."""

    items: list[LlmReportItem] = PydanticField(max_length=10)
    correction: LlmCorrection | None
    confidence: float = PydanticField(ge=0, le=1)


async def extract_with_llm(
    text: str, hints: Sequence[AssignmentHint], today: date, llm: LanguageModel
) -> ParsedReport | None:
    """The model's reading as a `ParsedReport`, or None (no model, an error, low confidence, or an
    answer that does not fit the assignments or the numbers already stored): the rules then decide."""
    prompt = prompts.render("progress_report", today=today.isoformat(), assignments=list(hints), text=text[:MAX_TEXT])
    try:
        answer = await llm.extract(prompt, LlmReport)
    except ValidationError:
        return None
    if answer is None or answer.confidence < LLM_MIN_CONFIDENCE:
        return None
    return _from_llm(answer, text, hints, today)


def _from_llm(answer: LlmReport, text: str, hints: Sequence[AssignmentHint], today: date) -> ParsedReport | None:
    def hint_of(number: int | None) -> AssignmentHint | None:
        return hints[number - 1] if number is not None and 1 <= number <= len(hints) else None

    items: list[ReportItem] = []
    seen: set[str] = set()
    for raw in answer.items:
        hint = hint_of(raw.assignment)
        if hint is None or hint.assignment_id in seen:
            return None  # an assignment that does not exist, or two readings of one
        seen.add(hint.assignment_id)
        units, cumulative = raw.units_done, raw.units_cumulative
        if raw.done and hint.target is not None:
            cumulative = hint.target
        if cumulative is not None:
            if cumulative < hint.reported or (units is not None and hint.reported + units != cumulative):
                return None  # numbers that do not add up: the rules ask about them
            units = cumulative - hint.reported if units is None else units
        blockers = tuple(Blocker(b.strip()[:80]) for b in raw.blockers if b.strip())
        questions = tuple(q.strip()[:200] for q in raw.questions if q.strip())
        items.append(ReportItem(hint.assignment_id, units, cumulative, None, raw.hours, raw.done, blockers, questions))
    correction: Correction | None = None
    if answer.correction is not None:
        fixed = answer.correction
        hint = hint_of(fixed.assignment)
        if fixed.assignment is not None and hint is None:
            return None
        if hint is None and len(hints) == 1:
            hint = hints[0]
        when = today - timedelta(days=fixed.days_ago) if fixed.days_ago is not None else None
        correction = Correction(fixed.value, fixed.previous, when, hint.assignment_id if hint else None)
        if hint is None:
            return None  # which assignment is unclear: the rules ask
    if not items and correction is None:
        return None
    return ParsedReport(text, tuple(items), correction, answer.confidence, (), LLM_PARSER)


# --- storing, and what follows a report -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Work:
    """The person's accepted work on tasks still under way, as the parser and the handlers need it."""

    hints: dict[str, AssignmentHint]
    assignments: dict[str, Assignment]
    tasks: dict[str, Task]  # by task id


async def _work(person: Person, uow: UnitOfWork) -> _Work:
    assignments = (await uow.assignments.for_people([person.id]))[person.id]
    reported = await uow.reports.reported_units([a.id for a in assignments])
    hints: dict[str, AssignmentHint] = {}
    kept: dict[str, Assignment] = {}
    tasks: dict[str, Task] = {}
    for assignment in assignments:
        task = await uow.tasks.get(assignment.organization_id, assignment.task_id)
        if task is None or task.status not in OPEN_STATUSES:
            continue
        unit = task.volume.unit if task.volume else "件"
        kept[assignment.id] = assignment
        tasks[task.id] = task
        hints[assignment.id] = AssignmentHint(
            assignment.id, task.title, unit, target=assignment.units, reported=reported[assignment.id]
        )
    return _Work(hints, kept, tasks)


async def _store(
    command: Command,
    person: Person,
    parsed: ParsedReport,
    work: _Work,
    text: str,
    source: str | None,
    uow: UnitOfWork,
    notifier: Notifier,
    clock: Clock,
) -> list[Event] | None:
    """Store what `parsed` says (reports and a correction), move the tasks along, confirm, and tell
    the client and the leaders what they need to hear."""
    now = clock.now()
    locale = person.locale
    async with uow:
        touched = {work.assignments[i.assignment_id].task_id for i in parsed.items if i.assignment_id in work.hints}
        finished_before = {task_id: await _task_finished(work.tasks[task_id], uow) for task_id in touched}
        events: list[Event] = []
        stored: list[ProgressReport] = []
        for item in parsed.items:
            hint = work.hints.get(item.assignment_id) if item.assignment_id else None
            if hint is None or not _has_content(item):
                continue
            assignment = work.assignments[hint.assignment_id]
            report = _report(item, hint, assignment.organization_id, person, text, parsed.parser, now, source)
            await uow.reports.add(report)
            stored.append(report)
            events.append(ReportSubmitted(report.id, hint.assignment_id, person.id, bool(report.blockers)))
        extra: list[str] = []
        asked = parsed.correction
        if asked is not None:
            fixed = await _apply_correction(asked, person, work, text, parsed.parser, now, source, uow)
            if fixed is None:  # nothing to fix: say so, and do not confirm a correction
                parsed = dataclasses.replace(parsed, correction=None)
                extra.append(translate("report.correction_not_found", locale))
            else:
                stored.append(fixed)
                touched.add(work.assignments[fixed.assignment_id].task_id)
                # name the assignment the correction was placed on, for the confirmation
                placed = dataclasses.replace(asked, assignment_id=fixed.assignment_id)
                parsed = dataclasses.replace(parsed, correction=placed)
                extra.append(_total_line(work.hints[fixed.assignment_id], fixed.units_cumulative, locale))
        if not stored and not extra:
            return None
        shared_with: dict[str, SharedWith] = {}  # so the reply names who really heard the blockers
        for item in parsed.items:
            aid = item.assignment_id
            if aid is not None and aid in work.hints and (item.blockers or item.questions):
                task = work.tasks[work.assignments[aid].task_id]
                shared_with[aid], _ = await blocker_audience(person.id, task, uow)
        complete: list[Task] = []
        for task_id in sorted(touched):
            task = work.tasks[task_id]
            if task.status is TaskStatus.MATCHED and any(r.corrects_id is None for r in stored):
                task.start(now)
                await uow.tasks.save(task)
                events.append(TaskChanged(task.id, task.organization_id, "started"))
            if not finished_before.get(task_id, True) and await _task_finished(task, uow):
                complete.append(task)
        await uow.commit()
    hints = list(work.hints.values())
    body = confirmation(parsed, hints, locale, shared_with) if parsed.items or parsed.correction else ""
    correct = translate("report.quick.correct", locale)
    await notifier.send(
        OutgoingMessage(
            chat=command.chat,
            text="\n".join(part for part in (body, *extra) if part),
            reply=command.reply,
            quick_replies=(QuickReply(correct, correct),),
        )
    )
    for task_id in sorted(touched):
        await update_task_card(work.tasks[task_id], uow, notifier, clock)
    for task in complete:
        await _tell_client_complete(task, uow, notifier)
    return events


def _total_line(hint: AssignmentHint, cumulative: int, locale: Locale) -> str:
    if hint.target:
        return translate(
            "report.correction_total_of_target",
            locale,
            title=hint.title,
            cumulative=cumulative,
            target=hint.target,
            unit=hint.unit,
        )
    return translate("report.correction_total", locale, title=hint.title, cumulative=cumulative, unit=hint.unit)


async def _apply_correction(
    correction: Correction,
    person: Person,
    work: _Work,
    text: str,
    parser: str,
    now: datetime,
    source: str | None,
    uow: UnitOfWork,
) -> ProgressReport | None:
    """Find the report `correction` is about (its assignment, its day, its number when said) and
    store the correction row; None when there is no such report."""
    zone = ZoneInfo(person.timezone)
    wanted = [correction.assignment_id] if correction.assignment_id else list(work.hints)
    reports = await uow.reports.for_assignments([a for a in wanted if a in work.hints])
    current = _current_values(reports)
    candidates = [
        r
        for r in reports
        if r.corrects_id is None
        and (correction.report_date is None or r.reported_at.astimezone(zone).date() == correction.report_date)
    ]
    if correction.previous is not None:
        # 「10件じゃなくて12件」 names what was stored: a report with another number is not the one meant
        candidates = [r for r in candidates if current[r.id] == correction.previous]
    if not candidates:
        return None
    target = candidates[-1]  # the latest of the ones that fit
    return await _store_correction(target, correction.value, current[target.id], person, text, parser, now, source, uow)


async def _store_correction(
    target: ProgressReport,
    value: int,
    was: int,
    person: Person,
    text: str,
    parser: str,
    now: datetime,
    source: str | None,
    uow: UnitOfWork,
) -> ProgressReport:
    total = (await uow.reports.cumulative_by_assignment([target.assignment_id]))[target.assignment_id]
    fixed = ProgressReport(
        organization_id=target.organization_id,
        assignment_id=target.assignment_id,
        person_id=person.id,
        units_done=value - was,
        units_cumulative=total + value - was,
        hours=None,
        done=False,
        blockers="",
        raw_text=text,
        parser=parser,
        reported_at=now,
        corrects_id=target.id,
        source=source,
    )
    await uow.reports.add(fixed)
    return fixed


def _current_values(reports: Iterable[ProgressReport]) -> dict[str, int]:
    """Each report's units as they stand now: its own count plus the corrections made to it."""
    values: dict[str, int] = {}
    for report in reports:
        key = report.corrects_id or report.id
        values[key] = values.get(key, 0) + (report.units_done or 0)
    return values


async def _task_finished(task: Task, uow: UnitOfWork) -> bool:
    """Every share reported finished (「全部終わりました」 or its units reached), or the volume reached."""
    assignments = await uow.assignments.for_task(task.organization_id, task.id)
    if not assignments:
        return False
    reports = await uow.reports.for_assignments([a.id for a in assignments])
    totals = _totals(reports)
    if task.volume is not None and sum(totals.values()) >= task.volume.amount:
        return True
    said_done = {r.assignment_id for r in reports if r.done}
    return all(a.id in said_done or totals.get(a.id, 0) >= a.units for a in assignments)


def _totals(reports: Iterable[ProgressReport]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for report in reports:
        totals[report.assignment_id] = totals.get(report.assignment_id, 0) + (report.units_done or 0)
    return totals


async def _tell_client_complete(task: Task, uow: UnitOfWork, notifier: Notifier) -> None:
    """Every share is reported done: the client hears it in Slack and decides DONE with one button."""
    async with uow:
        author = await uow.people.get(task.created_by)
        done = sum((await uow.reports.units_by_task(task.organization_id, [task.id])).values())
        chat = await _client_chat(task, author, uow)
    if author is None or chat is None:
        return
    locale = author.locale
    total = task.volume.amount if task.volume else done
    unit = task.volume.unit if task.volume else ""
    text = translate("report.task_complete", locale, title=task.title, done=done, total=total, unit=unit)
    actions: tuple[Action, ...] = ()
    if task.can_move_to(TaskStatus.DONE):
        actions = (Action(translate("report.button.mark_done", locale), DONE, task.id, ActionStyle.PRIMARY),)
    await notifier.send(OutgoingMessage(chat=chat, text=text, actions=actions))


async def _client_chat(task: Task, author: Person | None, uow: UnitOfWork) -> ChatRef | None:
    """Where the client follows the task: its updates channel, else the channel of its card, else a DM."""
    slack = author.identity_on(Platform.SLACK) if author else None
    if task.updates_channel and slack is not None:
        return ChatRef(Platform.SLACK, slack.ref.workspace, task.updates_channel)
    card = await _card_ref(task, uow)
    if card is not None:
        return card.chat
    if slack is not None and not slack.blocked:
        return ChatRef(Platform.SLACK, slack.ref.workspace, slack.ref.user_id)
    return None


async def _card_ref(task: Task, uow: UnitOfWork) -> SentMessage | None:
    """The client's Slack message about this task (the proposal card Yui keeps the reference of)."""
    proposals = await uow.proposals.for_task(task.organization_id, task.id)
    ref = next((p for p in reversed(proposals) if p.card_ts and p.card_channel), None)
    if ref is None or ref.card_channel is None or ref.card_ts is None:
        return None
    return SentMessage(ChatRef(Platform.SLACK, ref.card_workspace or "", ref.card_channel), ref.card_ts)


async def blocker_audience(person_id: str, task: Task, uow: UnitOfWork) -> tuple[SharedWith, list[Person]]:
    """Who hears a report's blockers and questions now: the person's team leaders who can be reached;
    without one, the client who asked for the work (a worker outside any team must not stay blocked
    for want of a leader); nobody when neither can be reached. The confirmation says which."""
    leaders = [leader for leader in await team_leaders(person_id, uow) if reachable_chat(leader) is not None]
    if leaders:
        return SharedWith.LEADER, leaders
    client = await uow.people.get(task.created_by) if task.created_by != person_id else None
    if client is not None and not client.withdrawn and reachable_chat(client) is not None:
        return SharedWith.CLIENT, [client]
    return SharedWith.NOBODY, []


async def tell_leaders_of_blockers(event: ReportSubmitted, uow: UnitOfWork, notifier: Notifier) -> list[Event]:
    """A blocker or question in a report reaches the person's team leaders now, not in a digest (the
    client when the person has no leader, see `blocker_audience`)."""
    if not event.has_blockers:
        return []
    async with uow:
        reporter = await uow.people.get(event.person_id)
        reports = await uow.reports.for_assignment(event.assignment_id)
        report = next((r for r in reports if r.id == event.report_id), None)
        assignments = (await uow.assignments.for_people([event.person_id]))[event.person_id]
        assignment = next((a for a in assignments if a.id == event.assignment_id), None)
        task = await uow.tasks.get(assignment.organization_id, assignment.task_id) if assignment else None
        audience, told = await blocker_audience(event.person_id, task, uow) if task else (SharedWith.NOBODY, [])
    if reporter is None or report is None or task is None:
        return []
    key = "report.client_notice" if audience is SharedWith.CLIENT else "report.leader_notice"

    def notice(recipient: Person) -> str:
        locale = recipient.locale
        name = reporter.display_name or translate("person.default_name", locale)
        return translate(key, locale, name=name, title=task.title, blockers=report.blockers)

    await tell_each(told, notifier, notice)
    return []


# --- guided report (今日の報告) and guided correction (訂正する) -----------------------------------------


async def _start_guided(
    command: Command, person: Person, uow: UnitOfWork, notifier: Notifier, clock: Clock
) -> list[Event]:
    locale = person.locale
    async with uow:
        work = await _work(person, uow)
        active = [h for h in work.hints.values() if work.tasks[work.assignments[h.assignment_id].task_id].is_active]
        if not active:
            await uow.dialogs.delete(person.id)
            await uow.commit()
            await _say(notifier, command, translate("report.no_work", locale))
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
        work = await _work(person, uow)
        recent = [
            r
            for r in await uow.reports.recent_for_person(person.id, CORRECTION_CHOICES)
            if r.assignment_id in work.hints
        ]
        if not recent:
            await uow.commit()
            await _say(notifier, command, translate("report.nothing_to_correct", locale))
            return []
        current = _current_values(await uow.reports.for_assignments(sorted({r.assignment_id for r in recent})))
        choices = tuple(
            (r.id, _report_label(r, current[r.id], work.hints[r.assignment_id], zone, locale)) for r in recent
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
    source = _source(command)
    async with uow:
        if source is not None and await uow.reports.from_source(source):
            return []  # a redelivered answer that already completed the report
        work = await _work(person, uow)
        outcome = dialog.answer(text, clock.now())
        if outcome.ended is None:
            chosen = dialog.assignment_id or ""
            if dialog.step is DialogStep.UNITS and chosen not in work.hints:  # the work ended meanwhile
                await uow.dialogs.delete(person.id)
                await uow.commit()
                await _say(notifier, command, translate("report.no_work", locale))
                return []
            await uow.dialogs.save(dialog)
            await uow.commit()
            lead = translate(outcome.notice, locale) if outcome.notice else ""
            await _ask(command, person, dialog, work, notifier, lead=lead)
            return []
        await uow.dialogs.delete(person.id)
        if outcome.ended is DialogEnd.CANCELLED:
            await uow.commit()
            await _say(notifier, command, translate("dialog.cancelled", locale))
            return []
        if outcome.ended is DialogEnd.CORRECTED:
            return await _finish_correction(command, person, dialog, work, text, source, uow, notifier, clock)
        await uow.commit()
    hint = work.hints.get(dialog.assignment_id or "")
    if hint is None:
        await _say(notifier, command, translate("report.no_work", locale))
        return []
    parsed = _guided_report(dialog, hint, person, clock)
    raw = translate("dialog.raw_text", locale, title=hint.title, units=dialog.units, unit=hint.unit, note=dialog.note)
    return await _store(command, person, parsed, work, raw.strip(), source, uow, notifier, clock)


def _guided_report(dialog: ReportDialog, hint: AssignmentHint, person: Person, clock: Clock) -> ParsedReport:
    """The guided answers as one report item; a note that reads as a blocker or a question goes to
    the leaders like one written freely (the rules find it), any other note stays in the raw text."""
    blockers: tuple[Blocker, ...] = ()
    questions: tuple[str, ...] = ()
    if dialog.note:
        read = parse_report(dialog.note, [hint], _today(person, clock))
        for item in read.items:
            blockers += item.blockers
            questions += item.questions
    item = ReportItem(hint.assignment_id, units_done=dialog.units, blockers=blockers, questions=questions)
    return ParsedReport(dialog.note, (item,), None, 1.0, (), GUIDED_PARSER)


async def _finish_correction(
    command: Command,
    person: Person,
    dialog: ReportDialog,
    work: _Work,
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
        await _say(notifier, command, translate("report.correction_not_found", locale))
        return []
    current = _current_values(await uow.reports.for_assignments([target.assignment_id]))
    fixed = await _store_correction(
        target, dialog.units, current[target.id], person, text, GUIDED_PARSER, clock.now(), source, uow
    )
    task = work.tasks[work.assignments[target.assignment_id].task_id]
    await uow.commit()
    hint = work.hints[target.assignment_id]
    day = target.reported_at.astimezone(ZoneInfo(person.timezone)).date()
    lines = [
        translate("report.correction", locale, date=f"{day.month}/{day.day}", value=dialog.units, unit=hint.unit),
        _total_line(hint, fixed.units_cumulative, locale),
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
    command: Command, person: Person, dialog: ReportDialog, work: _Work, notifier: Notifier, *, lead: str = ""
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
        quick = [QuickReply(str(n), str(n)) for n in _likely_numbers(hint)]
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


def _likely_numbers(hint: AssignmentHint | None) -> list[int]:
    """Numbers worth a tap: what is left of the share first (「全部」), then round numbers below it."""
    if hint is None or not hint.target:
        return list(LIKELY_NUMBERS)
    left = max(hint.target - hint.reported, 0)
    numbers = [n for n in LIKELY_NUMBERS if n < left]
    if left:
        numbers.append(left)
    return numbers[-(QUICK_LIMIT - 2) :]


def _report_label(report: ProgressReport, value: int, hint: AssignmentHint, zone: ZoneInfo, locale: Locale) -> str:
    day = report.reported_at.astimezone(zone).date()
    return translate(
        "dialog.report_label", locale, date=f"{day.month}/{day.day}", title=hint.title[:8], units=value, unit=hint.unit
    )


async def _pause_profile_question(person: Person, uow: UnitOfWork) -> None:
    """Starting a report leaves an open profile question for later, as any menu tap does."""
    conversation = await uow.conversations.get(person.id)
    if conversation is not None and conversation.active:
        conversation.pause()
        await uow.conversations.save(conversation)


# --- 「進捗は？」: the worker's own progress -------------------------------------------------------------


async def _own_progress(
    command: Command, person: Person, uow: UnitOfWork, notifier: Notifier, clock: Clock
) -> list[Event]:
    locale = person.locale
    zone = ZoneInfo(person.timezone)
    today = _today(person, clock)
    async with uow:
        work = await _work(person, uow)
        reports = await uow.reports.for_assignments(list(work.hints))
        profile = await uow.profiles.get(person.id)
    if not work.hints:
        await _say(notifier, command, translate("report.no_work", locale))
        return []
    calendar = calendar_of(profile.time_windows) if profile else WorkCalendar()
    lines = [translate("own.header", locale, date=format_date(today, locale))]
    for hint in work.hints.values():
        assignment = work.assignments[hint.assignment_id]
        mine = [r for r in reports if r.assignment_id == hint.assignment_id]
        state = progress(
            assignment.units,
            _daily(mine, zone),
            today,
            assignment.due,
            calendar,
            started=assignment.accepted_at.astimezone(zone).date(),
        )
        lines.append(
            translate(
                "own.line",
                locale,
                title=hint.title,
                done=state.done,
                share=assignment.units,
                unit=hint.unit,
                left=state.remaining or 0,
            )
        )
        lines.append(_pace_line(state, hint.unit, locale))
    await _say(notifier, command, "\n".join(lines))
    return []


def _pace_line(state: Progress, unit: str, locale: Locale) -> str:
    deadline = format_date(state.deadline, locale) if state.deadline else translate("task.value.none", locale)
    verdict = translate(f"verdict.{state.verdict.value}", locale)
    if state.pace <= 0 or state.forecast is None:
        return translate("own.no_pace", locale, deadline=deadline, verdict=verdict)
    return translate(
        "own.pace",
        locale,
        pace=_number(state.pace),
        unit=unit,
        forecast=format_date(state.forecast, locale),
        deadline=deadline,
        verdict=verdict,
    )


def _daily(reports: Iterable[ProgressReport], zone: ZoneInfo) -> dict[date, int]:
    """Units per local day; a correction counts on the day of the report it fixes (progress.units_by_day)."""
    listed = list(reports)
    day_of = {r.id: r.reported_at.astimezone(zone).date() for r in listed}
    return units_by_day(
        (day_of.get(r.corrects_id or r.id, r.reported_at.astimezone(zone).date()), r.units_done or 0) for r in listed
    )


def _number(value: float) -> str:
    return f"{math.floor(value * 10 + 1e-9) / 10:g}"


# --- clients: /yui status and the task's card --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TaskProgress:
    task: Task
    state: Progress
    people: tuple[tuple[str, int, int], ...]  # (name, done, share)


async def task_progress(task: Task, uow: UnitOfWork, today: date, zone: ZoneInfo) -> TaskProgress:
    """The task's totals, pace, forecast and verdict over the office week (Mon–Fri, no holidays)."""
    assignments = await uow.assignments.for_task(task.organization_id, task.id)
    reports = await uow.reports.for_assignments([a.id for a in assignments])
    totals = _totals(reports)
    started = min((a.accepted_at.astimezone(zone).date() for a in assignments), default=None)
    state = progress(
        task.volume.amount if task.volume else None,
        _daily(reports, zone),
        today,
        task.deadline,
        WorkCalendar(),
        started=started,
    )
    people: list[tuple[str, int, int]] = []
    for assignment in assignments:
        person = await uow.people.get(assignment.person_id)
        name = person.display_name if person and person.display_name else "-"
        people.append((name, totals.get(assignment.id, 0), assignment.units))
    return TaskProgress(task, state, tuple(people))


def status_message(view: TaskProgress, chat: ChatRef, locale: Locale) -> OutgoingMessage:
    task, state = view.task, view.state
    unit = task.volume.unit if task.volume else ""
    percent = state.percent or 0
    none = translate("task.value.none", locale)
    forecast = format_date(state.forecast, locale) if state.forecast else translate("progress.no_forecast", locale)
    lines = [
        translate(
            "progress.totals",
            locale,
            bar=progress_bar(percent),
            percent=percent,
            done=state.done,
            total=state.total if state.total is not None else "-",
            unit=unit,
            left=state.remaining if state.remaining is not None else "-",
        ),
        *(translate("progress.person", locale, name=n, done=d, share=s, unit=unit) for n, d, s in view.people),
    ]
    fields = (
        Field(translate("progress.field.today", locale), f"{state.done_today}{unit}"),
        Field(
            translate("progress.field.pace", locale),
            translate("progress.pace", locale, pace=_number(state.pace), unit=unit),
        ),
        Field(translate("progress.field.forecast", locale), forecast),
        Field(translate("task.field.deadline", locale), format_date(task.deadline, locale) if task.deadline else none),
        Field(translate("progress.field.verdict", locale), translate(f"verdict.{state.verdict.value}", locale)),
        Field(translate("task.field.status", locale), translate(f"status.{task.status.value}", locale)),
    )
    return OutgoingMessage(
        chat=chat,
        header=translate("progress.header", locale, title=task.title),
        text="\n".join(lines),
        fields=fields,
    )


async def show_status(
    command: ShowStatus, uow: UnitOfWork, notifier: Notifier, directory: ProfileDirectory, clock: Clock
) -> list[Event]:
    """`/yui status <task>`: only the asker sees it; the task by its number in /yui tasks, id or title."""
    async with uow:
        person, _ = await find_or_register(command.person, uow, directory, command.locale_hint)
        organization = await uow.organizations.get(person.organization_id) if person.organization_id else None
        tasks = await uow.tasks.for_organization(organization.id, active_only=True) if organization else []
        task = find_task(tasks, command.task)
        locale = person.locale
        if task is None or organization is None:
            await uow.commit()
            listed = "\n".join(f"{n}. {t.title}" for n, t in enumerate(tasks[:LIST_LIMIT], start=1))
            text = translate("progress.which_task", locale, tasks=listed or translate("tasks.empty", locale))
            await notifier.send(
                OutgoingMessage(chat=command.chat, text=text, reply=command.reply, ephemeral_to=command.person)
            )
            return []
        zone = ZoneInfo(organization.timezone)
        view = await task_progress(task, uow, clock.now().astimezone(zone).date(), zone)
        await uow.commit()
    message = status_message(view, command.chat, locale)
    await notifier.send(_ephemeral(message, command))
    return []


def _ephemeral(message: OutgoingMessage, command: Command) -> OutgoingMessage:
    return OutgoingMessage(
        chat=message.chat,
        text=message.text,
        reply=command.reply,
        ephemeral_to=command.person,
        header=message.header,
        fields=message.fields,
    )


def find_task(tasks: Sequence[Task], wanted: str) -> Task | None:
    """`3` (its number in /yui tasks), its id, or a word of its title (the first that has it)."""
    wanted = normalize(wanted).strip()
    if not wanted:
        return None
    if wanted.isdigit():
        index = int(wanted) - 1
        return tasks[index] if 0 <= index < len(tasks) else None
    for task in tasks:
        if task.id == wanted:
            return task
    return next((t for t in tasks if wanted in t.title), None)


async def update_task_card(task: Task, uow: UnitOfWork, notifier: Notifier, clock: Clock) -> None:
    """After a report: the client's Slack card for the task shows the progress (chat.update in place),
    with the task's buttons (完了 etc.); nothing when Yui holds no message reference for it."""
    async with uow:
        card = await _card_ref(task, uow)
        if card is None:
            return
        current = await uow.tasks.get(task.organization_id, task.id) or task
        author = await uow.people.get(task.created_by)
        organization = await uow.organizations.get(task.organization_id)
        zone = ZoneInfo(organization.timezone if organization else "Asia/Tokyo")
        view = await task_progress(current, uow, clock.now().astimezone(zone).date(), zone)
    locale = author.locale if author else Locale.JA
    message = status_message(view, card.chat, locale)
    await notifier.update(
        card,
        OutgoingMessage(
            chat=card.chat,
            header=message.header,
            text=message.text,
            fields=message.fields,
            actions=card_actions(current, locale),
        ),
    )


# --- small helpers ------------------------------------------------------------------------------------


def _today(person: Person, clock: Clock) -> date:
    return clock.now().astimezone(ZoneInfo(person.timezone)).date()


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=zone).astimezone(UTC)


def _source(command: Command) -> str | None:
    """The inbound message's key: LINE's reply token is unique per event and the same when redelivered."""
    return f"{command.person.platform.value}:{command.reply.token}"[:64] if command.reply else None


async def _say(notifier: Notifier, command: Command, text: str) -> None:
    await notifier.send(OutgoingMessage(chat=command.chat, text=text, reply=command.reply))


def _has_content(item: ReportItem) -> bool:
    return (
        item.units_done is not None
        or item.units_cumulative is not None
        or item.hours is not None
        or item.done
        or bool(item.blockers)
        or bool(item.questions)
    )


def _worth_answering(parsed: ParsedReport) -> bool:
    """Something about the work was said (or must be asked about); small talk goes elsewhere."""
    return any(_has_content(item) for item in parsed.items)


def _report(
    item: ReportItem,
    hint: AssignmentHint,
    organization_id: str,
    person: Person,
    text: str,
    parser: str,
    now: datetime,
    source: str | None,
) -> ProgressReport:
    units_done = item.units_done
    if units_done is None and item.units_cumulative is not None:
        units_done = max(item.units_cumulative - hint.reported, 0)
    cumulative = hint.reported + (units_done or 0)
    lines = [blocker_with_count(b, hint, person.locale) for b in item.blockers]
    lines.extend(item.questions)
    return ProgressReport(
        organization_id=organization_id,
        assignment_id=hint.assignment_id,
        person_id=person.id,
        units_done=units_done,
        units_cumulative=cumulative,
        hours=item.hours,
        done=item.done,
        blockers="\n".join(lines),
        raw_text=text,
        parser=parser,
        reported_at=now,
        source=source,
    )


def _choices(parsed: ParsedReport, hints: dict[str, AssignmentHint], text: str) -> tuple[QuickReply, ...]:
    """With the assignment unclear, one quick reply per assignment: tapping it sends the report again,
    led by the assignment's title, so the rules can place it."""
    if Ask.ASSIGNMENT.value not in parsed.ask:
        return ()
    choices: list[QuickReply] = []
    for hint in hints.values():
        again = f"{hint.title} {text}"
        choices.append(
            QuickReply(hint.title[:QUICK_LABEL_LIMIT], again if len(again) <= QUICK_TEXT_LIMIT else hint.title)
        )
    return tuple(choices)
