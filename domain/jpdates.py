"""Deadlines written the way people write them in Japanese and English chat, read relative to `today`.

「来週金曜までに」「月末」「12/5(金)」「十二月五日」「令和8年12月5日」「by next Friday」「Dec 5th」.
`today` is passed in (the person's local date, from the clock port): nothing here reads a clock,
so the rules are testable and a teleworker in another timezone gets their own 「明日」.

Choices a reader would otherwise have to guess (the bot always shows the date it understood, so a
wrong reading is corrected in one reply rather than silently kept):

- Weeks start on Monday. 今週金曜 / this Friday is the Friday of the current week, 来週金曜 / next
  Friday the Friday of the following week (so on a Monday "next Friday" is 11 days away, like 来週金曜).
- A bare weekday (金曜まで, by Friday) is the next such day *after* today: on a Friday, 「金曜まで」
  means next Friday, since today would be said as 今日.
- 週末 / 今週末 / end of the week / the weekend is **Friday**: it is a business deadline, the client's
  office closes for the weekend, and work delivered on Saturday is first seen on Monday anyway.
  On a Saturday or Sunday it is the coming Friday.
- 月末 / 今月中 is the last calendar day of the month; 上旬 / 中旬 / 下旬 are the 10th, 20th and the
  last day; 年末 / 年内 is 31 December; 年度末 is 31 March (the Japanese fiscal year end).
- A month and day without a year is the next occurrence on or after today (12/5 said on 12/6 is next
  year). 営業日 counts Monday to Friday without Japanese public holidays (`domain.progress.WorkCalendar`).
- Impossible dates (2/30, 令和8年13月1日) give None, never an exception; so does a phrase that only
  names a start (12/1から, from 12/1).
"""

from __future__ import annotations

import calendar
import enum
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from domain.progress import WorkCalendar
from domain.text import kanji_to_int, normalize

# --- small date arithmetic ------------------------------------------------------------------------


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _next_occurrence(month: int, day: int, today: date) -> date | None:
    """Month/day without a year: this year if not yet past, else next year (None if impossible)."""
    year = today.year if (month, day) >= (today.month, today.day) else today.year + 1
    return _safe_date(year, month, day)


def _week_day(today: date, weeks_ahead: int, weekday: int) -> date:
    """`weekday` (0 = Monday) of the week `weeks_ahead` weeks after the current Monday-based week."""
    return today - timedelta(days=today.weekday()) + timedelta(weeks=weeks_ahead, days=weekday)


def _next_weekday_after(today: date, weekday: int) -> date:
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def _end_of_week(today: date, weeks_ahead: int) -> date:
    """The Friday that closes the business week (see the module notes on 週末)."""
    if weeks_ahead == 0 and today.weekday() > 4:
        weeks_ahead = 1
    return _week_day(today, weeks_ahead, 4)


def _add_business_days(today: date, days: int) -> date:
    """The `days`-th working day after today: the one calendar progress and forecasts use (weekdays that
    are not Japanese public holidays), so 「5営業日以内」 on 2026-04-28 skips Golden Week."""
    return WorkCalendar().add_workdays(today, days) or today + timedelta(days=days)


def _num(token: str) -> int:
    """A number as typed: 12, 十二, 元 (the first year of an era)."""
    if token == "元":  # noqa: S105 - an era year, not a secret
        return 1
    if token.isdigit():
        return int(token)
    if token.lower() in _EN_NUMBERS:
        return _EN_NUMBERS[token.lower()]
    return kanji_to_int(token)


_EN_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fourteen": 14,
    "thirty": 30,
}

_JA_WEEKDAYS = {"月": 0, "火": 1, "水": 2, "木": 3, "金": 4, "土": 5, "日": 6}
_EN_WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_EN_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_REIWA_OFFSET = 2018  # 令和元年 = 2019

# --- patterns -------------------------------------------------------------------------------------

