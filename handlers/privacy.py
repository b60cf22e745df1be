"""Requests under Japan's APPI that arrive by other channels (a letter, a phone call, someone who
blocked the account): everything Yui holds on one person, and the same deletion as 「退会」.

Run by the operator (`yui people export PERSON`, `yui people delete PERSON`), never from a chat.
"""

from __future__ import annotations

import dataclasses
import enum
from datetime import date, datetime
from typing import Any

from domain.model import DomainError, Person
from domain.ports import UnitOfWork
from handlers.events import Event, PersonWithdrew
from handlers.ports import Clock
from handlers.profile import hand_back_work, withdraw_data


def _plain(value: Any) -> Any:
    """JSON-ready: dataclasses as objects, enums as their values, dates in ISO form."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    return value


async def _person(uow: UnitOfWork, person_id: str) -> Person:
    person = await uow.people.get(person_id)
    if person is None:
        raise DomainError("error.person_not_found", person=person_id)
    return person


async def export_person(uow: UnitOfWork, person_id: str) -> dict[str, Any]:
    """The person, their accounts, profile, teams, shares of work, reports (with their wording)
    and absences (with their reasons), as plain JSON values."""
    async with uow:
        person = await _person(uow, person_id)
        profile = await uow.profiles.get(person.id)
        teams = await uow.teams.of_person(person.id)
        shares = (await uow.assignments.for_people([person.id]))[person.id]
        reports = await uow.reports.for_assignments([a.id for a in shares])
        absences = await uow.absences.for_person(person.id)
    return {
        "person": _plain(person),
        "profile": _plain(profile),
        "teams": [
            {"id": t.id, "name": t.name, "role": "leader" if t.leader_id == person.id else "member"} for t in teams
        ],
        "assignments": _plain(shares),
        "progress_reports": _plain([r for r in reports if r.person_id == person.id]),
        "absences": _plain(absences),
    }


async def delete_person(uow: UnitOfWork, person_id: str, clock: Clock) -> list[Event]:
    """The deletion 「退会」 does: unreported work given back (its leaders told, freed units proposed
    again, through the events returned), then the personal data deleted; the id stays on past work."""
    async with uow:
        person = await _person(uow, person_id)
        if person.withdrawn:
            return []
        events = await hand_back_work(person, uow, clock)
        await withdraw_data(person, uow)
        await uow.commit()
    return [*events, PersonWithdrew(person.id)]
