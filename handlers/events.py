"""Events: what happened (past tense). Other handlers react to them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.refs import Platform


@dataclass(frozen=True, slots=True)
class Event:
    pass


@dataclass(frozen=True, slots=True)
class PersonJoined(Event):
    person_id: str
    platform: Platform


@dataclass(frozen=True, slots=True)
class PersonReturned(Event):
    person_id: str
    platform: Platform


@dataclass(frozen=True, slots=True)
class PersonUnfollowed(Event):
    person_id: str
    platform: Platform


@dataclass(frozen=True, slots=True)
class HelpShown(Event):
    person_id: str
    platform: Platform


@dataclass(frozen=True, slots=True)
class TaskDrafted(Event):
    task_id: str
    organization_id: str


@dataclass(frozen=True, slots=True)
class TaskRegistered(Event):
    task_id: str
    organization_id: str


@dataclass(frozen=True, slots=True)
class TaskChanged(Event):
    """A registered task changed (status, deadline, volume, fields). Issue 5 wires the assignees'
    LINE notice to this; nothing listens yet."""

    task_id: str
    organization_id: str
    kind: str  # domain.model.ChangeKind value


@dataclass(frozen=True, slots=True)
class ProfileCompleted(Event):
    """Onboarding reached its end; `skipped` names the questions still open."""

    person_id: str
    skipped: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ProfileChanged(Event):
    person_id: str
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PersonWithdrew(Event):
    """退会: the person's personal data is gone; only the id remains for work history."""

    person_id: str


@dataclass(frozen=True, slots=True)
class AbsenceReported(Event):
    """Someone cannot work on these days. Issue 5 tells the leader and flags the work for cover."""

    absence_id: str
    person_id: str
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class TeamJoined(Event):
    team_id: str
    person_id: str


@dataclass(frozen=True, slots=True)
class AccountsLinked(Event):
    """`merged_id`'s accounts and data now belong to `person_id` (the one who issued the code)."""

    person_id: str
    merged_id: str


@dataclass(frozen=True, slots=True)
class CandidatesProposed(Event):
    task_id: str
    organization_id: str
    proposals: int


@dataclass(frozen=True, slots=True)
class OfferSent(Event):
    proposal_id: str
    person_id: str


@dataclass(frozen=True, slots=True)
class OfferAccepted(Event):
    proposal_id: str
    assignment_id: str
    task_id: str


@dataclass(frozen=True, slots=True)
class OfferDeclined(Event):
    proposal_id: str
    task_id: str


@dataclass(frozen=True, slots=True)
class OfferExpired(Event):
    proposal_id: str
    task_id: str


@dataclass(frozen=True, slots=True)
class ReportSubmitted(Event):
    report_id: str
    assignment_id: str
    person_id: str
    has_blockers: bool


@dataclass(frozen=True, slots=True)
class CoverProposed(Event):
    """An absence hit an assignment; its leaders were offered teammates to take the rest."""

    request_id: str
    task_id: str
    absent_person_id: str


@dataclass(frozen=True, slots=True)
class CoverReassigned(Event):
    """`units` of an absent member's assignment became `person_id`'s own (`assignment_id`)."""

    request_id: str
    assignment_id: str
    person_id: str
    units: int


@dataclass(frozen=True, slots=True)
class TeamWorkAsked(Event):
    """A team leader was asked to approve the split of a task proposed to their team."""

    proposal_id: str
    leader_id: str


@dataclass(frozen=True, slots=True)
class CarriedShareDeclined(Event):
    """An assignee gave back the share a recurring task's next occurrence had kept for them."""

    proposal_id: str
    task_id: str
    organization_id: str
    person_id: str
    units: int


@dataclass(frozen=True, slots=True)
class WorkLeftBehind(Event):
    """A member withdrew (退会) holding work they had not reported: that share has no one now.
    `member_name` is how the people told knew them (the event is not stored); `told_ids` are their
    team leaders, or the task's client when they had none."""

    task_id: str
    organization_id: str
    units: int
    member_name: str  # not `name`: the bus logs each event with its type as `name`
    told_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class QuestionAsked(Event):
    """A worker asked about a task (or was stuck on it); `note_id` is the earlier note offered, if any."""

    question_id: str
    organization_id: str
    task_id: str
    note_id: str | None = None


@dataclass(frozen=True, slots=True)
class QuestionAnswered(Event):
    """A leader or the client answered, or the worker said the offered note helped."""

    question_id: str
    organization_id: str
    source: str  # domain.knowhow.model.AnswerSource value


@dataclass(frozen=True, slots=True)
class NoteKept(Event):
    """A note was written, edited or deleted (`deleted`): in-memory note indexes follow it."""

    note_id: str
    organization_id: str
    kind: str
    deleted: bool = False
