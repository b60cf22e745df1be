"""Digests (issue 7), what they say: load what a digest is about, compute its facts, have the
narrative written, and render it for a chat or a terminal.

The delivery (scheduling, storing, sending, `/yui digest`, 「まとめ」) is `handlers/digest_delivery.py`;
it calls `compose_digest` (or `compose_many` for a batch) and sends `digest_messages`.

Rendering contract: `digest_messages` returns `(summary, details)`. The summary is one compact
message (headline, narrative, counts as fields, risks as the note). `details` are messages that
each carry at most `DETAIL_CARDS_PER_MESSAGE` cards: one per task (verdict, today, total, pace,
forecast, deadline, hours, a progress bar via `Card.percent`; in Slack an 「案件を開く」 button,
action id `buttons.TASK_SHOW`, value the task id, answered with the task's `/yui status` for the presser),
then for a leader the members, open blockers and changes.
On Slack the delivery posts each detail message in the summary's thread; on LINE each becomes
one Flex carousel after the summary.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import structlog

from domain.digest import (
    Audience,
    Digest,
    DigestFacts,
    DigestKind,
    DigestRequest,
    MemberFacts,
    NarrativeSource,
    NarrativeWriter,
    ScopeKind,
    TaskFacts,
    digest_period,
    risk_line,
    short_date,
)
from domain.digest_facts import DigestInputs, compute_facts
from domain.i18n import translate
from domain.model import DomainError, Task, TaskChange
from domain.ports import UnitOfWork
from domain.progress import Verdict
from domain.proposals import Assignment
from domain.refs import ChatRef, Locale, Platform
from handlers import buttons
from handlers.ports import Action, Card, Clock, Field, OutgoingMessage

log = structlog.get_logger(__name__)

DETAIL_CARDS_PER_MESSAGE = 9  # 5 Block Kit blocks a card + the lead stays under Slack's 50
MEMBERS_PER_CARD = 10  # one Block Kit section holds 10 fields
RISKS_IN_SUMMARY = 5
LINES_PER_CARD = 12


# --- computing ----------------------------------------------------------------------------------------


async def compose_digest(request: DigestRequest, uow: UnitOfWork, writer: NarrativeWriter, clock: Clock) -> Digest:
    """The digest `request` asks for: facts from the database, then the narrative around them.

    Raises `DomainError` ("error.digest_scope") when the team, task or organisation does not exist,
    and ("error.digest_future") for a day that has not begun in the recipient's timezone.
    """
    today = clock.now().astimezone(ZoneInfo(request.timezone)).date()
    if request.day > today:
        raise DomainError("error.digest_future", day=request.day.isoformat())
    async with uow:
        inputs = await load_inputs(request, uow)
    facts = compute_facts(request, inputs)
    narrative, source = await writer.write(facts)
    return Digest(facts, narrative, source)


@dataclass(frozen=True, slots=True)
class Composed:
    """One request of a batch: its digest, or why there is none (the rest of the batch goes on)."""

    request: DigestRequest
    digest: Digest | None
    error: str = ""


async def compose_many(
    requests: Sequence[DigestRequest],
    uow_factory: Callable[[], UnitOfWork],
    writer: NarrativeWriter,
    clock: Clock,
    *,
    concurrency: int,
) -> list[Composed]:
    """Many digests at once, at most `concurrency` in flight (each one LLM call at most, each with the
    writer's own timeout), in the order of `requests`. A failing request is reported, not raised."""
    gate = asyncio.Semaphore(max(1, concurrency))

    async def one(request: DigestRequest) -> Composed:
        async with gate:
            try:
                return Composed(request, await compose_digest(request, uow_factory(), writer, clock))
            except DomainError as exc:
                log.warning(
                    "digest.not_composed", scope=request.scope.kind.value, scope_id=request.scope.id, error=exc.key
                )
                return Composed(request, None, exc.key)

    started = time.monotonic()
    results = await asyncio.gather(*(one(r) for r in requests))
    log.info("digest.batch", digests=len(results), seconds=round(time.monotonic() - started, 2))
    return list(results)


async def load_inputs(request: DigestRequest, uow: UnitOfWork) -> DigestInputs:
    """Read what the digest is about, inside an open unit of work."""
    scope = request.scope
    if scope.kind is ScopeKind.TEAM:
        return await _team_inputs(request, uow)
    if scope.kind is ScopeKind.TASK:
        if scope.organization_id is None:
            raise DomainError("error.digest_scope")
        task = await uow.tasks.get(scope.organization_id, scope.id)
        if task is None:
            raise DomainError("error.digest_scope")
        return await _task_inputs(request, uow, task.title, [task])
    organization = await uow.organizations.get(scope.id)
    if organization is None:
        raise DomainError("error.digest_scope")
    tasks = await uow.tasks.for_organization(organization.id)
    return await _task_inputs(request, uow, organization.name, tasks)


async def _team_inputs(request: DigestRequest, uow: UnitOfWork) -> DigestInputs:
    team = await uow.teams.get(request.scope.id)
    if team is None:
        raise DomainError("error.digest_scope")
    member_ids = sorted(team.member_ids)
    by_person = await uow.assignments.for_people([*member_ids, team.leader_id])
    assignments = [a for person in member_ids for a in by_person.get(person, [])]
    # The leader's share of the members' tasks is the team's work too: a leader who takes over an absent
    # member's rest (代打) must not leave the task looking finished at the member's reported units.
    team_tasks = {a.task_id for a in assignments}
    leaders_share = [a for a in by_person.get(team.leader_id, []) if a.task_id in team_tasks]
    if leaders_share and team.leader_id not in team.member_ids:
        assignments += leaders_share
        member_ids.append(team.leader_id)
    by_organization: dict[str, list[str]] = {}
    for assignment in assignments:
        by_organization.setdefault(assignment.organization_id, []).append(assignment.task_id)
    tasks: list[Task] = []
    for organization_id, task_ids in by_organization.items():
        tasks += await uow.tasks.many(organization_id, list(dict.fromkeys(task_ids)))
    names = await uow.people.display_names(member_ids)
    return DigestInputs(
        scope_name=team.name,
        tasks=tasks,
        assignments=assignments,
        reports=await uow.reports.for_assignments([a.id for a in assignments]),
        member_ids=sorted(names, key=lambda p: (names[p], p)),
        absences=await uow.absences.overlapping(member_ids, *digest_period(request)),
        changes=await _changes(request, uow, tasks),
        names=names,
        team_share=True,
    )


async def _task_inputs(request: DigestRequest, uow: UnitOfWork, name: str, tasks: Sequence[Task]) -> DigestInputs:
    """A task's or an organisation's digest. Finished and cancelled tasks are read only when
    something happened to them in the period (they are old news otherwise)."""
    changes = await _changes(request, uow, tasks)
    changed = {c.task_id for c in changes}
    tasks = [t for t in tasks if t.is_active or t.id in changed]
    assignments: list[Assignment] = []
    by_organization: dict[str, list[str]] = {}
    for task in tasks:
        by_organization.setdefault(task.organization_id, []).append(task.id)
    for organization_id, task_ids in by_organization.items():
        assignments += await uow.assignments.for_tasks(organization_id, task_ids)
    people = list(dict.fromkeys(a.person_id for a in assignments))
    leader = request.audience is Audience.LEADER
    names = await uow.people.display_names(people) if leader else {}
    return DigestInputs(
        scope_name=name,
        tasks=tasks,
        assignments=assignments,
        reports=await uow.reports.for_assignments([a.id for a in assignments]),
        member_ids=sorted(names, key=lambda p: (names[p], p)),
        absences=await uow.absences.overlapping(people, *digest_period(request)) if leader else (),
        changes=changes,
        names=names,
    )


async def _changes(request: DigestRequest, uow: UnitOfWork, tasks: Iterable[Task]) -> list[TaskChange]:
    """The change-log entries of the period (local midnight to midnight in the recipient's zone)."""
    zone = ZoneInfo(request.timezone)
    first, last = digest_period(request)
    start = datetime.combine(first, datetime.min.time(), zone)
    end = datetime.combine(last + timedelta(days=1), datetime.min.time(), zone)
    by_organization: dict[str, list[str]] = {}
    for task in tasks:
        by_organization.setdefault(task.organization_id, []).append(task.id)
    found: list[TaskChange] = []
    for organization_id, task_ids in by_organization.items():
        found += await uow.tasks.changes_between(organization_id, task_ids, start, end)
    return found


# --- rendering ----------------------------------------------------------------------------------------


def headline(facts: DigestFacts) -> str:
    locale = facts.request.locale
    if facts.request.kind is DigestKind.WEEKLY:
        start, end = facts.period
        return translate(
            "digest.header.weekly",
            locale,
            scope=facts.scope_name,
            start=short_date(start, locale),
            end=short_date(end, locale),
        )
    return translate("digest.header.daily", locale, scope=facts.scope_name, date=short_date(facts.request.day, locale))


def summary_fields(facts: DigestFacts) -> tuple[Field, ...]:
    locale = facts.request.locale
    fields = [Field(translate("digest.field.tasks", locale), counts_text(facts))]
    client = facts.request.audience is Audience.CLIENT
    if not client and facts.members:
        if facts.request.kind is DigestKind.DAILY and not facts.workday:
            reports = translate("digest.value.reports_day_off", locale)
        else:
            reports = translate(
                "digest.value.reports",
                locale,
                reported=len(facts.expected) - len(facts.not_reported),
                expected=len(facts.expected),
            )
        fields.append(Field(translate("digest.field.reports", locale), reports))
    if facts.blockers:
        label = "digest.field.questions" if client else "digest.field.blockers"
        fields.append(
            Field(translate(label, locale), translate("digest.value.count", locale, count=len(facts.blockers)))
        )
    if facts.hours_today:
        fields.append(
            Field(
                translate("digest.field.hours", locale),
                translate("digest.value.hours", locale, hours=_num(facts.hours_today)),
            )
        )
    return tuple(fields)


def risk_lines(facts: DigestFacts) -> list[str]:
    risky = [*facts.late, *facts.at_risk]
    lines = [risk_line(t, facts.request.locale, facts.request.day) for t in risky[:RISKS_IN_SUMMARY]]
    if len(risky) > RISKS_IN_SUMMARY:
        lines.append(translate("digest.risk.more", facts.request.locale, count=len(risky)))
    return lines


def digest_messages(digest: Digest, chat: ChatRef) -> tuple[OutgoingMessage, tuple[OutgoingMessage, ...]]:
    """(summary, details) in the recipient's locale; see the module docstring for the shape."""
    facts = digest.facts
    locale = facts.request.locale
    risks = risk_lines(facts)
    note = "\n".join([f"⚠ {translate('digest.risks.header', locale)}", *risks]) if risks else ""
    summary = OutgoingMessage(
        chat=chat,
        header=headline(facts),
        text=digest.narrative,
        fields=summary_fields(facts),
        note=note,
    )
    # The open button answers with `/yui status` of the task, a Slack answer; on LINE the card is the view.
    button = chat.platform is Platform.SLACK
    cards = [task_card(task, facts, button=button) for task in facts.tasks]
    if facts.request.audience is Audience.LEADER:
        cards += member_cards(facts)
        if facts.blockers:
            cards.append(Card(header=translate("digest.blockers.header", locale), text=_lines(blocker_lines(facts))))
    if facts.changes:
        cards.append(
            Card(header=translate("digest.changes.header", locale), text=_lines([c.summary for c in facts.changes]))
        )
    details: list[OutgoingMessage] = []
    for first in range(0, len(cards), DETAIL_CARDS_PER_MESSAGE):
        chunk = tuple(cards[first : first + DETAIL_CARDS_PER_MESSAGE])
        lead = translate("digest.details.lead", locale, count=len(facts.tasks)) if first == 0 else ""
        details.append(OutgoingMessage(chat=chat, text=lead, cards=chunk))
    return summary, tuple(details)


def task_card(task: TaskFacts, facts: DigestFacts, *, button: bool = True) -> Card:
    locale = facts.request.locale
    verdict = translate(f"digest.verdict.{task.verdict.value}", locale)
    if task.status in ("paused", "cancelled"):
        verdict += (
            f"（{translate(f'digest.status.{task.status}', locale)}）"
            if locale is Locale.JA
            else f" ({translate(f'digest.status.{task.status}', locale)})"
        )
    mark = {Verdict.LATE: "🔴", Verdict.AT_RISK: "🟡", Verdict.DONE: "✅"}.get(task.verdict, "🟢")
    period = "digest.field.period_week" if facts.request.kind is DigestKind.WEEKLY else "digest.field.period_day"
    fields = [
        Field(
            translate(period, locale), translate("digest.value.units", locale, count=task.done_today, unit=task.unit)
        ),
        Field(
            translate("digest.field.done", locale),
            translate("digest.value.progress", locale, done=task.done_total, total=task.total, unit=task.unit)
            if task.total is not None
            else translate("digest.value.units", locale, count=task.done_total, unit=task.unit),
        ),
        Field(
            translate("digest.field.pace", locale),
            translate("digest.value.pace", locale, pace=_num(task.pace), unit=task.unit),
        ),
        Field(
            translate("digest.field.forecast", locale),
            short_date(task.forecast, locale, today=facts.request.day)
            if task.forecast
            else translate("digest.value.no_forecast", locale),
        ),
        Field(
            translate("digest.field.deadline", locale),
            short_date(task.deadline, locale, today=facts.request.day)
            if task.deadline
            else translate("digest.value.no_deadline", locale),
        ),
    ]
    if task.hours_total:  # hours are optional in a report: 「0時間」 would say nobody worked
        hours = translate("digest.value.hours_pair", locale, today=_num(task.hours_today), total=_num(task.hours_total))
        fields.append(Field(translate("digest.field.hours", locale), hours))
    blockers = [b for b in facts.blockers if b.task_id == task.task_id]
    note = ""
    if blockers:
        label = "digest.field.questions" if facts.request.audience is Audience.CLIENT else "digest.field.blockers"
        note = f"{translate(label, locale)}: {translate('digest.value.count', locale, count=len(blockers))}"
    return Card(
        header=f"{mark} {task.title}",
        text=verdict,
        fields=tuple(fields),
        percent=task.percent,
        note=note,
        actions=(Action(translate("digest.button.open", locale), buttons.TASK_SHOW, task.task_id),) if button else (),
    )


def member_state(member: MemberFacts, facts: DigestFacts) -> str:
    locale = facts.request.locale
    if member.absent_today:
        if member.absence_reason and facts.request.audience is Audience.LEADER:
            return translate("digest.member.absent_reason", locale, reason=member.absence_reason)
        return translate("digest.member.absent", locale)
    if member.reported_today and member.hours_today:
        return translate("digest.member.reported", locale, units=member.units_today, hours=_num(member.hours_today))
    if member.reported_today:  # no hours given: the units alone, not 「0時間」
        return translate("digest.member.reported_units", locale, units=member.units_today)
    if member in facts.not_reported:
        return translate("digest.member.not_reported", locale)
    if not member.has_work:
        return translate("digest.member.no_work", locale)
    return translate("digest.member.state_quiet", locale)


def member_cards(facts: DigestFacts) -> list[Card]:
    locale = facts.request.locale
    cards: list[Card] = []
    members = list(facts.members)
    for first in range(0, len(members), MEMBERS_PER_CARD):
        chunk = members[first : first + MEMBERS_PER_CARD]
        cards.append(
            Card(
                header=translate("digest.members.header", locale),
                fields=tuple(Field(m.name, member_state(m, facts)) for m in chunk),
            )
        )
    return cards


def blocker_lines(facts: DigestFacts) -> list[str]:
    locale = facts.request.locale
    lines = []
    for b in facts.blockers:
        since = short_date(b.since, locale)
        title = facts.title_of(b.task_id)
        if b.text:
            lines.append(
                translate(
                    "digest.blocker.line",
                    locale,
                    name=facts.name_of(b.person_id),
                    title=title,
                    text=b.text,
                    since=since,
                )
            )
        else:
            lines.append(translate("digest.question.line", locale, title=title, since=since))
    return lines


def digest_text(digest: Digest) -> str:
    """The digest as plain text: the terminal (`yui digest show`), logs and the demo transcript."""
    facts = digest.facts
    locale = facts.request.locale
    parts = [headline(facts), digest.narrative]
    if digest.source is NarrativeSource.TEMPLATE:
        parts[-1] += "\n" + translate("digest.text.source_template", locale)
    parts.append(_lines(f"{f.label}: {f.value}" for f in summary_fields(facts)))
    risks = risk_lines(facts)
    if risks:
        parts.append(_lines([f"⚠ {translate('digest.risks.header', locale)}", *risks]))
    for task in facts.tasks:
        card = task_card(task, facts)
        rows = [f"{card.header} — {card.text}"]
        if card.percent is not None:
            rows.append("  " + _bar(card.percent))
        rows += [f"  {f.label}: {f.value}" for f in card.fields]
        if card.note:
            rows.append(f"  {card.note}")
        parts.append("\n".join(rows))
    if facts.members:
        rows = [translate("digest.members.header", locale)]
        rows += [f"  {m.name}: {member_state(m, facts)}" for m in facts.members]
        parts.append("\n".join(rows))
    if facts.blockers:
        header = translate(_blockers_header(facts), locale)
        parts.append("\n".join([header, *(f"  {line}" for line in blocker_lines(facts))]))
    if facts.changes:
        parts.append(
            "\n".join([translate("digest.changes.header", locale), *(f"  {c.summary}" for c in facts.changes)])
        )
    return "\n\n".join(p for p in parts if p)


def _blockers_header(facts: DigestFacts) -> str:
    return "digest.field.questions" if facts.request.audience is Audience.CLIENT else "digest.blockers.header"


_COUNT_ORDER = (Verdict.LATE, Verdict.AT_RISK, Verdict.ON_TRACK, Verdict.NOT_STARTED, Verdict.DONE)


def counts_text(facts: DigestFacts) -> str:
    """「遅れ 1・順調 3」: the tasks per verdict, worst first, without the zeros."""
    locale = facts.request.locale
    parts = []
    for verdict in _COUNT_ORDER:
        count = sum(1 for t in facts.tasks if t.verdict is verdict)
        if count:
            parts.append(
                translate("digest.value.verdict_count", locale, verdict=_verdict(verdict, locale), count=count)
            )
    return translate("digest.value.separator", locale).join(parts) or translate("digest.value.count", locale, count=0)


def _verdict(verdict: Verdict, locale: Locale) -> str:
    return translate(f"digest.verdict.{verdict.value}", locale)


def _lines(lines: Iterable[str]) -> str:
    items = list(lines)
    if len(items) > LINES_PER_CARD:
        items = [*items[:LINES_PER_CARD], f"… +{len(items) - LINES_PER_CARD}"]
    return "\n".join(items)


def _num(value: float) -> str:
    """1.0 → "1", 2.5 → "2.5": hours and pace as people write them."""
    return f"{value:g}"


def _bar(percent: int, cells: int = 10) -> str:
    shown = max(0, min(100, percent))
    filled = round(shown * cells / 100)
    return "▰" * filled + "▱" * (cells - filled) + f" {shown}%"
