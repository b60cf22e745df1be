"""Pure rules of issue 6: the reminder words and when a reminder is due; the guided report dialog."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.model import Absence, TimeWindow
from domain.reminders import (
    ReminderChange,
    ReminderCommand,
    ReminderSetting,
    calendar_of,
    is_due,
    parse_reminder,
)
from domain.report_dialog import DialogEnd, DialogStep, ReportDialog, read_count

TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("リマインド 20時", ReminderCommand(ReminderChange.SET, time(20, 0))),
        ("リマインド 20:30", ReminderCommand(ReminderChange.SET, time(20, 30))),
        ("リマインド２０時", ReminderCommand(ReminderChange.SET, time(20, 0))),
        ("リマインド　２０：１５", ReminderCommand(ReminderChange.SET, time(20, 15))),
        ("リマインド二十時", ReminderCommand(ReminderChange.SET, time(20, 0))),
        ("リマインド 二十時半", ReminderCommand(ReminderChange.SET, time(20, 30))),
        ("リマインド 午後8時", ReminderCommand(ReminderChange.SET, time(20, 0))),
        ("リマインドは19時にして", ReminderCommand(ReminderChange.SET, time(19, 0))),
        ("remind 8pm", ReminderCommand(ReminderChange.SET, time(20, 0))),
        ("リマインド停止", ReminderCommand(ReminderChange.STOP)),
        ("リマインドを止めて", ReminderCommand(ReminderChange.STOP)),
        ("リマインド再開！", ReminderCommand(ReminderChange.RESUME)),
        ("リマインド", ReminderCommand(ReminderChange.SHOW)),
        ("リマインド 25時", ReminderCommand(ReminderChange.SET, invalid=True)),
        ("リマインド 17:75", ReminderCommand(ReminderChange.SET, invalid=True)),
        ("請求書20件入力しました", None),
        ("20時に作業します", None),
    ],
)
def test_reminder_words(text: str, expected: ReminderCommand | None) -> None:
    assert parse_reminder(text) == expected


def test_working_days_come_from_the_time_windows() -> None:
    assert calendar_of(()).weekdays == frozenset(range(5))
    weekend = calendar_of({TimeWindow.WEEKEND})
    assert weekend.weekdays == frozenset({5, 6}) and weekend.work_public_holidays
    both = calendar_of({TimeWindow.EVENING, TimeWindow.WEEKEND})
    assert both.weekdays == frozenset(range(7))


def _due(local: datetime, **overrides: object) -> bool:
    values: dict[str, object] = {"has_active_work": True, "reported_today": False}
    values.update(overrides)
    absences = values.pop("absences", ())
    setting = values.pop("setting", ReminderSetting("p"))
    return is_due(setting, local, calendar_of(()), absences, **values)  # type: ignore[arg-type]


def test_when_a_reminder_is_due() -> None:
    tuesday = datetime(2026, 11, 24, 17, 0, tzinfo=TOKYO)
    assert _due(tuesday)
    assert not _due(tuesday - timedelta(minutes=1))  # before their time
    assert not _due(tuesday.replace(hour=22))  # too late: tomorrow instead
    late = ReminderSetting("p", time(22, 30))  # a time they chose after LATEST is still kept
    assert _due(tuesday.replace(hour=22, minute=30), setting=late)
    assert _due(tuesday.replace(hour=23, minute=29), setting=late)
    assert not _due(tuesday.replace(hour=23, minute=30), setting=late)  # an hour late: tomorrow instead
    midnight = ReminderSetting("p", time(23, 45))
    assert _due(tuesday.replace(hour=23, minute=59, second=59), setting=midnight)
    assert not _due(tuesday.replace(hour=23, minute=44), setting=midnight)
    assert not _due(tuesday, reported_today=True)
    assert not _due(tuesday, has_active_work=False)
    assert not _due(tuesday, setting=ReminderSetting("p", time(17, 0), enabled=False))
    assert not _due(datetime(2026, 11, 23, 17, 30, tzinfo=TOKYO))  # 勤労感謝の日
    assert not _due(datetime(2026, 11, 28, 17, 30, tzinfo=TOKYO))  # Saturday
    off = Absence("p", date(2026, 11, 24), date(2026, 11, 25), "", datetime(2026, 11, 20, tzinfo=UTC))
    assert not _due(tuesday, absences=[off])


def _step(dialog: ReportDialog) -> DialogStep:
    return dialog.step  # read through a call: the dialog's step changes under mypy's narrowing


def test_the_guided_report_asks_until_it_has_a_number() -> None:
    now = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
    dialog = ReportDialog.guided("p", (("a1", "請求書入力"), ("a2", "アンケート入力")), now)
    assert _step(dialog) is DialogStep.ASSIGNMENT
    assert dialog.answer("経費", now).notice == "dialog.pick_again"
    assert dialog.answer("アンケート", now).ended is None and dialog.assignment_id == "a2"
    assert dialog.answer("たくさん", now).notice == "dialog.number_again"
    assert _step(dialog) is DialogStep.UNITS
    assert dialog.answer("四十五件", now).ended is None and dialog.units == 45
    assert dialog.answer("なし", now).ended is DialogEnd.REPORTED and dialog.note == ""
    assert not dialog.expired(now + timedelta(hours=1)) and dialog.expired(now + timedelta(hours=3))

    single = ReportDialog.guided("p", (("a1", "請求書入力"),), now)
    assert single.step is DialogStep.UNITS and single.assignment_id == "a1"
    assert single.answer("やめる", now).ended is DialogEnd.CANCELLED

    correction = ReportDialog.correction("p", (("r2", "11/24 請求書 30件"), ("r1", "11/23 請求書 50件")), now)
    assert correction.answer("2", now).ended is None and correction.report_id == "r1"
    assert correction.answer("４５", now).ended is DialogEnd.CORRECTED and correction.units == 45


@pytest.mark.parametrize(("text", "count"), [("45", 45), ("４５件", 45), ("1,200", 1200), ("二百", 200), ("-", None)])
def test_counts_in_short_answers(text: str, count: int | None) -> None:
    assert read_count(text) == count
