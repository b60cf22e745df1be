"""Cover (お互いにカバー): when an absence hits someone's accepted work, their team leaders are
offered teammates with free capacity, and one tap hands the remaining share over.

- An absence hits an assignment when its days fall in the time left before the task's deadline
  and the person, with those days gone, no longer has the free hours for what is left of it
  (units not yet reported). Work they can still finish around the absence raises nothing.
- Candidates come from the matching engine (`domain.matching.cover`): the absent member's
  teammates first, then anyone else who fits; never the absent person.
- The deciders are the absent member's team leaders, each where they can be reached (Slack first,
  else LINE); someone with no leader has the task's client decide. One message per assignment,
  with a 「〇〇さんに交代」 button (Slack) or postback (LINE) per candidate. The absent member's
  leaders are told of the absence here too: in LINE the notice leads the first cover card in
  the same push (one message of the monthly quota instead of two).
- The tap locks the task's row, then both people's, checks the teammate's free capacity again,
  and moves the remaining share (`domain.proposals.move_share`): the absent member's assignment
  shrinks by exactly what the teammate's new one holds. Both hear it in LINE. A second tap, or a
  tap on a request whose work is gone, is answered with what happened instead. The Slack card
  tapped is updated in place (the same lines, no buttons, who took it), so it cannot be pressed
  again; so is every other asked leader's Slack card (where each landed is stored per decider).
  LINE cards cannot be edited: a leader asked there hears who decided in a new message.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from zoneinfo import ZoneInfo

import structlog

from domain.i18n import translate
from domain.matching import CandidatePool, render_reasons
from domain.matching.cover import absence_costs, cover_candidates
from domain.model import Absence, Person, Task, TaskStatus
from domain.ports import UnitOfWork
from domain.proposals import (
    Assignment,
    CoverCandidate,
    CoverCard,
    CoverRequest,
    CoverStatus,
    candidate_of,
    move_share,
    round_hours,
)
from domain.refs import ChatRef, Locale, Platform
from handlers import buttons
from handlers.absences import absence_dates, leader_notice, reachable_chat, team_leaders
from handlers.commands import Command, ReassignCover
from handlers.events import AbsenceReported, CoverProposed, CoverReassigned, Event
from handlers.matching import candidate_pool, demand_of, free_units
from handlers.people import find_or_register
from handlers.ports import (
    Action,
    ActionStyle,
    Card,
    Clock,
    Notifier,
    OutgoingMessage,
    ProfileDirectory,
    SentMessage,
)
from handlers.tasks import format_date

log = structlog.get_logger(__name__)

_COVERABLE = (TaskStatus.OPEN, TaskStatus.MATCHED, TaskStatus.IN_PROGRESS)


# --- proposing cover ------------------------------------------------------------------------------


async def propose_cover(event: AbsenceReported, uow: UnitOfWork, notifier: Notifier, clock: Clock) -> list[Event]:
    now = clock.now()
    asks: list[tuple[CoverRequest, Task, list[Person], Person]] = []
    async with uow:
        absent = await uow.people.get(event.person_id)
        absences = await uow.absences.for_person(event.person_id)
        absence = next((a for a in absences if a.id == event.absence_id), None)
        if absent is None or absence is None:
            return []
        taken = (await uow.assignments.for_people([absent.id]))[absent.id]
        reported = await uow.reports.reported_units([a.id for a in taken])
        profile = await uow.profiles.get(absent.id)
        teams = await uow.teams.of_person(absent.id)
        teammates = frozenset({t.leader_id for t in teams} | {m for t in teams for m in t.member_ids}) - {absent.id}
        leaders = await team_leaders(absent.id, uow)
        for assignment in taken:
            task = await uow.tasks.get(assignment.organization_id, assignment.task_id)
            left = assignment.units - reported.get(assignment.id, 0)
            if task is None or task.status not in _COVERABLE or task.volume is None or task.deadline is None:
                continue
            organization = await uow.organizations.get(task.organization_id)
            today = now.astimezone(ZoneInfo(organization.timezone if organization else "Asia/Tokyo")).date()
            if left <= 0 or not _overlaps(absence, today, task.deadline):
                continue
            if await uow.covers.open_for_assignment(assignment.id):
                continue  # the leaders already hold buttons for this share
            demand = demand_of(task, left, today)
            if profile is not None:
                others = [a for a in taken if a.id != assignment.id]
                own = candidate_of(profile, others, absences, now, today)
                if not absence_costs(demand, CandidatePool.build([own], today), absent.id):
                    continue  # the person can still finish it around the absence
            pool = await candidate_pool(uow, now, today, exclude={absent.id})
            matches = cover_candidates(demand, pool, teammates, absent_id=absent.id)
            deciders = leaders or [p for p in [await uow.people.get(task.created_by)] if p is not None]
            request = CoverRequest(
                organization_id=task.organization_id,
                task_id=task.id,
                assignment_id=assignment.id,
                absence_id=absence.id,
                absent_person_id=absent.id,
                units=left,
                candidates=tuple(
                    CoverCandidate(
                        m.match.person_id, m.match.units, m.match.hours, m.match.score, m.same_team, m.match.reasons
                    )
                    for m in matches
                ),
                decider_ids=tuple(p.id for p in deciders),
                created_at=now,
            )
            if request.candidates:
                await uow.covers.add(request)
            asks.append((request, task, deciders, absent))
        names = {c.person_id: await _name(c.person_id, uow) for r, *_ in asks for c in r.candidates}
        await uow.commit()
    # The leaders hear of the absence first. A leader in LINE who is also asked about cover gets the
    # notice as the preface of their first cover message, so both arrive in one push (one of quota).
    prefaced: set[str] = set()
    for leader in leaders:
        chat = reachable_chat(leader)
        if chat is None:
            continue
        if chat.platform is Platform.LINE and any(leader.id in {p.id for p in d} for _, _, d, _ in asks):
            prefaced.add(leader.id)
        else:
            await notifier.send(OutgoingMessage(chat=chat, text=leader_notice(absent, absence, leader.locale)))
    events: list[Event] = []
    for request, task, deciders, absent_person in asks:
        cards: list[CoverCard] = []
        for decider in deciders:
            chat = reachable_chat(decider)
            if chat is None:
                continue
            message = _cover_card(request, task, absent_person, absence, names, decider.locale, chat)
            if decider.id in prefaced:
                prefaced.discard(decider.id)  # only on the first card
                message = dataclasses.replace(message, preface=leader_notice(absent, absence, decider.locale))
            sent = await notifier.send(message)
            # A Slack card is kept to be updated once decided; LINE messages cannot be edited.
            if sent is not None and sent.chat.platform is Platform.SLACK and request.candidates:
                cards.append(
                    CoverCard(request.id, decider.id, sent.chat.workspace, sent.chat.channel_id, sent.message_id)
                )
        if cards:
            async with uow:
                for card in cards:
                    await uow.covers.add_card(card)
                await uow.commit()
        if request.candidates:
            events.append(CoverProposed(request.id, task.id, absent_person.id))
        log.info("cover.proposed", task=task.id, candidates=len(request.candidates), deciders=len(deciders))
    return events


def _overlaps(absence: Absence, today: date, deadline: date) -> bool:
    """The absence takes days from the time left: it ends today or later and starts by the deadline."""
    return absence.end >= today and absence.start <= deadline and today <= deadline


def _cover_card(
    request: CoverRequest,
    task: Task,
    absent: Person,
    absence: Absence,
    names: dict[str, str],
    locale: Locale,
    chat: ChatRef,
) -> OutgoingMessage:
    unit = task.volume.unit if task.volume else ""
    absent_name = absent.display_name or translate("person.default_name", locale)
    facts = {
        "name": absent_name,
        "dates": absence_dates(absence, locale),
        "title": task.title,
        "units": request.units,
        "unit": unit,
        "deadline": format_date(task.deadline, locale) if task.deadline else "",
    }
    if not request.candidates:
        return OutgoingMessage(
            chat=chat, header=translate("cover.header", locale), text=translate("cover.none", locale, **facts)
        )
    lines = [
        translate(
            "cover.line",
            locale,
            rank=rank,
            name=names[c.person_id],
            team=translate("cover.same_team", locale) if c.same_team else "",
            units=c.units,
            unit=unit,
            hours=round_hours(c.hours),
            reasons=render_reasons(c.reasons, locale),
        )
        for rank, c in enumerate(request.candidates, start=1)
    ]
    actions = tuple(
        Action(
            translate("cover.button", locale, name=names[c.person_id]),
            buttons.COVER_REASSIGN,
            buttons.reassign(request.id, c.person_id),
            ActionStyle.PRIMARY if rank == 1 else ActionStyle.DEFAULT,
        )
        for rank, c in enumerate(request.candidates, start=1)
    )
    text = "\n".join([translate("cover.lead", locale, **facts), "", *lines])
    if chat.platform is Platform.LINE:
        text = text.replace("*", "")  # Slack's bold marks; LINE shows them as they are
    return OutgoingMessage(
        chat=chat,
        header=translate("cover.header", locale),
        text=text,
        actions=actions,
        note=translate("cover.note", locale),
    )


# --- a leader's 「代打」 ------------------------------------------------------------------------------


async def show_waiting(command: Command, person: Person, uow: UnitOfWork, notifier: Notifier) -> list[Event]:
    """「代打」 (the leaders' rich menu): the cover requests still waiting for this leader's choice,
    one card each with its 交代 buttons again, in the free reply; or that none is waiting."""
    locale = person.locale
    cards: list[Card] = []
    async with uow:
        for request in await uow.covers.open_for_decider(person.id):
            task = await uow.tasks.get(request.organization_id, request.task_id)
            absent = await uow.people.get(request.absent_person_id)
            absence = next(
                (a for a in await uow.absences.for_person(request.absent_person_id) if a.id == request.absence_id),
                None,
            )
            if task is None or absent is None or absence is None or task.status not in _COVERABLE:
                continue
            names = {c.person_id: await _name(c.person_id, uow) for c in request.candidates}
            card = _cover_card(request, task, absent, absence, names, locale, command.chat)
            cards.append(Card(header=task.title, text=card.text, actions=card.actions))
    shown = cards[:_CAROUSEL_LIMIT]
    text = (
        translate("cover.waiting", locale, count=len(cards), shown=len(shown))
        if cards
        else translate("cover.waiting_none", locale)
    )
    await notifier.send(OutgoingMessage(chat=command.chat, text=text, reply=command.reply, cards=tuple(shown)))
    return []


_CAROUSEL_LIMIT = 10  # LINE carousels hold 12 bubbles; the oldest requests come first


# --- the leader's tap --------------------------------------------------------------------------------


async def reassign_cover(
    command: ReassignCover, uow: UnitOfWork, notifier: Notifier, directory: ProfileDirectory, clock: Clock
) -> list[Event]:
    now = clock.now()
    async with uow:
        leader, _ = await find_or_register(command.person, uow, directory, command.locale_hint)
        locale = leader.locale
        found = await uow.covers.get(command.request_id)
        if found is None or leader.id not in found.decider_ids or found.candidate(command.person_id) is None:
            await uow.commit()
            await _tell(notifier, command, translate("cover.not_found", locale))
            return []
        # Task first, then both people (sorted): the same order as accepting an offer, so the two
        # never wait on each other; then everything that decides is read again under the locks.
        await uow.tasks.lock(found.organization_id, found.task_id)
        await uow.people.lock([found.absent_person_id, command.person_id])
        request = await uow.covers.get(found.id)
        task = await uow.tasks.get(found.organization_id, found.task_id)
        source = await uow.assignments.get(found.organization_id, found.assignment_id)
        assert request is not None
        if request.status is not CoverStatus.OPEN:
            closed = await _closed(request, uow, locale)
            settled = await _settled_card(command, request, uow, locale, closed)
            await uow.commit()
            await _tell(notifier, command, closed)
            await _show_settled(notifier, command, settled)
            return []
        reported = (await uow.reports.reported_units([source.id]))[source.id] if source else 0
        left = source.units - reported if source else 0
        if task is None or source is None or left <= 0 or task.status not in _COVERABLE:
            request.close(leader.id, now)
            await uow.covers.save(request)
            settled = await _settled_card(command, request, uow, locale, translate("cover.nothing_left", locale))
            await uow.commit()
            await _tell(notifier, command, translate("cover.nothing_left", locale))
            await _show_settled(notifier, command, settled)
            return []
        teammate = await uow.people.get(command.person_id)
        absent = await uow.people.get(request.absent_person_id)
        room = await free_units(command.person_id, task, left, uow, now)
        name = await _name(command.person_id, uow)  # (inside the transaction: no second session)
        if teammate is None or absent is None or room <= 0:
            await uow.commit()  # the request stays open: the leader can choose someone else
            await _tell(notifier, command, translate("cover.no_room", locale, name=name, title=task.title))
            return []
        moved = move_share(source, command.person_id, min(left, room), now)
        await uow.assignments.save(source)
        await uow.assignments.add(moved)
        request.reassign(moved, leader.id, now)
        await uow.covers.save(request)
        others = [p for d in request.decider_ids if d != leader.id and (p := await uow.people.get(d)) is not None]
        stored = {c.decider_id: c for c in await uow.covers.cards(request.id)}
        # Each other leader's Slack card, settled in their own language (read in this transaction).
        their_cards: dict[str, tuple[SentMessage, OutgoingMessage]] = {}
        for other in others:
            ref = stored.get(other.id)
            if ref is None:
                continue
            chat = ChatRef(Platform.SLACK, ref.workspace, ref.channel)
            outcome = _decided(other.locale, leader, name, absent, task, moved.units)
            card = await _settled(request, uow, other.locale, outcome, chat)
            if card is not None:
                their_cards[other.id] = (SentMessage(chat, ref.message_id), card)
        decided = _decided(locale, leader, name, absent, task, moved.units)
        settled = await _settled_card(command, request, uow, locale, decided)
        await uow.commit()
    await _show_settled(notifier, command, settled)
    unit = task.volume.unit if task.volume else ""
    kept = source.units - reported
    key = "cover.done" if kept <= 0 else "cover.done_partial"
    absent_name = absent.display_name or translate("person.default_name", locale)
    await _tell(
        notifier,
        command,
        translate(
            key, locale, name=name, title=task.title, units=moved.units, unit=unit, kept=kept, absent=absent_name
        ),
    )
    if teammate.id != leader.id:  # a leader who takes it over themself has just been answered
        await _tell_in_line(notifier, teammate, _to_teammate(teammate, absent, leader, task, moved))
    await _tell_in_line(notifier, absent, _to_absent(absent, teammate, task, moved, kept))
    for other in others:  # the other leaders asked: their buttons are spent, so they see who decided
        if other.id in their_cards:
            await notifier.update(*their_cards[other.id])
            continue
        reachable = reachable_chat(other)  # a LINE card cannot be edited: a new message says it
        if reachable is not None:
            text = _decided(other.locale, leader, name, absent, task, moved.units)
            await notifier.send(OutgoingMessage(chat=reachable, text=text))
    return [CoverReassigned(request.id, moved.id, moved.person_id, moved.units)]


async def _settled_card(
    command: ReassignCover, request: CoverRequest, uow: UnitOfWork, locale: Locale, outcome: str
) -> OutgoingMessage | None:
    """The tapped Slack card as it stands now: the same lines, no buttons, `outcome` beneath (read
    in the caller's open transaction). None when no card was tapped (LINE has no edits)."""
    if command.card is None:
        return None
    return await _settled(request, uow, locale, outcome, command.card.chat)


async def _settled(
    request: CoverRequest, uow: UnitOfWork, locale: Locale, outcome: str, chat: ChatRef
) -> OutgoingMessage | None:
    """A cover card in `chat` as it stands now: the same lines, no buttons, `outcome` beneath."""
    task = await uow.tasks.get(request.organization_id, request.task_id)
    absent = await uow.people.get(request.absent_person_id)
    absences = await uow.absences.for_person(request.absent_person_id)
    absence = next((a for a in absences if a.id == request.absence_id), None)
    if task is None or absent is None or absence is None:
        return None
    names = {c.person_id: await _name(c.person_id, uow) for c in request.candidates}
    card = _cover_card(request, task, absent, absence, names, locale, chat)
    return dataclasses.replace(card, actions=(), note=outcome)


def _decided(locale: Locale, leader: Person, name: str, absent: Person, task: Task, units: int) -> str:
    """「〇〇さんの「…」の N件は、(leader)さんが(name)さんに引き継ぎました。」 in `locale`."""
    return translate(
        "cover.decided",
        locale,
        by=leader.display_name or translate("person.default_name", locale),
        name=name,
        absent=absent.display_name or translate("person.default_name", locale),
        title=task.title,
        units=units,
        unit=task.volume.unit if task.volume else "",
    )


async def _show_settled(notifier: Notifier, command: ReassignCover, card: OutgoingMessage | None) -> None:
    if command.card is not None and card is not None:
        await notifier.update(command.card, card)


async def _closed(request: CoverRequest, uow: UnitOfWork, locale: Locale) -> str:
    if request.status is CoverStatus.REASSIGNED and request.covered_by:
        by = await _name(request.resolved_by, uow) if request.resolved_by else ""
        return translate(
            "cover.closed", locale, name=await _name(request.covered_by, uow), units=request.moved_units, by=by
        )
    return translate("cover.nothing_left", locale)


def _to_teammate(teammate: Person, absent: Person, leader: Person, task: Task, moved: Assignment) -> str:
    locale = teammate.locale
    return translate(
        "cover.to_teammate",
        locale,
        absent=absent.display_name or translate("person.default_name", locale),
        leader=leader.display_name or translate("person.default_name", locale),
        title=task.title,
        units=moved.units,
        unit=task.volume.unit if task.volume else "",
        hours=round_hours(moved.hours),
        deadline=format_date(task.deadline, locale) if task.deadline else "",
    )


def _to_absent(absent: Person, teammate: Person, task: Task, moved: Assignment, kept: int) -> str:
    locale = absent.locale
    key = "cover.to_absent" if kept <= 0 else "cover.to_absent_partial"
    return translate(
        key,
        locale,
        name=teammate.display_name or translate("person.default_name", locale),
        title=task.title,
        units=moved.units,
        unit=task.volume.unit if task.volume else "",
        kept=kept,
    )


async def _tell_in_line(notifier: Notifier, person: Person, text: str) -> None:
    """A teleworker hears about their work in LINE (else wherever they can be reached)."""
    chat = _line_first(person)
    if chat is not None:
        await notifier.send(OutgoingMessage(chat=chat, text=text))


async def _name(person_id: str, uow: UnitOfWork) -> str:
    """A person's name, read in the caller's open transaction."""
    person = await uow.people.get(person_id)
    return person.display_name if person and person.display_name else "—"


async def _tell(notifier: Notifier, command: Command, text: str) -> None:
    ephemeral = command.person if command.person.platform is Platform.SLACK else None
    await notifier.send(OutgoingMessage(chat=command.chat, text=text, reply=command.reply, ephemeral_to=ephemeral))


def _line_first(person: Person) -> ChatRef | None:
    """Where to tell a teleworker about their work: their LINE chat, else wherever they can be reached."""
    identity = person.identity_on(Platform.LINE)
    if identity is not None and not identity.blocked:
        return ChatRef(Platform.LINE, identity.ref.workspace, identity.ref.user_id)
    return reachable_chat(person)
