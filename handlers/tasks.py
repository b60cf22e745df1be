"""Clients' work (案件): drafting from a sentence, confirming, the form, changes, the list and Home.

Every lookup goes through the person's organisation (`uow.tasks.get(organization_id, task_id)`), so
a task id from another workspace finds nothing. Rules live in the domain (`Task`); this module
decides what to say and where.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ValidationError, field_validator
from pydantic import Field as PydanticField

import prompts
from domain.i18n import translate
from domain.intents import strip_mentions
from domain.matching import Reasons
from domain.matching.region import read_region
from domain.model import (
    ChangeKind,
    DomainError,
    Organization,
    Person,
    Recurrence,
    Task,
    TaskStatus,
    TeamShape,
    Volume,
    next_occurrence,
)
from domain.ports import UnitOfWork
from domain.proposals import Assignment, Proposal
from domain.refs import ChatRef, Locale, Platform
from domain.skills import SKILLS, skill_label
from domain.task_draft import TaskDraft
from domain.task_draft import draft_task as draft_by_rules
from domain.task_form import UNITS, form_of, prefill_value
from handlers import buttons
from handlers.absences import short_date
from handlers.commands import (
    CancelTask,
    ChangeTaskStatus,
    Command,
    ConfirmTask,
    DraftTask,
    ListTasks,
    ShowHome,
    StatusChange,
    SubmitTaskForm,
)
from handlers.events import Event, TaskChanged, TaskDrafted, TaskRegistered
from handlers.people import find_or_register
from handlers.ports import (
    Action,
    ActionStyle,
    ChatUnavailable,
    Clock,
    Field,
    LanguageModel,
    Notifier,
    OutgoingMessage,
    ProfileDirectory,
    SentMessage,
)

PROGRESS_CELLS = 10
LIST_LIMIT = 40  # tasks shown in a list or on Home (Block Kit: 50 blocks a message, 100 on Home)


# --- drafting ---------------------------------------------------------------------------------------


class DraftAnswer(BaseModel):
    """What the LLM may say about a request; validated, then checked against the catalog."""

    title: str | None = PydanticField(default=None, max_length=100)
    volume_amount: int | None = PydanticField(default=None, gt=0)
    volume_unit: str | None = None
    deadline: date | None = None
    skills: list[str] = []
    recurrence: Recurrence = Recurrence.ONE_OFF
    shape: TeamShape | None = None
    budget_yen: int | None = PydanticField(default=None, ge=0)
    rate_yen: int | None = PydanticField(default=None, ge=0)
    rate_unit: str | None = None

    @field_validator("volume_unit")
    @classmethod
    def _known_unit(cls, unit: str | None) -> str | None:
        if unit is not None and unit not in UNITS:
            raise ValueError(f"unknown unit {unit}")
        return unit


async def draft_task(
    command: DraftTask,
    uow: UnitOfWork,
    notifier: Notifier,
    directory: ProfileDirectory,
    llm: LanguageModel,
    clock: Clock,
) -> list[Event]:
    async with uow:
        person, _ = await find_or_register(command.person, uow, directory, command.locale_hint)
        organization = await _organization(person, uow)
        await uow.commit()
    return await draft_for(command, command.text, person, organization, uow, notifier, llm, clock)


async def draft_for(
    command: Command,
    text: str,
    person: Person,
    organization: Organization | None,
    uow: UnitOfWork,
    notifier: Notifier,
    llm: LanguageModel,
    clock: Clock,
) -> list[Event]:
    """Post 考え中…, draft (LLM when configured, else rules), store the DRAFT, update the message."""
    locale = person.locale
    if organization is None:  # only client organisations register work (LINE is for teleworkers)
        await notifier.send(_answer(command, translate("help.line", locale)))
        return []
    chat = command.chat
    try:
        thinking = await notifier.send(OutgoingMessage(chat=chat, text=translate("task.thinking", locale)))
    except ChatUnavailable:
        # A slash command works in any channel, but Yui posts only where it is a member: the draft
        # goes to the person's DM with Yui (a message to a user id), and the command's answer says so.
        chat = ChatRef(chat.platform, chat.workspace, command.person.user_id)
        await notifier.send(_answer(command, translate("task.draft_in_dm", locale), ephemeral=True))
        thinking = await notifier.send(OutgoingMessage(chat=chat, text=translate("task.thinking", locale)))
    zone = ZoneInfo(organization.timezone)
    today = clock.now().astimezone(zone).date()
    # A region clause at the end (「… 地域:伊那市のみ」, as in /yui match) is the task's region, not
    # part of what is drafted.
    request, wish = read_region(strip_mentions(text))
    draft = await _llm_draft(request, today, organization.timezone, llm) or draft_by_rules(request, today)
    task = Task(
        organization_id=organization.id,
        title=draft.title,
        volume=draft.volume,
        deadline=draft.deadline,
        created_by=person.id,
        description=draft.description,
        skills=draft.skills,
        shape=draft.shape or TeamShape.INDIVIDUAL,
        recurrence=draft.recurrence,
        budget_yen=draft.budget_yen,
        rate_yen=draft.rate_yen,
        rate_unit=draft.rate_unit,
        region=wish.region if wish else "",
        region_only=wish.only if wish else False,
        created_at=clock.now(),
    )
    task.record_draft(person.id, clock.now())
    async with uow:
        await uow.tasks.add(task)
        await uow.commit()
    card = _card_message(task, chat, locale, "")
    if thinking is not None:
        await notifier.update(thinking, card)
    else:
        await notifier.send(card)
    return [TaskDrafted(task.id, organization.id)]


async def _llm_draft(text: str, today: date, timezone: str, llm: LanguageModel) -> TaskDraft | None:
    prompt = prompts.render(
        "task_draft",
        today=today.isoformat(),
        weekday=today.strftime("%a"),
        timezone=timezone,
        units=list(UNITS),
        skills=[s.id for s in SKILLS],
        text=text,
    )
    try:
        answer = await llm.extract(prompt, DraftAnswer)
    except ValidationError:
        return None
    if answer is None:
        return None
    catalog = {s.id for s in SKILLS}
    volume = Volume(answer.volume_amount, answer.volume_unit) if answer.volume_amount and answer.volume_unit else None
    title = (answer.title or "").strip()
    # A deadline already past is a misread (last year's 11/30, a date in the signature): asked, not kept.
    deadline = answer.deadline if answer.deadline is not None and answer.deadline >= today else None
    found = {"title": bool(title), "volume": volume is not None, "deadline": deadline is not None}
    return TaskDraft(
        title=title,
        description=text.strip(),
        volume=volume,
        deadline=deadline,
        skills=frozenset(s for s in answer.skills if s in catalog),
        recurrence=answer.recurrence,
        shape=answer.shape,
        budget_yen=answer.budget_yen,
        rate_yen=answer.rate_yen,
        rate_unit=answer.rate_unit,
        missing=tuple(name for name, ok in found.items() if not ok),
    )


# --- confirm, cancel, pause / resume / done ---------------------------------------------------------


async def confirm_task(
    command: ConfirmTask, uow: UnitOfWork, notifier: Notifier, directory: ProfileDirectory, clock: Clock
) -> list[Event]:
    async with uow:  # the draft's deadline is checked against the client's own today
        person, _ = await find_or_register(command.person, uow, directory, command.locale_hint)
        organization = await _organization(person, uow)
        await uow.commit()
    zone = ZoneInfo(organization.timezone if organization else "Asia/Tokyo")

    def register(task: Task, by: str, at: datetime) -> None:
        # A draft confirmed days later may have a deadline that has passed: asked to Edit, not opened late.
        if task.status is TaskStatus.DRAFT and task.deadline is not None and task.deadline < at.astimezone(zone).date():
            raise DomainError("error.deadline_passed", deadline=format_date(task.deadline, person.locale))
        task.register(by, at)

    changed = await _change(command, register, uow, notifier, directory, clock)
    if changed is None:
        return []
    task, locale = changed.task, changed.person.locale
    lead = translate("task.registered", locale, title=task.title)
    await _show(notifier, command, command.card, task, locale, lead, changed.assignees)
    return [TaskRegistered(task.id, task.organization_id)]


async def cancel_task(
    command: CancelTask, uow: UnitOfWork, notifier: Notifier, directory: ProfileDirectory, clock: Clock
) -> list[Event]:
    def cancel(task: Task, by: str, at: datetime) -> None:
        task.cancel(by, at, command.reason)

    changed = await _change(command, cancel, uow, notifier, directory, clock)
    if changed is None:
        return []
    task, locale = changed.task, changed.person.locale
    was_draft = changed.before is TaskStatus.DRAFT
    title = task.title or translate("task.untitled", locale)
    lead = translate("task.draft_cancelled" if was_draft else "task.changed.cancelled", locale, title=title)
    await _show(notifier, command, command.card, task, locale, lead, changed.assignees)
    return [] if was_draft else [TaskChanged(task.id, task.organization_id, "cancelled")]


_STATUS_CHANGES: dict[StatusChange, Callable[[Task, str, datetime], None]] = {
    StatusChange.PAUSE: Task.pause,
    StatusChange.RESUME: Task.resume,
    StatusChange.DONE: Task.mark_done,
}


async def change_task_status(
    command: ChangeTaskStatus, uow: UnitOfWork, notifier: Notifier, directory: ProfileDirectory, clock: Clock
) -> list[Event]:
    changed = await _change(command, _STATUS_CHANGES[command.change], uow, notifier, directory, clock)
    if changed is None:
        return []
    task, locale, kind = changed.task, changed.person.locale, changed.kind.value
    lead = translate(f"task.changed.{kind}", locale, title=task.title)
    await _show(notifier, command, command.card, task, locale, lead, changed.assignees)
    return [TaskChanged(task.id, task.organization_id, kind)]


@dataclass(frozen=True, slots=True)
class _Changed:
    person: Person
    task: Task  # as saved
    before: TaskStatus  # the task's status before the change
    kind: ChangeKind  # the last change recorded
    assignees: tuple[Assignee, ...]  # who holds a share, for the card's 担当


async def _change(
    command: ConfirmTask | CancelTask | ChangeTaskStatus,
    change: Callable[[Task, str, datetime], None],
    uow: UnitOfWork,
    notifier: Notifier,
    directory: ProfileDirectory,
    clock: Clock,
) -> _Changed | None:
    """Load the person's organisation's task, apply `change(task, by, at)` and save it (with its
    change log). None when the person was already told why not (no such task, a domain rule)."""
    async with uow:
        person, _ = await find_or_register(command.person, uow, directory, command.locale_hint)
        task = await _task(person, command.task_id, uow)
        if task is None:
            await uow.commit()
            await _tell(notifier, command, translate("error.task_not_found", person.locale))
            return None
        before = task.status
        try:
            change(task, person.id, clock.now())
        except DomainError as error:
            await uow.commit()
            await _tell(notifier, command, explain(error, person.locale))
            return None
        kind = task.changes[-1].kind  # saving clears the unsaved changes
        await uow.tasks.save(task)
        await uow.commit()
        assignees = await task_assignees(uow, task, person.locale)
    return _Changed(person, task, before, kind, assignees)


# --- the form --------------------------------------------------------------------------------------


async def submit_task_form(
    command: SubmitTaskForm, uow: UnitOfWork, notifier: Notifier, directory: ProfileDirectory, clock: Clock
) -> list[Event]:
    """A new task from the modal is registered at once (the form is the confirmation); an edited
    draft stays a draft until Confirm; an edited registered task records each change."""
    fields = command.fields
    now = clock.now()
    async with uow:
        person, _ = await find_or_register(command.person, uow, directory, command.locale_hint)
        organization = await _organization(person, uow)
        if organization is None:
            await uow.commit()
            return []
        task = await _task(person, command.task_id, uow) if command.task_id else None
        if command.task_id and task is None:
            await uow.commit()
            await _tell(notifier, command, translate("error.task_not_found", person.locale))
            return []
        events: list[Event] = []
        try:
            if task is None:
                task = Task(
                    organization_id=organization.id,
                    title=fields.title,
                    volume=fields.volume,
                    deadline=fields.deadline,
                    created_by=person.id,
                    created_at=now,
                )
                _apply(task, command, person.id, now)
                task.register(person.id, now)
                await uow.tasks.add(task)
                events.append(TaskRegistered(task.id, organization.id))
            else:
                _apply(task, command, person.id, now)
                if task.status is not TaskStatus.DRAFT:
                    await _follow_coverage(task, uow, person.id, now)
                    events += [TaskChanged(task.id, organization.id, c.kind.value) for c in task.changes]
                await uow.tasks.save(task)
        except DomainError as error:
            await uow.commit()
            await _tell(notifier, command, explain(error, person.locale))
            return []
        assignees = await task_assignees(uow, task, person.locale)
        await uow.commit()
    locale = person.locale
    is_new = command.task_id is None
    lead = translate("task.registered" if is_new else "task.changed.edited", locale, title=task.title)
    if is_new or command.card is None:
        chat = command.chat
        target = ChatRef(chat.platform, chat.workspace, task.updates_channel) if task.updates_channel else chat
        await notifier.send(_card_message(task, target, locale, lead, assignees))
    else:
        await notifier.update(command.card, _card_message(task, command.card.chat, locale, lead, assignees))
    return events


async def _follow_coverage(task: Task, uow: UnitOfWork, by: str, at: datetime) -> None:
    """After a volume change the status follows the accepted shares. Open work they now cover is
    MATCHED, and IN_PROGRESS when its takers have already reported: a client who settles for what
    was taken (the rest is not needed after all) can then mark it done; a report alone never starts
    work that is still being looked for (matching offers only OPEN work). MATCHED work whose volume
    grew past the shares is OPEN again, so the rest is proposed (/yui match) and offered."""
    changed = any(c.kind is ChangeKind.VOLUME_CHANGED for c in task.changes)
    if not changed or task.status not in (TaskStatus.OPEN, TaskStatus.MATCHED) or task.volume is None:
        return
    assignments = await uow.assignments.for_task(task.organization_id, task.id)
    covered = bool(assignments) and sum(a.units for a in assignments) >= task.volume.amount
    if task.status is TaskStatus.MATCHED:
        if not covered:
            task.reopen(by, at)
        return
    if not covered:
        return
    task.mark_matched(by, at)
    reports = await uow.reports.for_assignments([a.id for a in assignments])
    if any(r.corrects_id is None for r in reports):
        task.start(at)


def _apply(task: Task, command: SubmitTaskForm, by: str, at: datetime) -> None:
    fields = command.fields
    registered = task.status is not TaskStatus.DRAFT
    if registered and task.deadline is not None and fields.deadline > task.deadline:
        task.extend_deadline(fields.deadline, by, at)
    if registered and task.volume is not None and fields.volume != task.volume:
        task.change_volume(fields.volume, by, at)
    values: dict[str, object] = {
        "title": fields.title,
        "volume": fields.volume,
        "deadline": fields.deadline,
        "skills": fields.skills,
        "other_skills": fields.other_skills,
        "recurrence": fields.recurrence,
        "shape": fields.shape,
        "budget_yen": fields.budget_yen,
        "rate_yen": fields.rate_yen,
        "updates_channel": fields.updates_channel,
        "region": fields.region,
        "region_only": fields.region_only,
    }
    if not command.description_truncated:
        values["description"] = fields.description
    task.edit(by, at, **values)


# --- seeing work ------------------------------------------------------------------------------------


async def list_tasks(
    command: ListTasks, uow: UnitOfWork, notifier: Notifier, directory: ProfileDirectory
) -> list[Event]:
    async with uow:
        person, _ = await find_or_register(command.person, uow, directory, command.locale_hint)
        organization = await _organization(person, uow)
        tasks = await uow.tasks.for_organization(organization.id, active_only=True) if organization else []
        assignees = await _assignee_names(uow, tasks)
        done = await _units_done(uow, organization.id, tasks) if organization else {}
        await uow.commit()
    await _tell(notifier, command, task_list(tasks, person.locale, assignees, done))
    return []


async def show_home(command: ShowHome, uow: UnitOfWork, notifier: Notifier, directory: ProfileDirectory) -> list[Event]:
    async with uow:
        person, _ = await find_or_register(command.person, uow, directory, command.locale_hint)
        organization = await _organization(person, uow)
        tasks = await uow.tasks.for_organization(organization.id, active_only=True) if organization else []
        assignees = await _assignee_names(uow, tasks)
        done = await _units_done(uow, organization.id, tasks) if organization else {}
        await uow.commit()
    locale = person.locale
    home = OutgoingMessage(
        chat=command.chat,
        header=translate("home.header", locale),
        text=task_list(tasks, locale, assignees, done),
        note=translate("home.hint", locale),
    )
    await notifier.publish_home(command.person, home)
    return []


@dataclass(frozen=True, slots=True)
class Assignee:
    """Someone holding a share of a task, as the client's card names them."""

    name: str
    units: int


