"""After an absence is recorded: the person's team leaders hear about it where they are.

Slack first when the leader has it (a DM from the app costs nothing), else a LINE push (it counts
against the operator's monthly quota, but a leader must know), never to a blocked account.
Finding cover for the affected work is issue 5's; this only tells.
"""

from __future__ import annotations

from datetime import date

from domain.i18n import translate
from domain.model import Person
from domain.ports import UnitOfWork
from domain.refs import ChatRef, Locale, Platform
from handlers.events import AbsenceReported, Event
from handlers.ports import Notifier, OutgoingMessage


async def tell_leaders(event: AbsenceReported, uow: UnitOfWork, notifier: Notifier) -> list[Event]:
    async with uow:
        absent = await uow.people.get(event.person_id)
        absences = await uow.absences.for_person(event.person_id)
        teams = await uow.teams.of_person(event.person_id)
        leaders = [await uow.people.get(t.leader_id) for t in teams if t.leader_id != event.person_id]
    absence = next((a for a in absences if a.id == event.absence_id), None)
    if absent is None or absence is None:
        return []
    told: set[str] = set()
    for leader in leaders:
        if leader is None or leader.id in told:
            continue
        chat = reachable_chat(leader)
        if chat is None:
            continue
        told.add(leader.id)
        locale = leader.locale
        dates = _dates(absence.start, absence.end, locale)
        key = "absence.leader_notice_reason" if absence.reason else "absence.leader_notice"
        name = absent.display_name or translate("person.default_name", locale)
        text = translate(key, locale, name=name, dates=dates, reason=absence.reason)
        await notifier.send(OutgoingMessage(chat=chat, text=text))
    return []


def reachable_chat(person: Person) -> ChatRef | None:
    """Where a person can be told something: Slack first (free), else LINE; None if blocked everywhere."""
    for platform in (Platform.SLACK, Platform.LINE):
        identity = person.identity_on(platform)
        if identity is not None and not identity.blocked:
            return ChatRef(platform, identity.ref.workspace, identity.ref.user_id)
    return None


def short_date(value: date, locale: Locale) -> str:
    weekday = translate(f"weekday.{value.weekday()}", locale)
    return translate("date.short", locale, year=value.year, month=value.month, day=value.day, weekday=weekday)


def _dates(start: date, end: date, locale: Locale) -> str:
    if start == end:
        return short_date(start, locale)
    return translate("absence.range", locale, start=short_date(start, locale), end=short_date(end, locale))
