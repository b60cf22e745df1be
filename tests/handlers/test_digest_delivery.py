"""Digest delivery (issue 7) on SQLite and PostgreSQL: who gets a digest, when (their time, their
timezone, catch-up after downtime), exactly once (a second run, a second runner with its own
engine, a retry after a failed send, a run that died), where (Slack summary + thread, LINE one push)
and the commands (`/yui digest` now, subscribe, unsubscribe, time; a leader's 「まとめ」)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import pytest

from domain.digest import (
    Audience,
    Digest,
    DigestFacts,
    DigestKind,
    DigestRequest,
    DigestScope,
    NarrativeSource,
    ScopeKind,
    digest_from_json,
)
from domain.digest_schedule import (
    DigestAction,
    DigestArgs,
    DigestKey,
    DigestStatus,
    StoredDigest,
    leader_key,
    parse_digest_args,
    parse_line_digest,
)
from domain.i18n import translate
from domain.model import (
    DomainError,
    Identity,
    Organization,
    OrganizationKind,
    Person,
    Role,
    Task,
    TaskStatus,
    Team,
    Volume,
)
from domain.persistence import Database
from domain.ports import UnitOfWork
from domain.proposals import Assignment
from domain.refs import ChatRef, Locale, PersonRef, Platform, ReplyHandle
from handlers.bootstrap import bootstrap
from handlers.commands import HandleDigest
from handlers.digest_delivery import ComposedDigests, send_due
from handlers.messagebus import MessageBus
from handlers.narrative_writer import TemplateNarrativeWriter
from handlers.ports import Card, ChatUnavailable, OutgoingMessage, PlatformProfile, SentMessage
from tests.handlers.fakes import FakeDirectory, FakeLLM, FakeNotifier

LINE_BOT = "U" + "d" * 32
TUESDAY_18_JST = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


class MovableClock:
    def __init__(self, now: datetime) -> None:
        self.value = now

    def now(self) -> datetime:
        return self.value


@dataclass
class FakeContent:
    """Stands in for `handlers/digests.py`: records what was asked, renders a fixed shape."""

    requests: list[DigestRequest] = field(default_factory=list)
    fail_times: int = 0

    async def compose(self, request: DigestRequest, uow: UnitOfWork) -> Digest:
        self.requests.append(request)
        if self.fail_times:
            self.fail_times -= 1
            raise ConnectionError("database went away while composing")
        return Digest(DigestFacts(request, "伊那チーム", (), (), (), ()), "今日は順調です。", NarrativeSource.TEMPLATE)

    def messages(self, digest: Digest, chat: ChatRef) -> tuple[OutgoingMessage, tuple[OutgoingMessage, ...]]:
        scope = digest.facts.request.scope
        summary = OutgoingMessage(chat=chat, text=f"まとめ {scope.kind.value}:{scope.id}")
        return summary, (OutgoingMessage(chat=chat, text="詳細", cards=(Card(header="請求書入力", percent=40),)),)

    def text(self, digest: Digest) -> str:
        return f"まとめ本文 {digest.facts.request.day.isoformat()}"

    def to_json(self, digest: Digest) -> dict[str, object]:
        return {"scope": digest.facts.request.scope.id}


@dataclass
class World:
    bus: MessageBus
    database: Database
    notifier: FakeNotifier
    directory: FakeDirectory
    clock: MovableClock
    content: FakeContent

    async def run(self, database: Database | None = None) -> object:
        return await send_due((database or self.database).unit_of_work, self.notifier, self.content, self.clock)


@pytest.fixture
async def world(empty_database_url: str) -> AsyncIterator[World]:
    database = Database(empty_database_url)
    notifier, directory, clock, content = FakeNotifier(), FakeDirectory(), MovableClock(TUESDAY_18_JST), FakeContent()
    bus = bootstrap(
        uow_factory=database.unit_of_work,
        notifier=notifier,
        directory=directory,
        llm=FakeLLM(),
        clock=clock,
        digests=content,
    )
    yield World(bus, database, notifier, directory, clock, content)
    await database.dispose()


async def _team(world: World, *, slack: bool = True, timezone: str = "Asia/Tokyo", locale: Locale = Locale.JA) -> Team:
    leader = Person(display_name="山本", roles=frozenset({Role.LEADER}), timezone=timezone, locale=locale)
    if slack:
        leader.add_identity(Identity(PersonRef(Platform.SLACK, "TOPS", "U" + uuid.uuid4().hex[:10].upper()), "山本"))
    leader.add_identity(Identity(PersonRef(Platform.LINE, LINE_BOT, "U" + uuid.uuid4().hex), "山本"))
    operator = Organization(name="伊那BPO", kind=OrganizationKind.OPERATOR)
    team = Team("伊那チーム", operator.id, leader.id)
    async with world.database.unit_of_work() as uow:
        await uow.organizations.add(operator)
        await uow.people.add(leader)
        await uow.teams.add(team)
        await uow.commit()
    return team


async def _stored(world: World) -> list[StoredDigest]:
    async with world.database.unit_of_work() as uow:
        return await uow.digests.stored()


async def test_a_leader_on_slack_gets_a_summary_with_the_details_in_its_thread_once(world: World) -> None:
    team = await _team(world)
    world.clock.value = TUESDAY_18_JST - timedelta(minutes=1)
    await world.run()
    assert world.notifier.sent == []  # 17:59 JST: not yet

    world.clock.value = TUESDAY_18_JST + timedelta(minutes=2)
    await world.run()
    summary, detail = world.notifier.sent
    assert summary.chat.platform is Platform.SLACK and summary.text == f"まとめ team:{team.id}"
    assert detail.chat.thread_id == "1700000000.000001" and detail.cards[0].header == "請求書入力"
    [request] = world.content.requests
    assert (request.day, request.kind, request.scope.kind) == (date(2026, 11, 24), DigestKind.DAILY, ScopeKind.TEAM)

    [stored] = await _stored(world)
    assert stored.status is DigestStatus.SENT and stored.key == DigestKey(
        leader_key(team.leader_id, team.id), DigestKind.DAILY, date(2026, 11, 24)
    )
    assert stored.text == "まとめ本文 2026-11-24" and stored.facts == {"scope": team.id} and not stored.late
    assert stored.message_id == "1700000000.000001" and stored.pushes == 0

    world.clock.value += timedelta(minutes=5)  # the next slot, a retried job, a restart: nothing more
    await world.run()
    assert len(world.notifier.sent) == 2 and len(world.content.requests) == 1


async def test_a_leader_only_on_line_gets_summary_and_carousel_in_one_push(world: World) -> None:
    await _team(world, slack=False)
    await world.run()
    [push] = world.notifier.sent
    assert push.chat.platform is Platform.LINE and push.reply is None
    assert push.text.startswith("まとめ team:") and [c.header for c in push.cards] == ["請求書入力"]
    [stored] = await _stored(world)
    assert stored.pushes == 1  # the day's LINE pushes per person are counted by the LINE notifier


async def test_a_process_without_slack_reaches_the_leader_in_line_and_skips_what_it_cannot_reach(
    world: World,
) -> None:
    team = await _team(world)  # the leader has Slack and LINE
    content, clock = world.content, world.clock
    await send_due(world.database.unit_of_work, world.notifier, content, clock, platforms=frozenset())
    assert world.notifier.sent == [] and await _stored(world) == []  # nothing claimed: still due
    await send_due(world.database.unit_of_work, world.notifier, content, clock, platforms=frozenset({Platform.LINE}))
    [push] = world.notifier.sent
    assert push.chat.platform is Platform.LINE and push.text == f"まとめ team:{team.id}"


async def test_each_leader_at_their_own_time_in_their_own_timezone(world: World) -> None:
    tokyo = await _team(world)
    honolulu = await _team(world, timezone="Pacific/Honolulu")
    async with world.database.unit_of_work() as uow:
        setting = await uow.digests.leader_setting(tokyo.leader_id)
        await uow.digests.save_leader_setting(type(setting)(tokyo.leader_id, time(19, 30)))
        await uow.commit()
    await world.run()  # 18:00 JST: neither
    assert world.notifier.sent == []
    world.clock.value = TUESDAY_18_JST + timedelta(minutes=90)  # 19:30 JST
    await world.run()
    assert {m.text for m in world.notifier.sent if m.chat.thread_id is None} == {f"まとめ team:{tokyo.id}"}
    world.clock.value = datetime(2026, 11, 25, 4, 0, tzinfo=UTC)  # 18:00 Tuesday in Honolulu
    await world.run()
    assert f"まとめ team:{honolulu.id}" in {m.text for m in world.notifier.sent}
    assert {d.key.day for d in await _stored(world)} == {date(2026, 11, 24)}


async def test_a_digest_missed_while_yui_was_down_is_caught_up_and_marked_late(world: World) -> None:
    await _team(world)
    world.clock.value = datetime(2026, 11, 24, 22, 30, tzinfo=UTC)  # Wednesday 07:30 JST: Yui is back
    await world.run()
    summary, _ = world.notifier.sent
    assert summary.text.startswith("（2026/11/24（火）分のまとめです。") and "まとめ team:" in summary.text
    [stored] = await _stored(world)
    assert stored.late and stored.key.day == date(2026, 11, 24)


async def test_a_failed_send_is_retried_by_the_next_run_not_lost(world: World) -> None:
    await _team(world)
    world.notifier.fail = True
    await world.run()
    [failed] = await _stored(world)
    assert failed.status is DigestStatus.FAILED and "platform down" in failed.error and failed.attempts == 1

    world.notifier.fail = False
    world.clock.value += timedelta(minutes=5)
    await world.run()
    [sent] = await _stored(world)
    assert sent.status is DigestStatus.SENT and sent.attempts == 2 and len(world.notifier.sent) == 2


async def test_a_compose_failure_is_retried_too(world: World) -> None:
    await _team(world)
    world.content.fail_times = 1
    await world.run()
    assert world.notifier.sent == []
    world.clock.value += timedelta(minutes=5)
    await world.run()
    assert len(world.notifier.sent) == 2 and (await _stored(world))[0].status is DigestStatus.SENT


async def test_a_claim_left_by_a_run_that_died_is_taken_again_once_stale(world: World) -> None:
    team = await _team(world)
    key = DigestKey(leader_key(team.leader_id, team.id), DigestKind.DAILY, date(2026, 11, 24))
    async with world.database.unit_of_work() as uow:  # a run claimed it at 18:00 and died
        claim = StoredDigest(
            key,
            Audience.LEADER,
            DigestScope(ScopeKind.TEAM, team.id),
            ChatRef(Platform.SLACK, "TOPS", "U1"),
            DigestStatus.CLAIMED,
            TUESDAY_18_JST,
        )
        assert await uow.digests.claim(claim, TUESDAY_18_JST - timedelta(minutes=10)) is not None
        await uow.commit()
    world.clock.value = TUESDAY_18_JST + timedelta(minutes=5)
    await world.run()
    assert world.notifier.sent == []  # it may still be sending
    world.clock.value = TUESDAY_18_JST + timedelta(minutes=11)
    await world.run()
    assert len(world.notifier.sent) == 2 and (await _stored(world))[0].attempts == 2


async def test_two_runners_with_their_own_engines_send_each_digest_once(world: World, empty_database_url: str) -> None:
    teams = [await _team(world) for _ in range(6)]
    other = Database(empty_database_url)
    try:
        await asyncio.gather(world.run(), world.run(other), world.run(), world.run(other))
    finally:
        await other.dispose()
    summaries = [m for m in world.notifier.sent if m.chat.thread_id is None]
    assert sorted(m.text for m in summaries) == sorted(f"まとめ team:{t.id}" for t in teams)
    assert len(world.content.requests) == len(teams)
    assert all(d.status is DigestStatus.SENT and d.attempts == 1 for d in await _stored(world))


async def test_real_content_is_stored_as_json_that_reads_back(world: World) -> None:
    team = await _team(world)
    real = ComposedDigests(TemplateNarrativeWriter(), world.clock)
    await send_due(world.database.unit_of_work, world.notifier, real, world.clock)
    [stored] = await _stored(world)
    digest = digest_from_json(stored.facts)
    assert digest.facts.request.scope.id == team.id and digest.facts.scope_name == "伊那チーム"
    assert stored.source == "template" and stored.narrative and "伊那チーム" in stored.text
    assert world.notifier.sent[0].chat.platform is Platform.SLACK


# --- commands ------------------------------------------------------------------------------------------


def _slack(workspace: str, channel: str = "C0CLIENT") -> tuple[PersonRef, ChatRef]:
    user = "W" + uuid.uuid4().hex[:10].upper()
    return PersonRef(Platform.SLACK, workspace, user), ChatRef(Platform.SLACK, workspace, channel)


def _reply() -> ReplyHandle:
    return ReplyHandle("https://hooks.slack.test/commands/1", TUESDAY_18_JST)


async def test_a_client_channel_subscribes_at_its_time_and_gets_its_digest(world: World) -> None:
    person, chat = _slack("TCLIENT")
    world.directory.profiles[person.user_id] = PlatformProfile("田中", "ja-JP")
    args = DigestArgs(DigestAction.SUBSCRIBE, at=time(17, 30))
    await world.bus.handle(HandleDigest(person, chat, _reply(), None, args=args))
    [answer] = world.notifier.sent
    assert "毎日17:30（Asia/Tokyo）" in answer.text and answer.ephemeral_to is None  # the channel should know

    world.clock.value = datetime(2026, 11, 24, 8, 30, tzinfo=UTC)  # 17:30 JST
    await world.run()
    posted = world.notifier.sent[1]
    assert posted.chat == chat and posted.text.startswith("まとめ organization:")
    [request] = world.content.requests
    assert request.audience.value == "client" and request.scope.organization_id == request.scope.id

    await world.bus.handle(HandleDigest(person, chat, _reply(), None, args=DigestArgs(DigestAction.UNSUBSCRIBE)))
    assert "停止しました" in world.notifier.sent[-1].text
    world.clock.value += timedelta(days=1)
    before = len(world.notifier.sent)
    await world.run()
    assert len(world.notifier.sent) == before


async def test_a_channel_gets_the_weekly_digest_on_monday_morning(world: World) -> None:
    person, chat = _slack("TWEEK")
    await world.bus.handle(HandleDigest(person, chat, _reply(), None, args=DigestArgs(DigestAction.SUBSCRIBE)))
    world.clock.value = datetime(2026, 11, 30, 0, 10, tzinfo=UTC)  # Monday 09:10 JST
    await world.run()
    [request] = world.content.requests
    assert (request.kind, request.day) == (DigestKind.WEEKLY, date(2026, 11, 30))


async def test_subscribing_to_an_unknown_task_lists_the_open_ones(world: World) -> None:
    person, chat = _slack("TNOTASK")
    args = DigestArgs(DigestAction.SUBSCRIBE, target="存在しない案件")
    await world.bus.handle(HandleDigest(person, chat, _reply(), None, args=args))
    [answer] = world.notifier.sent
    assert "「存在しない案件」に当たる案件が見つかりませんでした" in answer.text and answer.ephemeral_to == person
    async with world.database.unit_of_work() as uow:
        assert await uow.digests.subscriptions() == []


async def test_a_leader_asks_for_the_digest_now_and_it_is_not_stored(world: World) -> None:
    team = await _team(world)
    async with world.database.unit_of_work() as uow:
        leader = await uow.people.get(team.leader_id)
    assert leader is not None
    slack = leader.identity_on(Platform.SLACK)
    assert slack is not None
    chat = ChatRef(Platform.SLACK, "TOPS", "C0LEADERS")
    await world.bus.handle(HandleDigest(slack.ref, chat, _reply(), None, args=DigestArgs(DigestAction.SHOW)))
    [shown] = world.notifier.sent
    assert shown.ephemeral_to == slack.ref and shown.reply is not None and shown.text == f"まとめ team:{team.id}"
    assert [c.header for c in shown.cards] == ["請求書入力"]  # the details come with it, for them only
    assert await _stored(world) == []


async def test_a_leader_of_two_teams_names_one_and_gets_only_its_digest(world: World) -> None:
    team = await _team(world)
    async with world.database.unit_of_work() as uow:
        leader = await uow.people.get(team.leader_id)
        assert leader is not None
        other = Team("駒ヶ根チーム", team.organization_id, leader.id)
        await uow.teams.add(other)
        await uow.commit()
    slack = leader.identity_on(Platform.SLACK)
    assert slack is not None
    chat = ChatRef(Platform.SLACK, "TOPS", "C0LEADERS")
    await world.bus.handle(HandleDigest(slack.ref, chat, _reply(), None, args=parse_digest_args("駒ヶ根")))
    [shown] = world.notifier.sent
    assert shown.text == f"まとめ team:{other.id}" and shown.ephemeral_to == slack.ref
    world.notifier.sent.clear()
    await world.bus.handle(HandleDigest(slack.ref, chat, _reply(), None, args=parse_digest_args("")))
    assert sorted(m.text for m in world.notifier.sent) == sorted(f"まとめ team:{t.id}" for t in (team, other))


async def test_a_leader_names_a_clients_task_their_team_works_on_and_no_other(world: World) -> None:
    team = await _team(world)
    client_ref, client_chat = _slack("TCLIENT")
    await world.bus.handle(HandleDigest(client_ref, client_chat, _reply(), None, args=DigestArgs(DigestAction.SHOW)))
    async with world.database.unit_of_work() as uow:  # the client (registered by that first ask) has two tasks
        client = await uow.people.by_identity(client_ref)
        leader = await uow.people.get(team.leader_id)
        assert client is not None and client.organization_id is not None and leader is not None
        member = Person(display_name="青木")
        await uow.people.add(member)
        team.add_member(member.id)
        await uow.teams.save(team)
        ours, theirs = (
            Task(client.organization_id, title, Volume(200, "件"), None, client.id, status=TaskStatus.IN_PROGRESS)
            for title in ("請求書入力", "名刺データ化")
        )
        await uow.tasks.add(ours)
        await uow.tasks.add(theirs)
        await uow.assignments.add(Assignment(ours.organization_id, ours.id, member.id, 100, 5.0, 0, TUESDAY_18_JST))
        await uow.commit()
    slack = leader.identity_on(Platform.SLACK)
    assert slack is not None
    chat = ChatRef(Platform.SLACK, "TOPS", "C0LEADERS")
    world.notifier.sent.clear()
    world.content.requests.clear()

    await world.bus.handle(HandleDigest(slack.ref, chat, _reply(), None, args=parse_digest_args("請求書")))
    [request] = world.content.requests
    assert request.scope == DigestScope(ScopeKind.TASK, ours.id, ours.organization_id)
    shown = world.notifier.sent[-1]
    assert shown.text == f"まとめ task:{ours.id}" and shown.ephemeral_to == slack.ref

    # the same client's other task: nobody in the leader's teams works on it, so it is not theirs to see
    await world.bus.handle(HandleDigest(slack.ref, chat, _reply(), None, args=parse_digest_args("名刺")))
    refusal = world.notifier.sent[-1]
    assert "「名刺」に当たる案件が見つかりませんでした" in refusal.text and "・請求書入力" in refusal.text
    assert "名刺データ化" not in refusal.text and len(world.content.requests) == 1

    # the client names either of their own organisation's tasks
    await world.bus.handle(HandleDigest(client_ref, client_chat, _reply(), None, args=parse_digest_args("名刺")))
    assert world.content.requests[-1].scope == DigestScope(ScopeKind.TASK, theirs.id, theirs.organization_id)
    assert world.notifier.sent[-1].text == f"まとめ task:{theirs.id}"


async def test_a_leader_of_two_teams_names_one_in_line(world: World) -> None:
    team = await _team(world, slack=False)
    async with world.database.unit_of_work() as uow:
        leader = await uow.people.get(team.leader_id)
        assert leader is not None
        other = Team("駒ヶ根チーム", team.organization_id, leader.id)
        await uow.teams.add(other)
        await uow.commit()
    line = leader.identity_on(Platform.LINE)
    assert line is not None
    chat = ChatRef(Platform.LINE, LINE_BOT, line.ref.user_id)
    token = ReplyHandle("reply-token", TUESDAY_18_JST)

    async def say(text: str) -> list[OutgoingMessage]:
        args = parse_line_digest(text)
        assert args is not None, text
        world.notifier.sent.clear()
        await world.bus.handle(HandleDigest(line.ref, chat, token, None, args=args))
        return list(world.notifier.sent)

    for text in ("まとめ 駒ヶ根チーム", "駒ヶ根チームのまとめ", "駒ヶ根チームのまとめを見せて"):
        [shown] = await say(text)
        assert shown.text == f"まとめ team:{other.id}" and shown.reply == token, text
    assert sorted(m.text for m in await say("まとめ")) == sorted(f"まとめ team:{t.id}" for t in (team, other))
    composed = len(world.content.requests)
    [unknown] = await say("まとめ 松本チーム")
    assert unknown.text.startswith("「松本チーム」という名前のチームは、あなたがリーダーのチームにありません。")
    assert "伊那チーム" in unknown.text and "駒ヶ根チーム" in unknown.text
    assert len(world.content.requests) == composed  # nothing composed for a team that is not theirs
    [timed] = await say("まとめ 19時")  # a time still sets the time, 「まとめ停止」 still stops
    assert timed.text == "日次まとめを毎日19:00（Asia/Tokyo）にお送りします。"
    [stopped] = await say("まとめ停止")
    assert stopped.text.startswith("日次まとめの自動配信を止めました。")


async def test_a_leader_in_line_sets_their_time_and_asks_for_the_digest(world: World) -> None:
    team = await _team(world, slack=False)
    async with world.database.unit_of_work() as uow:
        leader = await uow.people.get(team.leader_id)
    assert leader is not None
    line = leader.identity_on(Platform.LINE)
    assert line is not None
    chat = ChatRef(Platform.LINE, LINE_BOT, line.ref.user_id)
    token = ReplyHandle("reply-token", TUESDAY_18_JST)
    await world.bus.handle(
        HandleDigest(line.ref, chat, token, None, args=DigestArgs(DigestAction.TIME, at=time(19, 0)))
    )
    assert world.notifier.sent[-1].text == "日次まとめを毎日19:00（Asia/Tokyo）にお送りします。"
    await world.bus.handle(HandleDigest(line.ref, chat, token, None, args=DigestArgs(DigestAction.SHOW)))
    shown = world.notifier.sent[-1]
    assert shown.reply == token and shown.ephemeral_to is None and shown.cards  # the free reply, with the carousel

    await world.run()  # 18:00: the leader moved theirs to 19:00
    assert len(world.notifier.sent) == 2


@pytest.mark.parametrize(
    ("locale", "words"), [("ja-JP", "リーダーにお送りしています"), ("en-US", "go to team leaders")]
)
async def test_someone_who_leads_no_team_is_told_so_in_their_language(world: World, locale: str, words: str) -> None:
    person = PersonRef(Platform.LINE, LINE_BOT, "U" + uuid.uuid4().hex)
    world.directory.profiles[person.user_id] = PlatformProfile("青木", locale)
    chat = ChatRef(Platform.LINE, LINE_BOT, person.user_id)
    await world.bus.handle(HandleDigest(person, chat, None, None, args=DigestArgs(DigestAction.SHOW)))
    assert words in world.notifier.sent[-1].text


async def test_a_time_that_is_not_one_is_refused_and_nothing_changes(world: World) -> None:
    team = await _team(world)
    async with world.database.unit_of_work() as uow:
        leader = await uow.people.get(team.leader_id)
    assert leader is not None
    slack = leader.identity_on(Platform.SLACK)
    assert slack is not None
    chat = ChatRef(Platform.SLACK, "TOPS", "D0DM")
    args = DigestArgs(DigestAction.TIME, bad_time="25時")
    await world.bus.handle(HandleDigest(slack.ref, chat, _reply(), None, args=args))
    assert "「25時」は時刻として読めませんでした" in world.notifier.sent[-1].text
    async with world.database.unit_of_work() as uow:
        assert (await uow.digests.leader_setting(leader.id)).daily_at == time(18, 0)


async def test_a_channel_on_one_task_hears_until_the_day_it_is_finished(world: World) -> None:
    person, chat = _slack("TONETASK", "C0INVOICES")
    await world.bus.handle(HandleDigest(person, chat, _reply(), None, args=DigestArgs(DigestAction.SHOW)))
    async with world.database.unit_of_work() as uow:  # the client's task (registered earlier)
        client = await uow.people.by_identity(person)
        assert client is not None and client.organization_id is not None
        task = Task(
            client.organization_id, "請求書入力", Volume(200, "件"), None, client.id, status=TaskStatus.IN_PROGRESS
        )
        await uow.tasks.add(task)
        await uow.commit()
    args = DigestArgs(DigestAction.SUBSCRIBE, target="請求書")
    await world.bus.handle(HandleDigest(person, chat, _reply(), None, args=args))
    assert "案件「請求書入力」" in world.notifier.sent[-1].text

    async with world.database.unit_of_work() as uow:  # finished on Tuesday afternoon
        finished = await uow.tasks.get(task.organization_id, task.id)
        assert finished is not None
        finished.mark_done(client.id, TUESDAY_18_JST - timedelta(hours=3))
        await uow.tasks.save(finished)
        await uow.commit()
    world.content.requests.clear()  # the first /yui digest (which registered the client) is not scheduled
    await world.run()  # Tuesday 18:00: the day it ended, the channel gets its last digest
    assert [r.scope.id for r in world.content.requests] == [task.id]
    world.clock.value += timedelta(days=1)  # Wednesday: no more
    await world.run()
    assert len(world.content.requests) == 1


class RefusingChannel(FakeNotifier):
    """Slack refuses one channel (Yui is not in it); everything else is sent."""

    def __init__(self, channel: str) -> None:
        super().__init__()
        self.channel = channel

    async def send(self, message: OutgoingMessage) -> SentMessage | None:
        if message.chat.channel_id == self.channel and message.ephemeral_to is None and message.reply is None:
            raise ChatUnavailable("not_in_channel")
        return await super().send(message)


async def test_a_channel_that_refuses_the_digest_gets_its_subscriber_told_once(world: World) -> None:
    person, chat = _slack("TPRIVATE", "G0PRIVATE")
    world.directory.profiles[person.user_id] = PlatformProfile("田中", "ja-JP")
    await world.bus.handle(HandleDigest(person, chat, _reply(), None, args=DigestArgs(DigestAction.SUBSCRIBE)))
    refusing = RefusingChannel("G0PRIVATE")
    world.clock.value = TUESDAY_18_JST + timedelta(minutes=1)
    await send_due(world.database.unit_of_work, refusing, world.content, world.clock)
    [told] = refusing.sent
    assert told.chat == ChatRef(Platform.SLACK, "TPRIVATE", person.user_id)
    assert told.text.startswith("<#G0PRIVATE> にまとめを投稿できませんでした（not_in_channel）")
    [failed] = await _stored(world)
    assert failed.status is DigestStatus.FAILED and "not_in_channel" in failed.error

    world.clock.value += timedelta(minutes=5)  # the next run tries again, and does not nag
    await send_due(world.database.unit_of_work, refusing, world.content, world.clock)
    assert len(refusing.sent) == 1 and (await _stored(world))[0].attempts == 2


async def test_stop_and_unsubscribe_mean_the_leaders_own_digest_where_no_channel_subscribed(world: World) -> None:
    team = await _team(world)
    async with world.database.unit_of_work() as uow:
        leader = await uow.people.get(team.leader_id)
    assert leader is not None
    slack = leader.identity_on(Platform.SLACK)
    assert slack is not None
    dm = ChatRef(Platform.SLACK, "TOPS", "D0LEADER")
    await world.bus.handle(HandleDigest(slack.ref, dm, _reply(), None, args=DigestArgs(DigestAction.UNSUBSCRIBE)))
    assert world.notifier.sent[-1].text.startswith("日次まとめの自動配信を止めました。")
    await world.run()  # 18:00: nothing for a leader who stopped it
    assert world.content.requests == []

    client, channel = _slack("TSTOP", "C0STOP")  # in a subscribed channel, "stop" is the channel's
    await world.bus.handle(HandleDigest(client, channel, _reply(), None, args=DigestArgs(DigestAction.SUBSCRIBE)))
    await world.bus.handle(HandleDigest(client, channel, _reply(), None, args=DigestArgs(DigestAction.STOP)))
    assert world.notifier.sent[-1].text == "このチャンネルへのまとめの配信を停止しました。"

    await world.bus.handle(HandleDigest(slack.ref, dm, _reply(), None, args=DigestArgs(DigestAction.RESUME)))
    assert world.notifier.sent[-1].text == "日次まとめの自動配信を再開しました（毎日18:00）。"
    await world.run()
    assert [r.scope.id for r in world.content.requests] == [team.id]


async def test_a_channel_moves_or_drops_its_weekly_digest_and_anyone_can_see_what_is_set(world: World) -> None:
    person, chat = _slack("TWEEKLY", "C0WEEKLY")
    await world.bus.handle(HandleDigest(person, chat, _reply(), None, args=parse_digest_args("subscribe 17:30")))
    await world.bus.handle(HandleDigest(person, chat, _reply(), None, args=parse_digest_args("weekly 10:00")))
    assert world.notifier.sent[-1].text == "このチャンネルの週次まとめは毎週月曜10:00にお届けします。"
    await world.bus.handle(HandleDigest(person, chat, _reply(), None, args=parse_digest_args("設定")))
    shown = world.notifier.sent[-1]
    assert shown.ephemeral_to == person and shown.text.startswith("このチャンネル：")
    assert "毎日17:30（Asia/Tokyo）、週次まとめは毎週月曜10:00" in shown.text

    world.clock.value = datetime(2026, 11, 30, 0, 30, tzinfo=UTC)  # Monday 09:30 JST: not yet
    await world.run()
    assert world.content.requests == []
    world.clock.value = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)  # 10:00
    await world.run()
    assert [r.kind for r in world.content.requests] == [DigestKind.WEEKLY]

    await world.bus.handle(HandleDigest(person, chat, _reply(), None, args=parse_digest_args("weekly off")))
    assert world.notifier.sent[-1].text.startswith("このチャンネルへの週次まとめは止めました")
    async with world.database.unit_of_work() as uow:
        [subscription] = await uow.digests.subscriptions()
    assert subscription.weekly_at is None and subscription.daily_at == time(17, 30)


async def test_a_leader_sees_their_digest_setting(world: World) -> None:
    team = await _team(world, slack=False)
    async with world.database.unit_of_work() as uow:
        leader = await uow.people.get(team.leader_id)
    assert leader is not None
    line = leader.identity_on(Platform.LINE)
    assert line is not None
    chat = ChatRef(Platform.LINE, LINE_BOT, line.ref.user_id)
    await world.bus.handle(HandleDigest(line.ref, chat, None, None, args=DigestArgs(DigestAction.SETTINGS)))
    assert (
        world.notifier.sent[-1].text
        == "リーダーとして（伊那チーム）：日次まとめを毎日18:00（Asia/Tokyo）にLINEでお送りします。"
    )


async def test_one_leader_with_an_unknown_timezone_does_not_stop_the_others(world: World) -> None:
    await _team(world, timezone="Mars/Olympus_Mons")
    good = await _team(world)
    await world.run()
    assert [r.scope.id for r in world.content.requests] == [good.id]


async def test_a_digest_that_cannot_be_made_now_is_explained_not_an_internal_error(world: World) -> None:
    team = await _team(world)
    async with world.database.unit_of_work() as uow:
        leader = await uow.people.get(team.leader_id)
    assert leader is not None
    slack = leader.identity_on(Platform.SLACK)
    assert slack is not None

    async def gone(request: DigestRequest, uow: UnitOfWork) -> Digest:
        raise DomainError("error.digest_scope")

    world.content.compose = gone  # type: ignore[method-assign]
    chat = ChatRef(Platform.SLACK, "TOPS", "D0LEADER")
    await world.bus.handle(HandleDigest(slack.ref, chat, _reply(), None, args=DigestArgs(DigestAction.SHOW)))
    [answer] = world.notifier.sent
    assert answer.ephemeral_to == slack.ref and answer.text == translate("error.digest_scope", Locale.JA)
