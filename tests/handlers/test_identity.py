"""Account linking through the bus on SQLite and PostgreSQL: expiry, single use, and what moves."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from domain.persistence import Database
from domain.refs import ChatRef, PersonRef, Platform
from handlers.bootstrap import bootstrap
from handlers.commands import HandleMessage, HandleSlashCommand, WelcomeFollower
from handlers.events import AccountsLinked, ProfileChanged
from handlers.messagebus import MessageBus
from handlers.ports import PlatformProfile
from handlers.teams import create_team
from tests.handlers.fakes import FakeDirectory, FakeLLM, FakeNotifier


class MovableClock:
    def __init__(self) -> None:
        self.at = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.at


@dataclass
class World:
    bus: MessageBus
    database: Database
    notifier: FakeNotifier
    clock: MovableClock
    slack: PersonRef
    line: PersonRef


@pytest.fixture
async def world(database_url: str) -> AsyncIterator[World]:
    database = Database(database_url)
    notifier, directory, clock = FakeNotifier(), FakeDirectory(), MovableClock()
    slack = PersonRef(Platform.SLACK, "T" + uuid.uuid4().hex[:8], "W" + uuid.uuid4().hex[:8])
    line = PersonRef(Platform.LINE, "Ubot", "U" + uuid.uuid4().hex)
    directory.profiles[slack.user_id] = PlatformProfile("鈴木 一郎", "ja-JP")
    directory.profiles[line.user_id] = PlatformProfile("すずき", "ja")
    bus = bootstrap(
        uow_factory=database.unit_of_work, notifier=notifier, directory=directory, llm=FakeLLM(), clock=clock
    )
    yield World(bus, database, notifier, clock, slack, line)
    await database.dispose()


async def _code(world: World) -> str:
    chat = ChatRef(Platform.SLACK, world.slack.workspace, "C1")
    await world.bus.handle(HandleSlashCommand(person=world.slack, chat=chat, reply=None, locale_hint=None, text="link"))
    message = world.notifier.sent[-1]
    assert message.ephemeral_to == world.slack
    found = re.search(r"連携 ([A-Z0-9]{8})", message.text)
    assert found
    return found.group(1)


def _line_text(world: World, text: str) -> HandleMessage:
    chat = ChatRef(Platform.LINE, world.line.workspace, world.line.user_id)
    return HandleMessage(person=world.line, chat=chat, reply=None, locale_hint=None, text=text)


async def test_an_expired_code_links_nothing(world: World) -> None:
    await world.bus.handle(
        WelcomeFollower(person=world.line, chat=_line_text(world, "").chat, reply=None, locale_hint=None)
    )
    code = await _code(world)
    world.clock.at += timedelta(minutes=10, seconds=1)
    assert await world.bus.handle(_line_text(world, f"連携 {code}")) == []
    assert world.notifier.sent[-1].text.startswith("連携コードが正しくないか、期限切れか")


async def test_linking_moves_the_line_persons_profile_and_teams_onto_the_slack_person(world: World) -> None:
    await world.bus.handle(
        WelcomeFollower(person=world.line, chat=_line_text(world, "").chat, reply=None, locale_hint=None)
    )
    for answer in ("このままでOK", "翻訳", "完了", "週5時間"):
        await world.bus.handle(_line_text(world, answer))
    async with world.database.unit_of_work() as uow:
        line_person = await uow.people.by_identity(world.line)
    assert line_person is not None
    team = await create_team(world.database.unit_of_work(), "伊那チーム", line_person.id)
    code = await _code(world)
    world.clock.at += timedelta(minutes=9)

    [linked] = await world.bus.handle(_line_text(world, f"連携　{code}"))  # an ideographic space

    assert isinstance(linked, AccountsLinked) and linked.merged_id == line_person.id
    async with world.database.unit_of_work() as uow:
        person = await uow.people.by_identity(world.line)
        assert person is not None and person.id == linked.person_id
        assert await uow.people.by_identity(world.slack) == person
        profile = await uow.profiles.get(person.id)
        moved_team = await uow.teams.get(team.id)
        shell = await uow.people.get(line_person.id)
    assert profile is not None and profile.skills == {"translation"} and profile.weekly_hours == 5
    assert moved_team is not None and moved_team.leader_id == person.id
    assert shell is not None and shell.withdrawn and shell.identities == []
    await world.bus.handle(_line_text(world, "土日"))  # the onboarding goes on where it was, for the merged person
    [changed] = await world.bus.handle(_line_text(world, "完了"))
    assert isinstance(changed, ProfileChanged) and changed.person_id == person.id


async def test_a_leader_hears_of_an_absence_in_slack_when_they_have_it(world: World) -> None:
    """A leader on Slack is told there (a DM from the app is free; a LINE push is not)."""
    chat = ChatRef(Platform.SLACK, world.slack.workspace, "C1")
    await world.bus.handle(HandleSlashCommand(person=world.slack, chat=chat, reply=None, locale_hint=None, text="help"))
    async with world.database.unit_of_work() as uow:
        slack_leader = await uow.people.by_identity(world.slack)
    assert slack_leader is not None
    team = await create_team(world.database.unit_of_work(), "伊那チーム", slack_leader.id)
    member = PersonRef(Platform.LINE, "Ubot", "U" + uuid.uuid4().hex)
    member_chat = ChatRef(Platform.LINE, "Ubot", member.user_id)
    await world.bus.handle(WelcomeFollower(person=member, chat=member_chat, reply=None, locale_hint=None))
    await world.bus.handle(
        HandleMessage(person=member, chat=member_chat, reply=None, locale_hint=None, text=f"参加 {team.join_code}")
    )

    await world.bus.handle(
        HandleMessage(
            person=member, chat=member_chat, reply=None, locale_hint=None, text="12/1から12/3まで通院のため休みます"
        )
    )

    notice = world.notifier.sent[-1]
    assert notice.chat == ChatRef(Platform.SLACK, world.slack.workspace, world.slack.user_id)
    assert notice.text == "ゲストさんから、2026/12/1（火）〜2026/12/3（木）のお休みの連絡がありました（理由：通院）。"
