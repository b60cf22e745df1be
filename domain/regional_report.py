"""What the programme did in a period, for the coordinator and the municipality (issue 7): hours
worked, earnings paid to residents, active residents, new participants, skills used, and income
from outside the region (域外からの受注) against income from local companies; and the same reports
as CSV rows (one per report, or a timesheet per person and day).

Pure functions over rows the handler loaded; nothing here reads a clock or a database.

Rules a reader would otherwise have to guess:

- **Which reports count.** Every stored progress report whose time falls in the period in the
  programme's timezone (a report at 23:30 on 30 November in Japan is November's, though it is
  14:30 UTC). A correction (訂正) is its own row holding the difference (45 instead of 50 → -5
  units); it counts on the date of the report it corrects, so November's figures stay right when
  a November report is corrected on 2 December. A correction whose report is not among the rows
  given (it lies outside the period) does not count.
- **Earnings** are what the task's rate pays for what was reported, in whole yen:
  - a rate per unit (件, 枚, 記事 ...): units reported × rate;
  - a rate per hour (時間, h, or a rate with no unit, as matching reads it) or per minute (分):
    hours reported × rate, rounded down per report; a report without hours on such a task earns
    nothing here and is counted in `hourly_reports_without_hours`, so the gap is visible;
  - a rate per day (日): one day's rate per person, task and local date with at least one report;
  - no rate: nothing, counted in `unpriced_reports`.
- **域外 (outside the region).** A report's earnings are outside income when the client
  organisation's region and the worker's region are both known and differ (one containing the
  other, 「伊那市」 and 「長野県伊那市」, is the same region). When either is unknown (a withdrawn
  person's profile is gone; an organisation nobody gave a region), the organisation's kind
  decides: a client company (都市企業) is outside, a local company, municipality or the operator
  is local.
- **Active residents** reported at least once in the period (withdrawn people included: the work
  happened). **New participants** are teleworkers who joined in the period; a withdrawn person is
  counted only if they also reported in it (their profile, and so their teleworker role, is gone).
"""

from __future__ import annotations

import csv
import enum
import hashlib
import io
import math
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, tzinfo
from decimal import ROUND_FLOOR, Decimal

from domain.i18n import translate
from domain.model import OrganizationKind
from domain.periods import Period
from domain.refs import Locale
from domain.skills import SKILLS

HOUR_UNITS: Mapping[str, Decimal] = {
    "時間": Decimal(1),
    "h": Decimal(1),
    "hour": Decimal(1),
    "hours": Decimal(1),
    "分": Decimal(1) / Decimal(60),
    "min": Decimal(1) / Decimal(60),
    "minute": Decimal(1) / Decimal(60),
    "minutes": Decimal(1) / Decimal(60),
}
DAY_UNITS = frozenset({"日", "人日", "day", "days"})


class RateBasis(enum.StrEnum):
    UNIT = "unit"
    HOUR = "hour"
    DAY = "day"
    NONE = "none"


# --- the rows the handler loads ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReportRow:
    """One stored progress report with the ids it hangs on (task via its assignment)."""

    id: str
    person_id: str
    organization_id: str
    task_id: str
    units_done: int | None
    hours: float | None
    blockers: str
    parser: str
    reported_at: datetime
    corrects_id: str | None = None  # a correction: the report it fixes (units and hours are differences)
    entered_at: datetime | None = None  # set by `counted` on a correction: when it was really sent


@dataclass(frozen=True, slots=True)
class TaskTerms:
    id: str
    title: str
    organization_id: str
    unit: str  # the volume's unit: what `units_done` counts
    rate_yen: int | None
    rate_unit: str | None
    skills: frozenset[str] = frozenset()

    @property
    def basis(self) -> RateBasis:
        if self.rate_yen is None:
            return RateBasis.NONE
        unit = (self.rate_unit or "").strip().lower()
        if not unit or unit in HOUR_UNITS:  # matching also reads a rate with no unit as hourly
            return RateBasis.HOUR
        if unit in DAY_UNITS:
            return RateBasis.DAY
        return RateBasis.UNIT


@dataclass(frozen=True, slots=True)
class Client:
    id: str
    name: str
    kind: OrganizationKind
    region: str = ""


@dataclass(frozen=True, slots=True)
class Resident:
    id: str
    display_name: str
    withdrawn: bool = False
    joined_at: datetime | None = None
    region: str = ""
    teleworker: bool = True


# --- small rules ---------------------------------------------------------------------------------


def _region_key(region: str) -> str:
    return "".join(unicodedata.normalize("NFKC", region).split()).lower()


