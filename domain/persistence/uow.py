"""The SQLAlchemy unit of work: one session, one transaction, the repositories on top of it."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

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

    async def __aenter__(self) -> Self:
        self._session = self._sessions()
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
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        # Anything not committed explicitly is rolled back: a handler that fails half-way
        # leaves the database as it found it.
        await self._session.rollback()
        await self._session.close()

    async def commit(self) -> None:
        await self._session.commit()

    async def rollback(self) -> None:
        await self._session.rollback()
