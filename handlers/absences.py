"""After an absence is recorded: the person's team leaders hear about it where they are.

Slack first when the leader has it (a DM from the app costs nothing), else a LINE push (it counts
against the operator's monthly quota, but a leader must know), never to a blocked account.
Finding cover for the affected work is issue 5's (`handlers.cover.propose_cover`), which sends
this notice too, so that a leader in LINE gets it and the cover choice in one push.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from domain.i18n import translate
from domain.model import Absence, Person
from domain.ports import UnitOfWork
from domain.refs import ChatRef, Locale, Platform
from handlers.ports import Notifier, OutgoingMessage


def leader_notice(absent: Person, absence: Absence, locale: Locale) -> str:
    """「〇〇さんから、(dates)のお休みの連絡がありました（理由：…）。」 for a leader, in `locale`."""
    key = "absence.leader_notice_reason" if absence.reason else "absence.leader_notice"
    name = absent.display_name or translate("person.default_name", locale)
    return translate(key, locale, name=name, dates=absence_dates(absence, locale), reason=absence.reason)


async def team_leaders(person_id: str, uow: UnitOfWork) -> list[Person]:
    """The leaders of the person's teams, each once, never the person themself, nor a leader who
    has left Yui (退会): a team whose leader left has none, so the client decides instead."""
    leaders: dict[str, Person] = {}
    for team in await uow.teams.of_person(person_id):
        if team.leader_id != person_id and team.leader_id not in leaders:
            leader = await uow.people.get(team.leader_id)
            if leader is not None and not leader.withdrawn:
                leaders[leader.id] = leader
    return list(leaders.values())


async def tell_each(people: Iterable[Person], notifier: Notifier, text_for: Callable[[Person], str]) -> None:
    """Send each person their own text (in their language) where they can be reached; skip the rest."""
    for person in people:
        chat = reachable_chat(person)
        if chat is not None:
            await notifier.send(OutgoingMessage(chat=chat, text=text_for(person)))


def reachable_chat(person: Person) -> ChatRef | None:
    """Where a person can be told something: Slack first (free), else LINE; None if blocked everywhere."""
    for platform in (Platform.SLACK, Platform.LINE):
        identity = person.identity_on(platform)
        if identity is not None and not identity.blocked:
            return ChatRef(platform, identity.ref.workspace, identity.ref.user_id)
    return None


def short_date(value: date, locale: Locale) -> str:
    """2026/12/4（金）: the one way a day is written to people (deadlines, absences, reports)."""
    weekday = translate(f"weekday.{value.weekday()}", locale)
    return translate("date.short", locale, year=value.year, month=value.month, day=value.day, weekday=weekday)


def absence_dates(absence: Absence, locale: Locale) -> str:
    """The days of an absence as told to the person, their leader and the cover choice: one day or a range."""
    if absence.start == absence.end:
        return short_date(absence.start, locale)
    return translate(
        "absence.range", locale, start=short_date(absence.start, locale), end=short_date(absence.end, locale)
    )
