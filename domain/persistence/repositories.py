"""SQLAlchemy implementations of the repository ports: rows in, domain objects out."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import case, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from domain.conversation import Conversation, Flow, Step
from domain.model import (
    Absence,
    ChangeKind,
    FieldChange,
    Identity,
    LinkCode,
    Organization,
    OrganizationKind,
    Person,
    Recurrence,
    Role,
    Task,
    TaskChange,
    TaskStatus,
    Team,
    TeamShape,
    TimeWindow,
    Volume,
    WorkerProfile,
)
from domain.persistence.tables import (
    AbsenceRow,
    AssignmentRow,
    Base,
    ConversationRow,
    CoverCardRow,
    CoverRequestRow,
    DigestSettingRow,
    IdentityRow,
    InboxEventRow,
    LinePushRow,
    LinkCodeRow,
    OrganizationRow,
    PersonRow,
    ProgressReportRow,
    ProposalRow,
    ReminderSendRow,
    ReminderSettingRow,
    ReportDialogRow,
    TaskChangeRow,
    TaskRow,
    TeamMemberRow,
    TeamRow,
    WorkerProfileRow,
)
from domain.proposals import (
    Assignment,
    CoverCard,
    CoverRequest,
    CoverStatus,
    ProgressReport,
    Proposal,
    ProposalStatus,
    ShareProgress,
    cover_candidate_from_facts,
    cover_candidate_to_facts,
    reasons_from_facts,
    reasons_to_facts,
)
from domain.refs import Locale, PersonRef, Platform
from domain.reminders import ReminderSetting, format_time, parse_time
from domain.report_dialog import DialogKind, DialogStep, ReportDialog


async def _lock_rows(session: AsyncSession, column: InstrumentedAttribute[str], ids: Sequence[str]) -> None:
    """Hold these rows until the transaction ends, so two transactions deciding on them (capacity,
    a task's volume) run one after the other; ids in sorted order, so two lockers cannot deadlock.

    PostgreSQL: SELECT … FOR UPDATE. SQLite has no row locks, and pysqlite opens the transaction
    only at the first write, so reads made before it could be stale by the time it writes: a no-op
    UPDATE takes the database's single writer lock now, before the deciding reads. Either way the
    session's cached rows are expired, so what is read next is what is stored once the lock is held.
    """
    wanted = sorted(set(ids))
    if not wanted:
        return
    if session.get_bind().dialect.name == "sqlite":
        await session.execute(
            update(column.class_).where(column.in_(wanted)).values({column.key: column}),
            execution_options={"synchronize_session": False},
        )
    else:
        await session.execute(select(column).where(column.in_(wanted)).order_by(column).with_for_update())
    session.expire_all()


# Ids per IN (...) list: well under SQLite's and asyncpg's bind-parameter limits (32,766 / 32,767).
_CHUNK = 500


class SqlOrganizationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, organization_id: str) -> Organization | None:
        row = await self._session.get(OrganizationRow, organization_id)
        return _organization(row) if row else None

    async def by_slack_team(self, team_id: str) -> Organization | None:
        row = await self._session.scalar(select(OrganizationRow).where(OrganizationRow.slack_team_id == team_id))
        return _organization(row) if row else None

    async def all(self) -> list[Organization]:
        rows = await self._session.scalars(select(OrganizationRow).order_by(OrganizationRow.name, OrganizationRow.id))
        return [_organization(r) for r in rows]

    async def add(self, organization: Organization) -> None:
        self._session.add(
            OrganizationRow(
                id=organization.id,
                name=organization.name,
                kind=organization.kind.value,
                slack_team_id=organization.slack_team_id,
                timezone=organization.timezone,
                region=organization.region,
            )
        )

    async def save(self, organization: Organization) -> None:
        """Name, kind, timezone and region (a coordinator's `yui org set`)."""
        row = await self._session.get(OrganizationRow, organization.id)
        if row is None:
            await self.add(organization)
            return
        row.name, row.kind = organization.name, organization.kind.value
        row.timezone, row.region = organization.timezone, organization.region
        await self._session.flush()


def _organization(row: OrganizationRow) -> Organization:
    return Organization(
        id=row.id,
        name=row.name,
        kind=OrganizationKind(row.kind),
        slack_team_id=row.slack_team_id,
        timezone=row.timezone,
        region=row.region,
    )


class SqlPeopleRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, person_id: str) -> Person | None:
        row = await self._session.get(PersonRow, person_id)
        return await self._person(row) if row else None

    async def by_identity(self, ref: PersonRef) -> Person | None:
        """The person behind an account, with all their accounts, in one query (every message asks)."""
        owner = (
            select(IdentityRow.person_id)
            .where(
                IdentityRow.platform == ref.platform.value,
                IdentityRow.workspace == ref.workspace,
                IdentityRow.user_id == ref.user_id,
            )
            .scalar_subquery()
        )
        rows = (
            await self._session.execute(
                select(PersonRow, IdentityRow)
                .join(IdentityRow, IdentityRow.person_id == PersonRow.id)
                .where(PersonRow.id == owner)
                .order_by(IdentityRow.id)
            )
        ).all()
        if not rows:
            return None
        return _person_with(rows[0][0], [i for _, i in rows])

    async def all(self) -> list[Person]:
        rows = await self._session.scalars(
            select(PersonRow).where(PersonRow.withdrawn.is_(False)).order_by(PersonRow.display_name, PersonRow.id)
        )
        return [await self._person(r) for r in rows]

    async def display_names(self, person_ids: Sequence[str]) -> dict[str, str]:
        if not person_ids:
            return {}
        rows = await self._session.execute(
            select(PersonRow.id, PersonRow.display_name).where(
                PersonRow.id.in_(list(person_ids)), PersonRow.withdrawn.is_(False)
            )
        )
        return {person_id: name for person_id, name in rows}

    async def add(self, person: Person) -> None:
        self._session.add(
            PersonRow(
                id=person.id,
                display_name=person.display_name,
                locale=person.locale.value,
                timezone=person.timezone,
                roles=sorted(r.value for r in person.roles),
                organization_id=person.organization_id,
                created_at=datetime.now(UTC),
                withdrawn=person.withdrawn,
            )
        )
        await self._session.flush()
        await self._write_identities(person)

    async def save(self, person: Person) -> None:
        row = await self._session.get(PersonRow, person.id)
        if row is None:
            await self.add(person)
            return
        row.display_name = person.display_name
        row.locale = person.locale.value
        row.timezone = person.timezone
        row.roles = sorted(r.value for r in person.roles)
        row.organization_id = person.organization_id
        row.withdrawn = person.withdrawn
        await self._write_identities(person)

    async def lock(self, person_ids: Sequence[str]) -> None:
        """Hold these people's rows until the transaction ends (see `_lock_rows`)."""
        await _lock_rows(self._session, PersonRow.id, person_ids)

    async def joined_between(self, start: datetime, end: datetime) -> list[tuple[Person, datetime]]:
        """People first seen in [start, end), withdrawn ones included, with when they joined."""
        rows = list(
            await self._session.scalars(
                select(PersonRow)
                .where(PersonRow.created_at >= start, PersonRow.created_at < end)
                .order_by(PersonRow.created_at, PersonRow.id)
            )
        )
        people = await self._people(rows)
        return [(person, row.created_at) for person, row in zip(people, rows, strict=True)]

    async def many(self, person_ids: Sequence[str]) -> dict[str, Person]:
        """These people (withdrawn ones too) by id, in a few queries: reports over a whole programme."""
        rows: list[PersonRow] = []
        ids = sorted(set(person_ids))
        for start in range(0, len(ids), _CHUNK):
            rows.extend(
                await self._session.scalars(select(PersonRow).where(PersonRow.id.in_(ids[start : start + _CHUNK])))
            )
        return {p.id: p for p in await self._people(rows)}

    async def _people(self, rows: Sequence[PersonRow]) -> list[Person]:
        """`_person` for many rows with one identity query per chunk instead of one per person."""
        identities: dict[str, list[Identity]] = {r.id: [] for r in rows}
        ids = list(identities)
        for start in range(0, len(ids), _CHUNK):
            found = await self._session.scalars(
                select(IdentityRow)
                .where(IdentityRow.person_id.in_(ids[start : start + _CHUNK]))
                .order_by(IdentityRow.id)
            )
            for i in found:
                ref = PersonRef(Platform(i.platform), i.workspace, i.user_id)
                identities[i.person_id].append(Identity(ref, i.display_name, i.blocked))
        return [
            Person(
                id=row.id,
                display_name=row.display_name,
                locale=Locale(row.locale),
                timezone=row.timezone,
                roles=frozenset(Role(r) for r in row.roles),
                organization_id=row.organization_id,
                withdrawn=row.withdrawn,
                identities=identities[row.id],
            )
            for row in rows
        ]

    async def merge(self, source_id: str, into_id: str) -> None:
        """Linking: move what belongs to `source_id` onto `into_id`. The source row stays behind as
        an empty, withdrawn shell, so any reference this method does not know about stays valid."""
        moves: tuple[tuple[type[Base], InstrumentedAttribute[str] | InstrumentedAttribute[str | None]], ...] = (
            (AbsenceRow, AbsenceRow.person_id),
            (LinkCodeRow, LinkCodeRow.person_id),
            (TeamRow, TeamRow.leader_id),
            (TaskRow, TaskRow.created_by),
            (TaskChangeRow, TaskChangeRow.changed_by),
            # Work: offers (a pending LINE offer stays answerable), accepted shares and their
            # reports, and cover requests, so capacity and earnings caps count one person once.
            (ProposalRow, ProposalRow.person_id),
            (ProposalRow, ProposalRow.approved_by),
            (AssignmentRow, AssignmentRow.person_id),
            (ProgressReportRow, ProgressReportRow.person_id),
            (CoverRequestRow, CoverRequestRow.absent_person_id),
            (CoverRequestRow, CoverRequestRow.covered_by),
            (CoverRequestRow, CoverRequestRow.resolved_by),
        )
        for row_type, column in moves:
            await self._session.execute(update(row_type).where(column == source_id).values({column.key: into_id}))
        deciding = await self._session.scalars(
            select(CoverRequestRow).where(CoverRequestRow.status == CoverStatus.OPEN.value)
        )
        for request in deciding:  # only open requests still wait for a decider; a JSON list, so in Python
            if source_id in request.decider_ids:
                request.decider_ids = list(dict.fromkeys(into_id if d == source_id else d for d in request.decider_ids))
        # Their cover cards follow them (one per request and decider: a duplicate keeps `into_id`'s).
        held = select(CoverCardRow.request_id).where(CoverCardRow.decider_id == into_id)
        await self._session.execute(
            delete(CoverCardRow).where(CoverCardRow.decider_id == source_id, CoverCardRow.request_id.in_(held))
        )
        await self._session.execute(
            update(CoverCardRow).where(CoverCardRow.decider_id == source_id).values(decider_id=into_id)
        )
        await self._session.flush()
        for row_type in (WorkerProfileRow, ConversationRow):
            if await self._session.get(row_type, into_id) is None:
                await self._session.execute(
                    update(row_type).where(row_type.person_id == source_id).values(person_id=into_id)
                )
            else:
                await self._session.execute(delete(row_type).where(row_type.person_id == source_id))
        already = select(TeamMemberRow.team_id).where(TeamMemberRow.person_id == into_id)
        await self._session.execute(
            delete(TeamMemberRow).where(TeamMemberRow.person_id == source_id, TeamMemberRow.team_id.in_(already))
        )
        await self._session.execute(
            update(TeamMemberRow).where(TeamMemberRow.person_id == source_id).values(person_id=into_id)
        )
        await self._session.execute(delete(IdentityRow).where(IdentityRow.person_id == source_id))
        await self._session.execute(
            update(PersonRow).where(PersonRow.id == source_id).values(display_name="", roles=[], withdrawn=True)
        )
        self._session.expire_all()

    async def erase(self, person_id: str, accounts: Sequence[PersonRef]) -> None:
        """退会: remove what ties the id to a living person beyond the profile (deleted by its own
        repository): team places, reminder and digest settings, an open report dialog, link codes,
        the words of their reports (the numbers stay: anonymous work history), and the stored
        webhooks their accounts sent (the rows stay so a redelivery is still recognised)."""
        for row_type, column in (
            (TeamMemberRow, TeamMemberRow.person_id),
            (ReminderSettingRow, ReminderSettingRow.person_id),
            (DigestSettingRow, DigestSettingRow.person_id),
            (ReportDialogRow, ReportDialogRow.person_id),
            (LinkCodeRow, LinkCodeRow.person_id),
        ):
            await self._session.execute(delete(row_type).where(column == person_id))
        await self._session.execute(
            update(ProgressReportRow).where(ProgressReportRow.person_id == person_id).values(raw_text="")
        )
        for account in accounts:
            # Stored as the platform sent it: LINE names the sender "userId", Slack "user"/"user_id".
            marker = '%"userId": "{}"%' if account.platform is Platform.LINE else '%"{}"%'
            await self._session.execute(
                update(InboxEventRow)
                .where(
                    InboxEventRow.platform == account.platform.value,
                    InboxEventRow.outcome.is_not(None),  # handled: an event still queued needs its payload
                    InboxEventRow.payload.like(marker.format(account.user_id)),
                )
                .values(payload="{}")
            )
        self._session.expire_all()

    async def _write_identities(self, person: Person) -> None:
        await self._session.execute(delete(IdentityRow).where(IdentityRow.person_id == person.id))
        for identity in person.identities:
            self._session.add(
                IdentityRow(
                    person_id=person.id,
                    platform=identity.ref.platform.value,
                    workspace=identity.ref.workspace,
                    user_id=identity.ref.user_id,
                    display_name=identity.display_name,
                    blocked=identity.blocked,
                )
            )
        await self._session.flush()

    async def _person(self, row: PersonRow) -> Person:
        identity_rows = await self._session.scalars(
            select(IdentityRow).where(IdentityRow.person_id == row.id).order_by(IdentityRow.id)
        )
        return _person_with(row, identity_rows)


def _person_with(row: PersonRow, identity_rows: Iterable[IdentityRow]) -> Person:
    return Person(
        id=row.id,
        display_name=row.display_name,
        locale=Locale(row.locale),
        timezone=row.timezone,
        roles=frozenset(Role(r) for r in row.roles),
        organization_id=row.organization_id,
        withdrawn=row.withdrawn,
        identities=[
            Identity(PersonRef(Platform(i.platform), i.workspace, i.user_id), i.display_name, i.blocked)
            for i in identity_rows
        ],
    )


class SqlWorkerProfileRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, person_id: str) -> WorkerProfile | None:
        row = await self._session.get(WorkerProfileRow, person_id)
        return _worker_profile(row) if row else None

    async def many(self, person_ids: Sequence[str]) -> dict[str, WorkerProfile]:
        """The profiles of these people that exist (a withdrawn person has none), by person id."""
        found: dict[str, WorkerProfile] = {}
        ids = sorted(set(person_ids))
        for start in range(0, len(ids), _CHUNK):
            rows = await self._session.scalars(
                select(WorkerProfileRow).where(WorkerProfileRow.person_id.in_(ids[start : start + _CHUNK]))
            )
            found.update((r.person_id, _worker_profile(r)) for r in rows)
        return found

    async def save(self, profile: WorkerProfile) -> None:
        await self._session.merge(
            WorkerProfileRow(
                person_id=profile.person_id,
                skills=sorted(profile.skills),
                other_skills=list(profile.other_skills),
                weekly_hours=profile.weekly_hours,
                time_windows=sorted(w.value for w in profile.time_windows),
                region=profile.region,
                constraints=profile.constraints,
                annual_earnings_cap_yen=profile.annual_earnings_cap_yen,
            )
        )

    async def delete(self, person_id: str) -> None:
        await self._session.execute(delete(WorkerProfileRow).where(WorkerProfileRow.person_id == person_id))


