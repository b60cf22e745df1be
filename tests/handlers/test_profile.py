"""The teleworker's conversation through the bus, on SQLite and PostgreSQL: the stored question,
the profile, withdrawal and absences."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from domain.conversation import Flow, Step
from domain.model import Absence
from domain.persistence import Database
from domain.profile_answers import Word
from domain.refs import ChatRef, PersonRef, Platform, ReplyHandle
from handlers.bootstrap import bootstrap
from handlers.buttons import read_tap, tap_data
from handlers.commands import Command, HandleMessage, HandlePostback, WelcomeFollower
from handlers.events import AbsenceReported, PersonWithdrew, ProfileChanged
from handlers.messagebus import MessageBus
from handlers.ports import PlatformProfile
from tests.handlers.fakes import FakeDirectory, FakeLLM, FakeNotifier, FixedClock


@dataclass
class World:
    bus: MessageBus
    database: Database
    notifier: FakeNotifier
    ref: PersonRef

    def _base(self) -> dict[str, object]:
        return {
            "person": self.ref,
            "chat": ChatRef(Platform.LINE, self.ref.workspace, self.ref.user_id),
            "reply": ReplyHandle(uuid.uuid4().hex, datetime.now(UTC)),
            "locale_hint": None,
        }

    async def send(self, command: Command) -> list[object]:
        return list(await self.bus.handle(command))

    def text(self, text: str) -> HandleMessage:
        return HandleMessage(**self._base(), text=text)  # type: ignore[arg-type]

    def tap(self, data: str) -> HandlePostback:
        return HandlePostback(**self._base(), data=data)  # type: ignore[arg-type]

    def follow(self) -> WelcomeFollower:
        return WelcomeFollower(**self._base())  # type: ignore[arg-type]


@pytest.fixture
async def world(database_url: str) -> AsyncIterator[World]:
    database = Database(database_url)
    notifier, directory = FakeNotifier(), FakeDirectory()
    user = "U" + uuid.uuid4().hex
    directory.profiles[user] = PlatformProfile("佐藤 花子", "ja")
    bus = bootstrap(
        uow_factory=database.unit_of_work, notifier=notifier, directory=directory, llm=FakeLLM(), clock=FixedClock()
    )
    yield World(bus, database, notifier, PersonRef(Platform.LINE, "Ubot", user))
    await database.dispose()


def test_tap_data_is_short_and_reads_back() -> None:
    data = tap_data(Word.PICK, Step.SKILLS, "customer_support")
    assert len(data) <= 300 and read_tap(data) == (Word.PICK, Step.SKILLS, "customer_support")
    assert read_tap("action=buyItem&itemId=123123") is None


async def test_the_open_question_and_the_answers_are_stored(world: World) -> None:
    await world.send(world.follow())
    await world.send(world.tap(tap_data(Word.KEEP, Step.NAME)))
    await world.send(world.text("データ入力、経理"))
    events = await world.send(world.text("完了"))
    assert events == [ProfileChanged(events[0].person_id, ("skills",))]  # type: ignore[attr-defined]
    async with world.database.unit_of_work() as uow:
        person = await uow.people.by_identity(world.ref)
        assert person is not None
        conversation = await uow.conversations.get(person.id)
        profile = await uow.profiles.get(person.id)
    assert conversation is not None and (conversation.flow, conversation.step) == (Flow.ONBOARDING, Step.HOURS)
    assert conversation.pending == (Step.HOURS, Step.WINDOWS, Step.REGION, Step.CONSTRAINTS)
    assert profile is not None and profile.skills == {"data_entry", "bookkeeping"}
    assert world.notifier.sent[-1].text.startswith("【3/6】")


async def test_a_tap_offered_for_another_question_changes_nothing(world: World) -> None:
    await world.send(world.follow())
    events = await world.send(world.tap(tap_data(Word.PICK, Step.HOURS, "40")))  # we are at the name
    assert events == []
    assert world.notifier.sent[-1].text.startswith("その選択肢は今は使えません。")


async def test_withdrawal_keeps_only_the_id_and_absence_dates(world: World) -> None:
    await world.send(world.follow())
    await world.send(world.text("やめる"))
    [reported] = await world.send(world.text("明日は子どもの発熱で休みます"))
    assert isinstance(reported, AbsenceReported) and reported.start == date(2026, 11, 24)
    await world.send(world.text("退会"))
    [withdrew] = await world.send(world.tap(tap_data(Word.WITHDRAW_CONFIRM, Step.CONFIRM_WITHDRAW)))
    assert isinstance(withdrew, PersonWithdrew)
    async with world.database.unit_of_work() as uow:
        assert await uow.people.by_identity(world.ref) is None
        person = await uow.people.get(withdrew.person_id)
        absences = await uow.absences.for_person(withdrew.person_id)
    assert person is not None and person.withdrawn and person.display_name == "" and person.identities == []
    assert [(a.start, a.reason) for a in absences] == [(date(2026, 11, 24), "")]
    assert isinstance(absences[0], Absence)
