"""Digests reach the right people, once, on time (issue 7, delivery).

What a digest says is computed elsewhere (`handlers/digests.py`: facts, narrative, rendering),
reached through the `DigestContent` port so this module is testable on its own. Here:

- who gets one (`recipients`): every team leader for each team they lead, where they live (Slack if
  linked there, else LINE), at their own time in their timezone; every subscribed client channel,
  at its time in the organisation's timezone, and weekly on Monday morning;
- when (`domain.digest_schedule.due_digests`, with catch-up after downtime);
- exactly once (`send_due`): each due digest's key (recipient, kind, local date) is claimed in the
  database, in its own committed transaction, BEFORE it is composed and sent. A second process or a
  retried job loses the insert and sends nothing; a send that fails marks the claim failed and the
  next run takes it again (up to `MAX_ATTEMPTS`); a run that dies leaves a claim that is taken again
  once stale. A crash after the platform accepted the message and before the row says "sent"
  sends it again when the claim goes stale: LINE refuses the repeat (the push's retry key comes
  from the digest's key); Slack has no retry key, so the key rides in each message's metadata
  and a retried digest is first looked for in the channel's history (its details in the thread);
- how (`deliver`): Slack, one compact summary in the channel (or the leader's DM) and the details
  in its thread; LINE, the summary and the carousel in one push (a push counts against the
  operator's monthly quota; the row records how many were used). A channel that refuses it (Yui
  not invited) gets its subscriber told once a day;
- on demand (`/yui digest [team|task]`, a leader's 「まとめ [team]」 in LINE; a leader may name any task their
  teams work on, a client their organisation's): composed now, answered to the
  person only (Slack ephemeral, LINE reply token), never stored as the daily one;
- settings: `/yui digest subscribe [time] [task]`, `unsubscribe`|`stop`, `time 19:00`,
  `weekly 10:00|off`, `settings`; 「まとめ 19時」, 「まとめ停止」/「まとめ再開」, 「まとめ 設定」.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

import structlog

from domain.digest import (
    Audience,
    Digest,
    DigestKind,
    DigestRequest,
    DigestScope,
    NarrativeWriter,
    ScopeKind,
    digest_to_json,
)
from domain.digest_schedule import (
    DEFAULT_DAILY_AT,
    STALE_CLAIM,
    ChannelSubscription,
    DigestAction,
    DigestArgs,
    DigestKey,
    DigestRecipient,
    DigestStatus,
    DueDigest,
    LeaderDigestSetting,
    StoredDigest,
    channel_key,
    due_digests,
    format_clock,
    leader_key,
    names_a_team,
    scope_for_subscription,
)
from domain.i18n import translate
from domain.model import DomainError, Person, Task, TaskStatus, Team
from domain.ports import UnitOfWork
from domain.refs import ChatRef, PersonRef, Platform
from domain.text import normalize
from handlers.absences import reachable_chat, short_date
from handlers.commands import Command, HandleDigest
from handlers.digests import compose_digest, digest_messages, digest_text
from handlers.events import Event
from handlers.people import find_or_register
from handlers.ports import ChatUnavailable, Clock, Notifier, OutgoingMessage, ProfileDirectory

log = structlog.get_logger(__name__)

_RETRY_NAMESPACE = uuid.UUID("8a0d4a52-6c1e-4f0e-9a57-0b2f6d1e7c31")  # LINE retry keys of digests
DEFAULT_CONCURRENCY = 8  # digests composed at once (each may wait on one LLM call)
CAROUSEL_LIMIT = 12  # bubbles in one LINE carousel


class DigestContent(Protocol):
    """What a digest says and looks like (implemented by `handlers/digests.py`)."""

    async def compose(self, request: DigestRequest, uow: UnitOfWork) -> Digest: ...

    def messages(self, digest: Digest, chat: ChatRef) -> tuple[OutgoingMessage, tuple[OutgoingMessage, ...]]:
        """(the summary, the details): Slack posts the details in the summary's thread."""
        ...

    def text(self, digest: Digest) -> str: ...

    def to_json(self, digest: Digest) -> dict[str, object]: ...


