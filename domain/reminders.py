"""The gentle daily reminder (issue 6): who gets one, and the chat words that change or stop it.

A worker with an active assignment who has not reported by their chosen time (default 17:00 in
their own timezone) gets one LINE reminder that day, on their working days only: never on a day
they said they are off, never on a Japanese public holiday unless they work them. Nagging makes
people block bots, so a reminder is only ever late by a little: after `LATEST` local time the day's
reminder is skipped rather than sent at night.

Pure: the caller passes the local time, the calendar and what is stored; nothing here reads a clock.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from domain.model import Absence, TimeWindow
from domain.progress import WorkCalendar
from domain.text import kanji_to_int, normalize

DEFAULT_TIME = time(17, 0)
LATEST = time(22, 0)  # a reminder due earlier but not sent by then (Yui was down) waits for tomorrow
LATE_GRACE = timedelta(hours=1)  # a time the worker chose at or after LATEST still gets this long


@dataclass(frozen=True, slots=True)
class ReminderSetting:
    person_id: str
    remind_at: time = DEFAULT_TIME
    enabled: bool = True


def calendar_of(windows: Iterable[TimeWindow]) -> WorkCalendar:
    """Working days from the time windows a worker gave: weekday windows mean Monday–Friday, the
    weekend window adds Saturday and Sunday. Someone who works weekends is taken to work public
    holidays too (they said they work on days off); without any window, the office week."""
    chosen = set(windows)
    weekdays: set[int] = set()
    if chosen & {TimeWindow.WEEKDAY_MORNING, TimeWindow.WEEKDAY_AFTERNOON, TimeWindow.EVENING}:
        weekdays |= set(range(5))
    if TimeWindow.WEEKEND in chosen:
        weekdays |= {5, 6}
    if not weekdays:
        return WorkCalendar()
    return WorkCalendar(frozenset(weekdays), work_public_holidays=TimeWindow.WEEKEND in chosen)


def is_due(
    setting: ReminderSetting,
    local_now: datetime,
    calendar: WorkCalendar,
    absences: Iterable[Absence],
    *,
    has_active_work: bool,
    reported_today: bool,
) -> bool:
    """Whether a reminder should go out now (the caller makes sure it goes out once a day)."""
    if not setting.enabled or not has_active_work or reported_today:
        return False
    today = local_now.date()
    if not calendar.is_workday(today):
        return False
    if any(a.start <= today <= a.end for a in absences):
        return False
    moment = local_now.time()
    return setting.remind_at <= moment < latest(setting.remind_at)


def latest(remind_at: time) -> time:
    """Until when a reminder due at `remind_at` may still go out: LATEST, or for a time the worker
    chose themselves at or after it (「リマインド 23時」) an hour past that time, never past midnight."""
    if remind_at < LATEST:
        return LATEST
    grace = datetime.combine(datetime.min.date(), remind_at) + LATE_GRACE
    return time.max if grace.date() > datetime.min.date() else grace.time()


class ReminderChange(enum.StrEnum):
    SET = "set"
    STOP = "stop"
    RESUME = "resume"
    SHOW = "show"


@dataclass(frozen=True, slots=True)
class ReminderCommand:
    change: ReminderChange
    at: time | None = None  # for SET
    invalid: bool = False  # a time was meant but cannot be one (25時, 17:75)


_PREFIX = r"(?:リマインド|リマインダー|りまいんど|remind(?:er)?)"
_STOP = re.compile(
    rf"^{_PREFIX}\s*(?:を)?\s*(?:停止|ストップ|止めて|とめて|止める|オフ|off|stop|やめる|いらない|不要)$", re.I
)
_RESUME = re.compile(rf"^{_PREFIX}\s*(?:を)?\s*(?:再開|オン|on|resume|start|復活)$", re.I)
_SHOW = re.compile(rf"^{_PREFIX}$", re.I)
_SET = re.compile(
    rf"^{_PREFIX}\s*(?:は|を)?\s*(?:(?P<pm>午後|夜|pm)|(?P<am>午前|朝|am))?\s*"
    r"(?P<hour>\d{1,2})\s*(?:(?::|：|時)\s*(?P<minute>\d{1,2}|半)?\s*(?:分)?)?\s*(?P<pm2>pm)?\s*(?:に(?:して)?|で|へ)?$",
    re.I,
)
_KANJI = re.compile(r"[〇零一二三四五六七八九十]+")


def parse_reminder(text: str) -> ReminderCommand | None:
    """「リマインド 20時」「リマインド 20:30」「リマインド２０時半」「リマインド二十時」「リマインド 午後8時」
    → SET; 「リマインド停止」 → STOP; 「リマインド再開」 → RESUME; 「リマインド」 alone → SHOW.
    None: the message is not about reminders."""
    words = normalize(text).strip().rstrip("。.!！")
    words = _KANJI.sub(lambda m: str(kanji_to_int(m.group(0))), words)
    if _STOP.match(words):
        return ReminderCommand(ReminderChange.STOP)
    if _RESUME.match(words):
        return ReminderCommand(ReminderChange.RESUME)
    if _SHOW.match(words):
        return ReminderCommand(ReminderChange.SHOW)
    found = _SET.match(words)
    if found is None:
        if re.match(rf"^{_PREFIX}\s*\S", words, re.I) and re.search(r"\d", words):
            return ReminderCommand(ReminderChange.SET, invalid=True)
        return None
    hour = int(found.group("hour"))
    raw_minute = found.group("minute")
    minute = 30 if raw_minute == "半" else int(raw_minute) if raw_minute else 0
    if (found.group("pm") or found.group("pm2")) and hour < 12:
        hour += 12
    if found.group("am") and hour == 12:
        hour = 0
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return ReminderCommand(ReminderChange.SET, invalid=True)
    return ReminderCommand(ReminderChange.SET, time(hour, minute))


def format_time(value: time) -> str:
    return f"{value.hour}:{value.minute:02d}"


def parse_time(stored: str) -> time:
    hour, minute = stored.split(":")
    return time(int(hour), int(minute))
