"""From a task to the people doing it: propose (Slack card), approve (client), offer (LINE),
accept or decline (teleworker), and the client's card updated in place at every step.

- Proposals are made when a task opens (`TaskRegistered`, quietly skipped when nobody fits) and on
  demand (`/yui match <task>`). The pool is every teleworker with a profile and declared hours
  (teleworkers belong to no client organisation), with their track record from their reports;
  a task's region puts the people living there first, or only them.
- Individual tasks get the best `TOP_K` people (`top_candidates`); team and hybrid tasks get the
  best `TOP_TEAMS` teams (`propose_team`), one proposal per member's share, approved as a whole
  by the team's leader (Slack or LINE), not the client: the best team's leader is asked, a
  decline asks the next team's; the client's card shows the state. Only when a leader cannot be
  reached does the client's card offer a 依頼 button for that team. A team task for which no
  team fits falls back to individuals.
- Two answers at once never over-book: accepting locks the task's row, then the person's, and
  re-checks the task's open volume and the person's free capacity and earnings cap.
- A new round withdraws the previous round's proposals that were not yet offered; people with an
  open offer or an accepted share of the task are not proposed again, and the volume proposed is
  what is neither taken nor on offer.
- Declines move on by themselves: the client's approval of a round counts for its next candidate
  (the best remaining proposal of the round that is still only proposed), so a decline never waits
  for the client. A member's share of team work the leader approved moves on the same way, on
  the leader's approval: to whoever fits best for those units, the team's own members first, then
  anyone (`_replace_team_share`); the leader hears to whom, or that nobody fits.
- Offers that stay unanswered for `OFFER_TTL` expire (a timed job) and move on the same way; so
  does a team leader's ask: the next team's leader is asked.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import structlog

from domain.i18n import translate
from domain.matching import (
    BatchResult,
    CandidatePool,
    TaskDemand,
    TeamRoster,
    assign_all,
    evaluate,
    propose_team,
    render_reasons,
    top_candidates,
)
from domain.matching import Proposal as Match
from domain.matching.cover import cover_candidates
from domain.matching.region import read_region, same_region
from domain.matching.scoring import proposal as match_of
from domain.model import Organization, Person, Role, Task, TaskStatus, TeamShape
from domain.ports import UnitOfWork
from domain.proposals import (
    Proposal,
    ProposalStatus,
    candidate_of,
    covered_units,
    hours_per_unit,
    reliability_of,
    round_hours,
)
from domain.refs import ChatRef, Locale, Platform
from handlers import buttons
from handlers.absences import reachable_chat
from handlers.commands import (
    AcceptOffer,
    AnswerTeamWork,
    ApproveCandidate,
    Command,
    DeclineOffer,
    ProposeCandidates,
)
from handlers.events import (
    CandidatesProposed,
    Event,
    OfferAccepted,
    OfferDeclined,
    OfferExpired,
    OfferSent,
    TaskChanged,
    TaskRegistered,
    TeamWorkAsked,
)
from handlers.people import find_or_register
from handlers.ports import (
    Action,
    ActionStyle,
    Clock,
    Field,
    Notifier,
    OutgoingMessage,
    ProfileDirectory,
    SentMessage,
)
from handlers.questions.sharing import notes_for
from handlers.tasks import format_date

log = structlog.get_logger(__name__)

TOP_K = 5
TOP_TEAMS = 3
OFFER_TTL = timedelta(hours=24)


# --- proposing --------------------------------------------------------------------------------------


async def propose_on_registration(
    event: TaskRegistered, uow: UnitOfWork, notifier: Notifier, clock: Clock
) -> list[Event]:
    """A task opened: propose people to its client (in its updates channel, else a DM to its author)."""
    async with uow:
        task = await uow.tasks.get(event.organization_id, event.task_id)
        organization = await uow.organizations.get(event.organization_id)
        author = await uow.people.get(task.created_by) if task else None
        if task is None or organization is None or author is None or task.status is not TaskStatus.OPEN:
            return []
        identity = author.identity_on(Platform.SLACK)
        if identity is None:
            return []
        chat = ChatRef(Platform.SLACK, identity.ref.workspace, task.updates_channel or identity.ref.user_id)
        round_ = await _new_round(task, organization, uow, clock)
        if not round_:
            await uow.commit()
            log.info("match.nobody", task=task.id)
            return []
        await uow.commit()
    events = await _post_round(task, round_, chat, author.locale, uow, notifier)
    return events + await _ask_team_leader(task, uow, notifier, clock.now())


async def propose_candidates(
    command: ProposeCandidates, uow: UnitOfWork, notifier: Notifier, directory: ProfileDirectory, clock: Clock
) -> list[Event]:
    async with uow:
        person, _ = await find_or_register(command.person, uow, directory, command.locale_hint)
        organization = await uow.organizations.get(person.organization_id) if person.organization_id else None
        tasks = await uow.tasks.for_organization(organization.id, active_only=True) if organization else []
        wanted, wish = read_region(command.task)  # 「請求書 地域:伊那市のみ」
        task = _find_task(tasks, wanted)
        locale = person.locale
        if task is None:
            await uow.commit()
            lines = "\n".join(f"・{t.title}" for t in tasks[:10])
            await _tell(notifier, command, translate("match.which_task", locale, tasks=lines))
            return []
        assert organization is not None
        if task.status is not TaskStatus.OPEN:
            await uow.commit()
            status = translate(f"status.{task.status.value}", locale)
            await _tell(notifier, command, translate("match.not_open", locale, title=task.title, status=status))
            return []
        if wish is not None:
            task.edit(person.id, clock.now(), region=wish.region, region_only=wish.only)
            await uow.tasks.save(task)
        round_ = await _new_round(task, organization, uow, clock)
        await uow.commit()
    if not round_:
        key = "match.nothing_left" if await _nothing_left(task, uow) else "match.none"
        if key == "match.none" and task.region_only:
            key = "match.none_region"
        await _tell(notifier, command, translate(key, locale, title=task.title, region=task.region))
        return []
    events = await _post_round(task, round_, command.chat, locale, uow, notifier)
    return events + await _ask_team_leader(task, uow, notifier, clock.now())


def _find_task(tasks: Sequence[Task], wanted: str) -> Task | None:
    wanted = wanted.strip()
    if not wanted:
        return None
    for task in tasks:
        if task.id == wanted:
            return task
    matching = [t for t in tasks if wanted in t.title]
    return matching[0] if len(matching) >= 1 else None


async def _nothing_left(task: Task, uow: UnitOfWork) -> bool:
    async with uow:
        return _open_units(task, await uow.proposals.for_task(task.organization_id, task.id)) <= 0


def _open_units(task: Task, proposals: Sequence[Proposal]) -> int:
    """Units neither accepted nor on offer."""
    total = task.volume.amount if task.volume else 0
    held = sum(
        p.units
        for p in proposals
        if p.status in (ProposalStatus.APPROVED, ProposalStatus.OFFERED, ProposalStatus.ACCEPTED)
    )
    return total - held


async def _new_round(task: Task, organization: Organization, uow: UnitOfWork, clock: Clock) -> list[Proposal]:
    """Run the engine for what is left of `task`, withdraw the previous unoffered round, store the new one."""
    now = clock.now()
    today = now.astimezone(ZoneInfo(organization.timezone)).date()
    earlier = await uow.proposals.for_task(organization.id, task.id)
    units = _open_units(task, earlier)
    if task.volume is None or task.deadline is None or units <= 0 or task.deadline < today:
        return []
    busy = {  # holding or asked for a share, or said no to this task already (a declined recurring share)
        p.person_id
        for p in earlier
        if p.status
        in (ProposalStatus.OFFERED, ProposalStatus.ACCEPTED, ProposalStatus.APPROVED, ProposalStatus.DECLINED)
    }
    # A task's region (a municipality) restricts the pool when the client said 「のみ」, else the
    # people living there are proposed first and the rest after them.
    pool = await candidate_pool(uow, now, today, exclude=busy, region=task.region if task.region_only else "")
    local = pool
    if task.region and not task.region_only:
        local = await candidate_pool(uow, now, today, exclude=busy, region=task.region)
    in_region = set(local.person_ids) if task.region else set()
    demand = demand_of(task, units, today)
    round_: list[Proposal] = []
    if task.shape in (TeamShape.TEAM, TeamShape.HYBRID):
        rosters = [TeamRoster.from_team(t) for t in await uow.teams.all()]
        teams = propose_team(demand, rosters, pool, hybrid=task.shape is TeamShape.HYBRID)[:TOP_TEAMS]
        for rank, team in enumerate(teams, start=1):
            shares = [*team.shares, *([team.specialist] if team.specialist else [])]
            for share in shares:
                round_.append(_stored(share, task, rank, now, team_id=team.team_id, score=team.score))
    if not round_:
        matches = top_candidates(demand, local, TOP_K) if local is not pool else []
        seen = {m.person_id for m in matches}
        matches += [m for m in top_candidates(demand, pool, TOP_K) if m.person_id not in seen]
        for rank, match in enumerate(matches[:TOP_K], start=1):
            round_.append(_stored(match, task, rank, now, region=task.region if match.person_id in in_region else ""))
    if not round_:
        return []
    for old in earlier:
        if old.status in (ProposalStatus.PROPOSED,):
            old.withdraw()
            await uow.proposals.save(old)
    for proposal in round_:
        await uow.proposals.add(proposal)
    return round_


def demand_of(task: Task, units: int, today: date) -> TaskDemand:
    """What is left of `task` (`units` of it) as the engine's demand; hours per unit by the unit's
    rough estimate (domain.proposals.HOURS_PER_UNIT), since a task carries none of its own yet."""
    assert task.volume is not None
    whole = TaskDemand.from_task(task, today=today, hours_per_unit=hours_per_unit(task.volume.unit))
    return dataclasses.replace(whole, units=units)


def _stored(
    match: Match,
    task: Task,
    rank: int,
    now: datetime,
    *,
    team_id: str | None = None,
    score: float | None = None,
    region: str = "",
) -> Proposal:
    return Proposal(
        organization_id=task.organization_id,
        task_id=task.id,
        person_id=match.person_id,
        units=match.units,
        hours=match.hours,
        earnings_yen=match.earnings_yen,
        score=match.score if score is None else score,
        rank=rank,
        reasons=dataclasses.replace(match.reasons, region=region) if region else match.reasons,
        created_at=now,
        team_id=team_id,
    )


async def candidate_pool(
    uow: UnitOfWork, now: datetime, today: date, *, exclude: set[str], region: str = ""
) -> CandidatePool:
    """Every teleworker with declared hours (living in `region`, when given), as the engine sees
    them (one query per person for the profile and absences: fine for a region's few hundred
    people, batched later if it must be)."""
    people = [
        p for p in await uow.people.all() if Role.TELEWORKER in p.roles and p.id not in exclude and not _unfollowed(p)
    ]
    profiles = [(p, await uow.profiles.get(p.id)) for p in people]
    with_hours = [
        (p, profile)
        for p, profile in profiles
        if profile is not None and profile.weekly_hours > 0 and (not region or same_region(region, profile.region))
    ]
    taken = await uow.assignments.for_people([p.id for p, _ in with_hours])
    # Their track record: what they reported on the shares they took, read 500 shares a query so
    # a long history stays within the databases' bind-parameter limits.
    shares = [a.id for held in taken.values() for a in held]
    reports = [r for i in range(0, len(shares), 500) for r in await uow.reports.for_assignments(shares[i : i + 500])]
    candidates = [
        candidate_of(
            profile,
            taken[p.id],
            await uow.absences.for_person(p.id),
            now,
            today,
            reliability_of(taken[p.id], reports, today),
        )
        for p, profile in with_hours
    ]
    return CandidatePool.build(candidates, today)


def _unfollowed(person: Person) -> bool:
    """Blocked Yui in LINE, where offers go: proposing them would only leave an offer nobody sees
    until it expires. Following again makes them a candidate again."""
    line = person.identity_on(Platform.LINE)
    return line is not None and line.blocked


async def _post_round(
    task: Task, round_: list[Proposal], chat: ChatRef, locale: Locale, uow: UnitOfWork, notifier: Notifier
) -> list[Event]:
    async with uow:
        sent = await notifier.send(await _card(task, round_, locale, uow, chat))
        if sent is not None:
            for proposal in round_:
                proposal.card_workspace = sent.chat.workspace
                proposal.card_channel = sent.chat.channel_id
                proposal.card_ts = sent.message_id
                await uow.proposals.save(proposal)
        await uow.commit()
    return [CandidatesProposed(task.id, task.organization_id, len(round_))]


# --- the client's card ------------------------------------------------------------------------------

_GONE = (ProposalStatus.DECLINED, ProposalStatus.EXPIRED, ProposalStatus.WITHDRAWN)


async def _card(
    task: Task, proposals: Sequence[Proposal], locale: Locale, uow: UnitOfWork, chat: ChatRef
) -> OutgoingMessage:
    """One line per candidate with the reasons in plain words, how much is taken, and a 依頼 button
    per candidate still proposed."""
    shown = sorted(
        (p for p in proposals if p.status is not ProposalStatus.WITHDRAWN),
        key=lambda p: (p.created_at, p.rank, -p.units),
    )
    names = {p.person_id: await _name(p.person_id, uow, locale) for p in shown}
    teams = {p.team_id: t.name for p in shown if p.team_id and (t := await uow.teams.get(p.team_id))}
    unit = task.volume.unit if task.volume else ""
    total = task.volume.amount if task.volume else 0
    status = {s: translate(f"proposal.status.{s.value}", locale) for s in ProposalStatus}
    lines: list[str] = []
    actions: list[Action] = []
    seen_teams: set[tuple[datetime, str]] = set()
    for p in shown:
        if p.team_id is None:
            lines.append(
                translate(
                    "match.line",
                    locale,
                    rank=p.rank,
                    name=names[p.person_id],
                    units=p.units,
                    unit=unit,
                    hours=round_hours(p.hours),
                    earnings=translate("offer.value.earnings", locale, amount=f"{p.earnings_yen:,}")
                    if p.earnings_yen
                    else translate("match.earnings_unknown", locale),
                    status=status[p.status],
                    reasons=render_reasons(p.reasons, locale),
                )
            )
            if p.status is ProposalStatus.PROPOSED:
                label = translate("match.button.approve", locale, rank=p.rank, name=names[p.person_id])
                actions.append(
                    Action(
                        label, buttons.MATCH_APPROVE, p.id, ActionStyle.PRIMARY if p.rank == 1 else ActionStyle.DEFAULT
                    )
                )
            continue
        key = (p.created_at, p.team_id)
        members = [q for q in shown if q.team_id == p.team_id and q.created_at == p.created_at]
        # A declined share and the one offered in its place are both listed; the team's line counts
        # the shares still standing (all of them when the whole split was declined).
        standing = [q for q in members if q.status not in _GONE] or members
        if key not in seen_teams:
            seen_teams.add(key)
            team = teams.get(p.team_id, "")
            waiting = p.status is ProposalStatus.PROPOSED and p.leader_asked_at is not None
            lines.append(
                translate(
                    "match.team_line",
                    locale,
                    rank=p.rank,
                    team=team,
                    members=len(standing),
                    units=sum(q.units for q in standing),
                    unit=unit,
                    status=translate("proposal.status.leader", locale) if waiting else status[p.status],
                    reasons=render_reasons(p.reasons, locale),
                )
            )
            # The leader approves team work; the client only when the leader cannot be reached.
            if all(q.status is ProposalStatus.PROPOSED for q in members) and await _leader_unreachable(p, uow):
                label = translate("match.button.approve_team", locale, rank=p.rank, team=team)
                actions.append(Action(label, buttons.MATCH_APPROVE, p.id))
        lines.append(
            translate(
                "match.member", locale, name=names[p.person_id], units=p.units, unit=unit, status=status[p.status]
            )
        )
    # What is held now (accepted offers, shares a recurring task kept, cover), not just this round's.
    covered = covered_units(await uow.assignments.for_task(task.organization_id, task.id))
    lead = translate(
        "match.lead",
        locale,
        title=task.title,
        volume=f"{total}{unit}",
        deadline=format_date(task.deadline, locale) if task.deadline else "",
    )
    if task.region:
        region_key = "match.region_only" if task.region_only else "match.region"
        lead += "\n" + translate(region_key, locale, region=task.region)
    text = "\n".join([lead, translate("match.covered", locale, covered=covered, total=total, unit=unit), "", *lines])
    return OutgoingMessage(
        chat=chat,
        header=translate("match.header", locale, title=task.title),
        text=text,
        actions=tuple(actions),
        note=translate("match.note", locale) if actions else "",
    )


async def _name(person_id: str, uow: UnitOfWork, locale: Locale) -> str:
    person = await uow.people.get(person_id)
    return person.display_name if person and person.display_name else translate("match.unnamed", locale)


async def _update_card(task: Task, uow: UnitOfWork, notifier: Notifier) -> None:
    """Show the task's proposals as they are now on the client's card (chat.update, never re-posted)."""
    async with uow:
        proposals = await uow.proposals.for_task(task.organization_id, task.id)
        ref = next((p for p in reversed(proposals) if p.card_ts and p.card_channel), None)
        if ref is None or ref.card_channel is None or ref.card_ts is None:
            return
        author = await uow.people.get(task.created_by)
        locale = author.locale if author else Locale.JA
        chat = ChatRef(Platform.SLACK, ref.card_workspace or "", ref.card_channel)
        card = await _card(task, proposals, locale, uow, chat)
    await notifier.update(SentMessage(chat, ref.card_ts), card)


# --- approving and offering -------------------------------------------------------------------------


async def approve_candidate(
    command: ApproveCandidate, uow: UnitOfWork, notifier: Notifier, directory: ProfileDirectory, clock: Clock
) -> list[Event]:
    now = clock.now()
    async with uow:
        person, _ = await find_or_register(command.person, uow, directory, command.locale_hint)
        proposal = (
            await uow.proposals.get(person.organization_id, command.proposal_id) if person.organization_id else None
        )
        task = await uow.tasks.get(proposal.organization_id, proposal.task_id) if proposal else None
        if proposal is None or task is None:
            await uow.commit()
            await _tell(notifier, command, translate("error.proposal_not_found", person.locale))
            return []
        group = [proposal]
        if proposal.team_id is not None:
            group = [
                p
                for p in await uow.proposals.for_task(task.organization_id, task.id)
                if p.team_id == proposal.team_id and p.status is ProposalStatus.PROPOSED
            ]
        if proposal.status is not ProposalStatus.PROPOSED or not group:  # a second press, or a newer round
            await uow.commit()
            status = translate(f"proposal.status.{proposal.status.value}", person.locale)
            await _tell(notifier, command, translate("offer.closed", person.locale, status=status))
            return []
        if proposal.team_id is not None and not await _leader_unreachable(proposal, uow):
            await uow.commit()  # team work is the leader's to approve (they were asked, or will be)
            await _tell(notifier, command, translate("match.leader_decides", person.locale))
            return []
        for p in group:
            p.approve(person.id)
            p.offer(now)
            await uow.proposals.save(p)
        await uow.commit()
    events: list[Event] = []
    for p in group:
        events += await _send_offer(p, task, uow, notifier)
    await _update_card(task, uow, notifier)
    return events


async def _send_offer(proposal: Proposal, task: Task, uow: UnitOfWork, notifier: Notifier) -> list[Event]:
    """The offer in LINE: the task, the share, deadline and pay, with 引き受ける / お断りする."""
    async with uow:
        worker = await uow.people.get(proposal.person_id)
    identity = worker.identity_on(Platform.LINE) if worker else None
    if worker is None or identity is None or identity.blocked:
        # Nobody to ask in LINE: the offer stays open until it expires and moves on.
        log.warning("offer.undeliverable", proposal=proposal.id)
        return []
    await notifier.send(
        offer_message(proposal, task, worker, ChatRef(Platform.LINE, identity.ref.workspace, identity.ref.user_id))
    )
    return [OfferSent(proposal.id, worker.id)]


def offer_message(proposal: Proposal, task: Task, worker: Person, chat: ChatRef) -> OutgoingMessage:
    locale = worker.locale
    unit = task.volume.unit if task.volume else ""
    earnings = (
        translate("offer.value.earnings", locale, amount=f"{proposal.earnings_yen:,}")
        if proposal.earnings_yen
        else translate("offer.value.earnings_unknown", locale)
    )
    fields = (
        Field(
            translate("offer.field.share", locale),
            translate(
                "offer.value.share",
                locale,
                units=proposal.units,
                unit=unit,
                total=task.volume.amount if task.volume else 0,
            ),
        ),
        Field(translate("offer.field.deadline", locale), format_date(task.deadline, locale) if task.deadline else ""),
        Field(translate("offer.field.earnings", locale), earnings),
        Field(
            translate("offer.field.hours", locale),
            translate("offer.value.hours", locale, hours=round_hours(proposal.hours)),
        ),
    )
    return OutgoingMessage(
        chat=chat,
        header=translate("offer.header", locale),
        text=translate("offer.lead", locale, title=task.title),
        fields=fields,
        actions=(
            Action(
                translate("offer.button.accept", locale),
                buttons.OFFER_ACCEPT,
                buttons.offer_answer(proposal.id, accept=True),
                ActionStyle.PRIMARY,
            ),
            Action(
                translate("offer.button.decline", locale),
                buttons.OFFER_DECLINE,
                buttons.offer_answer(proposal.id, accept=False),
            ),
        ),
    )


# --- team work: the leader approves the split -----------------------------------------------------


async def _leader_unreachable(proposal: Proposal, uow: UnitOfWork) -> bool:
    """Whether the team's leader cannot be asked (no team, no leader, blocked everywhere)."""
    team = await uow.teams.get(proposal.team_id) if proposal.team_id else None
    leader = await uow.people.get(team.leader_id) if team else None
    return leader is None or reachable_chat(leader) is None