class ComposedDigests:
    """`handlers/digests.py` behind the port: facts from the database, the writer's narrative."""

    def __init__(self, writer: NarrativeWriter, clock: Clock) -> None:
        self._writer = writer
        self._clock = clock

    async def compose(self, request: DigestRequest, uow: UnitOfWork) -> Digest:
        return await compose_digest(request, uow, self._writer, self._clock)

    def messages(self, digest: Digest, chat: ChatRef) -> tuple[OutgoingMessage, tuple[OutgoingMessage, ...]]:
        return digest_messages(digest, chat)

    def text(self, digest: Digest) -> str:
        return digest_text(digest)

    def to_json(self, digest: Digest) -> dict[str, object]:
        return digest_to_json(digest)


# --- who, when ------------------------------------------------------------------------------------


ALL_PLATFORMS = frozenset(Platform)


async def recipients(
    uow: UnitOfWork, platforms: frozenset[Platform] = ALL_PLATFORMS, now: datetime | None = None
) -> list[DigestRecipient]:
    """Everyone who gets scheduled digests, resolved to a chat, a time and a timezone (inside `uow`).

    `platforms`: those this process can send on. A leader is reached on Slack when linked there,
    else in LINE; a recipient nobody can reach here is left out (not claimed, so not lost: a
    process that can reach them sends it). A channel subscribed to one task hears about it until
    the day it is finished or cancelled (given `now`), then no more."""
    found: list[DigestRecipient] = []
    settings = await uow.digests.leader_settings()
    for team_id, leader in await uow.digests.team_leaders():
        setting = settings.get(leader.id, LeaderDigestSetting(leader.id))
        chat = _reachable(leader, platforms) if not leader.withdrawn else None
        if chat is None or not setting.enabled:
            continue
        found.append(
            DigestRecipient(
                key=leader_key(leader.id, team_id),
                audience=Audience.LEADER,
                scope=DigestScope(ScopeKind.TEAM, team_id),
                chat=chat,
                daily_at=setting.daily_at,
                timezone=leader.timezone,
                locale=leader.locale,
                person_id=leader.id,
            )
        )
    for subscription in await uow.digests.subscriptions():
        if subscription.chat.platform not in platforms:
            continue
        organization = await uow.organizations.get(subscription.organization_id)
        if organization is None:
            continue
        if now is not None and subscription.scope.kind is ScopeKind.TASK:
            today = now.astimezone(ZoneInfo(organization.timezone)).date()
            if not await _task_still_news(uow, organization.id, subscription.scope.id, today, organization.timezone):
                continue
        found.append(
            DigestRecipient(
                key=channel_key(subscription.chat),
                audience=Audience.CLIENT,
                scope=subscription.scope,
                chat=subscription.chat,
                daily_at=subscription.daily_at,
                timezone=organization.timezone,
                locale=subscription.locale,
                weekly_at=subscription.weekly_at,
                owner_id=subscription.subscribed_by,
            )
        )
    return found


async def _task_still_news(uow: UnitOfWork, organization_id: str, task_id: str, today: date, timezone: str) -> bool:
    """The task exists, and is either still going or ended today (its last digest says so)."""
    task = await uow.tasks.get(organization_id, task_id)
    if task is None:
        return False
    if task.status not in {TaskStatus.DONE, TaskStatus.CANCELLED}:
        return True
    history = await uow.tasks.history(organization_id, task_id)
    ended = max((c.at for c in history), default=None)
    return ended is not None and ended.astimezone(ZoneInfo(timezone)).date() >= today


def _reachable(person: Person, platforms: frozenset[Platform]) -> ChatRef | None:
    chat = reachable_chat(person)  # Slack first (free), else LINE; never a blocked account
    if chat is not None and chat.platform not in platforms and Platform.LINE in platforms:
        line = person.identity_on(Platform.LINE)
        if line is not None and not line.blocked:
            return ChatRef(Platform.LINE, line.ref.workspace, line.ref.user_id)
    return chat if chat is not None and chat.platform in platforms else None


def _due(recipient: DigestRecipient, now: datetime) -> list[DueDigest]:
    """`due_digests`, but one recipient's bad data (an unknown timezone) never stops everyone's."""
    try:
        return due_digests(recipient, now)
    except (ValueError, KeyError):  # ZoneInfoNotFoundError is a KeyError
        log.exception("digests.recipient_unschedulable", recipient=recipient.key, timezone=recipient.timezone)
        return []


def key_of(due: DueDigest) -> DigestKey:
    return DigestKey(due.recipient.key, due.kind, due.day)


