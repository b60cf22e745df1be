"""The bus runs every event a command causes, whatever the events' fields are called."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from domain.refs import ChatRef, PersonRef, Platform
from handlers.commands import Command
from handlers.events import Event
from handlers.messagebus import MessageBus


@dataclass(frozen=True, slots=True)
class Rename(Command):
    pass


@dataclass(frozen=True, slots=True)
class Renamed(Event):
    name: str  # a field named like structlog's own arguments must not break the log line
    event: str


async def test_events_with_fields_named_like_log_arguments_are_handled() -> None:
    seen: list[Event] = []

    async def rename(command: Rename) -> Sequence[Event]:
        return [Renamed(name="佐藤", event="x")]

    async def remember(event: Renamed) -> Sequence[Event]:
        seen.append(event)
        return []

    async def report_error(command: Command) -> None:
        raise AssertionError("no command fails here")

    bus = MessageBus({Rename: rename}, {Renamed: [remember]}, report_error)
    person = PersonRef(Platform.LINE, "ch", "U1")
    command = Rename(person=person, chat=ChatRef(Platform.LINE, "ch", "U1"), reply=None, locale_hint=None)
    assert await bus.handle(command) == [Renamed(name="佐藤", event="x")]
    assert seen == [Renamed(name="佐藤", event="x")]
