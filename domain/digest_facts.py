"""The arithmetic of a digest: stored tasks, assignments, reports, absences and change-log entries
in, `DigestFacts` out. Pure: the handler loads, this decides.

Rules worth knowing (each one is a test):

- A report counts on its local day in the recipient's timezone. A correction (`corrects_id`) counts
  on the day of the report it fixes, so correcting yesterday's 50 to 45 lowers yesterday, not today,
  and a day's pace is the corrected one. Reports after the digest's period are ignored, so a digest
  computed again later (`yui digest show --date`) says what it said that evening.
- Pace, forecast and verdict come from `domain.progress` over a Japanese work calendar: a weekend
  or a public holiday without reports does not slow a task down.
- In a team digest a task's total is the team's share (the units its members accepted); in a task or
  organisation digest it is the task's volume.
- A recurring task's occurrences are separate tasks (`previous_id` links them): each has its own
  assignments and reports, and its pace is measured from its own start.
- A blocker stays open until a later report of the same person on the same assignment says nothing
  blocks them, or the task is finished. The same text repeated keeps its first day.
- A client never gets the member list, a worker's absence reason, nor a blocker's words or author.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from domain.digest import (
    Audience,
    BlockerFacts,
    ChangeFacts,
    DigestFacts,
    DigestRequest,
    MemberFacts,
    TaskFacts,
    digest_period,
    short_date,
)
from domain.i18n import translate
from domain.model import Absence, ChangeKind, Task, TaskChange, TaskStatus
from domain.progress import Verdict, WorkCalendar, holiday_name, progress
from domain.proposals import Assignment, ProgressReport
from domain.refs import Locale

# Tasks in this order: what needs a decision first, then by deadline.
_VERDICT_ORDER = {
    Verdict.LATE: 0,
    Verdict.AT_RISK: 1,
    Verdict.NOT_STARTED: 2,
    Verdict.ON_TRACK: 3,
    Verdict.DONE: 4,
}
# Changes a reader of the digest does not need (a draft is the client's own scratch work).
_QUIET_CHANGES = frozenset({ChangeKind.DRAFTED})

_Local = Callable[[datetime], date]  # a moment's local date in the recipient's timezone


@dataclass(frozen=True)
class DigestInputs:
    """What the handler loaded for one request.

    `assignments` are the ones that count (a team's: its members'; a task's: all of them), `reports`
    those of these assignments (any date: the computation cuts at the period's end), `member_ids`
    whose reporting and absences the digest lists (empty for a client), `changes` the change log of
    `tasks`, `names` display names by person id.
    """

    scope_name: str
    tasks: Sequence[Task]
    assignments: Sequence[Assignment]
    reports: Sequence[ProgressReport]
    member_ids: Sequence[str] = ()
    absences: Sequence[Absence] = ()
    changes: Sequence[TaskChange] = ()
    names: Mapping[str, str] = field(default_factory=dict)
    team_share: bool = False
    calendar: WorkCalendar = field(default_factory=WorkCalendar)


def compute_facts(request: DigestRequest, inputs: DigestInputs) -> DigestFacts:
    zone = ZoneInfo(request.timezone)
    start, end = digest_period(request)
    client = request.audience is Audience.CLIENT

    def local(moment: datetime) -> date:
        return moment.astimezone(zone).date()

    counted = [r for r in inputs.reports if local(r.reported_at) <= end]
    by_id = {r.id: r for r in counted}
    work_day = {r.id: local(_root(r, by_id).reported_at) for r in counted}
    by_assignment: dict[str, list[ProgressReport]] = {}
    for report in counted:
        by_assignment.setdefault(report.assignment_id, []).append(report)

    tasks_by_id = {t.id: t for t in inputs.tasks}
    assignments_by_task: dict[str, list[Assignment]] = {}
    for assignment in inputs.assignments:
        if assignment.task_id in tasks_by_id:
            assignments_by_task.setdefault(assignment.task_id, []).append(assignment)

    changes_in_period = [c for c in inputs.changes if start <= local(c.at) <= end and c.kind not in _QUIET_CHANGES]
    task_facts: list[TaskFacts] = []
    for task in inputs.tasks:
        taken = assignments_by_task.get(task.id, [])
        reports = [r for a in taken for r in by_assignment.get(a.id, [])]
        touched = any(start <= work_day[r.id] <= end for r in reports) or any(
            c.task_id == task.id for c in changes_in_period
        )
        if not task.is_active and not touched:
            continue  # finished or cancelled before this period: old news
        if task.status is TaskStatus.CANCELLED:
            continue  # no longer work to measure: its change (中止されました) is the news
        if inputs.team_share and not taken:
            continue
        task_facts.append(_task_facts(task, taken, reports, work_day, request, inputs, (start, end), local))
    task_facts.sort(key=lambda t: (_VERDICT_ORDER[t.verdict], t.deadline or date.max, t.title))
    shown = {t.task_id for t in task_facts}

    members: list[MemberFacts] = []
    if not client:
        for person_id in inputs.member_ids:
            members.append(_member_facts(person_id, inputs, counted, work_day, (start, end), local, shown))

    blockers = [b for b in _blockers(inputs, by_assignment, tasks_by_id, end, local, client) if b.task_id in shown]
    cancelled = {t.id for t in inputs.tasks if t.status is TaskStatus.CANCELLED}
    if inputs.team_share:  # a team hears of the cancellation of its own work only
        cancelled &= set(assignments_by_task)
    changes = [
        ChangeFacts(c.task_id, c.kind.value, _change_summary(c, tasks_by_id[c.task_id], request.locale))
        for c in changes_in_period
        if c.task_id in shown or c.task_id in cancelled
    ]
    day = request.day
    workday = inputs.calendar.is_workday(day)
    holiday = None if workday else holiday_name(day, language=request.locale.value)
    return DigestFacts(
        request=request,
        scope_name=inputs.scope_name,
        tasks=tuple(task_facts),
        members=tuple(members),
        blockers=tuple(blockers),
        changes=tuple(changes),
        workday=workday,
        holiday=holiday or "",
    )


def _root(report: ProgressReport, by_id: Mapping[str, ProgressReport]) -> ProgressReport:
    """The original report a correction (or a correction of a correction) fixes."""
    seen: set[str] = set()
    while report.corrects_id and report.corrects_id in by_id and report.id not in seen:
        seen.add(report.id)
        report = by_id[report.corrects_id]
    return report


def _task_facts(
    task: Task,
    taken: Sequence[Assignment],
    reports: Sequence[ProgressReport],
    work_day: Mapping[str, date],
    request: DigestRequest,
    inputs: DigestInputs,
    period: tuple[date, date],
    local: _Local,
) -> TaskFacts:
    start, end = period
    units: dict[date, int] = {}
    hours: dict[date, float] = {}
    for report in reports:
        day = work_day[report.id]
        units[day] = units.get(day, 0) + (report.units_done or 0)
        hours[day] = hours.get(day, 0.0) + (report.hours or 0.0)
    if inputs.team_share:
        total: int | None = sum(a.units for a in taken) or None
    else:
        total = task.volume.amount if task.volume else None
    begun = [local(a.accepted_at) for a in taken]
    if task.created_at is not None:
        begun.append(local(task.created_at))
    started = min(begun) if begun else None
    measured = progress(total, units, end, task.deadline, inputs.calendar, started=started)
    verdict = measured.verdict
    if task.status is TaskStatus.DONE:
        verdict = Verdict.DONE  # the client said so; remaining units were not needed after all
    return TaskFacts(
        task_id=task.id,
        title=task.title,
        unit=task.volume.unit if task.volume else "",
        total=total,
        done_today=sum(n for day, n in units.items() if start <= day <= end),
        done_total=measured.done,
        percent=measured.percent,
        pace=round(measured.pace, 1),
        forecast=measured.forecast,
        deadline=task.deadline,
        verdict=verdict,
        hours_today=round(sum(h for day, h in hours.items() if start <= day <= end), 1),
        hours_total=round(sum(hours.values()), 1),
        assignee_ids=tuple(dict.fromkeys(a.person_id for a in taken)),
        status=task.status.value,
        previous_id=task.previous_id,
    )


def _member_facts(
    person_id: str,
    inputs: DigestInputs,
    reports: Sequence[ProgressReport],
    work_day: Mapping[str, date],
    period: tuple[date, date],
    local: _Local,
    shown: set[str],
) -> MemberFacts:
    start, end = period
    own = [r for r in reports if r.person_id == person_id]
    # Reporting today means writing today: a correction of last week is not today's report.
    reported = any(start <= local(r.reported_at) <= end and r.corrects_id is None for r in own)
    units = sum(r.units_done or 0 for r in own if start <= work_day[r.id] <= end)
    hours = sum(r.hours or 0.0 for r in own if start <= work_day[r.id] <= end)
    absence = next((a for a in inputs.absences if a.person_id == person_id and a.start <= end and a.end >= start), None)
    has_work = any(a.person_id == person_id and a.task_id in shown for a in inputs.assignments)
    return MemberFacts(
        person_id=person_id,
        name=inputs.names.get(person_id, ""),
        reported_today=reported,
        absent_today=absence is not None,
        absence_reason=absence.reason if absence is not None else "",
        units_today=units,
        hours_today=round(hours, 1),
        has_work=has_work,
    )


def _blockers(
    inputs: DigestInputs,
    by_assignment: Mapping[str, Sequence[ProgressReport]],
    tasks: Mapping[str, Task],
    end: date,
    local: _Local,
    client: bool,
) -> list[BlockerFacts]:
    found: list[BlockerFacts] = []
    for assignment in inputs.assignments:
        task = tasks.get(assignment.task_id)
        if task is None or task.status in (TaskStatus.DONE, TaskStatus.CANCELLED):
            continue
        open_text = ""
        since: date | None = None
        for report in sorted(by_assignment.get(assignment.id, []), key=lambda r: (r.reported_at, r.id)):
            if report.corrects_id is not None:
                continue  # a correction fixes a number; it says nothing about what blocks
            text = report.blockers.strip()
            if text:
                if text != open_text:
                    open_text, since = text, local(report.reported_at)
            elif report.units_done is not None or report.done:
                open_text, since = "", None  # back at work with nothing in the way
        if open_text and since is not None:
            found.append(
                BlockerFacts(
                    task_id=assignment.task_id,
                    person_id="" if client else assignment.person_id,
                    text="" if client else open_text,
                    since=since,
                    open_days=(end - since).days,
                )
            )
    found.sort(key=lambda b: (-b.open_days, b.task_id, b.person_id))
    return found


def _change_summary(change: TaskChange, task: Task, locale: Locale) -> str:
    """One line about a change, in the reader's language, with the values it moved."""
    fields = {f.field: f for f in change.fields}
    title = task.title
    if change.kind is ChangeKind.DEADLINE_EXTENDED and "deadline" in fields:
        f = fields["deadline"]
        return translate(
            "digest.change.deadline",
            locale,
            title=title,
            before=_shown(f.before, locale),
            after=_shown(f.after, locale),
        )
    if change.kind is ChangeKind.VOLUME_CHANGED and "volume" in fields:
        f = fields["volume"]
        return translate("digest.change.volume", locale, title=title, before=f.before, after=f.after)
    return translate(f"digest.change.{change.kind.value}", locale, title=title)


def _shown(value: str, locale: Locale) -> str:
    try:
        return short_date(date.fromisoformat(value), locale)
    except ValueError:
        return value
