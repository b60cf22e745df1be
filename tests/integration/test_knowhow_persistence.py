"""Questions and notes against real databases: round trip, open questions, a client's notes only."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from domain.knowhow.model import AnswerSource, Note, Question, QuestionStatus, kind_of
from domain.model import Organization, OrganizationKind, Person, Task, Volume
from domain.persistence import Database

T0 = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)


async def test_questions_and_notes_round_trip_inside_their_organisation(database_url: str) -> None:
    database = Database(database_url)
    client = Organization(name="ABC商事", kind=OrganizationKind.CLIENT)
    other = Organization(name="XYZ物産", kind=OrganizationKind.CLIENT)
    worker, leader = Person(display_name="佐藤"), Person(display_name="山本")
    task = Task(client.id, "請求書入力（11月分）", Volume(200, "件"), date(2026, 12, 5), leader.id)
    question = Question(
        client.id, task.id, kind_of(task.title), worker.id, "税込/税抜はどちらで入れればよいですか？", T0
    )
    async with database.unit_of_work() as uow:
        for org in (client, other):
            await uow.organizations.add(org)
        await uow.people.add(worker)
        await uow.people.add(leader)
        await uow.tasks.add(task)
        await uow.questions.save(question)
        await uow.commit()
    async with database.unit_of_work() as uow:
        [waiting] = await uow.questions.open_for_tasks(client.id, [task.id])
        assert waiting == question and waiting.kind == "請求書入力"
        assert await uow.questions.open_asked_by([worker.id]) == [question]
        answer = waiting.answer_with("税込で入力してください", leader.id, AnswerSource.LEADER, T0 + timedelta(hours=2))
        note = Note.from_answer(waiting, answer)
        waiting.note_id = note.id
        await uow.questions.save(waiting)
        await uow.notes.save(note)
        await uow.commit()
    async with database.unit_of_work() as uow:
        stored = await uow.questions.get(question.id)
        assert stored is not None and stored.status is QuestionStatus.ANSWERED
        assert stored.answer is not None and stored.answer.at == T0 + timedelta(hours=2)
        assert stored.waited(T0 + timedelta(days=9)) == timedelta(hours=2)
        assert await uow.questions.open_for_tasks(client.id, [task.id]) == []
        assert [n.body for n in await uow.notes.of_kind(client.id, "請求書入力")] == ["税込で入力してください"]
        assert await uow.notes.of_kind(other.id, "請求書入力") == []  # another client never sees it
        assert await uow.notes.get(other.id, note.id) is None
        assert not await uow.notes.delete(other.id, note.id)
        assert await uow.notes.fingerprint(client.id, "請求書入力") == (1, T0 + timedelta(hours=2))
        asked = await uow.questions.asked_between(T0, T0 + timedelta(days=1))
        assert [q.id for q in asked if q.organization_id == client.id] == [question.id]
        assert await uow.notes.delete(client.id, note.id)
        await uow.commit()
    async with database.unit_of_work() as uow:
        assert await uow.notes.of_kind(client.id, "請求書入力") == []
    await database.dispose()
