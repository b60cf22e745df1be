"""Questions and notes (結の知恵) in SQL: rows in, domain objects out."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.knowhow.model import OPEN_STATUSES, Answer, AnswerSource, Note, Question, QuestionStatus
from domain.persistence.tables import AnsweringRow, NoteRow, QuestionRow


def _question(row: QuestionRow) -> Question:
    answer = None
    if row.answer_text is not None and row.answered_at is not None and row.answer_source is not None:
        answer = Answer(row.answer_text, row.answered_by, AnswerSource(row.answer_source), row.answered_at)
    return Question(
        organization_id=row.organization_id,
        task_id=row.task_id,
        kind=row.kind,
        asked_by=row.asked_by,
        text=row.text,
        asked_at=row.asked_at,
        status=QuestionStatus(row.status),
        answer=answer,
        note_id=row.note_id,
        client_thread=row.client_thread,
        id=row.id,
    )


def _note(row: NoteRow) -> Note:
    return Note(
        organization_id=row.organization_id,
        kind=row.kind,
        question=row.question,
        body=row.body,
        created_by=row.created_by,
        created_at=row.created_at,
        task_id=row.task_id,
        question_id=row.question_id,
        updated_at=row.updated_at,
        id=row.id,
    )


class SqlQuestionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, question_id: str) -> Question | None:
        row = await self._session.get(QuestionRow, question_id)
        return None if row is None else _question(row)

    async def by_client_thread(self, thread: str) -> Question | None:
        rows = await self._session.scalars(select(QuestionRow).where(QuestionRow.client_thread == thread).limit(1))
        row = rows.first()
        return None if row is None else _question(row)

    async def open_for_tasks(self, organization_id: str, task_ids: Sequence[str]) -> list[Question]:
        if not task_ids:
            return []
        rows = await self._session.scalars(
            select(QuestionRow)
            .where(
                QuestionRow.organization_id == organization_id,
                QuestionRow.task_id.in_(list(task_ids)),
                QuestionRow.status.in_([s.value for s in OPEN_STATUSES]),
            )
            .order_by(QuestionRow.asked_at)
        )
        return [_question(r) for r in rows]

    async def open_asked_by(self, person_ids: Sequence[str]) -> list[Question]:
        if not person_ids:
            return []
        rows = await self._session.scalars(
            select(QuestionRow)
            .where(
                QuestionRow.asked_by.in_(list(person_ids)),
                QuestionRow.status.in_([s.value for s in OPEN_STATUSES]),
            )
            .order_by(QuestionRow.asked_at)
        )
        return [_question(r) for r in rows]

    async def asked_between(self, start: datetime, end: datetime) -> list[Question]:
        rows = await self._session.scalars(
            select(QuestionRow).where(QuestionRow.asked_at >= start, QuestionRow.asked_at < end)
        )
        return [_question(r) for r in rows]

    async def save(self, question: Question) -> None:
        answer = question.answer
        await self._session.merge(
            QuestionRow(
                id=question.id,
                organization_id=question.organization_id,
                task_id=question.task_id,
                kind=question.kind,
                asked_by=question.asked_by,
                text=question.text,
                asked_at=question.asked_at,
                status=question.status.value,
                answer_text=answer.text if answer else None,
                answered_by=answer.by if answer else None,
                answer_source=answer.source.value if answer else None,
                answered_at=answer.at if answer else None,
                note_id=question.note_id,
                client_thread=question.client_thread,
            )
        )
        await self._session.flush()

    async def start_answer(self, person_id: str, question_id: str, at: datetime) -> None:
        await self._session.merge(AnsweringRow(person_id=person_id, question_id=question_id, started_at=at))
        await self._session.flush()

    async def answering(self, person_id: str) -> tuple[str, datetime] | None:
        row = await self._session.get(AnsweringRow, person_id)
        return None if row is None else (row.question_id, row.started_at)

    async def stop_answer(self, person_id: str) -> None:
        await self._session.execute(delete(AnsweringRow).where(AnsweringRow.person_id == person_id))


class SqlNoteRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, organization_id: str, note_id: str) -> Note | None:
        row = await self._session.get(NoteRow, note_id)
        return None if row is None or row.organization_id != organization_id else _note(row)

    async def of_kind(self, organization_id: str, kind: str) -> list[Note]:
        rows = await self._session.scalars(
            select(NoteRow)
            .where(NoteRow.organization_id == organization_id, NoteRow.kind == kind)
            .order_by(NoteRow.created_at)
        )
        return [_note(r) for r in rows]

    async def fingerprint(self, organization_id: str, kind: str) -> tuple[int, datetime | None]:
        """How many notes of the kind, and when the latest was written or edited (one query)."""
        stamp = func.max(func.coalesce(NoteRow.updated_at, NoteRow.created_at))
        row = (
            await self._session.execute(
                select(func.count(), stamp).where(NoteRow.organization_id == organization_id, NoteRow.kind == kind)
            )
        ).one()
        raw: object = row[1]
        # SQLite hands back the stored text of an aggregate (the column's type is not applied to it).
        latest = datetime.fromisoformat(raw) if isinstance(raw, str) else raw
        if not isinstance(latest, datetime):
            return int(row[0]), None
        return int(row[0]), latest if latest.tzinfo else latest.replace(tzinfo=UTC)

    async def kept_between(self, start: datetime, end: datetime) -> list[Note]:
        rows = await self._session.scalars(select(NoteRow).where(NoteRow.created_at >= start, NoteRow.created_at < end))
        return [_note(r) for r in rows]

    async def save(self, note: Note) -> None:
        await self._session.merge(
            NoteRow(
                id=note.id,
                organization_id=note.organization_id,
                kind=note.kind,
                question=note.question,
                body=note.body,
                created_by=note.created_by,
                created_at=note.created_at,
                updated_at=note.updated_at,
                task_id=note.task_id,
                question_id=note.question_id,
            )
        )
        await self._session.flush()

    async def delete(self, organization_id: str, note_id: str) -> bool:
        result = await self._session.execute(
            delete(NoteRow).where(NoteRow.organization_id == organization_id, NoteRow.id == note_id)
        )
        return bool(getattr(result, "rowcount", 0))
