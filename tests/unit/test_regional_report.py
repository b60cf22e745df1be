"""The coordinator's monthly figures and the report exports, on hand-built rows (issue 7)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from domain.model import OrganizationKind
from domain.periods import Period, parse_month, parse_period
from domain.refs import Locale
from domain.regional_report import (
    Client,
    ExportShape,
    ReportRow,
    Resident,
    TaskTerms,
    export_rows,
    is_outside,
    programme_figures,
    pseudonym,
    report_earnings,
    same_region,
    to_csv,
)

TOKYO = ZoneInfo("Asia/Tokyo")
NOVEMBER = Period.month(2026, 11)

CITY = Client("c-city", "東京商事", OrganizationKind.CLIENT)  # no region given: its kind decides (outside)
LOCAL = Client("c-local", "伊那精密", OrganizationKind.LOCAL_COMPANY)
CITY_IN_INA = Client("c-ina", "伊那支店", OrganizationKind.CLIENT, region="長野県伊那市")  # a client, but local

INVOICES = TaskTerms("t-inv", "請求書入力", "c-city", "件", 30, "件", frozenset({"data_entry"}))
HOURLY = TaskTerms("t-hour", "経理補助", "c-local", "時間", 1100, "時間", frozenset({"bookkeeping"}))
DAILY = TaskTerms("t-day", "受付代行", "c-ina", "件", 8000, "日", frozenset({"customer_support"}))
UNPRICED = TaskTerms("t-free", "SNS投稿", "c-local", "投稿", None, None, frozenset({"sns"}))
TASKS = {t.id: t for t in (INVOICES, HOURLY, DAILY, UNPRICED)}
CLIENTS = {c.id: c for c in (CITY, LOCAL, CITY_IN_INA)}

AOKI = Resident("p-aoki", "青木 あや", joined_at=datetime(2026, 11, 3, 1, 0, tzinfo=UTC), region="伊那市")
SATO = Resident("p-sato", "佐藤 花子", joined_at=datetime(2026, 9, 1, tzinfo=UTC), region="長野県伊那市")
GONE = Resident("p-gone", "", withdrawn=True, joined_at=datetime(2026, 11, 10, tzinfo=UTC), teleworker=False)
GONE_EARLY = Resident("p-gone2", "", withdrawn=True, joined_at=datetime(2026, 11, 12, tzinfo=UTC), teleworker=False)
RESIDENTS = {r.id: r for r in (AOKI, SATO, GONE, GONE_EARLY)}


def _at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A Japan-time moment, stored as UTC like every report."""
    return datetime(year, month, day, hour, minute, tzinfo=TOKYO).astimezone(UTC)


def _report(
    rid: str,
    person: str,
    task: TaskTerms,
    at: datetime,
    units: int | None = None,
    hours: float | None = None,
    blockers: str = "",
    corrects: str | None = None,
) -> ReportRow:
    return ReportRow(rid, person, task.organization_id, task.id, units, hours, blockers, "rules-v1", at, corrects)


REPORTS = [
    # 1 November 00:30 in Japan is still 31 October in UTC: November's
    _report("r1", "p-aoki", INVOICES, _at(2026, 11, 1, 0, 30), units=50, hours=2.5),
    # 30 November 23:59 in Japan is November's; 1 December 00:10 in Japan is not (it is 30 Nov in UTC)
    _report("r2", "p-aoki", INVOICES, _at(2026, 11, 30, 23, 59), units=40, hours=2.0),
    _report("r3", "p-aoki", INVOICES, _at(2026, 12, 1, 0, 10), units=999, hours=9.0),
    # an hourly task: 1.5 h × 1,100 = 1,650; one report forgot the hours
    _report("r4", "p-sato", HOURLY, _at(2026, 11, 5, 10), hours=1.5),
    _report("r5", "p-sato", HOURLY, _at(2026, 11, 6, 10), units=None, hours=None, blockers="資料待ち"),
    # a day rate: two reports on one day are one day's pay, a second day another
    _report("r6", "p-sato", DAILY, _at(2026, 11, 7, 9), units=10, hours=3.0),
    _report("r7", "p-sato", DAILY, _at(2026, 11, 7, 15), units=5, hours=2.0),
    _report("r8", "p-sato", DAILY, _at(2026, 11, 8, 9), units=8, hours=4.0),
    # a withdrawn person's work stays in the figures (anonymous)
    _report("r9", "p-gone", INVOICES, _at(2026, 11, 12, 20), units=20, hours=1.0),
    # an unpriced task
    _report("r10", "p-aoki", UNPRICED, _at(2026, 11, 20, 12), units=3, hours=1.0),
    # a November report corrected in December (50 → 45): November loses 5 units, 150 yen
    _report("r11", "p-aoki", INVOICES, _at(2026, 12, 2, 9), units=-5, corrects="r1"),
    # an October report corrected in November: October's business, not November's
    _report("r12", "p-aoki", INVOICES, _at(2026, 11, 2, 9), units=-3, corrects="r-october"),
]


