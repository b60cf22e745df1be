"""The one-tap readings offered when a report is unclear must read back as exactly that reading."""

from datetime import date

import pytest

from domain.refs import Locale
from domain.reports import AssignmentHint, parse_report
from handlers.reports.messages import choices

TODAY = date(2026, 12, 4)


@pytest.mark.parametrize("locale", list(Locale))
@pytest.mark.parametrize("unit", ["件", "枚", "本", "記事"])
@pytest.mark.parametrize("shares", [1, 2])
def test_finished_without_a_count_offers_the_rest_today_and_the_tap_reads_back(
    locale: Locale, unit: str, shares: int
) -> None:
    hints = {
        "a": AssignmentHint("a", "請求書入力", unit, target=200, reported=50),
        "b": AssignmentHint("b", "名刺入力", unit, target=80, reported=0),
    }
    hints = dict(list(hints.items())[:shares])
    said = "請求書 全部終わりました" if shares > 1 else "全部終わりました"
    parsed = parse_report(said, list(hints.values()), TODAY)
    assert parsed.ask == ("hedge",)
    [tap] = choices(parsed, hints, said, locale)
    again = parse_report(tap.text, list(hints.values()), TODAY)
    assert again.ask == ()
    [item] = again.items
    assert (item.assignment_id, item.units_done, item.done) == ("a", 150, True)


def test_nothing_is_offered_for_a_finished_share_or_an_hourly_one() -> None:
    finished = {"a": AssignmentHint("a", "請求書入力", "件", target=200, reported=200)}
    hourly = {"a": AssignmentHint("a", "電話対応", "時間", target=20, reported=5)}
    for hints in (finished, hourly):
        parsed = parse_report("全部終わりました", list(hints.values()), TODAY)
        assert choices(parsed, hints, "全部終わりました", Locale.JA) == ()
