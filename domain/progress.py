"""Progress arithmetic shared by `/yui status`, the App Home bars and the digests.

One place decides what "pace", "forecast" and "at risk" mean, so a client's status answer and a
leader's digest never disagree. Everything here is pure: the caller passes the units reported per
day (already netted for corrections) and a `WorkCalendar`; nothing reads a clock.

Pace is units per *working* day over a recent window, so a weekend or a public holiday without
reports does not make a task look slower, and the forecast counts working days the same way.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from holidays.countries.japan import Japan

PACE_WINDOW_WORKDAYS = 5  # a working week: long enough to smooth one slow day, short enough to follow a change
FORECAST_HORIZON_DAYS = 730  # beyond two years a forecast says nothing; report "no forecast" instead
RISK_MARGIN = 0.8  # needing more than 80 % of the current pace leaves no room for one bad day


class Verdict(enum.StrEnum):
    DONE = "done"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    LATE = "late"
    NOT_STARTED = "not_started"  # nothing reported yet and the deadline is not in danger (or there is none)


@lru_cache(maxsize=8)
def _japanese_holidays(years: tuple[int, ...]) -> frozenset[date]:
    return frozenset(Japan(years=years))


@dataclass(frozen=True, slots=True)
class WorkCalendar:
    """Which days are working days: the chosen weekdays, minus Japanese public holidays unless the
    person or team works them. `holidays` (python-holidays, country JP) keeps the list, including
    substitute holidays (振替休日) and the ones moved by law."""

    weekdays: frozenset[int] = frozenset(range(5))  # Monday = 0
    work_public_holidays: bool = False

    def is_workday(self, day: date) -> bool:
        if day.weekday() not in self.weekdays:
            return False
        return self.work_public_holidays or not is_public_holiday(day)

    def workdays(self, start: date, end: date) -> int:
        """Working days from `start` to `end`, both included (0 when end < start)."""
        return sum(1 for offset in range((end - start).days + 1) if self.is_workday(start + timedelta(offset)))

    def add_workdays(self, start: date, count: int) -> date | None:
        """The `count`-th working day after `start` (start itself not counted); None past the horizon."""
        day, left = start, count
        for _ in range(FORECAST_HORIZON_DAYS):
            if left <= 0:
                return day
            day += timedelta(days=1)
            if self.is_workday(day):
                left -= 1
        return day if left <= 0 else None


def is_public_holiday(day: date) -> bool:
    return day in _japanese_holidays((day.year - 1, day.year, day.year + 1))


def holiday_name(day: date, *, language: str = "ja") -> str | None:
    """The holiday's name (勤労感謝の日 / Labor Thanksgiving Day), or None on an ordinary day."""
    names = Japan(years=day.year, language="ja" if language == "ja" else "en_US")
    name = names.get(day)
    return None if name is None else str(name)


@dataclass(frozen=True, slots=True)
class Progress:
    total: int | None  # the task's volume in its unit; None when the client gave none
    done: int
    done_today: int
    pace: float  # units per working day over the recent window
    forecast: date | None  # when the rest is done at this pace; None without volume or pace
    deadline: date | None
    verdict: Verdict

    @property
    def remaining(self) -> int | None:
        return None if self.total is None else max(self.total - self.done, 0)

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, math.floor(100 * self.done / self.total))


def pace_per_workday(
    units_by_day: Mapping[date, int], today: date, calendar: WorkCalendar, *, started: date | None = None
) -> float:
    """Units per working day over the last `PACE_WINDOW_WORKDAYS` working days up to today.

    Today counts only once something was reported today (an evening digest should not halve the pace
    of a team that reports at night). Work reported on a day off counts toward the window it falls in.
    A task younger than the window is measured over the working days since it started.
    """
    end = today if units_by_day.get(today) else today - timedelta(days=1)
    start = end
    counted = 1 if calendar.is_workday(end) else 0
    while counted < PACE_WINDOW_WORKDAYS:
        previous = start - timedelta(days=1)
        if started is not None and previous < started:
            break
        start = previous
        if calendar.is_workday(start):
            counted += 1
    units = sum(n for day, n in units_by_day.items() if start <= day <= end)
    return max(units, 0) / max(counted, 1)


def progress(
    total: int | None,
    units_by_day: Mapping[date, int],
    today: date,
    deadline: date | None,
    calendar: WorkCalendar,
    *,
    started: date | None = None,
) -> Progress:
    """Totals, pace, forecast and verdict of one task (or one person's share) on `today`."""
    done = max(sum(units_by_day.values()), 0)
    done_today = units_by_day.get(today, 0)
    pace = pace_per_workday(units_by_day, today, calendar, started=started)
    remaining = None if total is None else max(total - done, 0)
    forecast: date | None = None
    if remaining is not None and remaining > 0 and pace > 0:
        # The rest starts on the next working day; today's work is already in `done`.
        forecast = calendar.add_workdays(today, math.ceil(remaining / pace))
    elif remaining == 0:
        forecast = today
    return Progress(
        total,
        done,
        done_today,
        pace,
        forecast,
        deadline,
        _verdict(remaining, pace, forecast, deadline, today, calendar),
    )


def _verdict(
    remaining: int | None,
    pace: float,
    forecast: date | None,
    deadline: date | None,
    today: date,
    calendar: WorkCalendar,
) -> Verdict:
    if remaining == 0:
        return Verdict.DONE
    if deadline is not None and today > deadline:
        return Verdict.LATE
    if pace <= 0:
        if deadline is not None and remaining is not None and calendar.workdays(today, deadline) <= 2:
            return Verdict.AT_RISK  # two working days left and nothing reported yet
        return Verdict.NOT_STARTED
    if deadline is None or remaining is None:
        return Verdict.ON_TRACK
    if forecast is None or forecast > deadline:
        return Verdict.LATE
    workdays_left = calendar.workdays(today + timedelta(days=1), deadline)
    needed = remaining / workdays_left if workdays_left else math.inf
    return Verdict.AT_RISK if needed > RISK_MARGIN * pace else Verdict.ON_TRACK


def units_by_day(entries: Iterable[tuple[date, int]]) -> dict[date, int]:
    """Sum (day, units) pairs per day; corrections come in as negative units on the day they fix."""
    totals: dict[date, int] = {}
    for day, units in entries:
        totals[day] = totals.get(day, 0) + units
    return totals
