"""When digests are due (time zones, catch-up after downtime, weekends) and what people type."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from domain.digest import Audience, DigestKind, DigestScope, ScopeKind
from domain.digest_schedule import (
    BadTime,
    DigestAction,
    DigestArgs,
    DigestRecipient,
    due_digests,
    parse_clock,
    parse_digest_args,
    parse_line_digest,
)
from domain.refs import ChatRef, Locale, Platform

CHAT = ChatRef(Platform.SLACK, "T1", "U1")


def _leader(tz: str = "Asia/Tokyo", at: time = time(18, 0), weekly: time | None = None) -> DigestRecipient:
    return DigestRecipient(
        "leader:p:t", Audience.LEADER, DigestScope(ScopeKind.TEAM, "t"), CHAT, at, tz, Locale.JA, weekly
    )


def _utc(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def _due(recipient: DigestRecipient, now: datetime) -> list[tuple[str, date, bool]]:
    return [(d.kind.value, d.day, d.late) for d in due_digests(recipient, now)]


def test_a_leader_in_tokyo_is_due_at_18_local_and_not_before() -> None:
    # Tuesday 2026-11-24: 18:00 JST is 09:00 UTC
    assert _due(_leader(), _utc(24, 8, 59)) == []
    assert _due(_leader(), _utc(24, 9, 0)) == [("daily", date(2026, 11, 24), False)]
    assert _due(_leader(), _utc(24, 9, 29)) == [("daily", date(2026, 11, 24), False)]


def test_another_timezone_is_due_at_its_own_18_00() -> None:
    # 18:00 in Honolulu (UTC-10) on Tuesday the 24th is 04:00 UTC on the 25th
    assert _due(_leader("Pacific/Honolulu"), _utc(25, 3, 59)) == []
    assert _due(_leader("Pacific/Honolulu"), _utc(25, 4, 0)) == [("daily", date(2026, 11, 24), False)]


def test_a_missed_digest_is_caught_up_the_same_day_and_marked_late() -> None:
    # Yui was down at 18:00 JST and came back at 22:10 JST
    assert _due(_leader(), _utc(24, 13, 10)) == [("daily", date(2026, 11, 24), True)]


def test_after_midnight_yesterdays_digest_goes_out_until_nine_then_is_skipped() -> None:
    # Wednesday 25th 02:00 JST (17:00 UTC on the 24th) and 08:59 JST: yesterday's, late
    assert _due(_leader(), _utc(24, 17, 0)) == [("daily", date(2026, 11, 24), True)]
    assert _due(_leader(), _utc(24, 23, 59)) == [("daily", date(2026, 11, 24), True)]
    # 09:00 JST: too late for yesterday's; today's is not due until 18:00
    assert _due(_leader(), _utc(25, 0, 0)) == []


def test_an_early_digest_time_bounds_the_catch_up_window() -> None:
    early = _leader(at=time(7, 0))
    # Wednesday 07:30 JST: today's 07:00 is due; yesterday's (07:00 Tuesday) window ended at 07:00
    assert _due(early, _utc(24, 22, 30)) == [("daily", date(2026, 11, 25), False)]


def test_no_daily_digest_on_weekends_and_public_holidays() -> None:
    assert _due(_leader(), _utc(28, 10)) == []  # Saturday
    assert _due(_leader(), datetime(2026, 11, 23, 10, tzinfo=UTC)) == []  # 勤労感謝の日 (Monday)


def test_the_weekly_client_digest_is_due_on_monday_morning_until_the_day_ends() -> None:
    client = _leader(weekly=time(9, 0))
    monday = _utc(30, 0, 5)  # Monday 30 Nov, 09:05 JST
    assert ("weekly", date(2026, 11, 30), False) in _due(client, monday)
    assert ("weekly", date(2026, 11, 30), True) in _due(client, _utc(30, 14, 0))  # 23:00 JST, late
    assert "weekly" not in [k for k, _, _ in _due(client, _utc(30, 15, 0))]  # Tuesday 00:00 JST
    assert DigestKind.WEEKLY.value not in [k for k, _, _ in _due(client, _utc(29, 23, 59))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("19:00", time(19, 0)),
        ("１９：３０", time(19, 30)),
        ("19時", time(19, 0)),
        ("19時半", time(19, 30)),
        ("十九時", time(19, 0)),
        ("午後7時", time(19, 0)),
        ("7pm", time(19, 0)),
        ("朝8時", time(8, 0)),
        ("請求書", None),
    ],
)
def test_times_are_read_the_way_people_write_them(text: str, expected: time | None) -> None:
    assert parse_clock(text) == expected


@pytest.mark.parametrize("text", ["25時", "18:75"])
def test_an_impossible_time_is_refused(text: str) -> None:
    with pytest.raises(BadTime):
        parse_clock(text)


def test_slash_arguments() -> None:
    assert parse_digest_args("").action is DigestAction.SHOW
    assert parse_digest_args("team").target == "team"
    assert parse_digest_args("請求書").target == "請求書"
    sub = parse_digest_args("subscribe 17:30 請求書")
    assert (sub.action, sub.at, sub.target) == (DigestAction.SUBSCRIBE, time(17, 30), "請求書")
    assert parse_digest_args("subscribe").at is None
    numbered = parse_digest_args("subscribe 2026 請求書")  # a number in a task's name is not a time
    assert (numbered.at, numbered.target) == (None, "2026 請求書")
    assert parse_digest_args("unsubscribe").action is DigestAction.UNSUBSCRIBE
    assert parse_digest_args("time 19:00").at == time(19, 0)
    assert parse_digest_args("time 19").at == time(19, 0) and parse_digest_args("時間 午後7時").at == time(19, 0)
    assert parse_digest_args("time 19:00 please").bad_time == "19:00 please"
    assert parse_digest_args("time 25:00").bad_time == "25:00"
    assert parse_digest_args("time").bad_time


def test_a_leaders_line_words() -> None:
    assert parse_line_digest("まとめ") is not None and parse_line_digest("まとめ").action is DigestAction.SHOW  # type: ignore[union-attr]
    assert parse_line_digest("まとめを見せて").action is DigestAction.SHOW  # type: ignore[union-attr]
    timed = parse_line_digest("まとめ 19時")
    assert timed is not None and (timed.action, timed.at) == (DigestAction.TIME, time(19, 0))
    assert parse_line_digest("まとめは２０時にして").at == time(20, 0)  # type: ignore[union-attr]
    assert parse_line_digest("まとめ 停止").action is DigestAction.STOP  # type: ignore[union-attr]
    assert parse_line_digest("まとめ 30時").bad_time  # type: ignore[union-attr]
    assert parse_line_digest("まとめて明日送ります") is None
    assert parse_line_digest("まとめ 5") is None  # a bare number is not a time (nor a team)
    assert parse_line_digest("digest 7pm").at == time(19, 0)  # type: ignore[union-attr]
    assert parse_line_digest("請求書50件入力しました") is None


def test_a_leader_names_a_team_in_line() -> None:
    for text in ("まとめ 駒ヶ根チーム", "駒ヶ根チームのまとめ", "駒ヶ根チームのまとめを見せて", "まとめ　駒ヶ根チーム"):
        assert parse_line_digest(text) == DigestArgs(DigestAction.SHOW, target="駒ヶ根チーム"), text
    assert parse_line_digest("digest Komagane team") == DigestArgs(DigestAction.SHOW, target="Komagane team")
    assert parse_line_digest("会議のまとめ") is None  # a sentence, not a team's name
    assert parse_line_digest("駒ヶ根チームのまとめを送りました") is None
    assert parse_line_digest("まとめ 19時").at == time(19, 0)  # type: ignore[union-attr]
    assert parse_line_digest("まとめ停止").action is DigestAction.STOP  # type: ignore[union-attr]
