"""A person who accepts a share of a task gets the notes the team keeps on that client's kind of
work with the acceptance: in the same message, not one message per note."""

from __future__ import annotations

from domain.i18n import translate
from domain.knowhow.model import Note, kind_of
from domain.model import Task
from domain.ports import UnitOfWork
from domain.refs import Locale

SHOWN = 8  # notes in the acceptance at most, newest first; a LINE text bubble stays readable
NOTE_LINE = 120  # characters of one note


async def notes_for(task: Task, locale: Locale, uow: UnitOfWork) -> str:
    """The notes block to append to the acceptance ("" when the team keeps none)."""
    async with uow:
        notes = await uow.notes.of_kind(task.organization_id, kind_of(task.title))
    if not notes:
        return ""
    newest = sorted(notes, key=lambda n: n.updated_at or n.created_at, reverse=True)[:SHOWN]
    lines = [translate("note.accept_header", locale, count=len(notes))]
    lines += [_line(note, locale) for note in newest]
    return "\n\n" + "\n".join(lines)


def _line(note: Note, locale: Locale) -> str:
    if note.question:
        text = translate("note.line_qa", locale, question=note.question, answer=note.body)
    else:
        text = translate("note.line_rule", locale, body=note.body)
    return text if len(text) <= NOTE_LINE else text[: NOTE_LINE - 1] + "…"
