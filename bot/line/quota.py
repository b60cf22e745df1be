"""LINE's monthly message limit: recognising LINE's refusal, and telling coordinators once a day.

Once an official account has sent its plan's messages for the month, LINE answers every push with
429 "You have reached your monthly limit." until the month (or the plan) changes. Unlike a rate
limit it does not pass in seconds, so it is final: never retried. The LINE notifier raises
`MonthlyLimitReached` carrying the message that could not go out (whoever keeps messages for later
takes it from there), and `MonthlyLimitAlarm` stores one timed-job run per local day in the inbox,
whose unique key makes "coordinators are told in Slack" happen at most once a day across restarts
and processes (`handlers/line_quota.py` tells them). Replies are not counted by LINE and keep working.
"""

from __future__ import annotations

import asyncio
from datetime import date
from zoneinfo import ZoneInfo

import structlog
from linebot.v3.messaging.exceptions import ApiException

from bot import inbound
from domain.persistence import InboundEvent, SqlInbox
from domain.refs import Platform
from handlers.jobs import TELL_LINE_MONTHLY_LIMIT, RunJob
from handlers.ports import Clock, OutgoingMessage

log = structlog.get_logger(__name__)

MONTHLY_LIMIT_TEXT = "you have reached your monthly limit"


class MonthlyLimitReached(Exception):
    """LINE refused a push because the account's monthly messages are used up."""

    def __init__(self, message: OutgoingMessage) -> None:
        super().__init__("LINE monthly message limit reached: push refused")
        self.message = message  # what could not be pushed


def is_monthly_limit(exc: Exception) -> bool:
    if not isinstance(exc, ApiException) or exc.status != 429:
        return False
    body = exc.body.decode("utf-8", "replace") if isinstance(exc.body, bytes) else str(exc.body or "")
    return MONTHLY_LIMIT_TEXT in body.lower()


class MonthlyLimitAlarm:
    """Stores the day's "tell the coordinators" job when LINE first refuses a push that day.

    The claim is written off the send path, in a task of its own, for the reason `PushLedger`
    gives (the sending handler may hold SQLite's write lock). `drain()` waits for it."""

    def __init__(self, inbox: SqlInbox, clock: Clock, timezone: str) -> None:
        self._inbox = inbox
        self._clock = clock
        self._zone = ZoneInfo(timezone)
        self._claimed: date | None = None  # this process stored today's run already
        self._pending: set[asyncio.Task[None]] = set()

    def reached(self) -> None:
        now = self._clock.now()
        day = now.astimezone(self._zone).date()
        if day == self._claimed:
            return
        self._claimed = day
        run = RunJob(TELL_LINE_MONTHLY_LIMIT, day.isoformat())
        event = InboundEvent(Platform.YUI, f"{run.name}@{run.slot}", inbound.job_payload(run), now)
        task = asyncio.create_task(self._claim(event, day))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def drain(self) -> None:
        while self._pending:
            await asyncio.gather(*list(self._pending))

    async def _claim(self, event: InboundEvent, day: date) -> None:
        try:
            fresh = await self._inbox.claim(event)
        except Exception:
            self._claimed = None  # try again with the next refusal
            log.exception("line.monthly_limit_not_recorded")
            return
        log.error("line.monthly_limit_reached", day=day.isoformat(), already_recorded=not fresh)