def test_the_month_of_a_report_is_its_date_in_japan() -> None:
    figures = programme_figures(NOVEMBER, TOKYO, REPORTS, TASKS, CLIENTS, RESIDENTS)
    assert figures.units["件"] == 50 - 5 + 40 + 10 + 5 + 8 + 20  # not r3 (December), not r12 (October's)
    assert figures.reports == 11 - 1  # r1, r2, r4-r10, r11
    assert figures.hours == 2.5 + 2.0 + 1.5 + 3.0 + 2.0 + 4.0 + 1.0 + 1.0


def test_earnings_follow_the_rate_per_unit_per_hour_and_per_day() -> None:
    rows = [r for r in REPORTS if r.id != "r12"]
    earned = report_earnings(rows, TASKS, TOKYO)
    assert earned["r1"] == 50 * 30 and earned["r11"] == -5 * 30
    assert earned["r4"] == 1650 and earned["r5"] == 0  # no hours on an hourly task: nothing, and counted
    assert (earned["r6"], earned["r7"], earned["r8"]) == (8000, 0, 8000)
    assert earned["r10"] == 0

    figures = programme_figures(NOVEMBER, TOKYO, REPORTS, TASKS, CLIENTS, RESIDENTS)
    invoices = (50 - 5 + 40 + 20) * 30
    assert figures.earnings_yen == invoices + 1650 + 16000
    assert figures.hourly_reports_without_hours == 1 and figures.unpriced_reports == 1


def test_a_rate_per_minute_and_an_uneven_hour_round_down_to_whole_yen() -> None:
    per_minute = TaskTerms("t-min", "文字起こし", "c-city", "分", 20, "分")
    odd = TaskTerms("t-odd", "調査", "c-city", "時間", 1001, None)  # no unit: hourly, as matching reads it
    rows = [
        _report("m1", "p-aoki", per_minute, _at(2026, 11, 9, 9), hours=0.75),
        _report("m2", "p-aoki", odd, _at(2026, 11, 9, 10), hours=1.3333),
    ]
    earned = report_earnings(rows, {per_minute.id: per_minute, odd.id: odd}, TOKYO)
    assert earned == {"m1": 45 * 20, "m2": 1334}  # 1.3333 × 1001 = 1334.63


def test_outside_income_compares_regions_and_falls_back_to_the_kind_of_client() -> None:
    assert same_region("伊那市", "長野県 伊那市") is True and same_region("", "伊那市") is None
    assert is_outside(CITY, "伊那市")  # a city company with no region: outside
    assert not is_outside(LOCAL, "")  # a local company: local
    assert not is_outside(CITY_IN_INA, "伊那市")  # a client office in the workers' town: local
    assert is_outside(Client("x", "松本商会", OrganizationKind.LOCAL_COMPANY, "松本市"), "伊那市")

    figures = programme_figures(NOVEMBER, TOKYO, REPORTS, TASKS, CLIENTS, RESIDENTS)
    assert figures.outside_yen == (50 - 5 + 40 + 20) * 30  # only 東京商事's invoices
    assert figures.local_yen == 1650 + 16000
    assert figures.outside_share == pytest.approx(3150 / (3150 + 17650))
    by_client = {c.name: c for c in figures.clients}
    assert by_client["東京商事"].outside_yen == by_client["東京商事"].earnings_yen == 3150
    assert by_client["伊那支店"].outside_yen == 0 and by_client["伊那支店"].residents == 1