def same_region(a: str, b: str) -> bool | None:
    """Whether two written regions are one (「伊那市」 is in 「長野県伊那市」); None if either is unknown."""
    left, right = _region_key(a), _region_key(b)
    if not left or not right:
        return None
    return left in right or right in left


def is_outside(client: Client, worker_region: str) -> bool:
    """域外からの受注: the regions differ, or (a region unknown) the client is a city company."""
    same = same_region(client.region, worker_region)
    if same is not None:
        return not same
    return client.kind is OrganizationKind.CLIENT


def pseudonym(person_id: str) -> str:
    """A stable id for a withdrawn person: the same person is one row group in every export, and
    the database id (which other tables use) is not handed out."""
    return hashlib.sha256(person_id.encode()).hexdigest()[:8]


def person_label(resident: Resident | None, person_id: str, locale: Locale) -> str:
    """The name, or a stable pseudonym: 退会者-… for the withdrawn, 名前未登録-… for someone who never
    gave a name (onboarding skipped), so neither is mistaken for the other."""
    if resident is None or resident.withdrawn:
        return translate("report.withdrawn_person", locale, id=pseudonym(person_id))
    if not resident.display_name.strip():
        return translate("report.unnamed_person", locale, id=pseudonym(person_id))
    return resident.display_name


def counted(reports: Iterable[ReportRow], period: Period, zone: tzinfo) -> list[ReportRow]:
    """The reports of `period` (local dates in `zone`), corrections dated as the report they fix,
    oldest first."""
    rows = list(reports)
    by_id = {r.id: r for r in rows}
    found: list[ReportRow] = []
    for row in rows:
        dated = row
        if row.corrects_id is not None:
            original = by_id.get(row.corrects_id)
            while original is not None and original.corrects_id is not None:  # a correction of a correction
                original = by_id.get(original.corrects_id)
            if original is None:
                continue
            dated = replace(row, reported_at=original.reported_at, entered_at=row.reported_at)
        if period.contains(dated.reported_at, zone):
            found.append(dated)
    return sorted(found, key=lambda r: (r.reported_at, r.corrects_id is not None, r.id))


def report_earnings(reports: Sequence[ReportRow], tasks: Mapping[str, TaskTerms], zone: tzinfo) -> dict[str, int]:
    """Yen earned per report id (see the module notes); a day rate is booked on the day's first report."""
    earned: dict[str, int] = {}
    days_paid: set[tuple[str, str, date]] = set()
    for report in sorted(reports, key=lambda r: (r.reported_at, r.id)):
        terms = tasks.get(report.task_id)
        basis = terms.basis if terms else RateBasis.NONE
        yen = 0
        if terms is not None and terms.rate_yen is not None:
            if basis is RateBasis.UNIT:
                yen = (report.units_done or 0) * terms.rate_yen
            elif basis is RateBasis.HOUR and report.hours is not None:
                per_hour = terms.rate_yen / HOUR_UNITS.get((terms.rate_unit or "時間").strip().lower(), Decimal(1))
                exact = Decimal(str(report.hours)) * per_hour
                yen = int(exact.to_integral_value(rounding=ROUND_FLOOR))
            elif basis is RateBasis.DAY:
                day = (report.person_id, report.task_id, report.reported_at.astimezone(zone).date())
                if day not in days_paid:
                    days_paid.add(day)
                    yen = terms.rate_yen
        earned[report.id] = yen
    return earned


# --- the monthly figures -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SkillUse:
    skill: str  # catalog id
    residents: int
    hours: float
    reports: int


@dataclass(frozen=True, slots=True)
class ClientFigures:
    client_id: str
    name: str
    kind: OrganizationKind
    residents: int
    hours: float
    earnings_yen: int
    outside_yen: int  # of `earnings_yen`, what counts as 域外


@dataclass(frozen=True, slots=True)
class ProgrammeFigures:
    period: Period
    reports: int
    hours: float
    units: Mapping[str, int]  # unit -> units reported (件: 450, 記事: 3)
    earnings_yen: int
    outside_yen: int
    local_yen: int
    active_residents: int
    withdrawn_active: int  # of the active residents, how many have since withdrawn
    new_participants: int
    skills: tuple[SkillUse, ...]
    clients: tuple[ClientFigures, ...]
    hourly_reports_without_hours: int
    unpriced_reports: int
    # How evenly the work reached people: of the enrolled residents (teleworkers who had not left,
    # plus those who worked in the period and left since), how many had any work, and the Gini
    # coefficient of their hours (0: everyone the same, near 1: a few did it all). 0 enrolled: unknown.
    enrolled: int = 0
    hours_gini: float | None = None

    @property
    def outside_share(self) -> float | None:
        return self.outside_yen / self.earnings_yen if self.earnings_yen else None

    @property
    def reach(self) -> float | None:
        return self.active_residents / self.enrolled if self.enrolled else None


