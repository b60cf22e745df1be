"""Events: what happened (past tense). Other handlers react to them."""

from __future__ import annotations

from dataclasses import dataclass

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
