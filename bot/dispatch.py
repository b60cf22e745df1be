"""Hand a translated command to the bus after the platform has been acknowledged."""

from __future__ import annotations

from bot.background import BackgroundWork
from domain.persistence import SqlInbox
from domain.refs import Platform
from handlers.commands import Command
from handlers.messagebus import MessageBus


class Dispatcher:
    def __init__(self, bus: MessageBus, work: BackgroundWork, inbox: SqlInbox) -> None:
        self._bus = bus
        self._work = work
        self._inbox = inbox

    def submit(self, command: Command, *, event: tuple[Platform, str] | None = None) -> None:
        self._work.spawn(self._run(command, event), name=f"{type(command).__name__}:{event[1] if event else '-'}")

    def ignored(self, platform: Platform, event_id: str) -> None:
        """An accepted event that asks nothing of us (a bot's own message, an edit ...)."""
        self._inbox.mark_handled(platform, event_id)

    async def _run(self, command: Command, event: tuple[Platform, str] | None) -> None:
        try:
            await self._bus.handle(command)
        except Exception:
            # The bus has logged it and told the person; the inbox row stays unhandled so an
            # operator can find it (`handled_at IS NULL`).
            return
        if event is not None:
            self._inbox.mark_handled(*event)