def gini(values: Sequence[float]) -> float | None:
    """The Gini coefficient of non-negative values (mean absolute difference over twice the mean),
    from the sorted values in one pass; None when there is nothing or everything is zero."""
    ordered = sorted(values)
    n, total = len(ordered), sum(ordered)
    if n == 0 or total <= 0:
        return None
    ranked = sum((2 * i - n + 1) * v for i, v in enumerate(ordered))
    return ranked / (n * total)


def programme_figures(
    period: Period,
    zone: tzinfo,
    reports: Iterable[ReportRow],
    tasks: Mapping[str, TaskTerms],
    clients: Mapping[str, Client],
    residents: Mapping[str, Resident],
    enrolled: Iterable[str] = (),
) -> ProgrammeFigures:
    """The period's figures from every report and the people, tasks and clients they name.
    `enrolled`: the teleworkers taking part (for reach and the Gini of hours; empty: not shown).

    `residents` holds every person the reports name plus everyone who joined in the period."""
    rows = counted(reports, period, zone)
    earned = report_earnings(rows, tasks, zone)
    hours = 0.0
    units: dict[str, int] = defaultdict(int)
    outside_yen = 0
    active: set[str] = set()
    person_hours: dict[str, float] = defaultdict(float)
    skill_people: dict[str, set[str]] = defaultdict(set)
    skill_hours: dict[str, float] = defaultdict(float)
    skill_reports: dict[str, int] = defaultdict(int)
    client_people: dict[str, set[str]] = defaultdict(set)
    client_hours: dict[str, float] = defaultdict(float)
    client_yen: dict[str, int] = defaultdict(int)
    client_outside: dict[str, int] = defaultdict(int)
    no_hours = unpriced = 0
    for report in rows:
        terms = tasks.get(report.task_id)
        resident = residents.get(report.person_id)
        client = clients.get(report.organization_id) or Client(report.organization_id, "?", OrganizationKind.CLIENT)
        yen = earned[report.id]
        active.add(report.person_id)
        hours += report.hours or 0.0
        person_hours[report.person_id] += report.hours or 0.0
        if terms is not None and report.units_done:
            units[terms.unit] += report.units_done
        basis = terms.basis if terms else RateBasis.NONE
        if basis is RateBasis.NONE:
            unpriced += 1
        elif basis is RateBasis.HOUR and report.hours is None:
            no_hours += 1
        if is_outside(client, resident.region if resident else ""):
            outside_yen += yen
            client_outside[client.id] += yen
        for skill in sorted(terms.skills) if terms else ():
            skill_people[skill].add(report.person_id)
            skill_hours[skill] += report.hours or 0.0
            skill_reports[skill] += 1
        client_people[client.id].add(report.person_id)
        client_hours[client.id] += report.hours or 0.0
        client_yen[client.id] += yen
    earnings = sum(earned.values())
    catalog_order = {s.id: i for i, s in enumerate(SKILLS)}
    skills = tuple(
        SkillUse(s, len(skill_people[s]), round(skill_hours[s], 2), skill_reports[s])
        for s in sorted(skill_people, key=lambda s: (-len(skill_people[s]), catalog_order.get(s, math.inf), s))
    )
    client_rows = tuple(
        sorted(
            (
                ClientFigures(
                    c,
                    clients[c].name if c in clients else "?",
                    clients[c].kind if c in clients else OrganizationKind.CLIENT,
                    len(client_people[c]),
                    round(client_hours[c], 2),
                    client_yen[c],
                    client_outside[c],
                )
                for c in client_people
            ),
            key=lambda f: (-f.earnings_yen, f.name, f.client_id),
        )
    )
    newcomers = {
        r.id
        for r in residents.values()
        if r.joined_at is not None
        and period.contains(r.joined_at, zone)
        and ((r.teleworker and not r.withdrawn) or (r.withdrawn and r.id in active))
    }
    taking_part = set(enrolled)
    # someone who worked in the period and left since still counts in it
    everyone = taking_part | active if taking_part else set()
    return ProgrammeFigures(
        period=period,
        reports=len(rows),
        hours=round(hours, 2),
        units=dict(sorted(units.items(), key=lambda kv: (-kv[1], kv[0]))),
        earnings_yen=earnings,
        outside_yen=outside_yen,
        local_yen=earnings - outside_yen,
        active_residents=len(active),
        withdrawn_active=sum(1 for p in active if (residents.get(p) is None or residents[p].withdrawn)),
        new_participants=len(newcomers),
        skills=skills,
        clients=client_rows,
        hourly_reports_without_hours=no_hours,
        unpriced_reports=unpriced,
        enrolled=len(everyone),
        hours_gini=gini([person_hours.get(p, 0.0) for p in everyone]) if everyone else None,
    )