def _worker_profile(row: WorkerProfileRow) -> WorkerProfile:
    return WorkerProfile(
        person_id=row.person_id,
        skills=frozenset(row.skills),
        other_skills=tuple(row.other_skills or ()),
        weekly_hours=row.weekly_hours,
        time_windows=frozenset(TimeWindow(w) for w in row.time_windows),
        region=row.region,
        constraints=row.constraints,
        annual_earnings_cap_yen=row.annual_earnings_cap_yen,
    )


class SqlConversationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, person_id: str) -> Conversation | None:
        row = await self._session.get(ConversationRow, person_id)
        if row is None:
            return None
        return Conversation(
            person_id=row.person_id,
            flow=Flow(row.flow) if row.flow else None,
            step=Step(row.step) if row.step else None,
            pending=tuple(Step(s) for s in row.pending),
            picked=tuple(row.picked),
            free_skills=tuple(row.free_skills),
            page=row.page,
        )

    async def save(self, conversation: Conversation) -> None:
        await self._session.merge(
            ConversationRow(
                person_id=conversation.person_id,
                flow=conversation.flow.value if conversation.flow else None,
                step=conversation.step.value if conversation.step else None,
                pending=[s.value for s in conversation.pending],
                picked=list(conversation.picked),
                free_skills=list(conversation.free_skills),
                page=conversation.page,
                updated_at=datetime.now(UTC),
            )
        )


class SqlAbsenceRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, absence: Absence) -> None:
        self._session.add(
            AbsenceRow(
                id=absence.id,
                person_id=absence.person_id,
                start_date=absence.start,
                end_date=absence.end,
                reason=absence.reason,
                reported_at=absence.reported_at,
            )
        )

    async def for_person(self, person_id: str) -> list[Absence]:
        rows = await self._session.scalars(
            select(AbsenceRow).where(AbsenceRow.person_id == person_id).order_by(AbsenceRow.start_date, AbsenceRow.id)
        )
        return [
            Absence(
                id=r.id,
                person_id=r.person_id,
                start=r.start_date,
                end=r.end_date,
                reason=r.reason,
                reported_at=r.reported_at,
            )
            for r in rows
        ]

    async def overlapping(self, person_ids: Sequence[str], start: date, end: date) -> list[Absence]:
        if not person_ids:
            return []
        rows = await self._session.scalars(
            select(AbsenceRow)
            .where(
                AbsenceRow.person_id.in_(list(person_ids)), AbsenceRow.start_date <= end, AbsenceRow.end_date >= start
            )
            .order_by(AbsenceRow.start_date, AbsenceRow.id)
        )
        return [
            Absence(
                id=r.id,
                person_id=r.person_id,
                start=r.start_date,
                end=r.end_date,
                reason=r.reason,
                reported_at=r.reported_at,
            )
            for r in rows
        ]

    async def forget_reasons(self, person_id: str) -> None:
        """Withdrawal: the dates stay (work history), the reasons (often health) go."""
        await self._session.execute(update(AbsenceRow).where(AbsenceRow.person_id == person_id).values(reason=""))


class SqlLinkCodeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, code: LinkCode) -> None:
        self._session.add(LinkCodeRow(code=code.code, person_id=code.person_id, expires_at=code.expires_at))

    async def use(self, code: str, now: datetime) -> str | None:
        """Spend `code` if it is unused and unexpired: the person it was issued to, else None.

        One conditional UPDATE, so two messages racing with the same code cannot both win."""
        result = await self._session.execute(
            update(LinkCodeRow)
            .where(LinkCodeRow.code == code, LinkCodeRow.used_at.is_(None), LinkCodeRow.expires_at > now)
            .values(used_at=now)
            .returning(LinkCodeRow.person_id)
        )
        return result.scalar_one_or_none()


class SqlTeamRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, team_id: str) -> Team | None:
        row = await self._session.get(TeamRow, team_id)
        return await self._team(row) if row else None

    async def by_code(self, join_code: str) -> Team | None:
        row = await self._session.scalar(select(TeamRow).where(TeamRow.join_code == join_code))
        return await self._team(row) if row else None

    async def all(self) -> list[Team]:
        rows = await self._session.scalars(select(TeamRow).order_by(TeamRow.name, TeamRow.id))
        return [await self._team(r) for r in rows]

    async def of_person(self, person_id: str) -> list[Team]:
        """The teams a person leads or belongs to."""
        member_of = select(TeamMemberRow.team_id).where(TeamMemberRow.person_id == person_id)
        rows = await self._session.scalars(
            select(TeamRow)
            .where((TeamRow.leader_id == person_id) | TeamRow.id.in_(member_of))
            .order_by(TeamRow.name, TeamRow.id)
        )
        return [await self._team(r) for r in rows]

    async def add(self, team: Team) -> None:
        self._session.add(
            TeamRow(
                id=team.id,
                name=team.name,
                organization_id=team.organization_id,
                leader_id=team.leader_id,
                join_code=team.join_code,
            )
        )
        await self._session.flush()
        self._session.add_all(TeamMemberRow(team_id=team.id, person_id=p) for p in sorted(team.member_ids))

    async def save(self, team: Team) -> None:
        row = await self._session.get(TeamRow, team.id)
        if row is None:
            await self.add(team)
            return
        row.name, row.leader_id, row.join_code = team.name, team.leader_id, team.join_code
        await self._session.execute(delete(TeamMemberRow).where(TeamMemberRow.team_id == team.id))
        await self._session.flush()
        self._session.add_all(TeamMemberRow(team_id=team.id, person_id=p) for p in sorted(team.member_ids))
        await self._session.flush()

    async def _team(self, row: TeamRow) -> Team:
        members = await self._session.scalars(select(TeamMemberRow.person_id).where(TeamMemberRow.team_id == row.id))
        return Team(
            id=row.id,
            name=row.name,
            organization_id=row.organization_id,
            leader_id=row.leader_id,
            member_ids=set(members),
            join_code=row.join_code,
        )


class SqlTaskRepository:
    """Tasks are always looked up inside one organisation: a task id alone finds nothing, so a
    workspace cannot reach another's task even with a guessed or leaked id."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, organization_id: str, task_id: str) -> Task | None:
        row = await self._session.scalar(
            select(TaskRow).where(TaskRow.id == task_id, TaskRow.organization_id == organization_id)
        )
        return _task(row) if row else None

    async def lock(self, organization_id: str, task_id: str) -> None:
        """Hold the task's row until the transaction ends (see `_lock_rows`): lock the task before
        any person, everywhere, so two lockers never wait on each other in a circle."""
        owned = await self._session.scalar(
            select(TaskRow.id).where(TaskRow.id == task_id, TaskRow.organization_id == organization_id)
        )
        if owned is not None:
            await _lock_rows(self._session, TaskRow.id, [owned])

    async def for_organization(self, organization_id: str, *, active_only: bool = False) -> list[Task]:
        query = select(TaskRow).where(TaskRow.organization_id == organization_id)
        if active_only:
            query = query.where(TaskRow.status.in_([s.value for s in TaskStatus if _is_active(s)]))
        rows = await self._session.scalars(query.order_by(TaskRow.deadline, TaskRow.created_at, TaskRow.id))
        return [_task(r) for r in rows]

    async def next_occurrence_of(self, organization_id: str, task_id: str) -> Task | None:
        row = await self._session.scalar(
            select(TaskRow).where(TaskRow.organization_id == organization_id, TaskRow.previous_id == task_id)
        )
        return _task(row) if row else None

    async def add(self, task: Task) -> None:
        row = TaskRow(id=task.id, created_by=task.created_by, created_at=task.created_at or datetime.now(UTC))
        _fill(row, task)
        self._session.add(row)
        await self._append_changes(task)

    async def save(self, task: Task) -> None:
        """Write the task's fields and append its unsaved changes to the change log."""
        row = await self._session.get(TaskRow, task.id)
        if row is None or row.organization_id != task.organization_id:
            raise LookupError(f"task {task.id} is not stored in organisation {task.organization_id}")
        _fill(row, task)
        await self._append_changes(task)

    async def _append_changes(self, task: Task) -> None:
        await self._session.flush()
        for change in task.changes:
            self._session.add(
                TaskChangeRow(
                    task_id=task.id,
                    organization_id=task.organization_id,
                    kind=change.kind.value,
                    changed_by=change.by,
                    changed_at=change.at,
                    fields=[[f.field, f.before, f.after] for f in change.fields],
                    reason=change.reason,
                )
            )
        task.changes.clear()
        await self._session.flush()

    async def many(self, organization_id: str, task_ids: Sequence[str]) -> list[Task]:
        if not task_ids:
            return []
        rows = await self._session.scalars(
            select(TaskRow).where(TaskRow.organization_id == organization_id, TaskRow.id.in_(list(task_ids)))
        )
        return [_task(r) for r in rows]

    async def changes_between(
        self, organization_id: str, task_ids: Sequence[str], start: datetime, end: datetime
    ) -> list[TaskChange]:
        if not task_ids:
            return []
        rows = await self._session.scalars(
            select(TaskChangeRow)
            .where(
                TaskChangeRow.organization_id == organization_id,
                TaskChangeRow.task_id.in_(list(task_ids)),
                TaskChangeRow.changed_at >= start,
                TaskChangeRow.changed_at < end,
            )
            .order_by(TaskChangeRow.id)
        )
        return [_task_change(r) for r in rows]

    async def history(self, organization_id: str, task_id: str) -> list[TaskChange]:
        rows = await self._session.scalars(
            select(TaskChangeRow)
            .where(TaskChangeRow.task_id == task_id, TaskChangeRow.organization_id == organization_id)
            .order_by(TaskChangeRow.id)
        )
        return [
            TaskChange(
                task_id=r.task_id,
                kind=ChangeKind(r.kind),
                by=r.changed_by,
                at=r.changed_at,
                fields=tuple(FieldChange(*f) for f in r.fields),
                reason=r.reason,
            )
            for r in rows
        ]


