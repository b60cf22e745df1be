"""The SQLAlchemy unit of work: one session, one transaction, the repositories on top of it.

A handler enters its unit of work several times (read who is talking, then store the report, then
update a card ...), with platform calls in between. Inside `held()` (the bus holds it for the
whole of one handler) those blocks share one session on one connection: the connection is checked
out (and pinged) once, the repositories are built once, and a block that only read leaves its
transaction open for the next block instead of ending it, so a message costs one BEGIN and one
COMMIT or ROLLBACK however many blocks it took. What a block sees is unchanged: each block starts
with an empty identity map, so it reads what is stored, and a block that wrote, or locked rows
(SELECT ... FOR UPDATE, or SQLite's writer lock), and did not commit is rolled back when it ends,
which releases its locks before any platform call that follows.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from types import TracebackType
from typing import Any, Self

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import ORMExecuteState, Session

from domain.persistence.digest_repository import SqlDigestRepository
from domain.persistence.knowhow_repository import SqlNoteRepository, SqlQuestionRepository
from domain.persistence.repositories import (
    SqlAbsenceRepository,
    SqlAssignmentRepository,
    SqlConversationRepository,
    SqlCoverRequestRepository,
    SqlLinkCodeRepository,
    SqlOrganizationRepository,
    SqlPeopleRepository,
    SqlProgressReportRepository,
    SqlProposalRepository,
    SqlReminderRepository,
    SqlReportDialogRepository,
    SqlTaskRepository,
    SqlTeamRepository,
    SqlWorkerProfileRepository,
)
from domain.ports import (
    AbsenceRepository,
    AssignmentRepository,
    ConversationRepository,
    CoverRequestRepository,
    DigestRepository,
    LinkCodeRepository,
    NoteRepository,
    OrganizationRepository,
    PeopleRepository,
    ProgressReportRepository,
    ProposalRepository,
    QuestionRepository,
    ReminderRepository,
    ReportDialogRepository,
    TaskRepository,
    TeamRepository,
    WorkerProfileRepository,
)


class SqlUnitOfWork:
    people: PeopleRepository
    organizations: OrganizationRepository
    profiles: WorkerProfileRepository
    teams: TeamRepository
    tasks: TaskRepository
    conversations: ConversationRepository
    absences: AbsenceRepository
    link_codes: LinkCodeRepository
    proposals: ProposalRepository
    assignments: AssignmentRepository
    covers: CoverRequestRepository
    reports: ProgressReportRepository
    digests: DigestRepository
    dialogs: ReportDialogRepository
    reminders: ReminderRepository
    questions: QuestionRepository
    notes: NoteRepository

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._session: AsyncSession | None = None
        self._held = 0  # depth of held() spans
        self._depth = 0  # depth of `async with` blocks (an inner block leaves the end to the outer one)

    @asynccontextmanager
    async def held(self) -> AsyncIterator[None]:
        """Blocks entered inside share one session and connection (see the module's docstring)."""
        self._held += 1
        try:
            yield
        finally:
            self._held -= 1
            if not self._held and not self._depth:
                await self._close()

    async def __aenter__(self) -> Self:
        self._depth += 1
        if self._session is None:
            self._open(self._sessions())
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._depth -= 1
        if self._depth:
            return
        session = self._session
        assert session is not None
        if not self._held:
            # Anything not committed explicitly is rolled back: a handler that fails half-way
            # leaves the database as it found it.
            await self._close()
        elif session.info.get(_WROTE) or session.new or session.dirty or session.deleted or exc is not None:
            await session.rollback()
            session.expunge_all()
        else:
            session.expunge_all()  # the next block reads afresh, as in a session of its own

    async def commit(self) -> None:
        assert self._session is not None
        await self._session.commit()

    async def rollback(self) -> None:
        assert self._session is not None
        await self._session.rollback()

    async def _close(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            await session.rollback()
            await session.close()

    def _open(self, session: AsyncSession) -> None:
        self._session = session
        self.people = SqlPeopleRepository(self._session)
        self.organizations = SqlOrganizationRepository(self._session)
        self.profiles = SqlWorkerProfileRepository(self._session)
        self.teams = SqlTeamRepository(self._session)
        self.tasks = SqlTaskRepository(self._session)
        self.conversations = SqlConversationRepository(self._session)
        self.absences = SqlAbsenceRepository(self._session)
        self.link_codes = SqlLinkCodeRepository(self._session)
        self.proposals = SqlProposalRepository(self._session)
        self.assignments = SqlAssignmentRepository(self._session)
        self.covers = SqlCoverRequestRepository(self._session)
        self.reports = SqlProgressReportRepository(self._session)
        self.digests = SqlDigestRepository(self._session)
        self.dialogs = SqlReportDialogRepository(self._session)
        self.reminders = SqlReminderRepository(self._session)
        self.questions = SqlQuestionRepository(self._session)
        self.notes = SqlNoteRepository(self._session)


# --- which blocks wrote: flushes, and statements that are not plain SELECTs ---------------------------

_WROTE = "yui.wrote"  # in Session.info: since the transaction began, something was written or locked


@event.listens_for(Session, "do_orm_execute")
def _note_writes(state: ORMExecuteState) -> None:
    statement: Any = state.statement
    if not state.is_select or getattr(statement, "_for_update_arg", None) is not None:
        state.session.info[_WROTE] = True


@event.listens_for(Session, "after_flush")
def _note_flush(session: Session, _context: Any) -> None:
    session.info[_WROTE] = True


@event.listens_for(Session, "after_transaction_end")
def _forget_writes(session: Session, transaction: Any) -> None:
    if transaction.parent is None:  # the outermost transaction: committed or rolled back
        session.info.pop(_WROTE, None)