async def _ask_team_leader(task: Task, uow: UnitOfWork, notifier: Notifier, now: datetime) -> list[Event]:
    """Ask the leader of the best team still only proposed (in the latest round, not asked yet) to
    approve its split, where they are (Slack first, else LINE). Nothing when no team waits, or
    when that leader cannot be reached (the client's card then keeps a 依頼 button for the team)."""
    async with uow:
        proposals = await uow.proposals.for_task(task.organization_id, task.id)
        if any(p.team_id and p.status is ProposalStatus.PROPOSED and p.leader_asked_at for p in proposals):
            return []  # one leader at a time
        waiting = [p for p in proposals if p.team_id and p.status is ProposalStatus.PROPOSED]
        if not waiting:
            return []
        best = min(waiting, key=lambda p: (-p.created_at.timestamp(), p.rank))
        group = [p for p in waiting if p.team_id == best.team_id and p.created_at == best.created_at]
        team = await uow.teams.get(best.team_id or "")
        leader = await uow.people.get(team.leader_id) if team else None
        chat = reachable_chat(leader) if leader else None
        if team is None or leader is None or chat is None:
            return []
        for p in group:
            p.leader_asked_at = now
            await uow.proposals.save(p)
        names = {p.person_id: await _name(p.person_id, uow, leader.locale) for p in group}
        await uow.commit()
    await notifier.send(_team_ask(task, team.name, group, names, leader.locale, chat))
    await _update_card(task, uow, notifier)
    return [TeamWorkAsked(best.id, leader.id)]


