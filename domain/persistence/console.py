"""The web console's reads and its own records (issue 17): lists and aggregates in SQL, one page at
a time, so a page costs the same with 100 people or 100,000 (bench/console.py); one-time sign-in
links; the log of changes made from the console.

Scoping (who sees what) is decided in `domain.console_access`; the queries here take its sets and
never widen them. Everything returns plain frozen rows, no SQLAlchemy types.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, String, and_, cast, exists, func, or_, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.console_access import ConsoleScope
from domain.persistence.tables import (
    AbsenceRow,
    AssignmentRow,
    ConsoleAuditRow,
    ConsoleSignInRow,
    OrganizationRow,
    PersonRow,
    ProgressReportRow,
    ProposalRow,
    QuestionRow,
    TaskRow,
    TeamMemberRow,
    TeamRow,
    WorkerProfileRow,
)

PAGE_SIZE = 50


class BoardColumn(enum.StrEnum):
    """The work board's columns, in the order work moves through them."""

    OPEN = "open"  # 募集中
    LEADER = "leader"  # リーダー確認中: team work waiting for the team leader's approval
    MATCHED = "matched"  # 担当決定
    IN_PROGRESS = "in_progress"  # 作業中
    DONE = "done"  # 完了


@dataclass(frozen=True, slots=True)
class PeopleFilter:
    text: str = ""
    skill: str = ""
    region: str = ""
    team_id: str = ""
    window: str = ""  # a TimeWindow value: available then
    status: str = "active"  # active | withdrawn | all
    page: int = 0


@dataclass(frozen=True, slots=True)
class PersonLine:
    id: str
    name: str
    roles: tuple[str, ...]
    region: str
    skills: tuple[str, ...]
    weekly_hours: int
    withdrawn: bool


@dataclass(frozen=True, slots=True)
class TaskLine:
    id: str
    organization_id: str
    organization: str
    title: str
    status: str
    deadline: date | None
    volume: int | None
    unit: str
    reported: int


@dataclass(frozen=True, slots=True)
class BoardColumnPage:
    column: BoardColumn
    total: int
    tasks: tuple[TaskLine, ...]


@dataclass(frozen=True, slots=True)
class TeamLine:
    id: str
    name: str
    leader_id: str
    leader: str
    members: int


@dataclass(frozen=True, slots=True)
class AuditLine:
    at: datetime
    person_id: str | None
    person: str
    action: str
    target: str
    detail: str