# --- CSV exports ---------------------------------------------------------------------------------


class ExportShape(enum.StrEnum):
    REPORTS = "report"  # one row per progress report
    PERSON_DAY = "person-day"  # a timesheet: one row per person and local date


REPORT_COLUMNS = (
    "date",
    "time",
    "person",
    "organization",
    "task",
    "units",
    "unit",
    "hours",
    "yen",
    "blockers",
    "parser",
    "note",
)
PERSON_DAY_COLUMNS = ("date", "person", "hours", "reports", "tasks", "units", "yen")


def _hours_text(hours: float | None) -> str:
    if hours is None:
        return ""
    return f"{hours:g}"


def export_rows(
    period: Period,
    zone: tzinfo,
    reports: Iterable[ReportRow],
    tasks: Mapping[str, TaskTerms],
    clients: Mapping[str, Client],
    residents: Mapping[str, Resident],
    locale: Locale,
    shape: ExportShape = ExportShape.REPORTS,
) -> list[list[str]]:
    """The export as rows of text, header first (column names in `locale`)."""
    rows = counted(reports, period, zone)
    earned = report_earnings(rows, tasks, zone)
    columns = REPORT_COLUMNS if shape is ExportShape.REPORTS else PERSON_DAY_COLUMNS
    table = [[translate(f"report.column.{c}", locale) for c in columns]]
    if shape is ExportShape.REPORTS:
        for r in rows:
            local = r.reported_at.astimezone(zone)
            terms = tasks.get(r.task_id)
            client = clients.get(r.organization_id)
            table.append(
                [
                    local.date().isoformat(),
                    local.strftime("%H:%M"),
                    person_label(residents.get(r.person_id), r.person_id, locale),
                    client.name if client else "",
                    terms.title if terms else "",
                    "" if r.units_done is None else str(r.units_done),
                    terms.unit if terms else "",
                    _hours_text(r.hours),
                    str(earned[r.id]),
                    r.blockers.replace("\n", " / "),
                    r.parser,
                    _correction_note(r, zone, locale),
                ]
            )
        return table
    days: dict[tuple[date, str], list[ReportRow]] = defaultdict(list)
    for r in rows:
        days[(r.reported_at.astimezone(zone).date(), r.person_id)].append(r)
    separator = translate("list.separator", locale)
    labelled = [(day, person_label(residents.get(p), p, locale), group) for (day, p), group in days.items()]
    for day, label, group in sorted(labelled, key=lambda t: (t[0], t[1])):
        titles: list[str] = []
        per_unit: dict[str, int] = defaultdict(int)
        for r in group:
            terms = tasks.get(r.task_id)
            title = terms.title if terms else "?"
            if title not in titles:
                titles.append(title)
            if r.units_done and terms is not None:
                per_unit[terms.unit] += r.units_done
        hours = [r.hours for r in group if r.hours is not None]
        table.append(
            [
                day.isoformat(),
                label,
                _hours_text(round(sum(hours), 2)) if hours else "",
                str(len(group)),
                separator.join(titles),
                separator.join(f"{n}{unit}" for unit, n in per_unit.items()),
                str(sum(earned[r.id] for r in group)),
            ]
        )
    return table


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """Report text is the teleworker's: a cell starting like a formula (「=HYPERLINK(...)」) would
    run in Excel, so it is shown as text (OWASP's CSV-injection advice: a leading quote)."""
    if text.startswith(_FORMULA_START):
        try:
            float(text)
        except ValueError:
            return "'" + text
    return text


def _correction_note(row: ReportRow, zone: tzinfo, locale: Locale) -> str:
    if row.entered_at is None:
        return ""
    entered = row.entered_at.astimezone(zone)
    return translate("report.correction_note", locale, date=entered.date().isoformat(), time=entered.strftime("%H:%M"))


def to_csv(table: Sequence[Sequence[str]]) -> bytes:
    """UTF-8 with a byte-order mark and CRLF line ends: what Excel in Japan opens without mojibake."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([_cell(c) for c in row] for row in table)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
