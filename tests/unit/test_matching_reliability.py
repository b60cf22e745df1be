"""A teleworker's track record, as matching reads it from their shares and reports (issue 6)."""

from datetime import UTC, date, datetime

from domain.matching import Reliability
from domain.proposals import Assignment, ProgressReport, reliability_of

TODAY = date(2026, 11, 23)


def _share(units: int, due: date | None) -> Assignment:
    return Assignment("o", "t", "p", units, units / 20, 0, datetime(2026, 11, 1, tzinfo=UTC), due=due)


def _report(share: Assignment, units: int | None, at: datetime, *, done: bool = False) -> ProgressReport:
    return ProgressReport("o", share.id, "p", units, 0, None, done, "", "", "rules", at)


def test_a_share_counts_once_its_outcome_is_known_and_on_time_by_the_deadlines_day_in_japan() -> None:
    on_time = _share(100, date(2026, 11, 20))
    late = _share(100, date(2026, 11, 20))
    never = _share(50, date(2026, 11, 18))
    early = _share(30, date(2026, 12, 4))  # not due yet, but all reported: it counts, on time
    running = _share(200, date(2026, 12, 4))  # not due, not complete: no outcome yet
    handed_over = _share(0, date(2026, 11, 10))  # cover took all of it: not theirs to answer for
    reports = [
        _report(on_time, 60, datetime(2026, 11, 19, 3, tzinfo=UTC)),
        _report(on_time, 40, datetime(2026, 11, 20, 14, 30, tzinfo=UTC)),  # 23:30 on the 20th in Tokyo
        _report(late, 70, datetime(2026, 11, 20, 1, tzinfo=UTC)),
        _report(late, 30, datetime(2026, 11, 20, 15, 30, tzinfo=UTC)),  # 00:30 on the 21st in Tokyo
        _report(early, None, datetime(2026, 11, 22, 1, tzinfo=UTC), done=True),  # 「完了しました」
        _report(running, 120, datetime(2026, 11, 22, 1, tzinfo=UTC)),
    ]

    record = reliability_of([on_time, late, never, early, running, handed_over], reports, TODAY)

    assert record == Reliability(reports_on_time=2, reports_due=4, tasks_finished=3, tasks_accepted=4)


def test_nothing_reported_yet_is_the_neutral_prior() -> None:
    assert reliability_of([_share(100, date(2026, 12, 4))], [], TODAY) == Reliability()


def test_a_correction_counts_with_the_sum_it_makes() -> None:
    share = _share(100, date(2026, 11, 20))
    first = _report(share, 110, datetime(2026, 11, 19, 1, tzinfo=UTC))
    fixed = _report(share, -20, datetime(2026, 11, 19, 2, tzinfo=UTC))  # 110 → 90: not complete
    assert reliability_of([share], [first, fixed], TODAY) == Reliability(0, 1, 0, 1)
