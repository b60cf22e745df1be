"""The programme overview's figures: the monthly report (`handlers.coordinator`, the same code as
`yui report monthly`) for this month and the eleven before it, plus how evenly the earnings spread.

A month's figures read every report of the month (a second or more for a programme of 100,000
people), so they are kept instead of being recomputed on every page view: a closed month for ten
minutes (only a late correction changes it), the running month for one minute. Past that, the
page is served the kept figures while one refresh runs in the background, so no page view waits
for a recomputation except the very first of a month.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar, cast
from zoneinfo import ZoneInfo

import structlog

from domain.fairness import gini, share_with_work
from domain.periods import Period
from domain.persistence import Database
from domain.regional_report import ProgrammeFigures, counted, programme_figures, report_earnings
from handlers.coordinator import load_period
from handlers.ports import Clock

log = structlog.get_logger(__name__)
T = TypeVar("T")

CLOSED_MONTH_TTL = timedelta(minutes=10)
RUNNING_MONTH_TTL = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class MonthFigures:
    figures: ProgrammeFigures
    earnings_by_resident: dict[str, int]


@dataclass(frozen=True, slots=True)
class Fairness:
    gini: float | None
    share_with_work: float | None
    residents: int


def months_back(today: date, count: int) -> list[Period]:
    """The `count` months ending with today's, oldest first."""
    periods = []
    year, month = today.year, today.month
    for _ in range(count):
        periods.append(Period.month(year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return periods[::-1]


class FiguresCache:
    def __init__(self, database: Database, clock: Clock, zone: ZoneInfo) -> None:
        self._database = database
        self._clock = clock
        self._zone = zone
        self._kept: dict[tuple[Period, str | None], tuple[datetime, MonthFigures]] = {}
        self._lock = asyncio.Lock()
        self._extras: dict[str, tuple[datetime, object]] = {}
        self._refreshing: dict[tuple[Period, str | None], asyncio.Task[None]] = {}

    async def month(self, period: Period, organization: str | None = None) -> MonthFigures:
        now = self._clock.now()
        key = (period, organization)
        kept = self._kept.get(key)
        if kept is not None:
            running = period.end >= now.astimezone(self._zone).date()
            ttl = RUNNING_MONTH_TTL if running else CLOSED_MONTH_TTL
            if now - kept[0] >= ttl and key not in self._refreshing:
                self._refreshing[key] = asyncio.create_task(self._refresh(key))
            return kept[1]
        async with self._lock:  # the first computation of a month: once, however many pages ask
            kept = self._kept.get(key)
            if kept is None:
                kept = (now, await self._compute(period, organization))
                self._kept[key] = kept
            return kept[1]

    async def kept_figure(self, key: str, compute: Callable[[], Awaitable[T]]) -> T:
        """A figure of the running month besides the report's (the Gini, hours per team), kept for
        the running month's time: these read the whole programme too."""
        now = self._clock.now()
        kept = self._extras.get(key)
        if kept is not None and now - kept[0] < RUNNING_MONTH_TTL:
            return cast(T, kept[1])
        value = await compute()
        self._extras[key] = (now, value)
        return value

    async def _refresh(self, key: tuple[Period, str | None]) -> None:
        try:
            async with self._lock:
                self._kept[key] = (self._clock.now(), await self._compute(*key))
        except Exception:  # the kept figures stay; the next page view after the TTL tries again
            log.exception("console.figures_refresh_failed", month=key[0].start.isoformat())
        finally:
            self._refreshing.pop(key, None)

    async def _compute(self, period: Period, organization: str | None) -> MonthFigures:
        rows = await load_period(self._database.unit_of_work(), period, self._zone, organization)
        figures = programme_figures(period, self._zone, rows.reports, rows.tasks, rows.clients, rows.residents)
        dated = counted(rows.reports, period, self._zone)
        earned = report_earnings(dated, rows.tasks, self._zone)
        per_person: dict[str, int] = defaultdict(int)
        for report in dated:
            per_person[report.person_id] += earned[report.id]
        return MonthFigures(figures, dict(per_person))


def fairness(month: MonthFigures, residents: int) -> Fairness:
    """Gini over every resident who could work (those without work count as zero)."""
    earnings = list(month.earnings_by_resident.values())
    everyone = max(residents, len(earnings))
    values = [float(v) for v in earnings] + [0.0] * (everyone - len(earnings))
    return Fairness(gini(values), share_with_work(month.figures.active_residents, everyone), everyone)
