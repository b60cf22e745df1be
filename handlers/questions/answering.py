"""回答する: the leader (or, for a worker without a leader, the client) answers a question.

Slack: the adapter opens the answer form on the press; its submission is `AnswerQuestion`.
LINE: the press is answered right away with the free reply token (「回答をこのまま送ってください」), and
the leader's next message in the 1:1 chat is the answer (`answer_from_text`).

The answer reaches the worker in LINE with their question quoted, and becomes a note of the task,
kept with the client's other notes of that kind. Only the question and the answer are kept.
"""

from __future__ import annotations

from datetime import timedelta

from domain.i18n import translate
from domain.knowhow.model import AnswerSource, Note, Question
from domain.model import DomainError, Person
from domain.ports import UnitOfWork
from domain.refs import Platform
from handlers.absences import reachable_chat, team_leaders
from handlers.commands import AnswerQuestion, Command
from handlers.events import Event, NoteKept, QuestionAnswered
from handlers.people import find_or_register
from handlers.ports import Clock, Notifier, OutgoingMessage, ProfileDirectory
from handlers.questions.finder import NoteFinder

ANSWER_WINDOW = timedelta(hours=24)  # a 回答する tapped longer ago no longer catches the next message


async def may_answer(person: Person, question: Question, uow: UnitOfWork) -> bool:
    """The asker's team leaders answer; a worker without one is answered by the client who asked
    for the work (the person the question went to)."""
    leaders = await team_leaders(question.asked_by, uow)
    if leaders:
        return any(leader.id == person.id for leader in leaders)
    task = await uow.tasks.get(question.organization_id, question.task_id)
    return task is not None and task.created_by == person.id


async def start_answer(
    command: Command, person: Person, question_id: str, uow: UnitOfWork, notifier: Notifier, clock: Clock
) -> None:
    """LINE 回答する: remember that this leader's next message is the answer, and say so at once."""
    locale = person.locale
    async with uow:
        question = await uow.questions.get(question_id)
        if question is None or not await may_answer(person, question, uow):
            text = translate("question.not_yours", locale)
        elif not question.is_open:
            text = translate("error.question_closed", locale)
        else:
            await uow.questions.start_answer(person.id, question.id, clock.now())
            await uow.commit()
            text = translate("question.answer_prompt", locale, question=question.text)
    await notifier.send(OutgoingMessage(chat=command.chat, text=text, reply=command.reply))


async def answer_from_text(
    command: Command, person: Person, text: str, uow: UnitOfWork, notifier: Notifier, clock: Clock, finder: NoteFinder
) -> list[Event] | None:
    """A LINE leader's message right after 回答する is the answer; None leaves it to the other flows."""
    async with uow:
        answering = await uow.questions.answering(person.id)
        if answering is None:
            return None
        await uow.questions.stop_answer(person.id)
        await uow.commit()
    question_id, since = answering
    if clock.now() - since > ANSWER_WINDOW:
        return None
    return await _answer(command, person, question_id, text, uow, notifier, clock, finder)


async def answer_question(
    command: AnswerQuestion,
    uow: UnitOfWork,
    notifier: Notifier,
    directory: ProfileDirectory,
    clock: Clock,
    finder: NoteFinder,
) -> list[Event]:
    async with uow:
        person, _ = await find_or_register(command.person, uow, directory, command.locale_hint)
        await uow.commit()
    return await _answer(command, person, command.question_id, command.text, uow, notifier, clock, finder)


async def _answer(
    command: Command,
    person: Person,
    question_id: str,
    text: str,
    uow: UnitOfWork,
    notifier: Notifier,
    clock: Clock,
    finder: NoteFinder,
) -> list[Event]:
    locale = person.locale
    ephemeral = command.person if command.person.platform is Platform.SLACK else None
    async with uow:
        question = await uow.questions.get(question_id)
        allowed = question is not None and await may_answer(person, question, uow)
        worker = await uow.people.get(question.asked_by) if question is not None else None
        task = await uow.tasks.get(question.organization_id, question.task_id) if question is not None else None
        if question is None or not allowed or worker is None or task is None:
            await notifier.send(_told(command, translate("question.not_yours", locale), ephemeral))
            return []
        source = AnswerSource.LEADER if await team_leaders(question.asked_by, uow) else AnswerSource.CLIENT
        try:
            answer = question.answer_with(text, person.id, source, clock.now())
        except DomainError as error:
            await notifier.send(_told(command, translate(error.key, locale, **error.params), ephemeral))
            return []
        note = Note.from_answer(question, answer)
        question.note_id = note.id
        await uow.questions.save(question)
        await uow.notes.save(note)
        await uow.commit()
    finder.kept(note)
    worker_chat = reachable_chat(worker)
    if worker_chat is not None:
        await notifier.send(
            OutgoingMessage(
                chat=worker_chat,
                text=translate(
                    "question.answered", worker.locale, title=task.title, question=question.text, answer=answer.text
                ),
            )
        )
    name = worker.display_name or translate("person.default_name", locale)
    await notifier.send(_told(command, translate("question.answer_sent", locale, name=name), ephemeral))
    return [
        QuestionAnswered(question.id, question.organization_id, source.value),
        NoteKept(note.id, note.organization_id, note.kind),
    ]


def _told(command: Command, text: str, ephemeral: object) -> OutgoingMessage:
    return OutgoingMessage(
        chat=command.chat,
        text=text,
        reply=command.reply,
        ephemeral_to=command.person if ephemeral is not None else None,
    )
