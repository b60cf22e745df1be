"""A blocker or question in a report becomes a Question. An earlier note that answers it is offered
to the worker at once (解決 / まだ困っている); otherwise it reaches the person's team leaders (the client
when there is no leader), with 回答する on the notice.

Only the blocker and question lines of the report are kept and shown: nothing else the worker said
(an absence reason, a note for the leader) is part of a question or its notice.
"""

from __future__ import annotations

from domain.i18n import translate
from domain.knowhow.model import Note, Question, kind_of
from domain.model import Person, Task
from domain.ports import UnitOfWork
from domain.reports import SharedWith
from handlers.absences import reachable_chat
from handlers.events import Event, QuestionAsked, ReportSubmitted
from handlers.ports import Action, ActionStyle, Clock, LanguageModel, Notifier, OutgoingMessage, QuickReply
from handlers.questions.buttons import ANSWER, Press, question_data
from handlers.questions.finder import NoteFinder
from handlers.reports.blockers import blocker_audience


async def ask_from_report(
    event: ReportSubmitted, uow: UnitOfWork, notifier: Notifier, clock: Clock, llm: LanguageModel, finder: NoteFinder
) -> list[Event]:
    if not event.has_blockers:
        return []
    async with uow:
        reporter = await uow.people.get(event.person_id)
        report = next(
            (r for r in await uow.reports.for_assignment(event.assignment_id) if r.id == event.report_id), None
        )
        assignments = (await uow.assignments.for_people([event.person_id]))[event.person_id]
        assignment = next((a for a in assignments if a.id == event.assignment_id), None)
        task = await uow.tasks.get(assignment.organization_id, assignment.task_id) if assignment else None
        if reporter is None or report is None or task is None:
            return []
        if await uow.questions.get(report.id) is not None:  # the event ran before: asked once
            return []
        # The report's id is the question's: one report asks once, however often the event runs.
        question = Question(
            task.organization_id, task.id, kind_of(task.title), reporter.id, report.blockers, clock.now(), id=report.id
        )
        note = await finder.find(task.organization_id, question.kind, question.text, uow, llm)
        if note is not None:
            question.offer_note(note)
        await uow.questions.save(question)
        await uow.commit()
    if note is not None:
        await offer_note(reporter, question, note, notifier)
    else:
        await tell_audience(reporter, question, task, uow, notifier)
    return [QuestionAsked(question.id, question.organization_id, question.task_id, question.note_id)]


async def offer_note(worker: Person, question: Question, note: Note, notifier: Notifier) -> None:
    chat = reachable_chat(worker)
    if chat is None:
        return
    locale = worker.locale
    await notifier.send(
        OutgoingMessage(
            chat=chat,
            text=translate("question.note_offer", locale, question=question.text, answer=note.body),
            quick_replies=(
                QuickReply(
                    translate("question.button.helped", locale),
                    translate("question.button.helped", locale),
                    question_data(Press.HELPED, question.id),
                ),
                QuickReply(
                    translate("question.button.stuck", locale),
                    translate("question.button.stuck", locale),
                    question_data(Press.STUCK, question.id),
                ),
            ),
        )
    )


async def tell_audience(worker: Person, question: Question, task: Task, uow: UnitOfWork, notifier: Notifier) -> None:
    """The leaders (or the client) hear of the question, each with 回答する."""
    async with uow:
        audience, told = await blocker_audience(worker.id, task, uow)
    key = "report.client_notice" if audience is SharedWith.CLIENT else "report.leader_notice"
    for recipient in told:
        chat = reachable_chat(recipient)
        if chat is None:
            continue
        locale = recipient.locale
        name = worker.display_name or translate("person.default_name", locale)
        answer = Action(
            translate("question.button.answer", locale),
            ANSWER,
            question_data(Press.ANSWER, question.id),
            ActionStyle.PRIMARY,
        )
        text = translate(key, locale, name=name, title=task.title, blockers=question.text)
        await notifier.send(OutgoingMessage(chat=chat, text=text, actions=(answer,)))