def _team_ask(
    task: Task, team: str, group: Sequence[Proposal], names: dict[str, str], locale: Locale, chat: ChatRef
) -> OutgoingMessage:
    unit = task.volume.unit if task.volume else ""
    lead = translate(
        "team.ask.lead",
        locale,
        title=task.title,
        team=team,
        volume=f"{task.volume.amount if task.volume else 0}{unit}",
        deadline=format_date(task.deadline, locale) if task.deadline else "",
    )
    lines = [
        translate(
            "team.ask.member", locale, name=names[p.person_id], units=p.units, unit=unit, hours=round_hours(p.hours)
        )
        for p in sorted(group, key=lambda p: -p.units)
    ]
    reasons = render_reasons(group[0].reasons, locale)
    first = group[0].id
    return OutgoingMessage(
        chat=chat,
        header=translate("team.ask.header", locale, title=task.title),
        text="\n".join([lead, *lines, "", reasons]),
        actions=(
            Action(
                translate("team.ask.approve", locale),
                buttons.TEAM_APPROVE,
                buttons.team_answer(first, approve=True),
                ActionStyle.PRIMARY,
            ),
            Action(
                translate("team.ask.decline", locale), buttons.TEAM_DECLINE, buttons.team_answer(first, approve=False)
            ),
        ),
        note=translate("team.ask.note", locale),
    )