async def task_assignees(uow: UnitOfWork, task: Task, locale: Locale) -> tuple[Assignee, ...]:
    """Who holds a share of `task` and how much (one line per person, shares added up), for its card."""
    units: dict[str, int] = {}
    for assignment in await uow.assignments.for_task(task.organization_id, task.id):
        units[assignment.person_id] = units.get(assignment.person_id, 0) + assignment.units
    found: list[Assignee] = []
    for person_id, held in units.items():
        person = await uow.people.get(person_id)
        # Someone who left Yui (退会) has no name any more; their share still counts as taken.
        name = person.display_name if person and person.display_name else translate("match.unnamed", locale)
        found.append(Assignee(name, held))
    return tuple(found)


async def _assignee_names(uow: UnitOfWork, tasks: list[Task]) -> dict[str, list[str]]:
    """Display names of the people holding a share of each listed task (accepted offers)."""
    names: dict[str, list[str]] = {}
    people: dict[str, str] = {}
    for task in tasks[:LIST_LIMIT]:
        for assignment in await uow.assignments.for_task(task.organization_id, task.id):
            if assignment.person_id not in people:
                person = await uow.people.get(assignment.person_id)
                people[assignment.person_id] = person.display_name if person and person.display_name else ""
            name = people[assignment.person_id]
            if name and name not in names.setdefault(task.id, []):
                names[task.id].append(name)
    return names


