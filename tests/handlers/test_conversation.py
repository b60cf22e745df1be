"""Use cases through the bus, with fakes at the edges and the real unit of work on both databases."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from domain.intents import Intent
from domain.model import Role
from domain.persistence import Database
from domain.refs import ChatRef, Locale, PersonRef, Platform, ReplyHandle
from handlers.bootstrap import bootstrap
from handlers.commands import HandleMessage, HandleSlashCommand, MarkUnfollowed, WelcomeFollower
from handlers.conversation import IntentAnswer
from handlers.events import HelpShown, PersonJoined, PersonReturned, PersonUnfollowed
from handlers.messagebus import MessageBus
from handlers.ports import PlatformProfile, PrivacyNotice
from tests.handlers.fakes import FakeDirectory, FakeLLM, FakeNotifier, FixedClock


@dataclass
class World:
    bus: MessageBus
    database: Database
    notifier: FakeNotifier
    directory: FakeDirectory
    llm: FakeLLM


@pytest.fixture
async def world(database_url: str) -> AsyncIterator[World]:
    database = Database(database_url)
    notifier, directory, llm = FakeNotifier(), FakeDirectory(), FakeLLM()
    bus = bootstrap(
        uow_factory=database.unit_of_work, notifier=notifier, directory=directory, llm=llm, clock=FixedClock()
    )
    yield World(bus, database, notifier, directory, llm)
    await database.dispose()


def _line_person(world: World, name: str = "佐藤 花子", language: str = "ja") -> PersonRef:
    user_id = "U" + uuid.uuid4().hex
    world.directory.profiles[user_id] = PlatformProfile(name, language)
    return PersonRef(Platform.LINE, "Ubot", user_id)


def _reply() -> ReplyHandle:
    return ReplyHandle(uuid.uuid4().hex, datetime.now(UTC))


def _follow(ref: PersonRef) -> WelcomeFollower:
    return WelcomeFollower(
        person=ref, chat=ChatRef(Platform.LINE, ref.workspace, ref.user_id), reply=_reply(), locale_hint=None
    )


async def test_first_follow_registers_a_teleworker_and_greets_in_japanese(world: World) -> None:
    ref = _line_person(world)
    events = await world.bus.handle(_follow(ref))

    assert [type(e) for e in events] == [PersonJoined]
    [message] = world.notifier.sent
    assert message.text.startswith("はじめまして、佐藤 花子さん！")
    assert message.reply is not None and message.quick_replies[0].text == "このままでOK"
    async with world.database.unit_of_work() as uow:
        person = await uow.people.by_identity(ref)
    assert person is not None and person.roles == {Role.TELEWORKER} and person.locale is Locale.JA


async def test_english_line_profile_gets_english(world: World) -> None:
    ref = _line_person(world, "Hana", "en")
    await world.bus.handle(_follow(ref))
    assert world.notifier.sent[0].text.startswith("Nice to meet you, Hana!")


async def test_the_first_greeting_says_what_is_kept_who_sees_it_and_where_the_notice_is(world: World) -> None:
    ref = _line_person(world)
    await world.bus.handle(_follow(ref))
    plain = world.notifier.sent[0].text
    assert "【個人情報について】結が預かるのは、お名前" in plain and "「退会」でいつでも削除できます。" in plain
    assert "外部のAI" not in plain and "プライバシーポリシー" not in plain  # no LLM, no link set

    notifier = FakeNotifier()
    notice = PrivacyNotice("https://bpo.example.jp/privacy", external_llm=True)
    bus = bootstrap(
        uow_factory=world.database.unit_of_work,
        notifier=notifier,
        directory=world.directory,
        llm=world.llm,
        clock=FixedClock(),
        privacy=notice,
    )
    await bus.handle(_follow(_line_person(world, "Hana", "en")))
    english = notifier.sent[0].text
    assert "Your team leaders and the BPO programme's coordinators see them" in english
    assert "external AI (LLM) service" in english and "Our privacy notice: https://bpo.example.jp/privacy" in english
    await bus.handle(MarkUnfollowed(ref, _follow(ref).chat, None, None))
    await bus.handle(_follow(ref))  # following again: welcomed back, not told again
    assert "個人情報" not in notifier.sent[-1].text


async def test_unfollow_then_follow_again_keeps_the_person(world: World) -> None:
    ref = _line_person(world)
    [joined] = await world.bus.handle(_follow(ref))
    chat = ChatRef(Platform.LINE, ref.workspace, ref.user_id)
    [left] = await world.bus.handle(MarkUnfollowed(person=ref, chat=chat, reply=None, locale_hint=None))
    async with world.database.unit_of_work() as uow:
        person = await uow.people.by_identity(ref)
        assert person is not None and person.identities[0].blocked
    [back] = await world.bus.handle(_follow(ref))

    assert isinstance(joined, PersonJoined)
    assert isinstance(left, PersonUnfollowed) and isinstance(back, PersonReturned)
    assert joined.person_id == left.person_id == back.person_id
    assert world.notifier.sent[-1].text.startswith("おかえりなさい")
    async with world.database.unit_of_work() as uow:
        person = await uow.people.by_identity(ref)
        assert person is not None and not person.identities[0].blocked


async def test_slack_mention_registers_client_member_of_the_workspace_and_answers_in_thread(world: World) -> None:
    team = "T" + uuid.uuid4().hex[:8]
    ref = PersonRef(Platform.SLACK, team, "W1")
    world.directory.profiles["W1"] = PlatformProfile("田中", "ja-JP")
    chat = ChatRef(Platform.SLACK, team, "C1", "1700000000.000100")
    events = await world.bus.handle(
        HandleMessage(person=ref, chat=chat, reply=None, locale_hint=None, text="<@UYUI> 使い方を教えて")
    )

    assert [type(e) for e in events] == [HelpShown]
    [message] = world.notifier.sent
    assert message.chat.thread_id == "1700000000.000100" and "/yui help" in message.text
    assert world.llm.prompts == []  # the rules were sure: no model call
    async with world.database.unit_of_work() as uow:
        person = await uow.people.by_identity(ref)
        assert person is not None and person.organization_id is not None
        organization = await uow.organizations.by_slack_team(team)
    assert organization is not None and organization.id == person.organization_id


async def test_unknown_text_asks_the_llm_and_uses_its_answer(world: World) -> None:
    world.llm.answer = IntentAnswer(intent=Intent.HELP)
    ref = _line_person(world)
    chat = ChatRef(Platform.LINE, ref.workspace, ref.user_id)
    await world.bus.handle(
        HandleMessage(
            person=ref, chat=chat, reply=_reply(), locale_hint=None, text="これってどうやって使えばいいですか"
        )
    )
    assert len(world.llm.prompts) == 1 and '"これってどうやって使えばいいですか"' in world.llm.prompts[0]
    assert world.notifier.sent[0].text.startswith("結（ゆい）の使い方")


async def test_unknown_text_without_llm_says_so_politely_and_shows_help(world: World) -> None:
    ref = _line_person(world)
    chat = ChatRef(Platform.LINE, ref.workspace, ref.user_id)
    await world.bus.handle(HandleMessage(person=ref, chat=chat, reply=_reply(), locale_hint=None, text="ぴよぴよ"))
    assert world.notifier.sent[0].text.startswith("ごめんなさい、「ぴよぴよ」はまだうまく理解できませんでした。")


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        ("help", "*結（ゆい）の使い方*"),
        ("", "*結（ゆい）の使い方*"),
        ("frob", "`/yui frob` というコマンドはありません。"),
    ],
)
async def test_slash_commands_answer_ephemerally(world: World, text: str, starts: str) -> None:
    team = "T" + uuid.uuid4().hex[:8]
    ref = PersonRef(Platform.SLACK, team, "W2")
    reply = ReplyHandle("https://hooks.example/response", datetime.now(UTC))
    await world.bus.handle(
        HandleSlashCommand(
            person=ref, chat=ChatRef(Platform.SLACK, team, "C1"), reply=reply, locale_hint=None, text=text
        )
    )
    [message] = world.notifier.sent
    assert message.text.startswith(starts)
    assert message.ephemeral_to == ref and message.reply == reply


async def test_english_slack_user_gets_english_help(world: World) -> None:
    team = "T" + uuid.uuid4().hex[:8]
    world.directory.profiles["W3"] = PlatformProfile("Alex", "en-US")
    ref = PersonRef(Platform.SLACK, team, "W3")
    await world.bus.handle(
        HandleSlashCommand(
            person=ref, chat=ChatRef(Platform.SLACK, team, "C1"), reply=None, locale_hint=None, text="help"
        )
    )
    assert world.notifier.sent[0].text.startswith("*How to use Yui*")


async def test_a_failing_handler_tells_the_person_and_keeps_nothing_half_done(database_url: str) -> None:
    database = Database(database_url)
    directory = FakeDirectory()
    notifier = FakeNotifier()

    class BrokenNotifier(FakeNotifier):
        async def send(self, message):
            if "はじめまして" in message.text:
                raise ConnectionError("LINE down")
            await notifier.send(message)

    bus = bootstrap(
        uow_factory=database.unit_of_work,
        notifier=BrokenNotifier(),
        directory=directory,
        llm=FakeLLM(),
        clock=FixedClock(),
    )
    ref = PersonRef(Platform.LINE, "Ubot", "U" + uuid.uuid4().hex)
    with pytest.raises(ConnectionError):
        await bus.handle(_follow(ref))
    assert notifier.sent[0].text.startswith("すみません、処理中に問題が起きました")
    await database.dispose()