class SqlConsole:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    # --- sign-in links ------------------------------------------------------------------------

    async def add_signin(self, token_hash: str, person_id: str, expires_at: datetime) -> None:
        async with self._sessions() as session:
            session.add(ConsoleSignInRow(token_hash=token_hash, person_id=person_id, expires_at=expires_at))
            await session.commit()

    async def use_signin(self, token_hash: str, now: datetime) -> str | None:
        """The person the link signs in, marking it used in the same statement (single use even when
        two requests race); None when unknown, used or expired."""
        async with self._sessions() as session:
            result = await session.execute(
                update(ConsoleSignInRow)
                .where(
                    ConsoleSignInRow.token_hash == token_hash,
                    ConsoleSignInRow.used_at.is_(None),
                    ConsoleSignInRow.expires_at > now,
                )
                .values(used_at=now)
            )
            if getattr(result, "rowcount", 0) != 1:
                await session.rollback()
                return None
            person_id = await session.scalar(
                select(ConsoleSignInRow.person_id).where(ConsoleSignInRow.token_hash == token_hash)
            )
            await session.commit()
            return person_id

    # --- the change log -----------------------------------------------------------------------

    async def log(self, at: datetime, person_id: str, action: str, target: str, detail: str = "") -> None:
        async with self._sessions() as session:
            session.add(ConsoleAuditRow(at=at, person_id=person_id, action=action, target=target, detail=detail))
            await session.commit()

    async def recent_changes(self, limit: int = PAGE_SIZE) -> list[AuditLine]:
        async with self._sessions() as session:
            rows = await session.execute(
                select(ConsoleAuditRow, PersonRow.display_name)
                .outerjoin(PersonRow, PersonRow.id == ConsoleAuditRow.person_id)
                .order_by(ConsoleAuditRow.at.desc(), ConsoleAuditRow.id.desc())
                .limit(limit)
            )
            return [AuditLine(a.at, a.person_id, name or "", a.action, a.target, a.detail) for a, name in rows]

    # --- people -------------------------------------------------------------------------------

    async def people(self, scope: ConsoleScope, wanted: PeopleFilter) -> tuple[list[PersonLine], int]:
        """One page of the people `scope` may see that match `wanted`, and how many match in all."""
        conditions: list[ColumnElement[bool]] = []
        if not scope.programme:
            conditions.append(PersonRow.id.in_(sorted(scope.member_ids)))
        if wanted.status == "active":
            conditions.append(PersonRow.withdrawn.is_(False))
        elif wanted.status == "withdrawn":
            conditions.append(PersonRow.withdrawn.is_(True))
        if wanted.text.strip():
            conditions.append(PersonRow.display_name.contains(wanted.text.strip(), autoescape=True))
        if wanted.region.strip():
            conditions.append(WorkerProfileRow.region.contains(wanted.region.strip(), autoescape=True))
        # JSON lists are matched as text ('"data_entry"' in '["data_entry", ...]') on both back ends:
        # no JSON operator differs between SQLite and PostgreSQL this way.
        if wanted.skill:
            conditions.append(_json_text(WorkerProfileRow.skills).contains(f'"{wanted.skill}"', autoescape=True))
        if wanted.window:
            conditions.append(_json_text(WorkerProfileRow.time_windows).contains(f'"{wanted.window}"', autoescape=True))
        if wanted.team_id:
            in_team = select(TeamMemberRow.person_id).where(TeamMemberRow.team_id == wanted.team_id)
            led = select(TeamRow.leader_id).where(TeamRow.id == wanted.team_id)
            conditions.append(or_(PersonRow.id.in_(in_team), PersonRow.id.in_(led)))
        base = select(PersonRow.id).outerjoin(WorkerProfileRow, WorkerProfileRow.person_id == PersonRow.id)
        base = base.where(and_(*conditions)) if conditions else base
        async with self._sessions() as session:
            total = await session.scalar(select(func.count()).select_from(base.subquery())) or 0
            rows = await session.execute(
                select(PersonRow, WorkerProfileRow)
                .outerjoin(WorkerProfileRow, WorkerProfileRow.person_id == PersonRow.id)
                .where(and_(*conditions) if conditions else true())
                .order_by(PersonRow.display_name, PersonRow.id)
                .offset(max(wanted.page, 0) * PAGE_SIZE)
                .limit(PAGE_SIZE)
            )
            lines = [
                PersonLine(
                    p.id,
                    p.display_name,
                    tuple(sorted(p.roles or ())),
                    w.region if w else "",
                    tuple(w.skills or ()) if w else (),
                    w.weekly_hours if w else 0,
                    p.withdrawn,
                )
                for p, w in rows
            ]
        return lines, total

    async def earnings_in(self, person_id: str, start: datetime, end: datetime) -> int:
        """What the person's accepted shares in [start, end) pay (the figure the earnings cap is about)."""
        async with self._sessions() as session:
            total = await session.scalar(
                select(func.coalesce(func.sum(AssignmentRow.earnings_yen), 0)).where(
                    AssignmentRow.person_id == person_id,
                    AssignmentRow.accepted_at >= start,
                    AssignmentRow.accepted_at < end,
                )
            )
        return int(total or 0)

    async def current_work(self, person_id: str) -> list[TaskLine]:
        """The active tasks the person holds a share of."""
        async with self._sessions() as session:
            ids = select(AssignmentRow.task_id).where(AssignmentRow.person_id == person_id)
            rows = await session.execute(
                _task_lines().where(TaskRow.id.in_(ids), TaskRow.status.in_(["matched", "in_progress", "paused"]))
            )
            return await _with_reported(session, [_task_line(r) for r in rows])

    async def teleworkers(self) -> int:
        """Residents who could work: everyone with a worker profile who has not withdrawn."""
        async with self._sessions() as session:
            total = await session.scalar(
                select(func.count())
                .select_from(WorkerProfileRow)
                .join(PersonRow, PersonRow.id == WorkerProfileRow.person_id)
                .where(PersonRow.withdrawn.is_(False))
            )
        return int(total or 0)

    async def report_rate(self, since: datetime) -> tuple[int, int]:
        """(reported, holding): of the people holding running work, how many reported since `since`."""
        holders = (
            select(AssignmentRow.person_id)
            .join(TaskRow, TaskRow.id == AssignmentRow.task_id)
            .where(TaskRow.status.in_(["matched", "in_progress"]))
            .distinct()
            .subquery("holders")
        )
        reported = exists().where(
            ProgressReportRow.person_id == holders.c.person_id, ProgressReportRow.reported_at >= since
        )
        async with self._sessions() as session:
            holding = await session.scalar(select(func.count()).select_from(holders)) or 0
            done = await session.scalar(select(func.count()).select_from(holders).where(reported)) or 0
        return int(done), int(holding)

    async def open_questions(self) -> int:
        """Workers' questions (結の知恵, issue 16) nobody has answered yet."""
        async with self._sessions() as session:
            total = await session.scalar(
                select(func.count())
                .select_from(QuestionRow)
                .where(QuestionRow.status.in_(["waiting", "with_client", "note_offered"]))
            )
        return int(total or 0)

    # --- work -----------------------------------------------------------------------------------

    async def board(
        self, scope: ConsoleScope, organization_id: str = "", team_id: str = "", page: int = 0
    ) -> list[BoardColumnPage]:
        """Each column's count and one page of its newest tasks, within `scope` and the filters."""
        conditions = _task_scope(scope)
        if organization_id:
            conditions.append(TaskRow.organization_id == organization_id)
        if team_id:
            conditions.append(_task_of_teams([team_id]))
        columns = []
        async with self._sessions() as session:
            for column in BoardColumn:
                where = and_(*conditions, _column(column))
                total = await session.scalar(select(func.count()).select_from(TaskRow).where(where)) or 0
                rows = await session.execute(
                    _task_lines()
                    .where(where)
                    .order_by(TaskRow.created_at.desc(), TaskRow.id)
                    .offset(max(page, 0) * PAGE_SIZE)
                    .limit(PAGE_SIZE)
                )
                lines = await _with_reported(session, [_task_line(r) for r in rows])
                columns.append(BoardColumnPage(column, total, tuple(lines)))
        return columns

    async def task_access(self, task_id: str) -> tuple[str, frozenset[str], frozenset[str]] | None:
        """(organisation, assignees, proposed teams) of a task, for the scope check; None if none."""
        async with self._sessions() as session:
            organization_id = await session.scalar(select(TaskRow.organization_id).where(TaskRow.id == task_id))
            if organization_id is None:
                return None
            holders = await session.scalars(select(AssignmentRow.person_id).where(AssignmentRow.task_id == task_id))
            teams = await session.scalars(
                select(ProposalRow.team_id).where(ProposalRow.task_id == task_id, ProposalRow.team_id.is_not(None))
            )
            return organization_id, frozenset(holders), frozenset(t for t in teams if t)

    async def reported_since(self, task_ids: Sequence[str], start: datetime) -> dict[str, list[tuple[datetime, int]]]:
        """Per task, (reported_at, units) of every report since `start`, corrections included as
        their differences (the caller dates them in its timezone): one query for all the tasks."""
        if not task_ids:
            return {}
        found: dict[str, list[tuple[datetime, int]]] = {task_id: [] for task_id in task_ids}
        async with self._sessions() as session:
            rows = await session.execute(
                select(AssignmentRow.task_id, ProgressReportRow.reported_at, ProgressReportRow.units_done)
                .join(AssignmentRow, AssignmentRow.id == ProgressReportRow.assignment_id)
                .where(AssignmentRow.task_id.in_(list(task_ids)), ProgressReportRow.reported_at >= start)
                .order_by(ProgressReportRow.reported_at)
            )
            for task_id, at, units in rows:
                found[task_id].append((at, units or 0))
        return found

    async def at_risk(self, scope: ConsoleScope, today: date, within_days: int = 7) -> list[TaskLine]:
        """Active work whose deadline has passed or is near while units are still open; the caller
        applies `domain.progress` to these few (the forecast needs each task's days)."""
        horizon = date.fromordinal(today.toordinal() + within_days)
        conditions = [
            *_task_scope(scope),
            TaskRow.status.in_(["open", "matched", "in_progress"]),
            TaskRow.deadline.is_not(None),
            TaskRow.deadline <= horizon,
        ]
        async with self._sessions() as session:
            rows = await session.execute(
                _task_lines().where(and_(*conditions)).order_by(TaskRow.deadline, TaskRow.id).limit(200)
            )
            lines = await _with_reported(session, [_task_line(r) for r in rows])
        return [line for line in lines if line.volume is None or line.reported < line.volume]

    # --- teams ----------------------------------------------------------------------------------

    async def teams(self, scope: ConsoleScope) -> list[TeamLine]:
        conditions: list[ColumnElement[bool]] = [] if scope.programme else [TeamRow.id.in_(sorted(scope.team_ids))]
        members = (
            select(TeamMemberRow.team_id, func.count().label("n")).group_by(TeamMemberRow.team_id).subquery("members")
        )
        async with self._sessions() as session:
            rows = await session.execute(
                select(TeamRow.id, TeamRow.name, TeamRow.leader_id, PersonRow.display_name, members.c.n)
                .join(PersonRow, PersonRow.id == TeamRow.leader_id)
                .outerjoin(members, members.c.team_id == TeamRow.id)
                .where(and_(*conditions) if conditions else true())
                .order_by(TeamRow.name, TeamRow.id)
            )
            return [TeamLine(i, n, lid, leader or "", count or 0) for i, n, lid, leader, count in rows]

    async def hours_by_team(self, start: datetime, end: datetime) -> list[tuple[str, float]]:
        """Hours reported in [start, end) by each team's members (a member of two teams counts in both)."""
        async with self._sessions() as session:
            rows = await session.execute(
                select(TeamRow.name, func.coalesce(func.sum(ProgressReportRow.hours), 0.0))
                .join(TeamMemberRow, TeamMemberRow.team_id == TeamRow.id)
                .join(ProgressReportRow, ProgressReportRow.person_id == TeamMemberRow.person_id)
                .where(ProgressReportRow.reported_at >= start, ProgressReportRow.reported_at < end)
                .group_by(TeamRow.id, TeamRow.name)
                .order_by(func.sum(ProgressReportRow.hours).desc())
                .limit(15)
            )
            return [(name, float(hours or 0)) for name, hours in rows]

    async def team_load(self, member_ids: Sequence[str], today: date) -> dict[str, float]:
        """Hours of accepted shares still running (deadline today or later) per member."""
        if not member_ids:
            return {}
        async with self._sessions() as session:
            rows = await session.execute(
                select(AssignmentRow.person_id, func.sum(AssignmentRow.hours))
                .join(TaskRow, TaskRow.id == AssignmentRow.task_id)
                .where(
                    AssignmentRow.person_id.in_(list(member_ids)),
                    TaskRow.status.in_(["matched", "in_progress"]),
                    or_(TaskRow.deadline.is_(None), TaskRow.deadline >= today),
                )
                .group_by(AssignmentRow.person_id)
            )
            return {person: float(hours or 0) for person, hours in rows}

    async def absences(self, person_ids: Sequence[str], start: date, end: date) -> list[tuple[str, date, date, str]]:
        """(person, first day, last day, reason) of absences overlapping [start, end]."""
        if not person_ids:
            return []
        async with self._sessions() as session:
            rows = await session.execute(
                select(
                    AbsenceRow.person_id,
                    AbsenceRow.start_date,
                    AbsenceRow.end_date,
                    AbsenceRow.reason,
                )
                .where(
                    AbsenceRow.person_id.in_(list(person_ids)),
                    AbsenceRow.start_date <= end,
                    AbsenceRow.end_date >= start,
                )
                .order_by(AbsenceRow.start_date)
            )
            return [(p, s, e, r) for p, s, e, r in rows]

    async def organizations(self) -> list[tuple[str, str]]:
        async with self._sessions() as session:
            rows = await session.execute(
                select(OrganizationRow.id, OrganizationRow.name).order_by(OrganizationRow.name)
            )
            return [(i, n) for i, n in rows]


