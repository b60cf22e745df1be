"""Reporting periods as coordinators write them: 「2026-11」「11月」「先月」「11月1日〜11月30日」
「2026/11/1-2026/11/30」「十一月」「令和8年11月」「last month」.

Unlike deadlines (`domain.jpdates`, which look forward), a reporting period looks back: a month or
a date without a year is the most recent one that has begun by `today`, so 「11月1日〜11月30日」
typed on 5 January means last November, and 「12月」 typed in November means last December.
Everything is NFKC-folded first, so full-width digits (２０２６年１１月) read like plain ones.
Nothing here reads a clock: `today` is the caller's local date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from domain.text import kanji_to_int, normalize

MAX_PERIOD_DAYS = 366 * 2  # an export over more than two years is almost surely a typo


@dataclass(frozen=True, slots=True)
class Period:
    """Calendar days from `start` to `end`, both included, in some local timezone."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"a period ends before it starts: {self.start} > {self.end}")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def is_month(self) -> bool:
        return self.start.day == 1 and self == Period.month(self.start.year, self.start.month)

    def bounds(self, zone: tzinfo) -> tuple[datetime, datetime]:
        """[start, end) in UTC: local midnight of the first day to local midnight after the last."""
        start = datetime.combine(self.start, time(), zone).astimezone(UTC)
        end = datetime.combine(self.end + timedelta(days=1), time(), zone).astimezone(UTC)
        return start, end

    def contains(self, moment: datetime, zone: tzinfo) -> bool:
        return self.start <= moment.astimezone(zone).date() <= self.end


_KANJI_BEFORE_UNIT = re.compile(r"([〇一二三四五六七八九十]+)(?=[年月日])")
_REIWA = re.compile(r"令和\s*(元|\d{1,2})\s*年")
_FULL_DATE = re.compile(
    r"(?:(?P<y>\d{4})\s*[-/.年]\s*)?(?<!\d)(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*(?P<d>\d{1,2})(?!\d)\s*日?"
)
_YEAR_MONTH = re.compile(r"(?P<y>\d{4})\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})(?!\d)\s*月?")
_MONTH_ONLY = re.compile(r"(?<!\d)(?P<m>\d{1,2})\s*月(?!\s*\d)")
_LAST_MONTH = re.compile(r"先月|前月|last\s+month|previous\s+month", re.IGNORECASE)
_THIS_MONTH = re.compile(r"今月|this\s+month", re.IGNORECASE)
# Between two months: 〜, から, "to", a space, or a dash right after 月 (a dash in 2026-10 is the date's).
_RANGE_SEPARATOR = re.compile(r"\s*(?:〜|~|から|\bto\b)\s*|\s+|(?<=月)\s*[-–]\s*", re.IGNORECASE)


def _fold(text: str) -> str:
    """NFKC, kanji numerals before 年/月/日 as digits, 令和 years as western years."""
    folded = normalize(text)
    folded = _KANJI_BEFORE_UNIT.sub(lambda m: str(kanji_to_int(m.group(1))), folded)
    return _REIWA.sub(lambda m: f"{2018 + (1 if m.group(1) == '元' else int(m.group(1)))}年", folded)


def _recent_month(month: int, today: date) -> int:
    """The year of the most recent `month` that has begun by `today`."""
    return today.year if month <= today.month else today.year - 1


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def parse_month(text: str, today: date) -> Period | None:
    """A whole month: 「2026-11」「2026年11月」「11月」「十一月」「先月」「今月」; None if unreadable."""
    words = _fold(text)
    if not words:
        return None
    if _LAST_MONTH.search(words):
        return Period.month(*_shift_month(today.year, today.month, -1))
    if _THIS_MONTH.search(words):
        return Period.month(today.year, today.month)
    found = _YEAR_MONTH.fullmatch(words)
    if found and 1 <= int(found.group("m")) <= 12:
        return Period.month(int(found.group("y")), int(found.group("m")))
    found = _MONTH_ONLY.fullmatch(words) or re.fullmatch(r"(?P<m>\d{1,2})", words)
    if found and 1 <= int(found.group("m")) <= 12:
        month = int(found.group("m"))
        return Period.month(_recent_month(month, today), month)
    return None


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_period(text: str, today: date) -> Period | None:
    """A date range: two dates (「11月1日〜11月30日」「2026-11-01 2026-11-30」「11/1-11/30」), one date
    (that day), two months (「10月〜11月」), one month or 先月/今月. None when nothing is readable or the
    dates are impossible, reversed, or span more than two years."""
    words = _fold(text)
    if not words:
        return None
    dates = list(_FULL_DATE.finditer(words))
    if dates:
        if len(dates) > 2:
            return None
        first = dates[0]
        month, day = int(first.group("m")), int(first.group("d"))
        if first.group("y"):
            year = int(first.group("y"))
        else:  # the most recent such day that is not in the future
            year = today.year if (month, day) <= (today.month, today.day) else today.year - 1
        start = _safe(year, month, day)
        if start is None:
            return None
        end = start
        if len(dates) == 2:
            second = dates[1]
            end_month, end_day = int(second.group("m")), int(second.group("d"))
            if second.group("y"):
                end_year = int(second.group("y"))
            else:  # 12/20〜1/10: the end is in the next year
                end_year = start.year if (end_month, end_day) >= (start.month, start.day) else start.year + 1
            found_end = _safe(end_year, end_month, end_day)
            if found_end is None:
                return None
            end = found_end
        if end < start or (end - start).days >= MAX_PERIOD_DAYS:
            return None
        return Period(start, end)
    parts = [p.strip().removesuffix("まで") for p in _RANGE_SEPARATOR.split(words) if p.strip()]
    months = [parse_month(p, today) for p in parts]
    if len(parts) == 2 and all(months):
        first_month, last_month = months
        assert first_month is not None and last_month is not None
        if last_month.start < first_month.start:
            if _YEAR_MONTH.search(parts[1]):
                return None  # an explicit year that goes backwards
            last_month = Period.month(first_month.start.year + 1, last_month.start.month)
        if (last_month.end - first_month.start).days >= MAX_PERIOD_DAYS:
            return None
        return Period(first_month.start, last_month.end)
    return parse_month(words, today)
