from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.jpdates import Role, find_dates, parse_deadline
from domain.text import normalize

TODAY = date(2026, 11, 23)  # a Monday (勤労感謝の日)

CASES: list[tuple[str, date | None]] = [
    # Days
    ("今日中にお願いします", date(2026, 11, 23)),
    ("本日17時まで", date(2026, 11, 23)),
    ("明日まで", date(2026, 11, 24)),
    ("あしたまでにできますか", date(2026, 11, 24)),
    ("明後日", date(2026, 11, 25)),
    ("あさってまで", date(2026, 11, 25)),
    ("3日後", date(2026, 11, 26)),
    ("三日後に納品", date(2026, 11, 26)),
    ("5営業日以内", date(2026, 11, 30)),
    ("1週間以内", date(2026, 11, 30)),
    ("10日まで", date(2026, 12, 10)),
    ("25日締め", date(2026, 11, 25)),
    # Weeks
    ("今週金曜", date(2026, 11, 27)),
    ("今週の金曜日", date(2026, 11, 27)),
    ("来週金曜", date(2026, 12, 4)),
    ("来週の金曜日までに", date(2026, 12, 4)),
    ("再来週月曜", date(2026, 12, 7)),
    ("金曜まで", date(2026, 11, 27)),
    ("月曜日までに", date(2026, 11, 30)),  # a bare weekday is after today
    ("週末まで", date(2026, 11, 27)),  # Friday: a business deadline
    ("今週末", date(2026, 11, 27)),
    ("来週末", date(2026, 12, 4)),
    ("今週中に", date(2026, 11, 27)),
    # Months and years
    ("月末", date(2026, 11, 30)),
    ("今月末まで", date(2026, 11, 30)),
    ("来月末", date(2026, 12, 31)),
    ("来月10日", date(2026, 12, 10)),
    ("来月中旬", date(2026, 12, 20)),
    ("11月中", date(2026, 11, 30)),
    ("3月末", date(2027, 3, 31)),
    ("年末", date(2026, 12, 31)),
    ("年内に", date(2026, 12, 31)),
    ("年度末", date(2027, 3, 31)),
    # Explicit dates
    ("11/30", date(2026, 11, 30)),
    ("11/30(月)", date(2026, 11, 30)),
    ("１２月５日", date(2026, 12, 5)),
    ("12月5日まで", date(2026, 12, 5)),
    ("12月5日(土)必着", date(2026, 12, 5)),
    ("2026年12月5日", date(2026, 12, 5)),
    ("2026-12-05", date(2026, 12, 5)),
    ("2026/12/5", date(2026, 12, 5)),
    ("２０２６／１２／５", date(2026, 12, 5)),
    ("令和8年12月5日", date(2026, 12, 5)),
    ("令和八年十二月五日", date(2026, 12, 5)),
    ("十二月五日", date(2026, 12, 5)),
    ("12/5 17時まで", date(2026, 12, 5)),
    # Year rollover: a month/day already past this year is next year's
    ("11/20", date(2027, 11, 20)),
    ("1月15日まで", date(2027, 1, 15)),
    ("11/23", date(2026, 11, 23)),
    # English
    ("by Friday", date(2026, 11, 27)),
    ("by Fri", date(2026, 11, 27)),
    ("this Friday", date(2026, 11, 27)),
    ("next Friday", date(2026, 12, 4)),
    ("Friday next week", date(2026, 12, 4)),
    ("by 12/5", date(2026, 12, 5)),
    ("Dec 5", date(2026, 12, 5)),
    ("Dec. 5, 2027", date(2027, 12, 5)),
    ("December 5th", date(2026, 12, 5)),
    ("5th of December", date(2026, 12, 5)),
    ("tomorrow", date(2026, 11, 24)),
    ("the day after tomorrow", date(2026, 11, 25)),
    ("end of month", date(2026, 11, 30)),
    ("by the end of next month", date(2026, 12, 31)),
    ("end of the week", date(2026, 11, 27)),
    ("in 3 days", date(2026, 11, 26)),
    ("within two weeks", date(2026, 12, 7)),
    ("by the 10th", date(2026, 12, 10)),
    # In sentences: the deadline, not the start
    ("来週金曜までに請求書200件のデータ入力をお願いしたいです", date(2026, 12, 4)),
    ("12/1から12/5まで", date(2026, 12, 5)),
    ("12/1〜12/5", date(2026, 12, 5)),
    ("開始は12/1、納期は12/10です", date(2026, 12, 10)),
    ("from Dec 1 until Dec 10", date(2026, 12, 10)),
    ("Could someone transcribe 10 hours of interviews by next Friday?", date(2026, 12, 4)),
    # Nothing to find, only a start, or an impossible date
    ("請求書のデータ入力をお願いします", None),
    ("12/1から開始", None),
    ("2/30", None),
    ("2026年2月30日", None),
    ("令和8年13月1日", None),
    ("13/45", None),
    ("1日2時間くらい作業できます", None),
    ("I may 5 more people", None),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_parse_deadline(text: str, expected: date | None) -> None:
    assert parse_deadline(text, TODAY) == expected


def test_enough_cases_and_today_is_a_monday() -> None:
    assert len(CASES) >= 40
    assert TODAY.weekday() == 0


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        (date(2026, 12, 6), "12/5", date(2027, 12, 5)),  # said after the 5th of December
        (date(2026, 12, 28), "1/10まで", date(2027, 1, 10)),
        (date(2026, 12, 31), "来月末", date(2027, 1, 31)),
        (date(2026, 12, 20), "来週金曜", date(2026, 12, 25)),
        (date(2027, 1, 31), "来月末", date(2027, 2, 28)),
        (date(2027, 1, 31), "1か月後", date(2027, 2, 28)),
        (date(2026, 11, 28), "週末まで", date(2026, 12, 4)),  # on a Saturday: the coming Friday
        (date(2026, 11, 27), "金曜まで", date(2026, 12, 4)),  # on a Friday: next Friday
        (date(2026, 11, 27), "5営業日以内", date(2026, 12, 4)),
        (date(2027, 2, 10), "年度末", date(2027, 3, 31)),
        (date(2026, 11, 23), "2/29", None),  # 2027 has no 29 February
        (date(2027, 11, 23), "2/29", date(2028, 2, 29)),
    ],
)
def test_other_days(today: date, text: str, expected: date | None) -> None:
    assert parse_deadline(text, today) == expected


def test_find_dates_gives_spans_in_the_normalised_text() -> None:
    text = normalize("開始は１２／１、納期は１２／１０です")
    mentions = find_dates(text, TODAY)
    assert [text[m.start : m.end] for m in mentions] == ["12/1", "12/10"]
    assert [m.role for m in mentions] == [Role.PLAIN, Role.DEADLINE]
    starts = find_dates("12/1から12/5まで", TODAY)
    assert [m.role for m in starts] == [Role.START, Role.DEADLINE]


@given(st.text(alphabet="0123456789/月日年令和元十二三末来週今金曜後以内までからbyDec th-年度 ", max_size=30))
def test_never_raises(text: str) -> None:
    parse_deadline(text, TODAY)