# --- the timed job --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DeliveryRun:
    """What one run of the job did."""

    sent: tuple[DigestKey, ...] = ()
    taken_elsewhere: tuple[DigestKey, ...] = ()  # another run (process, retry) holds or sent it
    failed: tuple[DigestKey, ...] = ()
    pushes: int = 0


async def send_due(
    uow_factory: Callable[[], UnitOfWork],
    notifier: Notifier,
    content: DigestContent,
    clock: Clock,
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    platforms: frozenset[Platform] = ALL_PLATFORMS,
) -> DeliveryRun:
    """Send every digest whose time has come and that no run has sent (or is sending) yet, to the
    recipients reachable on `platforms` (those this process has credentials for)."""
    now = clock.now()
    async with uow_factory() as uow:
        due = [d for r in await recipients(uow, platforms, now) for d in _due(r, now)]
        statuses = await uow.digests.statuses([key_of(d) for d in due])
    pending = [d for d in due if statuses.get(key_of(d)) is not DigestStatus.SENT]
    limit = asyncio.Semaphore(max(1, concurrency))

    async def one(due: DueDigest) -> tuple[str, DigestKey, int]:
        async with limit:
            return await _deliver_scheduled(due, uow_factory, notifier, content, clock)

    outcomes = await asyncio.gather(*(one(d) for d in pending))
    run = DeliveryRun(
        sent=tuple(k for o, k, _ in outcomes if o == "sent"),
        taken_elsewhere=tuple(k for o, k, _ in outcomes if o == "taken"),
        failed=tuple(k for o, k, _ in outcomes if o == "failed"),
        pushes=sum(p for _, _, p in outcomes),
    )
    if pending:
        log.info(
            "digests.run",
            due=len(pending),
            sent=len(run.sent),
            elsewhere=len(run.taken_elsewhere),
            failed=len(run.failed),
        )
    return run


async def _deliver_scheduled(
    due: DueDigest,
    uow_factory: Callable[[], UnitOfWork],
    notifier: Notifier,
    content: DigestContent,
    clock: Clock,
) -> tuple[str, DigestKey, int]:
    key = key_of(due)
    recipient = due.recipient
    claimed_at = clock.now()
    async with uow_factory() as uow:
        claim = await uow.digests.claim(
            StoredDigest(
                key,
                recipient.audience,
                recipient.scope,
                recipient.chat,
                DigestStatus.CLAIMED,
                claimed_at,
                late=due.late,
            ),
            stale_before=claimed_at - STALE_CLAIM,
        )
        await uow.commit()  # the claim is durable before anything leaves
    if claim is None:
        return "taken", key, 0
    request = DigestRequest(
        audience=recipient.audience,
        scope=recipient.scope,
        day=due.day,
        kind=due.kind,
        locale=recipient.locale,
        timezone=recipient.timezone,
    )
    try:
        digest = await content.compose(request, uow_factory())
        late_note = translate("digest_delivery.late", recipient.locale, date=short_date(due.day, recipient.locale))
        message_id, pushes = await deliver(
            digest,
            recipient.chat,
            notifier,
            content,
            note=late_note if due.late else "",
            idempotency=f"{key.recipient}|{key.kind.value}|{key.day.isoformat()}",
            resend=claim.attempts > 1,  # an earlier attempt may have reached Slack before it died
        )
    except Exception as exc:  # the next run takes the claim again (see SqlDigestRepository.claim)
        log.exception("digests.send_failed", recipient=key.recipient, kind=key.kind.value, day=key.day.isoformat())
        async with uow_factory() as uow:
            await uow.digests.record_failure(key, f"{type(exc).__name__}: {exc}")
            await uow.commit()
        if isinstance(exc, ChatUnavailable) and claim.attempts == 1:
            await _tell_owner(recipient, str(exc), uow_factory, notifier)
        return "failed", key, 0
    sent = replace(
        claim,
        status=DigestStatus.SENT,
        narrative=digest.narrative,
        source=digest.source.value,
        sent_at=clock.now(),
        message_id=message_id,
        pushes=pushes,
    )
    try:
        sent = replace(sent, facts=content.to_json(digest), text=content.text(digest))
    except Exception:  # it was delivered: store it as sent even if its stored form cannot be made
        log.exception("digests.store_form_failed", recipient=key.recipient, day=key.day.isoformat())
    try:
        async with uow_factory() as uow:
            await uow.digests.record_sent(sent)  # the LINE notifier counts the pushes per person and day
            await uow.commit()
    except Exception:  # it was delivered: never mark it failed (that would send it again)
        log.exception("digests.record_failed", recipient=key.recipient, day=key.day.isoformat())
    return "sent", key, pushes


