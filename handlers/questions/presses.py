"""The buttons on a question: 回答する (a LINE leader: answer with the next message; Slack opened the
form in the adapter), and on an offered note 解決 (closed, the note answered it) or まだ困っている (on
to the leaders as before)."""

from __future__ import annotations

from domain.i18n import translate
from domain.model import DomainError
from domain.ports import UnitOfWork
from handlers.commands import PressQuestionButton
from handlers.events import Event, QuestionAnswered
from handlers.people import find_or_register
from handlers.ports import Clock, Notifier, OutgoingMessage, ProfileDirectory
from handlers.questions.answering import start_answer
from handlers.questions.asking import tell_audience
from handlers.questions.buttons import Press, read_question_data


async def press_question_button(
    command: PressQuestionButton, uow: UnitOfWork, notifier: Notifier, directory: ProfileDirectory, clock: Clock
) -> list[Event]:
    async with uow:
        person, _ = await find_or_register(command.person, uow, directory, command.locale_hint)
        await uow.commit()
    pressed = read_question_data(command.data)
    if pressed is None:
        return []
    press, question_id = pressed
    if press is Press.ANSWER:
        await start_answer(command, person, question_id, uow, notifier, clock)
        return []
    locale = person.locale
    async with uow:
        question = await uow.questions.get(question_id)
        note = (
            await uow.notes.get(question.organization_id, question.note_id) if question and question.note_id else None
        )
        task = await uow.tasks.get(question.organization_id, question.task_id) if question else None
        if question is None or question.asked_by != person.id or task is None:
            await notifier.send(OutgoingMessage(command.chat, translate("question.not_yours", locale), command.reply))
            return []
        try:
            if press is Press.HELPED and note is not None:
                question.resolve_with_note(note, clock.now())
            else:
                question.still_stuck()
        except DomainError as error:
            await notifier.send(OutgoingMessage(command.chat, translate(error.key, locale), command.reply))
            return []
        await uow.questions.save(question)
        await uow.commit()
    if question.answer is not None:  # 解決
        await notifier.send(OutgoingMessage(command.chat, translate("question.note_helped", locale), command.reply))
        return [QuestionAnswered(question.id, question.organization_id, question.answer.source.value)]
    await notifier.send(OutgoingMessage(command.chat, translate("question.note_stuck", locale), command.reply))
    await tell_audience(person, question, task, uow, notifier)
    return []