_N = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"  # a month or a day: 12, 十二
_COUNT = r"(\d{1,3}|[一二三四五六七八九十百]{1,4})"  # a count of days/weeks/months
_YEAR = r"(?:(\d{4}|[〇一二三四五六七八九]{4})\s*年|令和\s*(\d{1,2}|元|[一二三四五六七八九十]{1,3})\s*年)"
_WEEKDAY_SUFFIX = r"(?:\s*\((?:[月火水木金土日](?:曜日?)?|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?)\))?"
_EN_MONTH = (
    # "may" is also a verb: only the capitalised month counts
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|(?-i:May|MAY)|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_EN_COUNT = r"(\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|thirty)"
_EN_WEEKDAY = r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_EN_WEEKDAY_SHORT = r"(mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?"

Resolver = Callable[[re.Match[str], date], date | None]


def _year_of(match: re.Match[str], western: int, reiwa: int) -> int | None:
    if match.group(western):
        return _num(match.group(western))
    if match.group(reiwa):
        return _REIWA_OFFSET + _num(match.group(reiwa))
    return None


def _full_ja(m: re.Match[str], today: date) -> date | None:
    year = _year_of(m, 1, 2)
    return _safe_date(year, _num(m.group(3)), _num(m.group(4))) if year else None


def _numeric_full(m: re.Match[str], today: date) -> date | None:
    return _safe_date(int(m.group(1)), int(m.group(3)), int(m.group(4)))


def _month_day(m: re.Match[str], today: date) -> date | None:
    return _next_occurrence(_num(m.group(1)), _num(m.group(2)), today)


def _day_only(m: re.Match[str], today: date) -> date | None:
    day = _num(m.group(1))
    if day >= today.day:
        return _safe_date(today.year, today.month, day)
    year, month = _add_months(today.year, today.month, 1)
    return _safe_date(year, month, day)


_RELATIVE_DAYS = {
    "今日": 0,
    "本日": 0,
    "きょう": 0,
    "明日": 1,
    "あした": 1,
    "明後日": 2,
    "あさって": 2,
    "明々後日": 3,
    "明明後日": 3,
    "しあさって": 3,
    "today": 0,
    "tonight": 0,
    "eod": 0,
    "end of day": 0,
    "end of the day": 0,
    "tomorrow": 1,
    "day after tomorrow": 2,
}


def _relative_day(m: re.Match[str], today: date) -> date | None:
    return today + timedelta(days=_RELATIVE_DAYS[m.group(0).lower()])


def _span(count: int, unit: str, today: date) -> date | None:
    unit = unit.lower()
    if unit.startswith(("営業日", "business", "working")):
        return _add_business_days(today, count)
    if unit.startswith(("週", "week")):
        return today + timedelta(weeks=count)
    if unit.startswith(("か月", "ヶ月", "カ月", "ケ月", "ヵ月", "month")):
        year, month = _add_months(today.year, today.month, count)
        return date(year, month, min(today.day, calendar.monthrange(year, month)[1]))
    return today + timedelta(days=count)


def _after_count(m: re.Match[str], today: date) -> date | None:
    return _span(_num(m.group(1)), m.group(2), today)


_WEEK_OFFSETS = {"今週": 0, "来週": 1, "再来週": 2}


def _week_weekday(m: re.Match[str], today: date) -> date | None:
    return _week_day(today, _WEEK_OFFSETS[m.group(1)], _JA_WEEKDAYS[m.group(2)])


def _bare_weekday_ja(m: re.Match[str], today: date) -> date | None:
    return _next_weekday_after(today, _JA_WEEKDAYS[m.group(1)])


def _week_end_ja(m: re.Match[str], today: date) -> date | None:
    return _end_of_week(today, _WEEK_OFFSETS.get(m.group(1) or "今週", 0))


_MONTH_OFFSETS = {"今月": 0, "来月": 1, "再来月": 2}
_PART_OF_MONTH = {"上旬": 10, "中旬": 20}


def _nth_weekday(year: int, month: int, nth: int, weekday: int) -> date | None:
    first = date(year, month, 1)
    day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    return day if day.month == month else None


def _upcoming_nth_weekday(month: int, nth: int, weekday: int, today: date) -> date | None:
    """The n-th weekday of `month`: this year's if not past, else next year's."""
    for year in (today.year, today.year + 1):
        day = _nth_weekday(year, month, nth, weekday)
        if day is not None and day >= today:
            return day
    return None


def _nth_weekday_ja(m: re.Match[str], today: date) -> date | None:
    which = normalize(m.group(1))
    relative = {"今月": 0, "来月": 1, "再来月": 2}
    if which in relative:
        year, month = _add_months(today.year, today.month, relative[which])
        base = date(year, month, 1)
    else:
        month = _num(which.rstrip("月").strip())
        if not 1 <= month <= 12:
            return None
        base = date(today.year, month, 1)
    nth = _num(normalize(m.groups()[-2]))
    weekday = "月火水木金土日".index(m.groups()[-1])
    if which in relative:
        return _nth_weekday(base.year, base.month, nth, weekday)
    return _upcoming_nth_weekday(base.month, nth, weekday, today)


_EN_ORDINAL = {
    "1st": 1,
    "first": 1,
    "2nd": 2,
    "second": 2,
    "3rd": 3,
    "third": 3,
    "4th": 4,
    "fourth": 4,
    "5th": 5,
    "fifth": 5,
}


def _nth_weekday_en(m: re.Match[str], today: date) -> date | None:
    groups = [g for g in m.groups() if g]
    nth = _EN_ORDINAL[groups[0].lower()]
    weekday = _EN_WEEKDAYS[groups[1].lower()[:3]]
    month = _EN_MONTHS[groups[2].lower()[:3]]
    return _upcoming_nth_weekday(month, nth, weekday, today)


def _month_part(year: int, month: int, part: str) -> date:
    return date(year, month, _PART_OF_MONTH[part]) if part in _PART_OF_MONTH else _month_end(year, month)


def _relative_month_end(m: re.Match[str], today: date) -> date | None:
    year, month = _add_months(today.year, today.month, _MONTH_OFFSETS.get(m.group(1), 0))
    return _month_part(year, month, m.group(2))


def _relative_month_day(m: re.Match[str], today: date) -> date | None:
    year, month = _add_months(today.year, today.month, _MONTH_OFFSETS[m.group(1)])
    return _safe_date(year, month, _num(m.group(2)))


def _named_month_end(m: re.Match[str], today: date) -> date | None:
    month = _num(m.group(3))
    if not 1 <= month <= 12:
        return None
    year = _year_of(m, 1, 2)
    if year is None:
        year = today.year
        if _month_part(year, month, m.group(4)) < today:
            year += 1
    return _month_part(year, month, m.group(4))


def _year_end(m: re.Match[str], today: date) -> date | None:
    return date(today.year, 12, 31)


def _fiscal_year_end(m: re.Match[str], today: date) -> date | None:
    return date(today.year if today.month <= 3 else today.year + 1, 3, 31)


def _en_weekday(m: re.Match[str], today: date) -> date | None:
    """this Friday: the coming one (today counts); next Friday: next week's; by/on Friday: after today."""
    qualifier = " ".join((m.group(1) or "").lower().split())
    weekday = _EN_WEEKDAYS[(m.group(2) or m.group(3)).lower()[:3]]
    if m.group(4) or qualifier == "next":  # "next Friday", "Friday next week"
        return _week_day(today, 1, weekday)
    if qualifier in ("this", "coming", "this coming"):
        return today + timedelta(days=(weekday - today.weekday()) % 7)
    return _next_weekday_after(today, weekday)


def _en_month_day(m: re.Match[str], today: date) -> date | None:
    month = _EN_MONTHS[(m.group(1) or m.group(5)).lower()[:3]]
    day = int(m.group(2) or m.group(4))
    year = m.group(3) or m.group(6)
    return _safe_date(int(year), month, day) if year else _next_occurrence(month, day, today)


def _en_end_of(m: re.Match[str], today: date) -> date | None:
    ahead = 1 if (m.group(1) or "").lower() == "next" else 0
    period = m.group(2).lower()
    if period in ("week", "eow", "weekend"):
        return _end_of_week(today, ahead)
    if period in ("month", "eom"):
        year, month = _add_months(today.year, today.month, ahead)
        return _month_end(year, month)
    return date(today.year + ahead, 12, 31)


def _relative_day_en(m: re.Match[str], today: date) -> date | None:
    words = " ".join(m.group(0).lower().split())
    return today + timedelta(days=_RELATIVE_DAYS[words.removeprefix("the ")])


_I = re.IGNORECASE
_PARTS = r"(末|いっぱい|中旬|上旬|下旬|中(?!旬)|内)"
_JA_RELATIVE_DAY_WORDS = "|".join(sorted((w for w in _RELATIVE_DAYS if not w.isascii()), key=len, reverse=True))
_EN_SPAN_UNIT = r"(business days?|working days?|days?|weeks?|months?)"

# Every way of naming a date, each with the function that turns a match into a date. They can
# overlap (「来週金曜」 contains 「金曜」); `find_dates` keeps the leftmost-longest match.
_RULES: tuple[tuple[re.Pattern[str], Resolver], ...] = (
    # Explicit dates: 2026年12月5日, 令和8年12月5日(土), 2026-12-05, 2026/12/5, 12月5日, 十二月五日, 11/30(月)
    (re.compile(_YEAR + r"\s*" + _N + r"\s*月\s*" + _N + r"\s*日" + _WEEKDAY_SUFFIX, _I), _full_ja),
    (
        re.compile(r"(?<![\d/.\-])(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?![\d/])" + _WEEKDAY_SUFFIX, _I),
        _numeric_full,
    ),
    (re.compile(r"(?<![\d年])" + _N + r"\s*月\s*" + _N + r"\s*日" + _WEEKDAY_SUFFIX, _I), _month_day),
    (re.compile(r"(?<![\d/.\-])(\d{1,2})/(\d{1,2})(?![\d/])" + _WEEKDAY_SUFFIX, _I), _month_day),
    # The n-th weekday of a month: 5月の第2金曜, 来月の第1月曜日, "the 2nd Friday of December"
    (
        re.compile(
            r"(?<![\d])(今月|来月|再来月|"
            + _N
            + r"\s*月)\s*の?\s*第\s*([1-5１-５一二三四五])\s*([月火水木金土日])\s*曜日?"
        ),
        _nth_weekday_ja,
    ),
    (
        re.compile(
            r"(?<![a-z])(?:the\s+)?(1st|2nd|3rd|4th|5th|first|second|third|fourth|fifth)\s+"
            + _EN_WEEKDAY
            + r"\s+(?:of|in)\s+"
            + _EN_MONTH
            + r"(?![a-z])",
            _I,
        ),
        _nth_weekday_en,
    ),
    # Parts of months and years: 月末, 来月中旬, 12月末, 2027年3月中, 年末, 年度末
    (re.compile(r"(今月|来月|再来月)\s*" + _PARTS), _relative_month_end),
    (re.compile(r"()月(末|内)"), _relative_month_end),
    (re.compile(_YEAR + r"?\s*(?<![\d])" + _N + r"\s*月\s*" + _PARTS), _named_month_end),
    (re.compile(r"(今月|来月|再来月)\s*" + _N + r"\s*日"), _relative_month_day),
    (re.compile(r"年度末|年度内|今年度中|今年度内"), _fiscal_year_end),
    (re.compile(r"年末|年内|今年中|今年いっぱい"), _year_end),
    # Weeks: 来週の金曜日, 今週末, 週末, 金曜
    (re.compile(r"(再来週|来週|今週)\s*の?\s*([月火水木金土日])\s*曜日?"), _week_weekday),
    (re.compile(r"(?:(再来週|来週|今週)(?:末|中|いっぱい)|週末)"), _week_end_ja),
    (re.compile(r"([月火水木金土日])\s*曜日?"), _bare_weekday_ja),
    # Days: 明日, 3日後, 一週間以内, 5営業日以内, 10日まで, 毎月10日
    (re.compile(_JA_RELATIVE_DAY_WORDS), _relative_day),
    (re.compile(_COUNT + r"\s*(営業日|日|週間|か月|ヶ月|カ月|ケ月|ヵ月)\s*(?=後|以内|のうち)"), _after_count),
    (re.compile(r"(?<![\d/月])(\d{1,2})\s*日\s*(?=まで|迄|締|〆|必着|納品|中に|の?納期)"), _day_only),
    (re.compile(r"(?<=毎月)\s*(\d{1,2})\s*日"), _day_only),
    # English
    (
        re.compile(
            r"(?<![a-z])(?:(?:the\s+)?day after tomorrow|tomorrow|today|tonight|eod|end of (?:the )?day)(?![a-z])", _I
        ),
        _relative_day_en,
    ),
    (re.compile(r"(?<![a-z])(?:in|within)\s+" + _EN_COUNT + r"\s+" + _EN_SPAN_UNIT + r"(?![a-z])", _I), _after_count),
    (re.compile(r"(?<![a-z])" + _EN_COUNT + r"\s+" + _EN_SPAN_UNIT + r"\s+from\s+(?:now|today)", _I), _after_count),
    (
        re.compile(
            r"(?<![a-z])(?:(this\s+coming|this|coming|next)\s+)?"
            r"(?:" + _EN_WEEKDAY + r"|(?<=by |on )" + _EN_WEEKDAY_SHORT + r")(?![a-z])(\s+next\s+week)?",
            _I,
        ),
        _en_weekday,
    ),
    (re.compile(r"(?<![a-z])end\s+of\s+(?:the\s+)?(this|next)?\s*(week|month|year)(?![a-z])", _I), _en_end_of),
    (re.compile(r"(?<![a-z])()(eow|eom)(?![a-z])", _I), _en_end_of),
    (re.compile(r"(?<![a-z])(?:(this|next|the)\s+)(weekend)(?![a-z])", _I), _en_end_of),
    (
        re.compile(
            r"(?<![a-z])(?:" + _EN_MONTH + r"\.?\s*(\d{1,2})(?:st|nd|rd|th)?(?![\d:])(?:,?\s*(\d{4}))?"
            r"|(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _EN_MONTH + r"\.?(?:,?\s*(\d{4}))?)(?![a-z])",
            _I,
        ),
        _en_month_day,
    ),
    (re.compile(r"(?<![a-z])the\s+(\d{1,2})(?:st|nd|rd|th)(?![a-z])", _I), _day_only),
)

