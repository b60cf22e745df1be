"""Proposals (提案・オファー) and assignments (担当): what the matching engine's answer becomes once
it is stored, approved by the client, offered to a teleworker and accepted.

A `Proposal` is one person offered for a share of one task (for team work, one row per member's
share, all carrying the team's id). Its status moves

    proposed → approved → offered → accepted | declined | expired
    proposed | approved | offered → withdrawn      (a new round of proposals replaces the old one)

and every other move is refused. Accepting creates an `Assignment`: the accepted share that
capacity, earnings caps and (issue 6) progress reports count against.

`candidate_of` turns a stored profile plus the person's assignments and absences into the
matching engine's `Candidate`. Pure: no I/O.

Cover (お互いにカバー): a `CoverRequest` asks an absent member's leaders to hand what is left of an
assignment to a teammate; `move_share` splits the assignment so that nothing is counted twice.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from domain.matching import Candidate, Commitment, Reasons, Reliability, SkillMatch
from domain.model import Absence, DomainError, WorkerProfile, new_id

RECENT_WINDOW = timedelta(days=14)  # "recent work" in the fairness term, as the engine reads it

# Hours one unit of work takes, per unit, when the task does not say. A task has no estimate of its
# own yet; these are deliberately round figures for office work (3 minutes a 件 / 枚 of data entry,
# 2 hours an article) and only steer capacity, never pay.
HOURS_PER_UNIT: dict[str, float] = {
    "時間": 1.0,
    "分": 1 / 60,
    "件": 0.05,
    "枚": 0.05,
    "文字": 0.001,
    "ページ": 0.25,
    "名": 0.1,
    "記事": 2.0,
    "本": 1.0,
}
DEFAULT_HOURS_PER_UNIT = 0.25


def hours_per_unit(unit: str) -> float:
    return HOURS_PER_UNIT.get(unit, DEFAULT_HOURS_PER_UNIT)


class ProposalStatus(enum.StrEnum):
    PROPOSED = "proposed"  # shown to the client
    APPROVED = "approved"  # the client pressed 承認 (the offer goes out at once)
    OFFERED = "offered"  # sent to the teleworker in LINE
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"  # no answer in time
    WITHDRAWN = "withdrawn"  # replaced by a newer round, or the task no longer needs it

    @property
    def is_open(self) -> bool:
        return self in (ProposalStatus.PROPOSED, ProposalStatus.APPROVED, ProposalStatus.OFFERED)


_MOVES: dict[ProposalStatus, frozenset[ProposalStatus]] = {
    # PROPOSED → DECLINED: a team leader turned down the split proposed to their team; → EXPIRED:
    # they did not answer in time.
    ProposalStatus.PROPOSED: frozenset(
        {ProposalStatus.APPROVED, ProposalStatus.DECLINED, ProposalStatus.EXPIRED, ProposalStatus.WITHDRAWN}
    ),
    ProposalStatus.APPROVED: frozenset({ProposalStatus.OFFERED, ProposalStatus.WITHDRAWN}),
    ProposalStatus.OFFERED: frozenset(
        {ProposalStatus.ACCEPTED, ProposalStatus.DECLINED, ProposalStatus.EXPIRED, ProposalStatus.WITHDRAWN}
    ),
    ProposalStatus.ACCEPTED: frozenset(),
    ProposalStatus.DECLINED: frozenset(),
    ProposalStatus.EXPIRED: frozenset(),
    ProposalStatus.WITHDRAWN: frozenset(),
}


@dataclass
class Proposal:
    """One person offered for `units` of a task, with the score and the facts behind it.

    `rank` orders a round (1 = best). `card_*` is the client's Slack message that shows the round,
    kept on every proposal of the round so any of them can update it.
    """

    organization_id: str
    task_id: str
    person_id: str
    units: int
    hours: float
    earnings_yen: int
    score: float
    rank: int
    reasons: Reasons
    created_at: datetime
    team_id: str | None = None
    status: ProposalStatus = ProposalStatus.PROPOSED
    approved_by: str | None = None
    offered_at: datetime | None = None
    answered_at: datetime | None = None
    card_workspace: str | None = None
    card_channel: str | None = None
    card_ts: str | None = None
    id: str = field(default_factory=new_id)
    leader_asked_at: datetime | None = None  # team work: the team's leader was asked to approve

    def _move(self, target: ProposalStatus) -> None:
        if target not in _MOVES[self.status]:
            raise DomainError("error.proposal_transition", current=self.status.value, target=target.value)
        self.status = target

    def approve(self, by: str | None) -> None:
        """Approved by the client (or team leader) `by`; None: by an operator's batch run (`yui
        match --all --send`), which acts for no one person."""
        self._move(ProposalStatus.APPROVED)
        self.approved_by = by

    def offer(self, at: datetime) -> None:
        self._move(ProposalStatus.OFFERED)
        self.offered_at = at

    def accept(self, at: datetime) -> Assignment:
        self._move(ProposalStatus.ACCEPTED)
        self.answered_at = at
        return Assignment(
            organization_id=self.organization_id,
            task_id=self.task_id,
            person_id=self.person_id,
            units=self.units,
            hours=self.hours,
            earnings_yen=self.earnings_yen,
            accepted_at=at,
            proposal_id=self.id,
        )

    def decline(self, at: datetime) -> None:
        self._move(ProposalStatus.DECLINED)
        self.answered_at = at

    def expire(self, at: datetime) -> None:
        self._move(ProposalStatus.EXPIRED)
        self.answered_at = at

    def withdraw(self) -> None:
        self._move(ProposalStatus.WITHDRAWN)

    def give_back(self, at: datetime) -> None:
        """The holder declines a share they were given without being asked (a recurring task's next
        occurrence keeps its assignees): ACCEPTED → DECLINED. Only that path may leave ACCEPTED."""
        if self.status is not ProposalStatus.ACCEPTED:
            raise DomainError("error.proposal_transition", current=self.status.value, target="declined")
        self.status = ProposalStatus.DECLINED
        self.answered_at = at


@dataclass
class Assignment:
    """An accepted share of a task (担当): what capacity and, later, progress reports count."""

    organization_id: str
    task_id: str
    person_id: str
    units: int
    hours: float
    earnings_yen: int
    accepted_at: datetime
    proposal_id: str | None = None
    due: date | None = None  # the task's deadline, filled in when read for matching
    id: str = field(default_factory=new_id)
    cover_of: str | None = None  # taken over from this assignment of an absent member (cover)


@dataclass(slots=True)
class ProgressReport:
    """What one message said about one assignment (issue 6), kept with the raw text and its parser.

    `units_done` is the delta the message reported (None: it named no count, e.g. only a blocker);
    `units_cumulative` is the running total after it. `blockers` holds one blocker or question a line.
    A correction is its own report: `corrects_id` names the one it fixes, `units_done` is the
    difference (45 instead of 50 → -5), so the sum of `units_done` is always the corrected total.
    """

    organization_id: str
    assignment_id: str
    person_id: str
    units_done: int | None
    units_cumulative: int
    hours: float | None
    done: bool
    blockers: str
    raw_text: str
    parser: str
    reported_at: datetime
    id: str = field(default_factory=new_id)
    corrects_id: str | None = None  # a correction: the report it fixes (units_done is the difference)
    source: str | None = None  # the inbound message it came from (dedupe of redelivered events)


@dataclass(frozen=True, slots=True)
class ShareProgress:
    """One share of a task as far as finishing goes: its size, the units reported on it
    (corrections applied) and whether a report said it was all done."""

    assignment_id: str
    units: int
    reported: int
    said_done: bool


def move_share(source: Assignment, to_person: str, units: int, at: datetime) -> Assignment:
    """Cover: `units` of `source` become the teammate's own assignment; `source` keeps the rest.

    Hours and pay move in proportion (pay rounded down on the moved side), and are taken off
    `source` by subtraction, so the two together hold exactly what `source` held: the task's
    covered volume, the absent member's commitments and nobody's earnings are counted twice.
    """
    if not 0 < units <= source.units:
        raise DomainError("error.cover_units", units=units, share=source.units)
    hours = source.hours * units / source.units
    earnings = source.earnings_yen * units // source.units
    moved = Assignment(
        organization_id=source.organization_id,
        task_id=source.task_id,
        person_id=to_person,
        units=units,
        hours=hours,
        earnings_yen=earnings,
        accepted_at=at,
        due=source.due,
        cover_of=source.id,
    )
    source.units -= units
    source.hours = max(source.hours - hours, 0.0)
    source.earnings_yen -= earnings
    return moved


class CoverStatus(enum.StrEnum):
    OPEN = "open"  # waiting for a leader's tap
    REASSIGNED = "reassigned"  # a teammate took the share over
    CLOSED = "closed"  # nothing left to move (reported, finished, or the task ended)


@dataclass(frozen=True, slots=True)
class CoverCandidate:
    """Someone a leader may hand the share to: what they can take, and why they were chosen."""

    person_id: str
    units: int
    hours: float
    score: float
    same_team: bool
    reasons: Reasons


@dataclass
class CoverRequest:
    """An absence hit an assignment: the leaders (`decider_ids`) are asked to hand what is left of
    it (`units`, not yet reported when asked) to one of `candidates`. One tap decides; any later
    tap, from the same or another leader, finds it no longer open."""

    organization_id: str
    task_id: str
    assignment_id: str
    absence_id: str
    absent_person_id: str
    units: int
    candidates: tuple[CoverCandidate, ...]
    decider_ids: tuple[str, ...]
    created_at: datetime
    status: CoverStatus = CoverStatus.OPEN
    resolved_by: str | None = None
    resolved_at: datetime | None = None
    covered_by: str | None = None
    moved_units: int = 0
    cover_assignment_id: str | None = None
    id: str = field(default_factory=new_id)

    def candidate(self, person_id: str) -> CoverCandidate | None:
        return next((c for c in self.candidates if c.person_id == person_id), None)

    def reassign(self, moved: Assignment, by: str, at: datetime) -> None:
        if self.status is not CoverStatus.OPEN:
            raise DomainError("error.cover_closed", status=self.status.value)
        self.status = CoverStatus.REASSIGNED
        self.covered_by, self.moved_units, self.cover_assignment_id = moved.person_id, moved.units, moved.id
        self.resolved_by, self.resolved_at = by, at

    def close(self, by: str | None, at: datetime) -> None:
        if self.status is CoverStatus.OPEN:
            self.status = CoverStatus.CLOSED
            self.resolved_by, self.resolved_at = by, at


@dataclass(frozen=True, slots=True)
class CoverCard:
    """Where one decider's card for a cover request landed (a Slack message: channel + ts), so it
    can be updated in place when the request is decided. Cards that cannot be edited have none."""

    request_id: str
    decider_id: str
    workspace: str
    channel: str
    message_id: str


def cover_candidate_to_facts(c: CoverCandidate) -> dict[str, object]:
    return {
        "person_id": c.person_id,
        "units": c.units,
        "hours": c.hours,
        "score": c.score,
        "same_team": c.same_team,
        "reasons": reasons_to_facts(c.reasons),
    }


def cover_candidate_from_facts(facts: dict[str, object]) -> CoverCandidate:
    reasons = facts["reasons"]
    assert isinstance(reasons, dict)
    units, hours, score = facts["units"], facts["hours"], facts["score"]
    assert isinstance(units, int) and isinstance(hours, int | float) and isinstance(score, int | float)
    return CoverCandidate(
        person_id=str(facts["person_id"]),
        units=units,
        hours=float(hours),
        score=float(score),
        same_team=bool(facts["same_team"]),
        reasons=reasons_from_facts(reasons),
    )


NO_RECORD = Reliability()  # the neutral prior: nothing reported yet, or not asked


def candidate_of(
    profile: WorkerProfile,
    assignments: Iterable[Assignment],
    absences: Iterable[Absence],
    now: datetime,
    today: date,
    reliability: Reliability = NO_RECORD,
) -> Candidate:
    """The matching engine's view of one teleworker.

    - capacity: declared weekly hours; every accepted assignment not yet due is a commitment of its
      hours (progress reports, issue 6, will reduce what is left); absence days from today on;
    - recent work: the hours of assignments accepted in the last 14 days (a stand-in until reports
      record hours actually worked);
    - earnings this year: what the assignments accepted this calendar year pay (for the cap);
    - reliability: their track record (`reliability_of`), read by the caller where it matters for
      ranking; the neutral prior where only capacity is asked.
    """
    taken = list(assignments)
    commitments = [Commitment(a.hours, a.due) for a in taken if a.due is not None and a.due >= today]
    days: set[date] = set()
    for absence in absences:
        start = max(absence.start, today)
        days.update(start + timedelta(days=i) for i in range((absence.end - start).days + 1))
    recent = sum(a.hours for a in taken if now - a.accepted_at <= RECENT_WINDOW)
    ytd = sum(a.earnings_yen for a in taken if a.accepted_at.year == now.year)
    return Candidate.from_profile(
        profile,
        commitments=commitments,
        absences=days,
        reliability=reliability,
        recent_hours=recent,
        earnings_ytd_yen=ytd,
    )


_JAPAN = ZoneInfo("Asia/Tokyo")


def reliability_of(
    assignments: Iterable[Assignment], reports: Iterable[ProgressReport], today: date, zone: ZoneInfo = _JAPAN
) -> Reliability:
    """A person's track record from their shares and what they reported on them (issue 6).

    A share counts once its outcome is known: its deadline has passed, or its work is all reported
    (or reported 完了) earlier. Of those, `tasks_finished` are the ones whose work was reported
    complete at any time, `reports_on_time` the ones reported complete by the end of the deadline
    (the reports' own days, in `zone`). A share still running and not yet complete counts nowhere,
    and a share handed over whole (cover, 0 units) is not this person's to answer for.
    """
    by_share: dict[str, list[ProgressReport]] = {}
    for report in reports:
        by_share.setdefault(report.assignment_id, []).append(report)
    on_time = due = finished = accepted = 0
    for share in assignments:
        if share.units <= 0:
            continue
        mine = by_share.get(share.id, [])
        complete = _complete(share, mine)
        if not complete and (share.due is None or share.due >= today):
            continue
        accepted += 1
        due += 1
        finished += complete
        in_time = [r for r in mine if share.due is None or r.reported_at.astimezone(zone).date() <= share.due]
        on_time += _complete(share, in_time)
    return Reliability(on_time, due, finished, accepted)


def _complete(share: Assignment, reports: list[ProgressReport]) -> bool:
    return any(r.done for r in reports) or sum(r.units_done or 0 for r in reports) >= share.units


def reasons_to_facts(reasons: Reasons) -> dict[str, object]:
    """Reasons as plain JSON facts (stored with the proposal, rendered again on every update)."""
    return {
        "skills": [[m.skill_id, m.level] for m in reasons.skills],
        "free_hours": reasons.free_hours,
        "deadline": reasons.deadline.isoformat(),
        "recent_hours": reasons.recent_hours,
        "reports_on_time": reasons.reports_on_time,
        "reports_due": reasons.reports_due,
        "tasks_finished": reasons.tasks_finished,
        "tasks_accepted": reasons.tasks_accepted,
        "members": reasons.members,
        "specialist_skills": list(reasons.specialist_skills),
        "region": reasons.region,
    }


def reasons_from_facts(facts: dict[str, object]) -> Reasons:
    def number(name: str) -> float:
        value = facts.get(name, 0)
        return float(value) if isinstance(value, int | float) else 0.0

    skills = facts.get("skills") or []
    specialist = facts.get("specialist_skills") or []
    assert isinstance(skills, list) and isinstance(specialist, list)
    return Reasons(
        skills=tuple(SkillMatch(str(s), int(level)) for s, level in skills),
        free_hours=number("free_hours"),
        deadline=date.fromisoformat(str(facts["deadline"])),
        recent_hours=number("recent_hours"),
        reports_on_time=int(number("reports_on_time")),
        reports_due=int(number("reports_due")),
        tasks_finished=int(number("tasks_finished")),
        tasks_accepted=int(number("tasks_accepted")),
        members=max(1, int(number("members"))),
        specialist_skills=tuple(str(s) for s in specialist),
        region=str(facts.get("region") or ""),
    )


def covered_units(assignments: Iterable[Assignment]) -> int:
    return sum(a.units for a in assignments)


def round_hours(hours: float) -> float:
    """Hours as shown to a person: one decimal, never rounded up."""
    return math.floor(hours * 10 + 1e-9) / 10
