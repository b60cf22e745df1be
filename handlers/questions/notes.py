"""A leader keeps, lists, edits and deletes notes by hand, in LINE or Slack (domain.knowhow.typed).

The label names the kind of work (「請求書」 finds 「請求書入力」) among the tasks the leader's teams
work on; notes stay with that client's kind of work. Anyone who leads no team gets None here, so
their 「メモ …」 goes on to the other flows (a worker's report may well start with メモ).
"""

from __future__ import annotations

from domain.i18n import translate
from domain.knowhow.model import Note, kind_of, matches_kind
from domain.knowhow.typed import NoteAction, TypedNote, read_typed_note
from domain.model import DomainError, Person, Task
from domain.ports import UnitOfWork
from domain.refs import Platform
from handlers.commands import Command
from handlers.events import Event, NoteKept
from handlers.ports import Clock, Notifier, OutgoingMessage
from handlers.questions.finder import NoteFinder


async def handle_text(
    command: Command, person: Person, text: str, uow: UnitOfWork, notifier: Notifier, clock: Clock, finder: NoteFinder
) -> list[Event] | None:
    typed = read_typed_note(text)
    if typed is None:
        return None
    async with uow:
        teams = [t for t in await uow.teams.all() if t.leader_id == person.id]
        if not teams:
            return None
        kinds = _kinds(await _teams_tasks({p for t in teams for p in (*t.member_ids, t.leader_id)}, uow), typed.label)
        events: list[Event] = []
        if len(kinds) != 1:
            key = "note.no_kind" if not kinds else "note.many_kinds"
            text_out = translate(key, person.locale, label=typed.label, kinds="、".join(sorted(k for _, k in kinds)))
        else:
            [(organization_id, kind)] = kinds
            text_out, events = await _act(typed, person, organization_id, kind, uow, clock)
            await uow.commit()
    for event in events:
        if isinstance(event, NoteKept):
            finder.forgotten(event.organization_id, event.kind)  # rebuilt on the next question
    ephemeral = command.person if command.person.platform is Platform.SLACK else None
    await notifier.send(OutgoingMessage(chat=command.chat, text=text_out, reply=command.reply, ephemeral_to=ephemeral))
    return events


async def _teams_tasks(people: set[str], uow: UnitOfWork) -> list[Task]:
    """Every task (open or done: know-how outlives the work) these people hold a share of."""
    by_organization: dict[str, set[str]] = {}
    for assignments in (await uow.assignments.for_people(sorted(people))).values():
        for assignment in assignments:
            by_organization.setdefault(assignment.organization_id, set()).add(assignment.task_id)
    tasks: list[Task] = []
    for organization_id, task_ids in by_organization.items():
        tasks += await uow.tasks.many(organization_id, sorted(task_ids))
    return tasks


def _kinds(tasks: list[Task], label: str) -> set[tuple[str, str]]:
    found = {(t.organization_id, kind_of(t.title)) for t in tasks}
    exact = {(o, k) for o, k in found if k == kind_of(label)}
    return exact or {(o, k) for o, k in found if matches_kind(label, k)}


async def _act(
    typed: TypedNote, person: Person, organization_id: str, kind: str, uow: UnitOfWork, clock: Clock
) -> tuple[str, list[Event]]:
    locale = person.locale
    notes = await uow.notes.of_kind(organization_id, kind)
    if typed.action is NoteAction.KEEP:
        try:
            note = Note(organization_id, kind, "", typed.body, person.id, clock.now())
        except DomainError as error:
            return translate(error.key, locale), []
        await uow.notes.save(note)
        return translate("note.kept", locale, kind=kind, count=len(notes) + 1), [
            NoteKept(note.id, organization_id, kind)
        ]
    if typed.action is NoteAction.LIST:
        if not notes:
            return translate("note.none", locale, kind=kind), []
        lines = [translate("note.list_header", locale, kind=kind, count=len(notes))]
        for number, note in enumerate(notes, start=1):
            shown = f"{note.question} → {note.body}" if note.question else note.body
            lines.append(f"{number}. {shown}")
        lines.append(translate("note.list_hint", locale, label=typed.label))
        return "\n".join(lines), []
    number = typed.number or 0
    if not 1 <= number <= len(notes):
        return translate("note.no_number", locale, kind=kind, number=number, count=len(notes)), []
    note = notes[number - 1]
    if typed.action is NoteAction.DELETE:
        await uow.notes.delete(organization_id, note.id)
        return translate("note.deleted", locale, kind=kind, number=number), [
            NoteKept(note.id, organization_id, kind, deleted=True)
        ]
    try:
        note.edit(typed.body, clock.now())
    except DomainError as error:
        return translate(error.key, locale), []
    await uow.notes.save(note)
    return translate("note.edited", locale, kind=kind, number=number), [NoteKept(note.id, organization_id, kind)]