async def _tell_owner(
    recipient: DigestRecipient, error: str, uow_factory: Callable[[], UnitOfWork], notifier: Notifier
) -> None:
    """The channel refused the digest (Yui is not in it, or it is gone): the person who subscribed
    it hears why and what to do, once a day, instead of the digest failing where nobody looks."""
    if recipient.owner_id is None:
        return
    async with uow_factory() as uow:
        owner = await uow.people.get(recipient.owner_id)
    chat = reachable_chat(owner) if owner is not None else None
    if owner is None or chat is None:
        return
    text = translate(
        "digest_delivery.channel_unavailable", owner.locale, channel=recipient.chat.channel_id, error=error
    )
    try:
        await notifier.send(OutgoingMessage(chat=chat, text=text))
    except Exception:  # telling is best effort; the failure is stored with the digest either way
        log.exception("digests.owner_not_told", recipient=recipient.key)


async def deliver(
    digest: Digest,
    chat: ChatRef,
    notifier: Notifier,
    content: DigestContent,
    *,
    note: str = "",
    idempotency: str = "",
    resend: bool = False,
) -> tuple[str, int]:
    """Post a digest where `chat` is; (the Slack summary's ts or "", LINE pushes used).

    `idempotency` (the digest's key) gives each message a retry key of its own, the same every
    time this digest is sent, so a digest sent again after a run died between the send and the
    stored "sent" is not delivered twice: LINE refuses a repeated push within 24 h (409); Slack
    carries the key in the message's metadata and, on a `resend`, the notifier looks for it in
    the channel (and the summary's thread) before posting."""
    summary, details = content.messages(digest, chat)
    if note:
        summary = replace(summary, text=f"{note}\n{summary.text}" if summary.text else note)

    def key(index: int) -> str | None:
        return str(uuid.uuid5(_RETRY_NAMESPACE, f"{idempotency}#{index}")) if idempotency else None

    if chat.platform is Platform.SLACK:
        posted = await notifier.send(replace(summary, chat=chat, retry_key=key(0), resend=resend))
        if posted is None:
            return "", 0
        thread = replace(posted.chat, thread_id=posted.message_id)
        for index, detail in enumerate(details, start=1):
            await notifier.send(replace(detail, chat=thread, retry_key=key(index), resend=resend))
        return posted.message_id, 0
    messages = line_messages(summary, details, chat)
    for index, message in enumerate(messages):
        await notifier.send(replace(message, retry_key=key(index)))
    return "", len(messages)


def line_messages(summary: OutgoingMessage, details: Sequence[OutgoingMessage], chat: ChatRef) -> list[OutgoingMessage]:
    """The summary with every detail card as its carousel, in one message (one push, or one free
    reply); details that are only text follow as one more message."""
    cards = summary.cards + tuple(card for d in details for card in d.cards)
    first = replace(summary, chat=chat, cards=cards[:CAROUSEL_LIMIT])
    rest = "\n\n".join(d.text for d in details if not d.cards and d.text)
    return [first, OutgoingMessage(chat=chat, text=rest)] if rest else [first]


# --- commands: on demand and settings -------------------------------------------------------------


async def handle_digest(
    command: HandleDigest,
    uow: UnitOfWork,
    notifier: Notifier,
    directory: ProfileDirectory,
    clock: Clock,
    digests: DigestContent,
) -> list[Event]:
    """`/yui digest …` in Slack, a leader's 「まとめ」 in LINE: show one now, or change who gets it and when."""
    async with uow:
        person, _ = await find_or_register(command.person, uow, directory, command.locale_hint)
        await uow.commit()
    await _act(command, command.args, person, uow, notifier, clock, digests)
    return []