# --- helpers -------------------------------------------------------------------------------------


def _json_text(column: Any) -> ColumnElement[str]:
    return cast(column, String)


def _task_lines() -> Select[str, str, str, str, str, date | None, int | None, str | None]:
    return select(
        TaskRow.id,
        TaskRow.organization_id,
        OrganizationRow.name,
        TaskRow.title,
        TaskRow.status,
        TaskRow.deadline,
        TaskRow.volume_amount,
        TaskRow.volume_unit,
    ).join(OrganizationRow, OrganizationRow.id == TaskRow.organization_id)


def _task_line(row: Any) -> TaskLine:
    i, org_id, org, title, status, deadline, volume, unit = tuple(row)
    return TaskLine(i, org_id, org, title, status, deadline, volume, unit or "", 0)


async def _with_reported(session: AsyncSession, lines: list[TaskLine]) -> list[TaskLine]:
    """The lines with the units reported on each (one grouped query for the whole page)."""
    if not lines:
        return lines
    rows = await session.execute(
        select(AssignmentRow.task_id, func.coalesce(func.sum(ProgressReportRow.units_done), 0))
        .join(ProgressReportRow, ProgressReportRow.assignment_id == AssignmentRow.id)
        .where(AssignmentRow.task_id.in_([line.id for line in lines]))
        .group_by(AssignmentRow.task_id)
    )
    done = {task: int(units or 0) for task, units in rows}
    return [
        TaskLine(
            line.id,
            line.organization_id,
            line.organization,
            line.title,
            line.status,
            line.deadline,
            line.volume,
            line.unit,
            done.get(line.id, 0),
        )
        for line in lines
    ]