def _task_change(r: TaskChangeRow) -> TaskChange:
    return TaskChange(
        task_id=r.task_id,
        kind=ChangeKind(r.kind),
        by=r.changed_by,
        at=r.changed_at,
        fields=tuple(FieldChange(*f) for f in r.fields),
        reason=r.reason,
    )


def _fill(row: TaskRow, task: Task) -> None:
    row.organization_id = task.organization_id
    row.title = task.title
    row.description = task.description
    row.volume_amount = task.volume.amount if task.volume else None
    row.volume_unit = task.volume.unit if task.volume else None
    row.deadline = task.deadline
    row.skills = sorted(task.skills)
    row.other_skills = list(task.other_skills)
    row.shape = task.shape.value
    row.recurrence = task.recurrence.value
    row.budget_yen = task.budget_yen
    row.rate_yen = task.rate_yen
    row.rate_unit = task.rate_unit
    row.updates_channel = task.updates_channel
    row.status = task.status.value
    row.paused_from = task.paused_from.value if task.paused_from else None
    row.previous_id = task.previous_id
    row.region = task.region
    row.region_only = task.region_only


def _is_active(status: TaskStatus) -> bool:
    return status not in (TaskStatus.DRAFT, TaskStatus.DONE, TaskStatus.CANCELLED)


def _task(row: TaskRow) -> Task:
    volume = Volume(row.volume_amount, row.volume_unit) if row.volume_amount and row.volume_unit else None
    return Task(
        id=row.id,
        organization_id=row.organization_id,
        title=row.title,
        description=row.description,
        volume=volume,
        deadline=row.deadline,
        skills=frozenset(row.skills),
        other_skills=tuple(row.other_skills or ()),
        shape=TeamShape(row.shape),
        recurrence=Recurrence(row.recurrence),
        budget_yen=row.budget_yen,
        rate_yen=row.rate_yen,
        rate_unit=row.rate_unit,
        updates_channel=row.updates_channel,
        status=TaskStatus(row.status),
        paused_from=TaskStatus(row.paused_from) if row.paused_from else None,
        previous_id=row.previous_id,
        region=row.region,
        region_only=row.region_only,
        created_by=row.created_by,
        created_at=row.created_at,
    )