async def _act(
    command: Command,
    args: DigestArgs,
    person: Person,
    uow: UnitOfWork,
    notifier: Notifier,
    clock: Clock,
    digests: DigestContent,
) -> None:
    locale = person.locale
    if args.bad_time:
        await _tell(notifier, command, translate("digest_delivery.bad_time", locale, text=args.bad_time))
        return
    if args.action is DigestAction.SHOW:
        await _show(command, args.target, person, uow, notifier, clock, digests)
    elif args.action is DigestAction.SUBSCRIBE and command.person.platform is Platform.SLACK:
        await _subscribe(command, args, person, uow, notifier)
    elif args.action in {DigestAction.UNSUBSCRIBE, DigestAction.STOP}:
        # "stop" and "unsubscribe" mean the same to people: this channel's digest if it has one,
        # else the leader's own.
        async with uow:
            removed = command.person.platform is Platform.SLACK and await uow.digests.remove_subscription(
                _channel(command)
            )
            await uow.commit()
            leads = bool(await _teams_led_by(person, uow))
        if removed or not leads:
            key = "digest_delivery.unsubscribed" if removed else "digest_delivery.not_subscribed"
            await _tell(notifier, command, translate(key, locale), public=removed)
        else:
            await _leader_switch(command, False, person, uow, notifier)
    elif args.action is DigestAction.TIME:
        assert args.at is not None
        await _set_time(command, args, person, uow, notifier)
    elif args.action is DigestAction.WEEKLY:
        await _set_weekly(command, args, person, uow, notifier)
    elif args.action is DigestAction.SETTINGS:
        await _settings(command, person, uow, notifier)
    else:  # RESUME, or 「まとめ 配信」 in LINE: a leader's own daily digest back on
        await _leader_switch(command, True, person, uow, notifier)


async def _show(
    command: Command,
    target: str,
    person: Person,
    uow: UnitOfWork,
    notifier: Notifier,
    clock: Clock,
    digests: DigestContent,
) -> None:
    locale = person.locale
    async with uow:
        led = await _teams_led_by(person, uow)
        tasks = (
            await uow.tasks.for_organization(person.organization_id, active_only=True) if person.organization_id else []
        )
        if led and target:
            # A leader's teams work on clients' tasks, which live in the clients' organisations: those
            # tasks (and only those: never the client's others) can be named too.
            known = {t.id for t in tasks}
            tasks += [t for t in await _tasks_of_teams(led, uow) if t.id not in known]
    wants_team = target.lower() in {"team", "チーム"}
    # A leader of several teams names one (/yui digest 駒ヶ根チーム, 「まとめ 駒ヶ根チーム」): only that team's.
    wanted = normalize(target).lower()
    named = [t for t in led if wanted and wanted in normalize(t.name).lower()] if not wants_team else []
    requests: list[DigestRequest] = []
    today = clock.now().astimezone(ZoneInfo(person.timezone)).date()
    if named:
        requests += [_request(Audience.LEADER, DigestScope(ScopeKind.TEAM, t.id), today, person) for t in named]
    elif target and not wants_team:
        task = _find_task(tasks, target)
        if task is None and led and names_a_team(target):  # 「まとめ 駒ヶ根チーム」 and no team of theirs is called so
            names = translate("list.separator", locale).join(t.name for t in led)
            await _tell(notifier, command, translate("digest_delivery.which_team", locale, text=target, teams=names))
            return
        if task is None:
            lines = "\n".join(f"・{t.title}" for t in tasks[:10]) or translate("digest_delivery.no_tasks", locale)
            await _tell(notifier, command, translate("digest_delivery.which_task", locale, text=target, tasks=lines))
            return
        scope = DigestScope(ScopeKind.TASK, task.id, task.organization_id)
        requests.append(_request(Audience.CLIENT, scope, today, person))
    elif led:
        requests += [_request(Audience.LEADER, DigestScope(ScopeKind.TEAM, t.id), today, person) for t in led]
    elif not wants_team and person.organization_id and command.person.platform is Platform.SLACK:
        requests.append(
            _request(
                Audience.CLIENT,
                DigestScope(ScopeKind.ORGANIZATION, person.organization_id, person.organization_id),
                today,
                person,
            )
        )
    else:
        await _tell(notifier, command, translate("digest_delivery.not_leader", locale))
        return
    for request in requests:
        try:
            digest = await digests.compose(request, uow)
        except DomainError as error:  # the team or task is gone, or the day has not come: say so
            await _tell(notifier, command, translate(error.key, locale, **error.params))
            return
        summary, details = digests.messages(digest, command.chat)
        # On demand is for the person who asked: one message (ephemeral in Slack, the free reply in LINE).
        [message, *more] = line_messages(summary, details, command.chat)
        await notifier.send(replace(message, reply=command.reply, ephemeral_to=_only_them(command)))
        for extra in more:
            await notifier.send(replace(extra, reply=command.reply, ephemeral_to=_only_them(command)))