async def answer_team_work(
    command: AnswerTeamWork, uow: UnitOfWork, notifier: Notifier, directory: ProfileDirectory, clock: Clock
) -> list[Event]:
    """The leader approves (members get their offers) or declines (the next team's leader is asked)."""
    now = clock.now()
    async with uow:
        leader, _ = await find_or_register(command.person, uow, directory, command.locale_hint)
        locale = leader.locale
        found = await uow.proposals.for_team_leader(leader.id, command.proposal_id)
        if found is None:
            await uow.commit()
            await _tell(notifier, command, translate("error.proposal_not_found", locale))
            return []
        await uow.tasks.lock(found.organization_id, found.task_id)  # two leaders' taps, one after the other
        task = await uow.tasks.get(found.organization_id, found.task_id)
        group = [
            p
            for p in await uow.proposals.for_task(found.organization_id, found.task_id)
            if p.team_id == found.team_id and p.created_at == found.created_at
        ]
        if task is None or not group or any(p.status is not ProposalStatus.PROPOSED for p in group):
            await uow.commit()
            current = next((p for p in group if p.id == found.id), found)
            status = translate(f"proposal.status.{current.status.value}", locale)
            await _tell(notifier, command, translate("offer.closed", locale, status=status))
            return []
        for p in group:
            if command.approve:
                p.approve(leader.id)
                p.offer(now)
            else:
                p.decline(now)
            await uow.proposals.save(p)
        team = await uow.teams.get(found.team_id or "")
        names = {p.person_id: await _name(p.person_id, uow, locale) for p in group}
        await uow.commit()
    answered = translate("team.approved" if command.approve else "team.declined", locale)
    await _tell(notifier, command, answered)
    if command.card is not None:  # the Slack ask, answered in place: its buttons are spent
        ask = _team_ask(task, team.name if team else "", group, names, locale, command.card.chat)
        await notifier.update(command.card, dataclasses.replace(ask, actions=(), note=answered))
    events: list[Event] = []
    if command.approve:
        for p in group:
            events += await _send_offer(p, task, uow, notifier)
    else:
        events += await _ask_team_leader(task, uow, notifier, now)
    await _update_card(task, uow, notifier)
    return events


