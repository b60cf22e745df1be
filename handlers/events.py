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
