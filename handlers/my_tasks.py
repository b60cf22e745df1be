"""自分の案件 (my tasks) in LINE: a teleworker's current assignments as a Flex carousel.

One card per assignment on work still under way: the task, its deadline as the person's own clock
reads it, their share, what they have reported against it (a progress bar) and a 報告する button
that starts the guided report for that assignment. Everything is read through the person's own
assignments (`uow.assignments.for_people([person.id])`), so nobody ever sees another worker's
share or progress here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.i18n import translate
from domain.model import Person, Task, TaskStatus
from domain.ports import UnitOfWork
from domain.profile_answers import Word
from domain.proposals import Assignment
from domain.refs import ChatRef, ReplyHandle
from handlers import buttons
from handlers.buttons import tap_data
from handlers.ports import Action, ActionStyle, Card, Clock, Field, OutgoingMessage, QuickReply
from handlers.tasks import format_date

# Work a person can still act on; done and cancelled work leaves the list.
CURRENT = frozenset({TaskStatus.OPEN, TaskStatus.MATCHED, TaskStatus.IN_PROGRESS, TaskStatus.PAUSED})
CARDS_SHOWN = 12  # a Flex carousel holds 12 bubbles


@dataclass(frozen=True, slots=True)
class TeamProgress:
    """The team's shared work on a task taken as a team: totals only, never a member's own numbers."""

    name: str
    members: int
    units: int
    reported: int


@dataclass(frozen=True, slots=True)
class Share:
    """One of the person's assignments with its task and what they reported against it."""

    assignment: Assignment
    task: Task
    reported: int
    client_timezone: str
    team: TeamProgress | None = None
    kept_share: str | None = None  # a recurring roll kept it, nothing reported yet: its decline data


async def current_shares(person: Person, uow: UnitOfWork) -> list[Share]:
    """The person's assignments on work under way, soonest deadline first. Call inside a transaction."""
    assignments = (await uow.assignments.for_people([person.id]))[person.id]
    reported = await uow.reports.reported_units([a.id for a in assignments])
    zones: dict[str, str] = {}
    shares: list[Share] = []
    for assignment in assignments:
        task = await uow.tasks.get(assignment.organization_id, assignment.task_id)
        if task is None or task.status not in CURRENT:
            continue
        if assignment.organization_id not in zones:
            organization = await uow.organizations.get(assignment.organization_id)
            zones[assignment.organization_id] = organization.timezone if organization else person.timezone
        team = await _team_progress(person, assignment, uow)
        kept = await _kept_share(assignment, task, uow)
        zone = zones[assignment.organization_id]
        shares.append(Share(assignment, task, reported.get(assignment.id, 0), zone, team, kept))
    shares.sort(key=lambda s: (s.task.deadline or date.max, s.task.title))
    return shares


async def _kept_share(assignment: Assignment, task: Task, uow: UnitOfWork) -> str | None:
    """The decline data of a share a recurring task's roll kept for the person (offered and accepted
    in one instant, see handlers.recurring), while nothing is reported on it; else None."""
    if task.previous_id is None or assignment.proposal_id is None:
        return None
    proposal = await uow.proposals.get(assignment.organization_id, assignment.proposal_id)
    if (
        proposal is None
        or proposal.offered_at != proposal.answered_at
        or await uow.reports.for_assignment(assignment.id)
    ):
        return None
    return buttons.carried_decline(proposal.id)


async def _team_progress(person: Person, assignment: Assignment, uow: UnitOfWork) -> TeamProgress | None:
    """For work the person's team took together (the share came from a team proposal): the team's
    totals on the task, if the person is in that team."""
    if assignment.proposal_id is None:
        return None
    proposal = await uow.proposals.get(assignment.organization_id, assignment.proposal_id)
    team = await uow.teams.get(proposal.team_id) if proposal and proposal.team_id else None
    if team is None or not team.includes(person.id):
        return None
    mates = [
        a
        for a in await uow.assignments.for_task(assignment.organization_id, assignment.task_id)
        if team.includes(a.person_id)
    ]
    reported = await uow.reports.reported_units([a.id for a in mates])
    return TeamProgress(
        team.name, len({a.person_id for a in mates}), sum(a.units for a in mates), sum(reported.values())
    )


