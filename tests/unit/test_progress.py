"""Pace, forecast and verdict: working days, Japanese public holidays, corrections, no volume."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.progress import Verdict, WorkCalendar, holiday_name, is_public_holiday, pace_per_workday, progress

WEEKDAYS = WorkCalendar()
# 2026-11-23 (Mon) is 勤労感謝の日; 11-21/22 are a weekend.
FRI, SAT, SUN, HOLIDAY_MON, TUE = (date(2026, 11, d) for d in (20, 21, 22, 23, 24))


def test_public_holidays_come_from_the_calendar_package() -> None:
    assert is_public_holiday(HOLIDAY_MON)
    assert holiday_name(HOLIDAY_MON) == "勤労感謝の日"
    assert not is_public_holiday(TUE)
    assert not WEEKDAYS.is_workday(HOLIDAY_MON)
    assert WorkCalendar(work_public_holidays=True).is_workday(HOLIDAY_MON)


def test_workdays_skip_weekend_and_holiday() -> None:
    assert WEEKDAYS.workdays(FRI, TUE) == 2  # Fri and Tue
    assert WEEKDAYS.add_workdays(FRI, 1) == TUE
    assert WorkCalendar(weekdays=frozenset(range(7)), work_public_holidays=True).add_workdays(FRI, 1) == SAT


def test_a_long_weekend_does_not_slow_the_pace() -> None:
    days = {date(2026, 11, d): 20 for d in (16, 17, 18, 19, 20)}
    assert pace_per_workday(days, TUE, WEEKDAYS) == pytest.approx(20)


def test_today_counts_only_once_reported() -> None:
    days = {date(2026, 11, d): 10 for d in (16, 17, 18, 19, 20)}
    assert pace_per_workday(days, TUE, WEEKDAYS) == pytest.approx(10)
    assert pace_per_workday({**days, TUE: 40}, TUE, WEEKDAYS) == pytest.approx((40 + 40) / 5)


def test_a_young_task_is_measured_since_it_started() -> None:
    assert pace_per_workday({FRI: 30}, FRI, WEEKDAYS, started=FRI) == pytest.approx(30)


def test_forecast_and_verdicts() -> None:
    days = {date(2026, 11, d): 20 for d in (16, 17, 18, 19, 20)}  # 100 done, 20 a working day
    on_track = progress(200, days, TUE, date(2026, 12, 11), WEEKDAYS)
    assert (on_track.done, on_track.remaining, on_track.percent) == (100, 100, 50)
    assert on_track.forecast == date(2026, 12, 1)  # 5 working days after Tue 11/24
    assert on_track.verdict is Verdict.ON_TRACK
    assert progress(200, days, TUE, date(2026, 12, 2), WEEKDAYS).verdict is Verdict.AT_RISK
    assert progress(200, days, TUE, date(2026, 11, 27), WEEKDAYS).verdict is Verdict.LATE
    assert progress(200, days, TUE, FRI, WEEKDAYS).verdict is Verdict.LATE  # deadline passed
    assert progress(100, days, TUE, FRI, WEEKDAYS).verdict is Verdict.DONE


def test_a_correction_nets_out() -> None:
    result = progress(100, {FRI: 50, TUE: -5}, TUE, None, WEEKDAYS)
    assert (result.done, result.done_today, result.verdict) == (45, -5, Verdict.ON_TRACK)


def test_nothing_reported() -> None:
    assert progress(100, {}, TUE, date(2026, 12, 20), WEEKDAYS).verdict is Verdict.NOT_STARTED
    assert progress(100, {}, TUE, date(2026, 11, 25), WEEKDAYS).verdict is Verdict.AT_RISK
    no_volume = progress(None, {FRI: 3}, TUE, None, WEEKDAYS)
    assert (no_volume.percent, no_volume.forecast, no_volume.verdict) == (None, None, Verdict.ON_TRACK)


def test_no_forecast_past_the_horizon() -> None:
    slow = progress(10**7, {TUE - timedelta(days=1): 1}, TUE, None, WEEKDAYS)
    assert slow.forecast is None
