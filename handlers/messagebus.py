"""The message bus: one command handler per command, any number of handlers per event.

Handlers return the events they caused; the bus runs those next. A failing event handler is
logged and does not undo the command that already succeeded. A failing command handler is logged
and the person is told, in their language, that something went wrong (never a stack trace).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

import structlog

from handlers.commands import Command
from handlers.events import Event

log = structlog.get_logger(__name__)

Message = Command | Event
Handler = Callable[[Any], Awaitable[Sequence[Event]]]
ErrorReporter = Callable[[Command], Awaitable[None]]


class MessageBus:
    def __init__(
        self,
        command_handlers: Mapping[type[Command], Handler],
        event_handlers: Mapping[type[Event], Sequence[Handler]],
        report_error: ErrorReporter,
    ) -> None:
        self._command_handlers = command_handlers
        self._event_handlers = event_handlers
        self._report_error = report_error

    async def handle(self, command: Command) -> list[Event]:
        """Run `command` and every event it causes; return all events, in order."""
        try:
            queue = list(await self._command_handlers[type(command)](command))
        except Exception:
            log.exception("command.failed", command=type(command).__name__)
            try:
                await self._report_error(command)
            except Exception:
                log.exception("command.error_report_failed", command=type(command).__name__)
            raise
        return await self.publish(queue)

    async def publish(self, events: Sequence[Event]) -> list[Event]:
        """Run the subscribers of events that an operator's action caused outside any chat (the
        CLI's `yui people delete`), and every event they cause; return all events, in order."""
        handled: list[Event] = []
        queue = list(events)
        while queue:
            event = queue.pop(0)
            handled.append(event)
            log.info("domain_event", kind=type(event).__name__, fields=_fields(event))
            for handler in self._event_handlers.get(type(event), ()):
                try:
                    queue.extend(await handler(event))
                except Exception:
                    log.exception("event_handler.failed", name=type(event).__name__)
        return handled


def _fields(event: Event) -> dict[str, object]:
    # Nested under one key: an event field may be called `name`, `event` or anything else a log
    # call already uses, and must never break the bus.
    return {name: getattr(event, name) for name in getattr(event, "__slots__", ())}