async def _subscribe(command: Command, args: DigestArgs, person: Person, uow: UnitOfWork, notifier: Notifier) -> None:
    locale = person.locale
    if command.person.platform is not Platform.SLACK or not person.organization_id:
        await _tell(notifier, command, translate("digest_delivery.subscribe_slack_only", locale))
        return
    async with uow:
        organization = await uow.organizations.get(person.organization_id)
        tasks = await uow.tasks.for_organization(person.organization_id, active_only=True)
        task = _find_task(tasks, args.target) if args.target else None
        if organization is None or (args.target and task is None):
            lines = "\n".join(f"・{t.title}" for t in tasks[:10]) or translate("digest_delivery.no_tasks", locale)
            await _tell(
                notifier, command, translate("digest_delivery.which_task", locale, text=args.target, tasks=lines)
            )
            return
        existing = await uow.digests.subscription(_channel(command))
        subscription = ChannelSubscription(
            chat=_channel(command),
            organization_id=organization.id,
            scope=scope_for_subscription(organization.id, task.id if task else None),
            locale=locale,
            subscribed_by=person.id,
            daily_at=args.at or (existing.daily_at if existing else DEFAULT_DAILY_AT),
        )
        await uow.digests.save_subscription(subscription)
        await uow.commit()
    what = (
        translate("digest_delivery.scope_task", locale, title=task.title)
        if task
        else translate("digest_delivery.scope_organization", locale, name=organization.name)
    )
    weekly = format_clock(subscription.weekly_at) if subscription.weekly_at else "-"
    text = translate(
        "digest_delivery.subscribed",
        locale,
        what=what,
        time=format_clock(subscription.daily_at),
        zone=organization.timezone,
        weekly=weekly,
    )
    await _tell(notifier, command, text, public=True)


async def _set_time(command: Command, args: DigestArgs, person: Person, uow: UnitOfWork, notifier: Notifier) -> None:
    """A subscribed channel's time when asked there; else the leader's own time."""
    assert args.at is not None
    locale = person.locale
    at = format_clock(args.at)
    async with uow:
        subscription = (
            await uow.digests.subscription(_channel(command)) if command.person.platform is Platform.SLACK else None
        )
        if subscription is not None:
            await uow.digests.save_subscription(replace(subscription, daily_at=args.at))
            await uow.commit()
            organization = await uow.organizations.get(subscription.organization_id)
            zone = organization.timezone if organization else "Asia/Tokyo"
            await _tell(
                notifier, command, translate("digest_delivery.channel_time", locale, time=at, zone=zone), public=True
            )
            return
        if not await _teams_led_by(person, uow):
            await _tell(notifier, command, translate("digest_delivery.time_nothing", locale))
            return
        setting = await uow.digests.leader_setting(person.id)
        await uow.digests.save_leader_setting(replace(setting, daily_at=args.at, enabled=True))
        await uow.commit()
    await _tell(notifier, command, translate("digest_delivery.leader_time", locale, time=at, zone=person.timezone))


async def _set_weekly(command: Command, args: DigestArgs, person: Person, uow: UnitOfWork, notifier: Notifier) -> None:
    """A subscribed channel's Monday digest: another time, or none."""
    locale = person.locale
    async with uow:
        subscription = (
            await uow.digests.subscription(_channel(command)) if command.person.platform is Platform.SLACK else None
        )
        if subscription is None:
            await _tell(notifier, command, translate("digest_delivery.not_subscribed", locale))
            return
        await uow.digests.save_subscription(replace(subscription, weekly_at=args.at))
        await uow.commit()
    if args.at is None:
        text = translate("digest_delivery.weekly_off", locale)
    else:
        text = translate("digest_delivery.weekly_time", locale, time=format_clock(args.at))
    await _tell(notifier, command, text, public=True)