# --- the teleworker's answer ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Answer:
    worker: Person
    proposal: Proposal
    task: Task


async def _load_offer(
    command: AcceptOffer | DeclineOffer, uow: UnitOfWork, notifier: Notifier, directory: ProfileDirectory
) -> _Answer | None:
    """The offer this teleworker was sent, still open; else tell them why not (None).

    The task's row, then the worker's, are locked before the offer is read again: two answers at
    once (a double tap, two people taking the last units, one person taking two tasks) are decided
    one after the other, each on what the other stored."""
    worker, _ = await find_or_register(command.person, uow, directory, command.locale_hint)
    found = await uow.proposals.offered_to(worker.id, command.proposal_id)
    if found is not None:
        await uow.tasks.lock(found.organization_id, found.task_id)
        await uow.people.lock([worker.id])
    proposal = await uow.proposals.offered_to(worker.id, command.proposal_id) if found else None
    task = await uow.tasks.get(proposal.organization_id, proposal.task_id) if proposal else None
    if proposal is None or task is None:
        await uow.commit()
        await _tell(notifier, command, translate("offer.not_found", worker.locale))
        return None
    if proposal.status is not ProposalStatus.OFFERED:
        await uow.commit()
        status = translate(f"proposal.status.{proposal.status.value}", worker.locale)
        await _tell(notifier, command, translate("offer.closed", worker.locale, status=status))
        return None
    return _Answer(worker, proposal, task)