class SqlProposalRepository:
    """Proposals are read inside their organisation (the client's side) or for the person they
    were offered to (the teleworker's side, who belongs to no client organisation)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, organization_id: str, proposal_id: str) -> Proposal | None:
        row = await self._session.scalar(
            select(ProposalRow).where(ProposalRow.id == proposal_id, ProposalRow.organization_id == organization_id)
        )
        return _proposal(row) if row else None

    async def offered_to(self, person_id: str, proposal_id: str) -> Proposal | None:
        row = await self._session.scalar(
            select(ProposalRow).where(ProposalRow.id == proposal_id, ProposalRow.person_id == person_id)
        )
        return _proposal(row) if row else None

    async def for_team_leader(self, leader_id: str, proposal_id: str) -> Proposal | None:
        """A team proposal, for the leader of its team only (leaders belong to no client organisation)."""
        row = await self._session.scalar(
            select(ProposalRow)
            .join(TeamRow, TeamRow.id == ProposalRow.team_id)
            .where(ProposalRow.id == proposal_id, TeamRow.leader_id == leader_id)
        )
        return _proposal(row) if row else None

    async def for_task(self, organization_id: str, task_id: str) -> list[Proposal]:
        rows = await self._session.scalars(
            select(ProposalRow)
            .where(ProposalRow.organization_id == organization_id, ProposalRow.task_id == task_id)
            .order_by(ProposalRow.created_at, ProposalRow.rank, ProposalRow.id)
        )
        return [_proposal(r) for r in rows]

    async def offered_before(self, moment: datetime) -> list[Proposal]:
        """Offers still unanswered that went out before `moment` (for expiry), oldest first."""
        rows = await self._session.scalars(
            select(ProposalRow)
            .where(ProposalRow.status == ProposalStatus.OFFERED.value, ProposalRow.offered_at < moment)
            .order_by(ProposalRow.offered_at, ProposalRow.id)
        )
        return [_proposal(r) for r in rows]

    async def leader_asked_before(self, moment: datetime) -> list[Proposal]:
        rows = await self._session.scalars(
            select(ProposalRow)
            .where(ProposalRow.status == ProposalStatus.PROPOSED.value, ProposalRow.leader_asked_at < moment)
            .order_by(ProposalRow.leader_asked_at, ProposalRow.id)
        )
        return [_proposal(r) for r in rows]

    async def add(self, proposal: Proposal) -> None:
        row = ProposalRow(id=proposal.id)
        _fill_proposal(row, proposal)
        self._session.add(row)
        await self._session.flush()

    async def save(self, proposal: Proposal) -> None:
        row = await self._session.get(ProposalRow, proposal.id)
        if row is None or row.organization_id != proposal.organization_id:
            raise LookupError(f"proposal {proposal.id} is not stored in organisation {proposal.organization_id}")
        _fill_proposal(row, proposal)
        await self._session.flush()


def _fill_proposal(row: ProposalRow, p: Proposal) -> None:
    row.organization_id = p.organization_id
    row.task_id = p.task_id
    row.person_id = p.person_id
    row.team_id = p.team_id
    row.units = p.units
    row.hours = p.hours
    row.earnings_yen = p.earnings_yen
    row.score = p.score
    row.rank = p.rank
    row.reasons = reasons_to_facts(p.reasons)
    row.status = p.status.value
    row.approved_by = p.approved_by
    row.created_at = p.created_at
    row.offered_at = p.offered_at
    row.answered_at = p.answered_at
    row.card_workspace = p.card_workspace
    row.card_channel = p.card_channel
    row.card_ts = p.card_ts
    row.leader_asked_at = p.leader_asked_at


def _proposal(row: ProposalRow) -> Proposal:
    return Proposal(
        id=row.id,
        organization_id=row.organization_id,
        task_id=row.task_id,
        person_id=row.person_id,
        team_id=row.team_id,
        units=row.units,
        hours=row.hours,
        earnings_yen=row.earnings_yen,
        score=row.score,
        rank=row.rank,
        reasons=reasons_from_facts(row.reasons),
        status=ProposalStatus(row.status),
        approved_by=row.approved_by,
        created_at=row.created_at,
        offered_at=row.offered_at,
        answered_at=row.answered_at,
        card_workspace=row.card_workspace,
        card_channel=row.card_channel,
        card_ts=row.card_ts,
        leader_asked_at=row.leader_asked_at,
    )


class SqlAssignmentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, assignment: Assignment) -> None:
        self._session.add(
            AssignmentRow(
                id=assignment.id,
                organization_id=assignment.organization_id,
                task_id=assignment.task_id,
                person_id=assignment.person_id,
                proposal_id=assignment.proposal_id,
                units=assignment.units,
                hours=assignment.hours,
                earnings_yen=assignment.earnings_yen,
                accepted_at=assignment.accepted_at,
                cover_of=assignment.cover_of,
            )
        )
        await self._session.flush()

    async def get(self, organization_id: str, assignment_id: str) -> Assignment | None:
        found = (
            await self._session.execute(
                select(AssignmentRow, TaskRow.deadline)
                .join(TaskRow, TaskRow.id == AssignmentRow.task_id)
                .where(AssignmentRow.id == assignment_id, AssignmentRow.organization_id == organization_id)
            )
        ).first()
        return _assignment(found[0], found[1]) if found else None

    async def save(self, assignment: Assignment) -> None:
        """Write a changed share (cover moves part of it to a teammate): units, hours and pay."""
        row = await self._session.get(AssignmentRow, assignment.id)
        if row is None or row.organization_id != assignment.organization_id:
            raise LookupError(f"assignment {assignment.id} is not stored in organisation {assignment.organization_id}")
        row.units, row.hours, row.earnings_yen = assignment.units, assignment.hours, assignment.earnings_yen
        await self._session.flush()

    async def remove(self, organization_id: str, assignment_id: str) -> None:
        """A share given back before any report: the row goes (nothing reported hangs on it)."""
        await self._session.execute(
            delete(AssignmentRow).where(
                AssignmentRow.id == assignment_id, AssignmentRow.organization_id == organization_id
            )
        )

    async def for_task(self, organization_id: str, task_id: str) -> list[Assignment]:
        rows = await self._session.execute(
            select(AssignmentRow, TaskRow.deadline)
            .join(TaskRow, TaskRow.id == AssignmentRow.task_id)
            .where(AssignmentRow.organization_id == organization_id, AssignmentRow.task_id == task_id)
            .order_by(AssignmentRow.accepted_at, AssignmentRow.id)
        )
        return [_assignment(r, due) for r, due in rows]

    async def for_tasks(self, organization_id: str, task_ids: Sequence[str]) -> list[Assignment]:
        if not task_ids:
            return []
        rows = await self._session.execute(
            select(AssignmentRow, TaskRow.deadline)
            .join(TaskRow, TaskRow.id == AssignmentRow.task_id)
            .where(AssignmentRow.organization_id == organization_id, AssignmentRow.task_id.in_(list(task_ids)))
            .order_by(AssignmentRow.accepted_at, AssignmentRow.id)
        )
        return [_assignment(r, due) for r, due in rows]

    async def for_people(self, person_ids: Sequence[str]) -> dict[str, list[Assignment]]:
        """Every assignment of these people (any organisation: capacity is the person's), with due dates."""
        found: dict[str, list[Assignment]] = {p: [] for p in person_ids}
        if not person_ids:
            return found
        rows = await self._session.execute(
            select(AssignmentRow, TaskRow.deadline)
            .join(TaskRow, TaskRow.id == AssignmentRow.task_id)
            .where(AssignmentRow.person_id.in_(list(person_ids)))
            .order_by(AssignmentRow.accepted_at, AssignmentRow.id)
        )
        for row, due in rows:
            found[row.person_id].append(_assignment(row, due))
        return found


def _assignment(row: AssignmentRow, due: date | None) -> Assignment:
    return Assignment(
        id=row.id,
        organization_id=row.organization_id,
        task_id=row.task_id,
        person_id=row.person_id,
        proposal_id=row.proposal_id,
        units=row.units,
        hours=row.hours,
        earnings_yen=row.earnings_yen,
        accepted_at=row.accepted_at,
        due=due,
        cover_of=row.cover_of,
    )


class SqlCoverRequestRepository:
    """Cover requests are read inside their organisation, or by id for a leader's tap (the leader
    may belong to no client organisation; the handler checks they are one of the deciders)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, request_id: str) -> CoverRequest | None:
        row = await self._session.get(CoverRequestRow, request_id, populate_existing=True)
        return _cover_request(row) if row else None

    async def open_for_assignment(self, assignment_id: str) -> list[CoverRequest]:
        rows = await self._session.scalars(
            select(CoverRequestRow)
            .where(CoverRequestRow.assignment_id == assignment_id, CoverRequestRow.status == CoverStatus.OPEN.value)
            .order_by(CoverRequestRow.created_at, CoverRequestRow.id)
        )
        return [_cover_request(r) for r in rows]

    async def open_for_decider(self, person_id: str) -> list[CoverRequest]:
        # The deciders are a JSON list, read in Python: open requests are few (they close on the
        # first tap or when their work goes), so no index or JSON operator per back end is needed.
        rows = await self._session.scalars(
            select(CoverRequestRow)
            .where(CoverRequestRow.status == CoverStatus.OPEN.value)
            .order_by(CoverRequestRow.created_at, CoverRequestRow.id)
        )
        return [_cover_request(r) for r in rows if person_id in r.decider_ids]

    async def for_task(self, organization_id: str, task_id: str) -> list[CoverRequest]:
        rows = await self._session.scalars(
            select(CoverRequestRow)
            .where(CoverRequestRow.organization_id == organization_id, CoverRequestRow.task_id == task_id)
            .order_by(CoverRequestRow.created_at, CoverRequestRow.id)
        )
        return [_cover_request(r) for r in rows]

    async def add(self, request: CoverRequest) -> None:
        row = CoverRequestRow(id=request.id)
        _fill_cover_request(row, request)
        self._session.add(row)
        await self._session.flush()

    async def save(self, request: CoverRequest) -> None:
        row = await self._session.get(CoverRequestRow, request.id)
        if row is None:
            raise LookupError(f"cover request {request.id} is not stored")
        _fill_cover_request(row, request)
        await self._session.flush()

    async def add_card(self, card: CoverCard) -> None:
        self._session.add(
            CoverCardRow(
                request_id=card.request_id,
                decider_id=card.decider_id,
                workspace=card.workspace,
                channel=card.channel,
                message_id=card.message_id,
            )
        )
        await self._session.flush()

    async def cards(self, request_id: str) -> list[CoverCard]:
        rows = await self._session.scalars(
            select(CoverCardRow).where(CoverCardRow.request_id == request_id).order_by(CoverCardRow.decider_id)
        )
        return [CoverCard(r.request_id, r.decider_id, r.workspace, r.channel, r.message_id) for r in rows]


def _fill_cover_request(row: CoverRequestRow, r: CoverRequest) -> None:
    row.organization_id = r.organization_id
    row.task_id = r.task_id
    row.assignment_id = r.assignment_id
    row.absence_id = r.absence_id
    row.absent_person_id = r.absent_person_id
    row.units = r.units
    row.candidates = [cover_candidate_to_facts(c) for c in r.candidates]
    row.decider_ids = list(r.decider_ids)
    row.status = r.status.value
    row.created_at = r.created_at
    row.resolved_by = r.resolved_by
    row.resolved_at = r.resolved_at
    row.covered_by = r.covered_by
    row.moved_units = r.moved_units
    row.cover_assignment_id = r.cover_assignment_id


def _cover_request(row: CoverRequestRow) -> CoverRequest:
    return CoverRequest(
        id=row.id,
        organization_id=row.organization_id,
        task_id=row.task_id,
        assignment_id=row.assignment_id,
        absence_id=row.absence_id,
        absent_person_id=row.absent_person_id,
        units=row.units,
        candidates=tuple(cover_candidate_from_facts(c) for c in row.candidates),
        decider_ids=tuple(row.decider_ids),
        created_at=row.created_at,
        status=CoverStatus(row.status),
        resolved_by=row.resolved_by,
        resolved_at=row.resolved_at,
        covered_by=row.covered_by,
        moved_units=row.moved_units,
        cover_assignment_id=row.cover_assignment_id,
    )


class SqlProgressReportRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, report: ProgressReport) -> None:
        self._session.add(
            ProgressReportRow(
                id=report.id,
                organization_id=report.organization_id,
                assignment_id=report.assignment_id,
                person_id=report.person_id,
                units_done=report.units_done,
                units_cumulative=report.units_cumulative,
                hours=report.hours,
                done=report.done,
                blockers=report.blockers,
                raw_text=report.raw_text,
                parser=report.parser,
                reported_at=report.reported_at,
                corrects_id=report.corrects_id,
                source=report.source,
            )
        )
        await self._session.flush()

    async def for_assignment(self, assignment_id: str) -> list[ProgressReport]:
        rows = await self._session.scalars(
            select(ProgressReportRow)
            .where(ProgressReportRow.assignment_id == assignment_id)
            .order_by(ProgressReportRow.reported_at, ProgressReportRow.id)
        )
        return [_progress_report(r) for r in rows]

    async def reported_units(self, assignment_ids: Sequence[str]) -> dict[str, int]:
        """Units reported so far per assignment (the sum of the deltas; 0 when nothing was reported)."""
        found = dict.fromkeys(assignment_ids, 0)
        if not assignment_ids:
            return found
        rows = await self._session.execute(
            select(ProgressReportRow.assignment_id, func.coalesce(func.sum(ProgressReportRow.units_done), 0))
            .where(ProgressReportRow.assignment_id.in_(list(assignment_ids)))
            .group_by(ProgressReportRow.assignment_id)
        )
        for assignment_id, units in rows:
            found[assignment_id] = int(units or 0)
        return found

    async def cumulative_by_assignment(self, assignment_ids: Sequence[str]) -> dict[str, int]:
        """The current total per assignment, corrections applied: what the digests and status show.

        `units_cumulative` of the newest row is the same number when reports arrive one after the
        other; the sum of the deltas is the one that stays right whatever order corrections come in.
        """
        return await self.reported_units(assignment_ids)

    async def for_assignments(self, assignment_ids: Sequence[str]) -> list[ProgressReport]:
        if not assignment_ids:
            return []
        rows = await self._session.scalars(
            select(ProgressReportRow)
            .where(ProgressReportRow.assignment_id.in_(list(assignment_ids)))
            .order_by(ProgressReportRow.reported_at, ProgressReportRow.id)
        )
        return [_progress_report(r) for r in rows]

    async def units_by_task(self, organization_id: str, task_ids: Sequence[str]) -> dict[str, int]:
        """Units reported per task (all its assignments, corrections applied); 0 when none."""
        found = dict.fromkeys(task_ids, 0)
        if not task_ids:
            return found
        rows = await self._session.execute(
            select(AssignmentRow.task_id, func.coalesce(func.sum(ProgressReportRow.units_done), 0))
            .join(AssignmentRow, AssignmentRow.id == ProgressReportRow.assignment_id)
            .where(AssignmentRow.organization_id == organization_id, AssignmentRow.task_id.in_(list(task_ids)))
            .group_by(AssignmentRow.task_id)
        )
        for task_id, units in rows:
            found[task_id] = int(units or 0)
        return found

    async def shares_of_task(self, organization_id: str, task_id: str) -> list[ShareProgress]:
        """Every share of the task with its reported units and whether it was said done, in one
        aggregate query (not every report of the task: a report checks this twice)."""
        rows = await self._session.execute(
            select(
                AssignmentRow.id,
                AssignmentRow.units,
                func.coalesce(func.sum(ProgressReportRow.units_done), 0),
                func.coalesce(func.max(case((ProgressReportRow.done.is_(True), 1), else_=0)), 0),
            )
            .outerjoin(ProgressReportRow, ProgressReportRow.assignment_id == AssignmentRow.id)
            .where(AssignmentRow.organization_id == organization_id, AssignmentRow.task_id == task_id)
            .group_by(AssignmentRow.id, AssignmentRow.units)
            .order_by(AssignmentRow.id)
        )
        return [ShareProgress(aid, int(units), int(reported or 0), bool(done)) for aid, units, reported, done in rows]

    async def from_source(self, source: str) -> list[ProgressReport]:
        rows = await self._session.scalars(select(ProgressReportRow).where(ProgressReportRow.source == source))
        return [_progress_report(r) for r in rows]

    async def recent_for_person(self, person_id: str, limit: int) -> list[ProgressReport]:
        """The person's latest reports that are not corrections themselves, newest first."""
        rows = await self._session.scalars(
            select(ProgressReportRow)
            .where(ProgressReportRow.person_id == person_id, ProgressReportRow.corrects_id.is_(None))
            .order_by(ProgressReportRow.reported_at.desc(), ProgressReportRow.id.desc())
            .limit(limit)
        )
        return [_progress_report(r) for r in rows]

    async def reported_since(self, person_ids: Sequence[str], moment: datetime) -> set[str]:
        """Which of these people reported anything at or after `moment`."""
        if not person_ids:
            return set()
        rows = await self._session.scalars(
            select(ProgressReportRow.person_id)
            .where(ProgressReportRow.person_id.in_(list(person_ids)), ProgressReportRow.reported_at >= moment)
            .distinct()
        )
        return set(rows)

    async def reported_between(self, start: datetime, end: datetime) -> list[ProgressReport]:
        """Every report sent in [start, end), every organisation (the coordinator's monthly report
        and exports), plus the corrections of those reports whenever they were sent: a November
        report corrected in December still changes November's figures."""
        rows = list(
            await self._session.scalars(
                select(ProgressReportRow)
                .where(ProgressReportRow.reported_at >= start, ProgressReportRow.reported_at < end)
                .order_by(ProgressReportRow.reported_at, ProgressReportRow.id)
            )
        )
        # Corrections are few: every later one is read (no id list, however big the month), and
        # those whose chain leads to a report of the period kept (corrections of corrections too).
        later = list(
            await self._session.scalars(
                select(ProgressReportRow)
                .where(ProgressReportRow.corrects_id.is_not(None), ProgressReportRow.reported_at >= end)
                .order_by(ProgressReportRow.reported_at, ProgressReportRow.id)
            )
        )
        kept = {r.id for r in rows}
        for row in later:  # oldest first: a correction's target is already decided
            if row.corrects_id in kept:
                rows.append(row)
                kept.add(row.id)
        return [_progress_report(r) for r in rows]


def _progress_report(row: ProgressReportRow) -> ProgressReport:
    return ProgressReport(
        id=row.id,
        organization_id=row.organization_id,
        assignment_id=row.assignment_id,
        person_id=row.person_id,
        units_done=row.units_done,
        units_cumulative=row.units_cumulative,
        hours=row.hours,
        done=row.done,
        blockers=row.blockers,
        raw_text=row.raw_text,
        parser=row.parser,
        reported_at=row.reported_at,
        corrects_id=row.corrects_id,
        source=row.source,
    )


class SqlReportDialogRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, person_id: str) -> ReportDialog | None:
        row = await self._session.get(ReportDialogRow, person_id)
        if row is None:
            return None
        return ReportDialog(
            person_id=row.person_id,
            kind=DialogKind(row.kind),
            step=DialogStep(row.step),
            updated_at=row.updated_at,
            choices=tuple((str(c[0]), str(c[1])) for c in row.choices),
            assignment_id=row.assignment_id,
            report_id=row.report_id,
            units=row.units,
        )

    async def save(self, dialog: ReportDialog) -> None:
        await self._session.merge(
            ReportDialogRow(
                person_id=dialog.person_id,
                kind=dialog.kind.value,
                step=dialog.step.value,
                updated_at=dialog.updated_at,
                choices=[list(c) for c in dialog.choices],
                assignment_id=dialog.assignment_id,
                report_id=dialog.report_id,
                units=dialog.units,
            )
        )
        await self._session.flush()

    async def delete(self, person_id: str) -> None:
        await self._session.execute(delete(ReportDialogRow).where(ReportDialogRow.person_id == person_id))


class SqlReminderRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def setting(self, person_id: str) -> ReminderSetting:
        row = await self._session.get(ReminderSettingRow, person_id)
        if row is None:
            return ReminderSetting(person_id)
        return ReminderSetting(person_id, parse_time(row.remind_at), row.enabled)

    async def save_setting(self, setting: ReminderSetting) -> None:
        await self._session.merge(
            ReminderSettingRow(
                person_id=setting.person_id, remind_at=format_time(setting.remind_at), enabled=setting.enabled
            )
        )
        await self._session.flush()

    async def claim(self, person_id: str, local_date: date, at: datetime) -> bool:
        """INSERT … ON CONFLICT DO NOTHING: of any number of concurrent runs, one gets the row."""
        values = {"person_id": person_id, "local_date": local_date, "sent_at": at}
        statement = _insert_for(self._session)(ReminderSendRow).values(values)
        claimed = await self._session.scalar(
            statement.on_conflict_do_nothing(index_elements=["person_id", "local_date"]).returning(
                ReminderSendRow.person_id
            )
        )
        return claimed is not None

    async def sent_on(self, person_id: str, local_date: date) -> bool:
        row = await self._session.get(ReminderSendRow, (person_id, local_date))
        return row is not None

    async def count_push(self, person_id: str, day: date) -> None:
        statement = _insert_for(self._session)(LinePushRow).values(person_id=person_id, day=day, pushes=1)
        await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=["person_id", "day"], set_={"pushes": LinePushRow.pushes + 1}
            )
        )

    async def pushes(self, person_id: str, day: date) -> int:
        row = await self._session.get(LinePushRow, (person_id, day))
        return row.pushes if row else 0

    async def pushes_on(self, day: date) -> dict[str, int]:
        rows = await self._session.scalars(select(LinePushRow).where(LinePushRow.day == day))
        return {row.person_id: row.pushes for row in rows}


def _insert_for(session: AsyncSession) -> Any:
    """The dialect's INSERT (both SQLite and PostgreSQL have ON CONFLICT)."""
    return sqlite_insert if session.get_bind().dialect.name == "sqlite" else pg_insert