def my_tasks_message(
    person: Person, shares: list[Share], chat: ChatRef, reply: ReplyHandle | None, now: datetime
) -> OutgoingMessage:
    """The carousel (or a friendly word when there is nothing), led by how many there are."""
    locale = person.locale
    if not shares:
        words = (translate("menu.profile", locale), translate("menu.absence", locale))
        return OutgoingMessage(
            chat=chat,
            reply=reply,
            text=translate("my_tasks.none", locale),
            quick_replies=tuple(QuickReply(w, w) for w in words),
        )
    lead = translate("my_tasks.lead", locale, count=len(shares))
    if len(shares) > CARDS_SHOWN:
        lead += "\n" + translate("my_tasks.more", locale, shown=CARDS_SHOWN)
    today = now.astimezone(ZoneInfo(person.timezone)).date()
    return OutgoingMessage(
        chat=chat,
        reply=reply,
        text="",
        header=lead,
        cards=tuple(share_card(s, person, today) for s in shares[:CARDS_SHOWN]),
    )


def share_card(share: Share, person: Person, today: date) -> Card:
    locale = person.locale
    task, assignment = share.task, share.assignment
    unit = task.volume.unit if task.volume else ""
    total = task.volume.amount if task.volume else 0
    target = max(assignment.units, 0)
    done = min(share.reported, target) if target else share.reported
    percent = done * 100 // target if target else 0
    left = max(target - share.reported, 0)
    fields = [
        Field(translate("my_tasks.field.deadline", locale), deadline_text(task, share.client_timezone, person, today)),
        Field(
            translate("my_tasks.field.share", locale),
            translate("my_tasks.value.share", locale, units=target, unit=unit, total=total),
        ),
        Field(
            translate("my_tasks.field.progress", locale),
            translate("my_tasks.value.progress", locale, done=share.reported, units=target, unit=unit),
        ),
        Field(translate("my_tasks.field.status", locale), translate(f"status.{task.status.value}", locale)),
    ]
    if share.team is not None:
        team = share.team
        fields.append(
            Field(
                translate("my_tasks.field.team", locale),
                translate(
                    "my_tasks.value.team",
                    locale,
                    team=team.name,
                    done=team.reported,
                    units=team.units,
                    unit=unit,
                    members=team.members,
                ),
            )
        )
    if task.status is TaskStatus.PAUSED:
        note = translate("my_tasks.note.paused", locale)
    elif target and share.reported >= target:
        note = translate("my_tasks.note.done", locale)
    else:
        note = translate("my_tasks.note.left", locale, left=left, unit=unit)
    actions: tuple[Action, ...] = ()
    if share.kept_share is not None:  # the same button as the roll's LINE card, in case that scrolled away
        actions = (Action(translate("recurring.button.decline", locale), buttons.SHARE_DECLINE, share.kept_share),)
    if task.status is not TaskStatus.PAUSED:
        # The same tap as the rich menu's 今日の報告, naming the assignment so the guided report
        # can skip "which work?" (the tap format of handlers.buttons: y1|report||<assignment id>).
        report = Action(
            translate("my_tasks.button.report", locale),
            buttons.REPORT_START,
            report_tap(assignment.id),
            ActionStyle.PRIMARY,
        )
        actions = (report, *actions)
    return Card(header=task.title, fields=tuple(fields), percent=percent, note=note, actions=actions)


def report_tap(assignment_id: str) -> str:
    """Postback data of 報告する: the tap for 今日の報告 (handlers.buttons) with the assignment as value."""
    return tap_data(Word.REPORT, None, assignment_id)


def deadline_text(task: Task, client_timezone: str, person: Person, today: date) -> str:
    """The deadline as the person reads it. A deadline is the end of that day on the client's
    calendar; someone in another timezone sees that moment on their own clock."""
    locale = person.locale
    if task.deadline is None:
        return translate("task.value.none", locale)
    if client_timezone == person.timezone:
        shown = format_date(task.deadline, locale)
        days = (task.deadline - today).days
    else:
        end = datetime.combine(task.deadline + timedelta(days=1), time(0), ZoneInfo(client_timezone))
        local = (end - timedelta(minutes=1)).astimezone(ZoneInfo(person.timezone))
        shown = translate(
            "my_tasks.value.deadline_at", locale, date=format_date(local.date(), locale), time=local.strftime("%H:%M")
        )
        days = (local.date() - today).days
    if days < 0:
        return translate("my_tasks.value.overdue", locale, date=shown)
    if days == 0:
        return translate("my_tasks.value.today", locale, date=shown)
    return translate("my_tasks.value.days_left", locale, date=shown, days=days)


async def show(
    person: Person, chat: ChatRef, reply: ReplyHandle | None, uow: UnitOfWork, clock: Clock
) -> OutgoingMessage:
    """Read the person's current work and build the answer (inside the caller's transaction)."""
    return my_tasks_message(person, await current_shares(person, uow), chat, reply, clock.now())