async def accept_offer(
    command: AcceptOffer, uow: UnitOfWork, notifier: Notifier, directory: ProfileDirectory, clock: Clock
) -> list[Event]:
    now = clock.now()
    async with uow:
        answer = await _load_offer(command, uow, notifier, directory)
        if answer is None:
            return []
        proposal, task = answer.proposal, answer.task
        total = task.volume.amount if task.volume else 0
        left = total - covered_units(await uow.assignments.for_task(task.organization_id, task.id))
        room = await free_units(answer.worker.id, task, proposal.units, uow, now) if left > 0 else 0
        if left <= 0 or room <= 0:
            # Others took the rest of the task, or this person's time (or earnings cap) went to work
            # accepted since the offer: nothing is over-booked, the round moves on if it can.
            proposal.withdraw()
            await uow.proposals.save(proposal)
            following = (
                (await _offer_next(proposal, uow, now) or await _replace_team_share(proposal, task, uow, now))
                if left > 0
                else None
            )
            await uow.commit()
            key = "offer.taken" if left <= 0 else "offer.no_room"
            await _tell(notifier, command, translate(key, answer.worker.locale, title=task.title))
            events: list[Event] = []
            if following is not None:
                events += await _send_offer(following, task, uow, notifier)
            await _update_card(task, uow, notifier)
            return events
        shrink(proposal, min(left, room))  # never more than is left, nor than fits: pay and hours follow
        assignment = proposal.accept(now)
        await uow.proposals.save(proposal)
        await uow.assignments.add(assignment)
        events = [OfferAccepted(proposal.id, assignment.id, task.id)]
        if task.status is TaskStatus.OPEN and proposal.units >= left:
            task.mark_matched(answer.worker.id, now)
            await uow.tasks.save(task)
            events.append(TaskChanged(task.id, task.organization_id, "matched"))
            for other in await uow.proposals.for_task(task.organization_id, task.id):
                if other.status is ProposalStatus.PROPOSED:  # nothing left to approve
                    other.withdraw()
                    await uow.proposals.save(other)
        await uow.commit()
    locale = answer.worker.locale
    unit = task.volume.unit if task.volume else ""
    deadline = format_date(task.deadline, locale) if task.deadline else ""
    text = translate("offer.accepted", locale, title=task.title, units=proposal.units, unit=unit, deadline=deadline)
    text += await notes_for(task, locale, uow)  # the team's 手順メモ of this kind of work, in the same message
    await _tell(notifier, command, text)
    await _update_card(task, uow, notifier)
    return events


def shrink(proposal: Proposal, units: int) -> None:
    """Cut an offered share to `units` (if smaller); hours and pay in proportion, pay rounded down."""
    if proposal.units > units:
        proposal.hours = proposal.hours * units / proposal.units
        proposal.earnings_yen = proposal.earnings_yen * units // proposal.units
        proposal.units = units


async def free_units(person_id: str, task: Task, units: int, uow: UnitOfWork, now: datetime) -> int:
    """How many units of `task` the person can still take, as stored now: free hours before the
    deadline (weekly hours − accepted work − absences) and room under their earnings cap, through
    the same engine that proposed them (0 without a profile, or once the deadline is past)."""
    profile = await uow.profiles.get(person_id)
    organization = await uow.organizations.get(task.organization_id)
    if profile is None or task.volume is None or task.deadline is None or units <= 0:
        return 0
    today = now.astimezone(ZoneInfo(organization.timezone if organization else "Asia/Tokyo")).date()
    if task.deadline < today:
        return 0
    taken = await uow.assignments.for_people([person_id])
    candidate = candidate_of(profile, taken[person_id], await uow.absences.for_person(person_id), now, today)
    evaluation = evaluate(demand_of(task, units, today), CandidatePool.build([candidate], today))
    return 0 if profile.weekly_hours <= 0 else int(evaluation.available_units[0])


async def decline_offer(
    command: DeclineOffer, uow: UnitOfWork, notifier: Notifier, directory: ProfileDirectory, clock: Clock
) -> list[Event]:
    now = clock.now()
    async with uow:
        answer = await _load_offer(command, uow, notifier, directory)
        if answer is None:
            return []
        answer.proposal.decline(now)
        await uow.proposals.save(answer.proposal)
        following = await _offer_next(answer.proposal, uow, now) or await _replace_team_share(
            answer.proposal, answer.task, uow, now
        )
        await uow.commit()
    await _tell(notifier, command, translate("offer.declined", answer.worker.locale))
    events: list[Event] = [OfferDeclined(answer.proposal.id, answer.task.id)]
    if following is not None:
        events += await _send_offer(following, answer.task, uow, notifier)
    await _tell_leader_share_open(answer.proposal, answer.task, uow, notifier, following)
    await _update_card(answer.task, uow, notifier)
    return events


async def _tell_leader_share_open(
    proposal: Proposal, task: Task, uow: UnitOfWork, notifier: Notifier, following: Proposal | None
) -> None:
    """A member said no to (or let expire) their share of team work the leader approved: the leader
    hears it, where they are, with whom the share was offered to instead (`following`), if anyone."""
    if proposal.team_id is None:
        return
    async with uow:
        team = await uow.teams.get(proposal.team_id)
        leader = await uow.people.get(team.leader_id) if team else None
        worker = await uow.people.get(proposal.person_id)
        locale = leader.locale if leader else Locale.JA
        successor = await _name(following.person_id, uow, locale) if following else ""
    chat = reachable_chat(leader) if leader and leader.id != proposal.person_id else None
    if leader is None or chat is None:
        return
    text = translate(
        "team.share_moved" if following else "team.share_open",
        locale,
        name=worker.display_name if worker and worker.display_name else translate("match.unnamed", locale),
        title=task.title,
        units=proposal.units,
        unit=task.volume.unit if task.volume else "",
        status=translate(f"proposal.status.{proposal.status.value}", locale),
        next=successor,
        next_units=following.units if following else 0,
    )
    await notifier.send(OutgoingMessage(chat=chat, text=text))