def test_active_residents_new_participants_and_the_withdrawn() -> None:
    figures = programme_figures(NOVEMBER, TOKYO, REPORTS, TASKS, CLIENTS, RESIDENTS)
    assert figures.active_residents == 3 and figures.withdrawn_active == 1  # 青木, 佐藤 and the withdrawn one
    # 青木 joined in November; 佐藤 in September; the withdrawn one joined and worked in November;
    # the other withdrawn person joined in November but never worked: their data is gone
    assert figures.new_participants == 2


def test_skills_used_are_counted_by_people_and_hours() -> None:
    figures = programme_figures(NOVEMBER, TOKYO, REPORTS, TASKS, CLIENTS, RESIDENTS)
    skills = {s.skill: s for s in figures.skills}
    assert skills["data_entry"].residents == 2 and skills["data_entry"].hours == 5.5
    assert skills["customer_support"].reports == 3 and skills["customer_support"].hours == 9.0
    assert figures.skills[0].skill == "data_entry"  # the most people first


def test_an_empty_month_has_zero_figures() -> None:
    figures = programme_figures(Period.month(2026, 8), TOKYO, REPORTS, TASKS, CLIENTS, RESIDENTS)
    assert (figures.reports, figures.earnings_yen, figures.active_residents, figures.outside_share) == (0, 0, 0, None)


def _read(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())  # Excel in Japan needs the BOM to read UTF-8
    assert b"\r\n" in data
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_the_report_export_has_one_row_per_report_with_japan_dates_and_no_names_of_the_withdrawn() -> None:
    table = export_rows(NOVEMBER, TOKYO, REPORTS, TASKS, CLIENTS, RESIDENTS, Locale.JA)
    rows = _read(to_csv(table))
    header, body = rows[0], rows[1:]
    assert header[:5] == ["日付", "時刻", "氏名", "発注元", "案件"]
    assert len(body) == 10
    assert body[0][:9] == ["2026-11-01", "00:30", "青木 あや", "東京商事", "請求書入力", "50", "件", "2.5", "1500"]
    correction = next(r for r in body if r[5] == "-5")
    assert correction[0] == "2026-11-01" and correction[-1] == "訂正（2026-12-02 09:00に入力）"
    withdrawn = next(r for r in body if r[3] == "東京商事" and r[5] == "20")
    assert withdrawn[2] == f"退会者-{pseudonym('p-gone')}" and "p-gone" not in withdrawn[2]
    assert next(r for r in body if r[9] == "資料待ち")[7] == ""  # no hours given: empty, not 0


def test_someone_who_never_gave_a_name_is_not_called_withdrawn() -> None:
    nameless = Resident("p-nameless", "")
    row = _report("n1", "p-nameless", INVOICES, _at(2026, 11, 4, 9), units=2)
    table = export_rows(NOVEMBER, TOKYO, [row], TASKS, CLIENTS, {"p-nameless": nameless}, Locale.JA)
    assert table[1][2] == f"名前未登録-{pseudonym('p-nameless')}"


def test_the_timesheet_has_one_row_per_person_and_day_in_english() -> None:
    table = export_rows(NOVEMBER, TOKYO, REPORTS, TASKS, CLIENTS, RESIDENTS, Locale.EN, ExportShape.PERSON_DAY)
    rows = _read(to_csv(table))
    assert rows[0] == ["date", "person", "hours", "reports", "tasks", "units", "yen"]
    day = next(r for r in rows if r[0] == "2026-11-07")
    assert day == ["2026-11-07", "佐藤 花子", "5", "2", "受付代行", "15件", "8000"]
    first = next(r for r in rows if r[0] == "2026-11-01")
    assert first[1:] == ["青木 あや", "2.5", "2", "請求書入力", "45件", "1350"]  # the correction lands here