def _task_of_teams(team_ids: Sequence[str]) -> ColumnElement[bool]:
    """Work a team holds: a member or the leader has a share, or the team was proposed for it.
    Uncorrelated sets of task ids (one semi-join each), not a subquery per task."""
    members = select(TeamMemberRow.person_id).where(TeamMemberRow.team_id.in_(list(team_ids)))
    leaders = select(TeamRow.leader_id).where(TeamRow.id.in_(list(team_ids)))
    held = select(AssignmentRow.task_id).where(
        or_(AssignmentRow.person_id.in_(members), AssignmentRow.person_id.in_(leaders))
    )
    proposed = select(ProposalRow.task_id).where(ProposalRow.team_id.in_(list(team_ids)))
    return or_(TaskRow.id.in_(held), TaskRow.id.in_(proposed))


def _task_scope(scope: ConsoleScope) -> list[ColumnElement[bool]]:
    if scope.programme:
        return []
    allowed: list[ColumnElement[bool]] = []
    if scope.organization_ids:
        allowed.append(TaskRow.organization_id.in_(sorted(scope.organization_ids)))
    if scope.team_ids:
        allowed.append(_task_of_teams(sorted(scope.team_ids)))
    return [or_(*allowed)] if allowed else [TaskRow.id.is_(None)]


def _column(column: BoardColumn) -> ColumnElement[bool]:
    waiting_leader = exists().where(
        ProposalRow.task_id == TaskRow.id,
        ProposalRow.status == "proposed",
        ProposalRow.team_id.is_not(None),
        ProposalRow.leader_asked_at.is_not(None),
    )
    if column is BoardColumn.OPEN:
        return and_(TaskRow.status == "open", ~waiting_leader)
    if column is BoardColumn.LEADER:
        return and_(TaskRow.status == "open", waiting_leader)
    return TaskRow.status == column.value