async def _units_done(uow: UnitOfWork, organization_id: str, tasks: list[Task]) -> dict[str, int]:
    """Units reported per listed task (corrections applied), for the progress bars."""
    return await uow.reports.units_by_task(organization_id, [t.id for t in tasks[:LIST_LIMIT]])


def task_list(
    tasks: list[Task],
    locale: Locale,
    assignees: Mapping[str, list[str]] | None = None,
    done: Mapping[str, int] | None = None,
) -> str:
    if not tasks:
        return translate("tasks.empty", locale)
    lines = [translate("tasks.header", locale, count=len(tasks))]
    for task in tasks[:LIST_LIMIT]:
        percent = percent_done(task, (done or {}).get(task.id, 0))
        lines.append(
            translate(
                "tasks.line",
                locale,
                title=task.title,
                status=translate(f"status.{task.status.value}", locale),
                bar=progress_bar(percent),
                percent=percent,
                deadline=format_date(task.deadline, locale) if task.deadline else translate("task.value.none", locale),
                assignees=translate("list.separator", locale).join((assignees or {}).get(task.id, ()))
                or translate("task.value.unassigned", locale),
            )
        )
    return "\n".join(lines)


def percent_done(task: Task, units: int) -> int:
    """Reported units as a share of the volume (floored: 199 of 200 is not 100 %)."""
    if task.volume is None or task.volume.amount <= 0:
        return 0
    return min(100, 100 * max(units, 0) // task.volume.amount)


def progress_bar(percent: int) -> str:
    filled = round(max(0, min(100, percent)) * PROGRESS_CELLS / 100)
    return "▰" * filled + "▱" * (PROGRESS_CELLS - filled)


# --- cards ------------------------------------------------------------------------------------------


def _card_message(
    task: Task, chat: ChatRef, locale: Locale, lead: str, assignees: Sequence[Assignee] = ()
) -> OutgoingMessage:
    draft = task.status is TaskStatus.DRAFT
    missing = task.missing
    ask = ""
    if draft and missing:
        names = translate("list.separator", locale).join(translate(f"draft.missing.{m}", locale) for m in missing)
        ask = translate("draft.ask_missing", locale, fields=names)
    text = "\n".join(part for part in (lead, ask) if part)  # the header is the notification text otherwise
    return OutgoingMessage(
        chat=chat,
        header=translate("task.draft.header" if draft else "task.card.header", locale),
        text=text,
        fields=card_fields(task, locale, assignees),
        actions=card_actions(task, locale),
        note=translate("task.draft.note", locale) if draft and not missing else "",
    )


def card_fields(task: Task, locale: Locale, assignees: Sequence[Assignee] = ()) -> tuple[Field, ...]:
    missing = translate("task.value.missing", locale)
    none = translate("task.value.none", locale)
    skills = [skill_label(s, locale) for s in sorted(task.skills)] + list(task.other_skills)
    rows = [
        ("title", task.title or missing),
        ("status", translate(f"status.{task.status.value}", locale)),
        (
            "volume",
            translate("task.value.volume", locale, amount=task.volume.amount, unit=task.volume.unit)
            if task.volume
            else missing,
        ),
        ("deadline", format_date(task.deadline, locale) if task.deadline else missing),
        ("skills", translate("list.separator", locale).join(skills) if skills else none),
        ("recurrence", translate(f"recurrence.{task.recurrence.value}", locale)),
        ("shape", translate(f"shape.{task.shape.value}", locale)),
    ]
    if task.budget_yen is not None:
        rows.append(("budget", translate("task.value.yen", locale, amount=f"{task.budget_yen:,}")))
    if task.rate_yen is not None:
        unit = task.rate_unit or (task.volume.unit if task.volume else "")
        rows.append(("rate", translate("task.value.rate", locale, amount=f"{task.rate_yen:,}", unit=unit)))
    if task.updates_channel:
        rows.append(("updates_channel", f"<#{task.updates_channel}>"))
    if task.region:
        region = translate("task.value.region_only", locale, region=task.region) if task.region_only else task.region
        rows.append(("region", region))
    if task.status is not TaskStatus.DRAFT:
        unit = task.volume.unit if task.volume else ""
        names = [translate("task.value.assignee", locale, name=a.name, units=a.units, unit=unit) for a in assignees]
        rows.append(
            ("assignees", translate("list.separator", locale).join(names) or translate("task.value.unassigned", locale))
        )
    return tuple(Field(translate(f"task.field.{name}", locale), value) for name, value in rows)


def card_actions(task: Task, locale: Locale) -> tuple[Action, ...]:
    def button(action_id: str, key: str, style: ActionStyle = ActionStyle.DEFAULT, value: str = "") -> Action:
        return Action(translate(key, locale), action_id, value or task.id, style)

    edit = button(buttons.TASK_EDIT, "task.button.edit", value=prefill_value(task.id, form_of(task)))
    if task.status is TaskStatus.DRAFT:
        actions = [button(buttons.TASK_CONFIRM, "task.button.confirm", ActionStyle.PRIMARY)] if not task.missing else []
        return (*actions, edit, button(buttons.TASK_DISCARD, "task.button.cancel", ActionStyle.DANGER))
    if task.status in (TaskStatus.DONE, TaskStatus.CANCELLED):
        return ()
    actions = [edit]
    if task.status is TaskStatus.PAUSED:
        actions.append(button(buttons.TASK_RESUME, "task.button.resume", ActionStyle.PRIMARY))
    elif task.can_move_to(TaskStatus.PAUSED):
        actions.append(button(buttons.TASK_PAUSE, "task.button.pause"))
    if task.can_move_to(TaskStatus.DONE):
        actions.append(button(buttons.TASK_DONE, "task.button.done", ActionStyle.PRIMARY))
    actions.append(button(buttons.TASK_CANCEL, "task.button.cancel", ActionStyle.DANGER))
    return tuple(actions)


format_date = short_date  # the name the task, matching and report cards import it by


def explain(error: DomainError, locale: Locale) -> str:
    """A domain rule's message with its parameters in words (status names, field names)."""
    params = dict(error.params)
    for name in ("current", "target", "status"):
        if name in params and isinstance(params[name], str) and params[name] in TaskStatus.__members__.values():
            params[name] = translate(f"status.{params[name]}", locale)
    if "fields" in params:
        fields = str(params["fields"]).split(",")
        params["fields"] = translate("list.separator", locale).join(
            translate(f"task.field.{f}", locale) for f in fields
        )
    return translate(error.key, locale, **params)


# --- helpers ----------------------------------------------------------------------------------------


async def _organization(person: Person, uow: UnitOfWork) -> Organization | None:
    return await uow.organizations.get(person.organization_id) if person.organization_id else None


async def _task(person: Person, task_id: str | None, uow: UnitOfWork) -> Task | None:
    """The task, if it belongs to the person's organisation: the only way handlers load one."""
    if not person.organization_id or not task_id:
        return None
    return await uow.tasks.get(person.organization_id, task_id)


async def _show(
    notifier: Notifier,
    command: Command,
    card: SentMessage | None,
    task: Task,
    locale: Locale,
    lead: str,
    assignees: Sequence[Assignee] = (),
) -> None:
    """Update the card the button was on (never re-post it); send a new card when there is none."""
    if card is not None:
        await notifier.update(card, _card_message(task, card.chat, locale, lead, assignees))
    else:
        await notifier.send(_card_message(task, command.chat, locale, lead, assignees))


async def _tell(notifier: Notifier, command: Command, text: str) -> None:
    """An answer only the person who asked sees (a refusal, their list)."""
    await notifier.send(_answer(command, text, ephemeral=True))


def _answer(command: Command, text: str, *, ephemeral: bool = False) -> OutgoingMessage:
    return OutgoingMessage(
        chat=command.chat, text=text, reply=command.reply, ephemeral_to=command.person if ephemeral else None
    )


# --- recurring work ---------------------------------------------------------------------------------


async def roll_recurring(uow: UnitOfWork, clock: Clock, notifier: Notifier | None = None) -> list[Task]:
    """Create the next occurrence of every weekly / monthly task whose deadline has passed, by each
    organisation's own calendar. Safe to run any number of times (the scheduler and `yui tasks
    roll` both call it): an occurrence that already has a successor is left alone.

    The new occurrence keeps the previous one's assignees (issue 3: "keep their assignees unless
    someone declines"): each gets the same share again, stored like an accepted offer, and is told
    in LINE with a 今回は辞退する button (`notifier`; without one, they see it in 自分の案件)."""
    created: list[Task] = []
    carried: list[tuple[Task, Proposal]] = []
    now = clock.now()
    async with uow:
        for organization in await uow.organizations.all():
            today = now.astimezone(ZoneInfo(organization.timezone)).date()
            for task in await uow.tasks.for_organization(organization.id):
                successor = next_occurrence(task, today, now)
                if successor is None or await uow.tasks.next_occurrence_of(organization.id, task.id):
                    continue
                shares = await _carry_assignees(task, successor, uow, now)
                await uow.tasks.add(successor)
                for share in shares:
                    assignment = share.accept(now)
                    await uow.proposals.add(share)
                    await uow.assignments.add(assignment)
                    carried.append((successor, share))
                created.append(successor)
        await uow.commit()
    if notifier is not None:
        for task, share in carried:
            await _tell_carried(task, share, uow, notifier)
    return created


async def _carry_assignees(previous: Task, successor: Task, uow: UnitOfWork, now: datetime) -> list[Proposal]:
    """The previous occurrence's assignees, one share each (a person's shares added up), as proposals
    the client's standing approval has already offered and the person accepted: matching then
    counts the units as taken and does not propose these people again. People who left Yui are not
    carried. Marks the successor MATCHED when the shares cover it."""
    held: dict[str, list[Assignment]] = {}
    for assignment in await uow.assignments.for_task(previous.organization_id, previous.id):
        held.setdefault(assignment.person_id, []).append(assignment)
    shares: list[Proposal] = []
    for rank, (person_id, assignments) in enumerate(held.items(), start=1):
        person = await uow.people.get(person_id)
        if person is None or person.withdrawn or not person.display_name:
            continue
        before: Proposal | None = None  # the share's last proposal, for its reasons on the client's card
        for assignment in assignments:
            if before is None and assignment.proposal_id:
                before = await uow.proposals.get(assignment.organization_id, assignment.proposal_id)
        assert successor.deadline is not None  # next_occurrence always dates the successor
        reasons = (
            dataclasses.replace(before.reasons, deadline=successor.deadline)
            if before
            else Reasons((), 0.0, successor.deadline, 0.0, 0, 0, 0, 0)
        )
        share = Proposal(
            organization_id=successor.organization_id,
            task_id=successor.id,
            person_id=person_id,
            units=sum(a.units for a in assignments),
            hours=sum(a.hours for a in assignments),
            earnings_yen=sum(a.earnings_yen for a in assignments),
            score=before.score if before else 0.0,
            rank=rank,
            reasons=reasons,
            created_at=now,
            team_id=before.team_id if before else None,
        )
        share.approve(successor.created_by)  # the client set the work up to recur with these people
        share.offer(now)
        shares.append(share)
    total = successor.volume.amount if successor.volume else 0
    if shares and sum(s.units for s in shares) >= total:
        successor.mark_matched(None, now)
    return shares


async def _tell_carried(task: Task, share: Proposal, uow: UnitOfWork, notifier: Notifier) -> None:
    """The assignee hears in LINE that the next round is theirs again, with a decline button."""
    async with uow:
        person = await uow.people.get(share.person_id)
    identity = person.identity_on(Platform.LINE) if person else None
    if person is None or identity is None or identity.blocked:
        return  # not on LINE, or blocked us: 自分の案件 shows it when they come back
    locale = person.locale
    unit = task.volume.unit if task.volume else ""
    earnings = (
        translate("offer.value.earnings", locale, amount=f"{share.earnings_yen:,}")
        if share.earnings_yen
        else translate("offer.value.earnings_unknown", locale)
    )
    total = task.volume.amount if task.volume else 0
    share_text = translate("offer.value.share", locale, units=share.units, unit=unit, total=total)
    fields = (
        Field(translate("offer.field.share", locale), share_text),
        Field(translate("offer.field.deadline", locale), format_date(task.deadline, locale) if task.deadline else ""),
        Field(translate("offer.field.earnings", locale), earnings),
    )
    decline = Action(
        translate("recurring.button.decline", locale), buttons.SHARE_DECLINE, buttons.carried_decline(share.id)
    )
    await notifier.send(
        OutgoingMessage(
            chat=ChatRef(Platform.LINE, identity.ref.workspace, identity.ref.user_id),
            header=translate("recurring.header", locale),
            text=translate("recurring.carried", locale, title=task.title, units=share.units, unit=unit),
            fields=fields,
            actions=(decline,),
        )
    )