# What around a date says it is a deadline (prefer it) or only a start (ignore it).
_DEADLINE_AFTER = re.compile(
    r"(?:\s*\d{1,2}(?::\d{2}|時(?:\d{1,2}分|半)?))?\s*(?:まで|迄|締|〆|必着|納品|納期|期限|厳守|中に|以内|のうち)"
)
_DEADLINE_BEFORE = re.compile(
    r"(?:納期|締切|締め切り|〆切|期限|期日|納品日|提出日|due(?:\s+date)?|by|before|until|no later than|deadline)"
    r"\s*(?:は|:|is|on)?\s*(?:the\s+)?$",
    _I,
)
_START_AFTER = re.compile(r"\s*(?:から|より|以降|~|〜|-|–|開始|スタート|start)", _I)
_START_BEFORE = re.compile(r"(?:from|starting(?:\s+on)?|starts?\s+on|since|after)\s*(?:the\s+)?$", _I)
_LOOK_BEHIND = 24  # characters before a date searched for 納期： / by / from


class Role(enum.StrEnum):
    DEADLINE = "deadline"  # marked as an end: 12/5まで, 納期：12/5, by Friday
    START = "start"  # marked as a beginning: 12/1から, from Monday
    PLAIN = "plain"  # just a date


@dataclass(frozen=True, slots=True)
class DateMention:
    """One date expression in `normalize(text)`: its span, what it resolves to (None if impossible)."""

    start: int
    end: int
    value: date | None
    role: Role