_ASKED = (  # people these proposals stand for are not asked for the task again
    ProposalStatus.APPROVED,
    ProposalStatus.OFFERED,
    ProposalStatus.ACCEPTED,
    ProposalStatus.DECLINED,
    ProposalStatus.EXPIRED,
)


async def _replace_team_share(after: Proposal, task: Task, uow: UnitOfWork, now: datetime) -> Proposal | None:
    """A member's share of team work the leader approved was declined, expired or no longer fits:
    offer those units (what is still open of them) to whoever fits best now, the team's members
    first and then anyone, on the leader's approval of the split, as the client's approval counts
    for the next candidate of an individual round. The replacement joins the team's group on the
    client's card; if they say no in turn, it moves on again. None when nobody fits."""
    if after.team_id is None or after.approved_by is None or task.volume is None or task.deadline is None:
        return None
    if task.status is not TaskStatus.OPEN:
        return None
    organization = await uow.organizations.get(task.organization_id)
    today = now.astimezone(ZoneInfo(organization.timezone if organization else "Asia/Tokyo")).date()
    proposals = await uow.proposals.for_task(task.organization_id, task.id)
    units = min(after.units, _open_units(task, proposals))
    if units <= 0 or task.deadline < today:
        return None
    asked = {p.person_id for p in proposals if p.status in _ASKED} | {after.person_id}
    pool = await candidate_pool(uow, now, today, exclude=asked, region=task.region if task.region_only else "")
    team = await uow.teams.get(after.team_id)
    members = frozenset({team.leader_id, *team.member_ids}) if team else frozenset()
    found = cover_candidates(demand_of(task, units, today), pool, members, absent_id=after.person_id, k=1)
    if not found:
        return None
    replacement = _stored(found[0].match, task, after.rank, after.created_at, team_id=after.team_id, score=after.score)
    replacement.approve(after.approved_by)
    replacement.offer(now)
    await uow.proposals.add(replacement)
    return replacement


async def _offer_next(after: Proposal, uow: UnitOfWork, now: datetime) -> Proposal | None:
    """The next candidate of the round, offered on the client's approval of the round (only the
    latest round has proposals still PROPOSED: a new round withdraws them)."""
    if after.team_id is not None:
        return None
    same_round = [
        p
        for p in await uow.proposals.for_task(after.organization_id, after.task_id)
        if p.team_id is None and p.status is ProposalStatus.PROPOSED
    ]
    if not same_round:
        return None
    following = min(same_round, key=lambda p: p.rank)
    following.approve(after.approved_by)
    following.offer(now)
    await uow.proposals.save(following)
    return following


# --- expiry ----------------------------------------------------------------------------------------


async def expire_offers(uow: UnitOfWork, notifier: Notifier, clock: Clock, ttl: timedelta = OFFER_TTL) -> list[Event]:
    """Offers unanswered for `ttl` expire; the next candidate of the round is offered, the card updated."""
    now = clock.now()
    events: list[Event] = []
    async with uow:
        stale = await uow.proposals.offered_before(now - ttl)
    for proposal in stale:
        async with uow:
            current = await uow.proposals.get(proposal.organization_id, proposal.id)
            task = await uow.tasks.get(proposal.organization_id, proposal.task_id)
            if current is None or task is None or current.status is not ProposalStatus.OFFERED:
                continue
            current.expire(now)
            await uow.proposals.save(current)
            following = await _offer_next(current, uow, now) or await _replace_team_share(current, task, uow, now)
            await uow.commit()
        events.append(OfferExpired(current.id, task.id))
        if following is not None:
            events += await _send_offer(following, task, uow, notifier)
        await _tell_leader_share_open(current, task, uow, notifier, following)
        await _update_card(task, uow, notifier)
    return events + await _expire_leader_asks(uow, notifier, now, ttl)


async def _expire_leader_asks(uow: UnitOfWork, notifier: Notifier, now: datetime, ttl: timedelta) -> list[Event]:
    """A team leader who leaves the split unanswered for `ttl` is taken as a no: the split expires
    and the next team's leader is asked, as a decline would (their buttons then say 期限切れ)."""
    events: list[Event] = []
    async with uow:
        stale = await uow.proposals.leader_asked_before(now - ttl)
    seen: set[tuple[str, str | None, datetime]] = set()
    for asked in stale:
        key = (asked.task_id, asked.team_id, asked.created_at)
        if key in seen:
            continue
        seen.add(key)
        async with uow:
            await uow.tasks.lock(asked.organization_id, asked.task_id)  # not while the leader's tap is decided
            task = await uow.tasks.get(asked.organization_id, asked.task_id)
            group = [
                p
                for p in await uow.proposals.for_task(asked.organization_id, asked.task_id)
                if p.team_id == asked.team_id and p.created_at == asked.created_at
            ]
            if task is None or not group or any(p.status is not ProposalStatus.PROPOSED for p in group):
                await uow.commit()
                continue
            for p in group:
                p.expire(now)
                await uow.proposals.save(p)
            await uow.commit()
        events += [OfferExpired(p.id, task.id) for p in group]
        events += await _ask_team_leader(task, uow, notifier, now)
        await _update_card(task, uow, notifier)
    return events


# --- batch ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlannedShare:
    organization: str
    task: str
    person: str
    units: int
    unit: str
    hours: float
    earnings_yen: int
    fit: float