def test_a_formula_in_report_text_stays_text_in_excel() -> None:
    evil = _report("e1", "p-aoki", INVOICES, _at(2026, 11, 3, 9), units=1, blockers='=HYPERLINK("http://x","y")')
    rows = _read(to_csv(export_rows(NOVEMBER, TOKYO, [evil], TASKS, CLIENTS, RESIDENTS, Locale.JA)))
    assert rows[1][9] == '\'=HYPERLINK("http://x","y")'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11", (date(2026, 11, 1), date(2026, 11, 30))),
        ("２０２６年１１月", (date(2026, 11, 1), date(2026, 11, 30))),
        ("十一月", (date(2026, 11, 1), date(2026, 11, 30))),
        ("令和8年2月", (date(2026, 2, 1), date(2026, 2, 28))),
        ("先月", (date(2026, 10, 1), date(2026, 10, 31))),
        ("last month", (date(2026, 10, 1), date(2026, 10, 31))),
        ("12月", (date(2025, 12, 1), date(2025, 12, 31))),  # looking back: last December
    ],
)
def test_months_as_coordinators_write_them(text: str, expected: tuple[date, date]) -> None:
    period = parse_month(text, date(2026, 11, 23))
    assert period is not None and (period.start, period.end) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-01 2026-11-30", (date(2026, 11, 1), date(2026, 11, 30))),
        ("11月1日〜11月30日", (date(2026, 11, 1), date(2026, 11, 30))),
        ("１１／１－１１／３０", (date(2026, 11, 1), date(2026, 11, 30))),
        ("十一月一日から十一月十五日まで", (date(2026, 11, 1), date(2026, 11, 15))),
        ("12/20〜1/10", (date(2025, 12, 20), date(2026, 1, 10))),
        ("10月〜11月", (date(2026, 10, 1), date(2026, 11, 30))),
        ("先月", (date(2026, 10, 1), date(2026, 10, 31))),
        ("11/5", (date(2026, 11, 5), date(2026, 11, 5))),
    ],
)
def test_periods_as_coordinators_write_them(text: str, expected: tuple[date, date]) -> None:
    period = parse_period(text, date(2026, 11, 23))
    assert period is not None and (period.start, period.end) == expected


@pytest.mark.parametrize("text", ["", "そのうち", "2026-11-30 2026-11-01", "2/30", "2020-01-01 2026-01-01"])
def test_unreadable_periods_are_refused(text: str) -> None:
    assert parse_period(text, date(2026, 11, 23)) is None


def test_a_period_in_utc_starts_at_midnight_in_japan() -> None:
    start, end = NOVEMBER.bounds(TOKYO)
    assert start == datetime(2026, 10, 31, 15, 0, tzinfo=UTC) and end == datetime(2026, 11, 30, 15, 0, tzinfo=UTC)


def test_a_correction_of_a_correction_counts_on_the_first_reports_day() -> None:
    first = _report("c1", "p-aoki", INVOICES, _at(2026, 11, 30, 22), units=50)
    fix = _report("c2", "p-aoki", INVOICES, _at(2026, 12, 1, 9), units=-10, corrects="c1")
    fix_again = _report("c3", "p-aoki", INVOICES, _at(2026, 12, 3, 9), units=5, corrects="c2")
    november = programme_figures(NOVEMBER, TOKYO, [first, fix, fix_again], TASKS, CLIENTS, RESIDENTS)
    december = programme_figures(Period.month(2026, 12), TOKYO, [first, fix, fix_again], TASKS, CLIENTS, RESIDENTS)
    assert november.units == {"件": 45} and november.earnings_yen == 45 * 30
    assert december.reports == 0


def test_the_gini_of_hours_is_zero_when_even_and_grows_as_work_concentrates() -> None:
    from domain.regional_report import gini

    assert gini([5.0, 5.0, 5.0, 5.0]) == 0.0
    assert gini([0.0, 0.0, 0.0, 12.0]) == 0.75  # one of four did it all: (n-1)/n
    assert gini([1.0, 2.0, 3.0]) == pytest.approx(2 / 9)
    assert gini([]) is None and gini([0.0, 0.0]) is None