def find_dates(text: str, today: date) -> list[DateMention]:
    """Every date expression in the text, left to right, without overlaps (the longest wins).

    Positions index `normalize(text)`, so a caller that normalised first can cut them out.
    """
    folded = normalize(text)
    found: list[tuple[int, int, Resolver, re.Match[str]]] = []
    for pattern, resolve in _RULES:
        found.extend((m.start(), m.end(), resolve, m) for m in pattern.finditer(folded) if m.end() > m.start())
    found.sort(key=lambda item: (item[0], item[0] - item[1]))
    mentions: list[DateMention] = []
    last_end = 0
    for start, end, resolve, match in found:
        if start < last_end:
            continue
        last_end = end
        mentions.append(DateMention(start, end, resolve(match, today), _role(folded, start, end)))
    return mentions


def _role(text: str, start: int, end: int) -> Role:
    before = text[max(0, start - _LOOK_BEHIND) : start]
    if _START_AFTER.match(text, end) or _START_BEFORE.search(before):
        return Role.START
    if _DEADLINE_AFTER.match(text, end) or _DEADLINE_BEFORE.search(before):
        return Role.DEADLINE
    return Role.PLAIN


def choose_deadline(mentions: Sequence[DateMention]) -> DateMention | None:
    """The mention that is the deadline: the first one marked as a deadline, else the first that is
    not a start. It may have `value` None (an impossible date): the caller must then ask."""
    candidates = [m for m in mentions if m.role is not Role.START]
    return next((m for m in candidates if m.role is Role.DEADLINE), candidates[0] if candidates else None)


def parse_deadline(text: str, today: date) -> date | None:
    """The deadline a sentence names, relative to `today` (the writer's local date); None if it names
    none, names only a start, or names an impossible date."""
    mention = choose_deadline(find_dates(text, today))
    return mention.value if mention else None
