"""The offline progress-report parser against the hand-labelled sets in tests/data.

Each line of reports_ja.jsonl / reports_en.jsonl holds a message as typed on a phone, the fixture
assignments it is read against (by name, below), `today`, and the expected extraction. Item keys
left out mean the default (None, False, no blockers, no questions). `blockers` lists each
blocker's count (null when the message gives none).

The table test checks every field of every line; lines the rules still misread are listed in
KNOWN_MISSES (strict xfail, so fixing one forces its removal). The accuracy test measures, per
field, how many messages are right, how many were asked about instead (counted as not wrong,
reported separately) and how many are wrong, and asserts the targets of issue 6.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.i18n import CATALOGS
from domain.refs import Locale
from domain.reports import (
    Ask,
    AssignmentHint,
    Blocker,
    ParsedReport,
    Plan,
    ReportItem,
    SharedWith,
    confirmation,
    parse_report,
)

DATA = Path(__file__).resolve().parents[1] / "data"

FIXTURES = {
    "inv": AssignmentHint("inv", "請求書入力", "件", 200, 70),
    "inv2": AssignmentHint("inv2", "請求書入力", "件", 200, 170),
    "svy": AssignmentHint("svy", "アンケート入力", "件", 300, 100),
    "rcp": AssignmentHint("rcp", "領収書スキャン", "枚", 500, 120),
    "art": AssignmentHint("art", "ブログ記事作成", "本", 10, 3),
    "mov": AssignmentHint("mov", "動画文字起こし", "本", 20, 5),
    "call": AssignmentHint("call", "電話対応", "時間", 40, 10),
    "card": AssignmentHint("card", "名刺データ化", "枚", 3000, 1200),
    "inv_en": AssignmentHint("inv_en", "Invoice entry", "件", 200, 70),
    "inv2_en": AssignmentHint("inv2_en", "Invoice entry", "件", 200, 170),
    "svy_en": AssignmentHint("svy_en", "Survey input", "件", 300, 100),
    "rcp_en": AssignmentHint("rcp_en", "Receipt scanning", "枚", 500, 120),
    "art_en": AssignmentHint("art_en", "Blog articles", "記事", 10, 3),
}

# Lines the rules misread today, with why. Strict: a line that starts passing must leave the list.
# The held-out lines ("holdout": true) were written after the rules and are deliberately not tuned on
# (ja178, 「進捗なし」, left them when that phrase was added to the zero phrases).
KNOWN_MISSES: dict[str, str] = {
    "ja164": "「うち3枚は…読み取れませんでした」: うち skips the count and 読み取れ is no blocker word",
    "ja165": "「1時間しかできず」 is read as a blocker (できず), not as a short day",
    "ja169": "「3本目」 (the third one) is read as 3 done",
    "ja174": "the count after 「…」 is a new sentence, so it is read as done work, not the blocker's count",
    "ja177": "「そのうち5件」: うち skips the count, so the blocker has none",
    "ja184": "「これで全部です」 is not read as done (no 終わり/完了 after 全部)",
    "en37": "「2 of the receipt files」: 'couldn't open' is no blocker word and 'the rest (60)' adds to 2",
}


def _load(name: str) -> list[dict[str, Any]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


JA = _load("reports_ja.jsonl")
EN = _load("reports_en.jsonl")


def _parse(case: dict[str, Any]) -> ParsedReport:
    hints = [FIXTURES[name] for name in case["hints"]]
    return parse_report(case["text"], hints, date.fromisoformat(case["today"]))


def _expected_items(case: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "assignment": item.get("assignment"),
            "units_done": item.get("units_done"),
            "units_cumulative": item.get("units_cumulative"),
            "remaining": item.get("remaining"),
            "hours": item.get("hours"),
            "done": item.get("done", False),
            "blockers": item.get("blockers", []),
            "questions": item.get("questions", 0),
            "plan": item.get("plan"),
        }
        for item in case["items"]
    ]


def _actual_items(parsed: ParsedReport) -> list[dict[str, Any]]:
    return [
        {
            "assignment": item.assignment_id,
            "units_done": item.units_done,
            "units_cumulative": item.units_cumulative,
            "remaining": item.remaining,
            "hours": item.hours,
            "done": item.done,
            "blockers": [b.count for b in item.blockers],
            "questions": len(item.questions),
            "plan": {"units": item.plan.units, "date": item.plan.on.isoformat() if item.plan.on else None}
            if item.plan
            else None,
        }
        for item in parsed.items
    ]


def _actual_correction(parsed: ParsedReport) -> dict[str, Any] | None:
    c = parsed.correction
    if c is None:
        return None
    return {
        "assignment": c.assignment_id,
        "date": c.report_date.isoformat() if c.report_date else None,
        "value": c.value,
        "previous": c.previous,
    }


def _cases() -> Iterator[Any]:
    for case in JA + EN:
        marks = [pytest.mark.xfail(reason=KNOWN_MISSES[case["id"]], strict=True)] if case["id"] in KNOWN_MISSES else []
        yield pytest.param(case, id=case["id"], marks=marks)


def test_labelled_sets_are_large_enough_and_well_formed() -> None:
    assert len(JA) >= 150
    assert len(EN) >= 30
    ids = [case["id"] for case in JA + EN]
    assert len(ids) == len(set(ids))
    for case in JA + EN:
        assert set(case["hints"]) <= FIXTURES.keys(), case["id"]
        assert set(case.get("ask", [])) <= {a.value for a in Ask}, case["id"]
        for item in case["items"]:
            assert item.get("assignment") in (None, *case["hints"]), case["id"]


@pytest.mark.parametrize("case", list(_cases()))
def test_table(case: dict[str, Any]) -> None:
    parsed = _parse(case)
    assert _actual_items(parsed) == _expected_items(case)
    assert _actual_correction(parsed) == case.get("correction")
    assert sorted(parsed.ask) == sorted(case.get("ask", []))


# --- field-level accuracy -------------------------------------------------------------------------

# field → (what is compared per message, the asks that mean "asked instead of guessing")
FIELDS: dict[str, tuple[str, frozenset[str]]] = {
    "units done": ("units_done", frozenset({Ask.UNIT, Ask.CONTRADICTION, Ask.ASSIGNMENT})),
    "blockers": ("blockers", frozenset()),
    "done-ness": ("done", frozenset({Ask.ASSIGNMENT})),
    "hours": ("hours", frozenset()),
    "assignment": ("assignment", frozenset({Ask.ASSIGNMENT})),
    "correction": ("correction", frozenset({Ask.ASSIGNMENT})),
}


def _project(name: str, items: list[dict[str, Any]], correction: dict[str, Any] | None) -> object:
    if name == "units_done":
        return sorted(((i["assignment"] or ""), i["units_done"]) for i in items if i["units_done"] is not None)
    if name == "blockers":
        return sorted(((i["assignment"] or ""), str(b)) for i in items for b in i["blockers"])
    if name == "done":
        return sorted((i["assignment"] or "") for i in items if i["done"])
    if name == "hours":
        return round(sum(i["hours"] or 0 for i in items), 2)
    if name == "assignment":
        return [i["assignment"] for i in items]
    return correction


def _accuracy(cases: list[dict[str, Any]]) -> dict[str, tuple[int, int, int, int]]:
    """field → (right, asked, wrong, messages where the field is expected non-empty)."""
    table: dict[str, tuple[int, int, int, int]] = {}
    parsed = [(case, _parse(case)) for case in cases]
    for label, (name, asks) in FIELDS.items():
        right = asked = wrong = present = 0
        for case, result in parsed:
            expected = _project(name, _expected_items(case), case.get("correction"))
            actual = _project(name, _actual_items(result), _actual_correction(result))
            present += bool(expected)
            if expected == actual:
                right += 1
            elif asks & set(result.ask):
                asked += 1
            else:
                wrong += 1
        table[label] = (right, asked, wrong, present)
    return table


def _print_table(title: str, table: dict[str, tuple[int, int, int, int]]) -> None:
    print(f"\n{title}")
    print(f"{'field':<12} {'right':>6} {'asked':>6} {'wrong':>6} {'accuracy':>9}  (messages with the field)")
    for label, (right, asked, wrong, present) in table.items():
        total = right + asked + wrong
        print(f"{label:<12} {right:>6} {asked:>6} {wrong:>6} {(right + asked) / total:>9.1%}  ({present})")


@pytest.mark.parametrize(("title", "cases"), [("Japanese", JA), ("English", EN)], ids=["ja", "en"])
def test_field_level_accuracy_meets_the_targets(title: str, cases: list[dict[str, Any]]) -> None:
    table = _accuracy(cases)
    _print_table(f"{title}: {len(cases)} messages", table)
    holdout = [case for case in cases if case.get("holdout")]
    _print_table(f"{title}, held-out lines only: {len(holdout)} messages", _accuracy(holdout))

    def rate(label: str) -> float:
        right, asked, wrong, _ = table[label]
        return (right + asked) / (right + asked + wrong)

    assert rate("units done") >= 0.95
    assert rate("blockers") >= 0.90


# --- behaviour worth pinning outside the tables --------------------------------------------------

TODAY = date(2025, 11, 20)
INV, SVY, RCP = FIXTURES["inv"], FIXTURES["svy"], FIXTURES["rcp"]


def test_the_issue_example_reads_units_and_a_counted_blocker() -> None:
    parsed = parse_report("請求書 50件入力しました。取引先コードが無いものが3件あって止まってます", [INV], TODAY)
    (item,) = parsed.items
    assert item.assignment_id == "inv"
    assert item.units_done == 50
    assert item.blockers == (Blocker("取引先コードが無いもの", 3),)
    assert parsed.ask == ()
    assert parsed.parser == "rules-v1"


def test_a_range_is_recorded_at_its_lower_bound_and_flagged() -> None:
    (item,) = parse_report("40〜50件くらいやりました", [INV], TODAY).items
    assert (item.units_done, item.approximate) == (40, True)


def test_plans_carry_the_date() -> None:
    (item,) = parse_report("50件入力しました。残り30件は明日やります", [INV], TODAY).items
    assert item.plan == Plan(date(2025, 11, 21), 30)
    (item,) = parse_report("残り30件は明日", [INV], TODAY).items
    assert (item.remaining, item.plan) == (30, Plan(date(2025, 11, 21), 30))


def test_an_unnamed_number_with_several_assignments_is_asked_not_guessed() -> None:
    parsed = parse_report("今日は30やりました", [INV, RCP], TODAY)
    assert parsed.items == (ReportItem(None, units_done=30),)
    assert set(parsed.ask) == {"assignment", "unit"}
    assert parsed.confidence < 0.9


def test_a_total_below_what_was_reported_is_a_contradiction() -> None:
    parsed = parse_report("累計50件です", [INV], TODAY)
    assert parsed.ask == ("contradiction",)
    assert parsed.items[0].units_done is None


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_the_parser_never_raises(text: str) -> None:
    parsed = parse_report(text, [INV, SVY, RCP], TODAY)
    assert set(parsed.ask) <= {a.value for a in Ask}
    assert 0.0 <= parsed.confidence <= 1.0
    for locale in Locale:
        assert isinstance(confirmation(parsed, [INV, SVY, RCP], locale), str)


@given(
    st.text(
        alphabet="0123456789０１２３件枚本時間分半残り累計計〜~-、。!?全部終わ完了昨日訂正じゃなくて一二十百千万 h",
        max_size=80,
    )
)
@settings(max_examples=300, deadline=None)
def test_the_parser_never_raises_on_report_like_noise(text: str) -> None:
    parse_report(text, [INV, SVY], TODAY)


# --- confirmation ---------------------------------------------------------------------------------


def test_confirmation_in_japanese_matches_the_issue() -> None:
    parsed = parse_report("請求書 50件入力しました。取引先コードが無いものが3件あって止まってます", [INV], TODAY)
    text = confirmation(parsed, [INV], Locale.JA)
    assert text.startswith("請求書入力：本日50件（累計120/200件）")
    assert "止まっている点：取引先コードが無いもの3件 → リーダーに共有しました" in text


def test_confirmation_in_english() -> None:
    hint = FIXTURES["inv_en"]
    parsed = parse_report("Did 40 invoices today, 2 hours. Stuck on 3 records with no client code", [hint], TODAY)
    text = confirmation(parsed, [hint], Locale.EN)
    assert text.startswith("Invoice entry: 40 items today (110/200 items in total), 2h")
    assert "shared with your leader" in text


def test_confirmation_names_who_was_really_told_of_a_blocker() -> None:
    parsed = parse_report(
        "請求書 50件入力しました。取引先コードが無いものが3件あって止まってます。質問：締切は？", [INV], TODAY
    )
    client = confirmation(parsed, [INV], Locale.JA, {"inv": SharedWith.CLIENT})
    assert "取引先コードが無いもの3件 → 依頼主に共有しました" in client and "リーダー" in client
    nobody = confirmation(parsed, [INV], Locale.EN, {"inv": SharedWith.NOBODY})
    assert "shared with" not in nobody and "noted; no leader or client can be reached" in nobody
    assert confirmation(parsed, [INV], Locale.JA, {"other": SharedWith.NOBODY}) == confirmation(
        parsed, [INV], Locale.JA
    )


def test_confirmation_asks_which_assignment_and_names_corrections() -> None:
    asked = confirmation(parse_report("50件やりました", [INV, SVY], TODAY), [INV, SVY], Locale.JA)
    assert "どの案件" in asked
    corrected = confirmation(parse_report("昨日の報告、50件じゃなくて45件でした", [INV], TODAY), [INV], Locale.JA)
    assert "45件" in corrected and "11/19" in corrected


def test_report_messages_exist_in_both_catalogs() -> None:
    keys = {k for k in CATALOGS[Locale.JA] if k.startswith("report.")}
    assert keys
    assert keys == {k for k in CATALOGS[Locale.EN] if k.startswith("report.")}