@dataclass(frozen=True, slots=True)
class MatchPlan:
    shares: tuple[PlannedShare, ...]
    unfilled: tuple[tuple[str, int, str], ...]  # task title, units nobody could take, unit
    seconds: float


async def plan_all(uow: UnitOfWork, clock: Clock, timezone: str = "Asia/Tokyo") -> MatchPlan:
    """`yui match --all`: every open task of every organisation assigned at once (assign_all: an LP
    with capacities shared across tasks, so nobody is over-booked). A plan to read; nothing is
    stored or sent. One pool for all, dated by `timezone` (organisations keep Japan time today)."""
    now = clock.now()
    today = now.astimezone(ZoneInfo(timezone)).date()
    async with uow:
        batch = await _batch(uow, now, today)
        names = {p.id: p.display_name for p in await uow.people.all()}
    return _plan_of(batch, names)


async def offer_all(
    uow: UnitOfWork, notifier: Notifier, clock: Clock, timezone: str = "Asia/Tokyo"
) -> tuple[MatchPlan, list[Event]]:
    """`yui match --all --send`: the batch plan carried out. Every planned share becomes an offer
    in LINE, the operator's run standing for the approval a client's 依頼 gives; each client gets
    a card of their task's shares, updated in place as people answer, like any proposal card. A
    previous round nobody approved is withdrawn. Accepting checks free hours and the earnings cap
    again, so offers made here never over-book anyone either."""
    now = clock.now()
    today = now.astimezone(ZoneInfo(timezone)).date()
    rounds: list[tuple[Task, list[Proposal]]] = []
    async with uow:
        batch = await _batch(uow, now, today)
        names = {p.id: p.display_name for p in await uow.people.all()}
        if batch.result is not None:
            for task_id, demand in batch.demands.items():
                shares = sorted((a for a in batch.result.assignments if a.task_id == task_id), key=lambda a: -a.fit)
                if not shares:
                    continue
                task = batch.tasks[task_id]
                evaluation = evaluate(demand, batch.pool)
                round_ = [
                    _stored(match_of(evaluation, batch.pool, batch.pool.index[a.person_id], a.units), task, rank, now)
                    for rank, a in enumerate(shares, start=1)
                ]
                for old in await uow.proposals.for_task(task.organization_id, task.id):
                    if old.status is ProposalStatus.PROPOSED:
                        old.withdraw()
                        await uow.proposals.save(old)
                for proposal in round_:
                    proposal.approve(None)
                    proposal.offer(now)
                    await uow.proposals.add(proposal)
                rounds.append((task, round_))
        await uow.commit()
    events: list[Event] = []
    for task, round_ in rounds:
        async with uow:
            author = await uow.people.get(task.created_by)
        identity = author.identity_on(Platform.SLACK) if author else None
        if author is not None and identity is not None:
            chat = ChatRef(Platform.SLACK, identity.ref.workspace, task.updates_channel or identity.ref.user_id)
            events += await _post_round(task, round_, chat, author.locale, uow, notifier)
        for proposal in round_:
            events += await _send_offer(proposal, task, uow, notifier)
    return _plan_of(batch, names), events


@dataclass(frozen=True, slots=True)
class _Batch:
    demands: dict[str, TaskDemand]  # task id → what is left of it
    tasks: dict[str, Task]
    organizations: dict[str, str]  # organisation id → name
    pool: CandidatePool
    result: BatchResult | None  # None: no open work, or nobody to do it


async def _batch(uow: UnitOfWork, now: datetime, today: date) -> _Batch:
    """The open work of every organisation (what is neither accepted nor on offer) and the
    assignment that maximises fit with the fairness term, read and solved in the open transaction."""
    demands: dict[str, TaskDemand] = {}
    tasks: dict[str, Task] = {}
    organizations: dict[str, str] = {}
    for organization in await uow.organizations.all():
        organizations[organization.id] = organization.name
        for task in await uow.tasks.for_organization(organization.id, active_only=True):
            if task.status is not TaskStatus.OPEN or task.volume is None or task.deadline is None:
                continue
            left = _open_units(task, await uow.proposals.for_task(organization.id, task.id))
            if left > 0 and task.deadline >= today:
                demands[task.id] = demand_of(task, left, today)
                tasks[task.id] = task
    pool = await candidate_pool(uow, now, today, exclude=set())
    result = assign_all(list(demands.values()), pool) if demands and len(pool) > 0 else None
    return _Batch(demands, tasks, organizations, pool, result)


def _plan_of(batch: _Batch, names: dict[str, str]) -> MatchPlan:
    if batch.result is None:
        return MatchPlan((), tuple((d.title, d.units, d.unit) for d in batch.demands.values()), 0.0)
    tasks = batch.tasks

    def unit(task_id: str) -> str:
        volume = tasks[task_id].volume
        return volume.unit if volume else ""

    shares = tuple(
        PlannedShare(
            organization=batch.organizations.get(tasks[a.task_id].organization_id, ""),
            task=tasks[a.task_id].title,
            person=names.get(a.person_id, a.person_id),
            units=a.units,
            unit=unit(a.task_id),
            hours=a.hours,
            earnings_yen=a.earnings_yen,
            fit=a.fit,
        )
        for a in sorted(batch.result.assignments, key=lambda a: (tasks[a.task_id].title, -a.units))
    )
    unfilled = tuple(
        (tasks[task_id].title, units, unit(task_id)) for task_id, units in batch.result.unfilled.items() if units > 0
    )
    return MatchPlan(shares, unfilled, batch.result.seconds)


# --- helpers ----------------------------------------------------------------------------------------


async def _tell(notifier: Notifier, command: Command, text: str) -> None:
    ephemeral = command.person if command.person.platform is Platform.SLACK else None
    await notifier.send(OutgoingMessage(chat=command.chat, text=text, reply=command.reply, ephemeral_to=ephemeral))