async def _settings(command: Command, person: Person, uow: UnitOfWork, notifier: Notifier) -> None:
    """What is set: this channel's digest when it has one, and the leader's own."""
    locale = person.locale
    lines: list[str] = []
    async with uow:
        subscription = (
            await uow.digests.subscription(_channel(command)) if command.person.platform is Platform.SLACK else None
        )
        if subscription is not None:
            organization = await uow.organizations.get(subscription.organization_id)
            task = (
                await uow.tasks.get(subscription.organization_id, subscription.scope.id)
                if subscription.scope.kind is ScopeKind.TASK
                else None
            )
            what = (
                translate("digest_delivery.scope_task", locale, title=task.title)
                if task
                else translate(
                    "digest_delivery.scope_organization", locale, name=organization.name if organization else ""
                )
            )
            weekly = (
                translate("digest_delivery.settings_weekly", locale, time=format_clock(subscription.weekly_at))
                if subscription.weekly_at
                else translate("digest_delivery.settings_no_weekly", locale)
            )
            lines.append(
                translate(
                    "digest_delivery.settings_channel",
                    locale,
                    what=what,
                    time=format_clock(subscription.daily_at),
                    zone=organization.timezone if organization else "Asia/Tokyo",
                    weekly=weekly,
                )
            )
        teams = await _teams_led_by(person, uow)
        if teams:
            setting = await uow.digests.leader_setting(person.id)
            chat = reachable_chat(person)
            where = translate(f"digest_delivery.where_{chat.platform.value}", locale) if chat else "-"
            key = "digest_delivery.settings_leader" if setting.enabled else "digest_delivery.settings_leader_off"
            names = translate("list.separator", locale).join(t.name for t in teams)
            lines.append(
                translate(
                    key, locale, time=format_clock(setting.daily_at), zone=person.timezone, where=where, teams=names
                )
            )
    if not lines:
        lines.append(translate("digest_delivery.settings_none", locale))
    await _tell(notifier, command, "\n".join(lines))


async def _leader_switch(command: Command, enabled: bool, person: Person, uow: UnitOfWork, notifier: Notifier) -> None:
    locale = person.locale
    async with uow:
        if not await _teams_led_by(person, uow):
            await _tell(notifier, command, translate("digest_delivery.not_leader", locale))
            return
        setting = await uow.digests.leader_setting(person.id)
        await uow.digests.save_leader_setting(replace(setting, enabled=enabled))
        await uow.commit()
    key = "digest_delivery.resumed" if enabled else "digest_delivery.stopped"
    await _tell(notifier, command, translate(key, locale, time=format_clock(setting.daily_at)))


# --- helpers --------------------------------------------------------------------------------------


async def _teams_led_by(person: Person, uow: UnitOfWork) -> list[Team]:
    return [t for t in await uow.teams.all() if t.leader_id == person.id]


async def _tasks_of_teams(teams: Sequence[Team], uow: UnitOfWork) -> list[Task]:
    """The open tasks these teams' members (and leaders) hold assignments on, in any organisation."""
    people = sorted({p for t in teams for p in (*t.member_ids, t.leader_id)})
    by_organization: dict[str, list[str]] = {}
    for assignments in (await uow.assignments.for_people(people)).values():
        for assignment in assignments:
            by_organization.setdefault(assignment.organization_id, []).append(assignment.task_id)
    found: list[Task] = []
    for organization_id, task_ids in sorted(by_organization.items()):
        found += await uow.tasks.many(organization_id, list(dict.fromkeys(task_ids)))
    return [t for t in found if t.is_active]


def _find_task(tasks: Sequence[Task], wanted: str) -> Task | None:
    wanted = wanted.strip()
    if not wanted:
        return None
    exact = [t for t in tasks if t.id == wanted]
    return exact[0] if exact else next((t for t in tasks if wanted in t.title), None)


def _request(audience: Audience, scope: DigestScope, today: date, person: Person) -> DigestRequest:
    return DigestRequest(
        audience=audience, scope=scope, day=today, kind=DigestKind.DAILY, locale=person.locale, timezone=person.timezone
    )


def _channel(command: Command) -> ChatRef:
    return ChatRef(command.chat.platform, command.chat.workspace, command.chat.channel_id)


def _only_them(command: Command) -> PersonRef | None:
    return command.person if command.person.platform is Platform.SLACK else None


async def _tell(notifier: Notifier, command: Command, text: str, *, public: bool = False) -> None:
    """Answer the person (ephemeral in Slack unless the whole channel should know)."""
    await notifier.send(
        OutgoingMessage(
            chat=command.chat,
            text=text,
            reply=command.reply,
            ephemeral_to=None if public or command.person.platform is not Platform.SLACK else command.person,
        )
    )
