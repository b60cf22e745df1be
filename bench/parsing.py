"""How well Yui reads chat messages: accuracy per field on the labelled sets in tests/data.

    .venv/bin/python -m bench.parsing            # tuning and held-out figures, per field
    .venv/bin/python -m bench.parsing --misses   # and every tuning message a field got wrong
    .venv/bin/python -m bench.parsing --timing   # and the handling cost per message (µs)

Two parts are scored apart: the tuning part (reports_ja/en.jsonl, tuning.jsonl) the rules are
written against, and the held-out part (holdout.jsonl) written before the rules were read and never
tuned on (see tests/data/README.md). Per field a message is *right* (what would be stored equals the
label), *asked* (Yui asks instead and stores nothing: not wrong, but counted apart) or *wrong*.
A wrong number is worse than a question, so the numbers a message would store that its label does
not hold are counted on their own ("wrong numbers stored"), as are asks nobody needed.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from domain.absence import announced_absence
from domain.intents import Intent, classify, strip_mentions
from domain.model import read_join_code
from domain.reports import AssignmentHint, ParsedReport, parse_report
from domain.task_draft import draft_task

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
TUNING_FILES = ("reports_ja.jsonl", "reports_en.jsonl", "tuning.jsonl")
HELD_OUT_FILES = ("holdout.jsonl",)

# The assignments a labelled message is read against, by the name its `hints` use.
FIXTURES = {
    "inv": AssignmentHint("inv", "請求書入力", "件", 200, 70),
    "inv2": AssignmentHint("inv2", "請求書入力", "件", 200, 170),
    "inv3": AssignmentHint("inv3", "請求書入力", "件", 200, 182),
    "svy": AssignmentHint("svy", "アンケート入力", "件", 300, 100),
    "rcp": AssignmentHint("rcp", "領収書スキャン", "枚", 500, 120),
    "art": AssignmentHint("art", "ブログ記事作成", "本", 10, 3),
    "mov": AssignmentHint("mov", "動画文字起こし", "本", 20, 5),
    "call": AssignmentHint("call", "電話対応", "時間", 40, 10),
    "card": AssignmentHint("card", "名刺データ化", "枚", 3000, 1200),
    "addr": AssignmentHint("addr", "住所録入力", "件", 2000, 920),
    "list": AssignmentHint("list", "顧客リスト入力", "件", 3000, 1050),
    "inv_en": AssignmentHint("inv_en", "Invoice entry", "件", 200, 70),
    "inv2_en": AssignmentHint("inv2_en", "Invoice entry", "件", 200, 170),
    "inv3_en": AssignmentHint("inv3_en", "Invoice entry", "件", 200, 182),
    "svy_en": AssignmentHint("svy_en", "Survey input", "件", 300, 100),
    "rcp_en": AssignmentHint("rcp_en", "Receipt scanning", "枚", 500, 120),
    "art_en": AssignmentHint("art_en", "Blog articles", "記事", 10, 3),
    "tx_en": AssignmentHint("tx_en", "Transcription", "本", 40, 10),
}

# The targets on the held-out part (accuracy counts a question as not wrong).
TARGETS = {
    "units": 0.95,
    "done": 0.97,
    "blockers": 0.95,
    "absence": 0.97,
    "task volume": 0.95,
    "task unit": 0.95,
    "task deadline": 0.95,
    "task skills": 0.95,
}
_FILLER = ("すみません", "すいません", "申し訳", "sorry")


def load(names: Iterable[str]) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    for name in names:
        path = DATA / name
        if path.exists():
            with path.open(encoding="utf-8") as handle:
                cases.extend(json.loads(line) for line in handle if line.strip())
    return cases


def parse(case: dict[str, Any]) -> ParsedReport:
    hints = [FIXTURES[name] for name in case["hints"]]
    return parse_report(case["text"], hints, date.fromisoformat(case["today"]))


# --- what a message would store -------------------------------------------------------------------


def _numbers(items: Iterable[dict[str, Any]]) -> set[tuple[str, str, int]]:
    return {
        (item.get("assignment") or "", key, item[key])
        for item in items
        for key in ("units_done", "units_cumulative")
        if item.get(key) is not None
    }


def _actual_items(parsed: ParsedReport) -> list[dict[str, Any]]:
    return [
        {
            "assignment": i.assignment_id,
            "units_done": i.units_done,
            "units_cumulative": i.units_cumulative,
            "remaining": i.remaining,
            "hours": i.hours,
            "done": i.done,
            "blockers": [b.count for b in i.blockers],
            "questions": len(i.questions),
            "plan": i.plan.units if i.plan else None,
        }
        for i in parsed.items
    ]


def _project(name: str, items: list[dict[str, Any]]) -> object:
    if name == "units":
        return sorted(_numbers(items))
    if name == "remaining":
        return sorted((i.get("assignment") or "", i["remaining"]) for i in items if i.get("remaining") is not None)
    if name == "done":
        return sorted(i.get("assignment") or "" for i in items if i.get("done"))
    if name == "blockers":
        return sorted(str(b) for i in items for b in i.get("blockers", []))
    if name == "hours":
        return round(sum(i.get("hours") or 0 for i in items), 2)
    if name == "plan":
        return sorted(i["plan"] for i in items if isinstance(i.get("plan"), int))
    raise ValueError(name)


def _expected_plan(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {**i, "plan": (i["plan"] if isinstance(i.get("plan"), int) else (i.get("plan") or {}).get("units"))}
        for i in items
    ]


@dataclass
class Tally:
    right: int = 0
    asked: int = 0
    wrong: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, outcome: str, case: dict[str, Any], detail: str = "") -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)
        if outcome == "wrong":
            self.misses.append(f"{case['id']}: {case['text'][:60]!r} {detail}")

    @property
    def accuracy(self) -> float:
        total = self.right + self.asked + self.wrong
        return (self.right + self.asked) / total if total else 1.0

    @property
    def count(self) -> int:
        return self.right + self.asked + self.wrong


@dataclass
class Score:
    fields: dict[str, Tally] = field(default_factory=dict)
    wrong_numbers: int = 0  # numbers that would be stored and are not in the label
    wrong_number_messages: list[str] = field(default_factory=list)
    needless_asks: int = 0
    missed_asks: int = 0
    ask_misses: list[str] = field(default_factory=list)
    messages: int = 0

    def tally(self, name: str) -> Tally:
        return self.fields.setdefault(name, Tally())


def score_report(case: dict[str, Any], parsed: ParsedReport, score: Score) -> None:
    expected = _expected_plan(case["items"])
    asked = bool(parsed.ask)
    # When Yui asks, the handler stores nothing until the person taps an answer.
    actual = [] if asked else _actual_items(parsed)
    for name in ("units", "remaining", "done", "blockers", "hours", "plan"):
        want, got = _project(name, expected), _project(name, actual)
        if want == got:
            outcome = "right"
        elif asked:
            outcome = "asked"
        else:
            outcome = "wrong"
        score.tally(name).add(outcome, case, f"want {want} got {got} ask={list(parsed.ask)}")
    questions = case.get("questions", 0) + sum(i.get("questions", 0) for i in case["items"])
    got_questions = sum(len(i.questions) for i in parsed.items)
    score.tally("questions").add(
        "right" if questions == got_questions else "wrong", case, f"want {questions} got {got_questions}"
    )
    stray = _numbers(actual) - _numbers(expected)
    if stray:
        score.wrong_numbers += len(stray)
        score.wrong_number_messages.append(f"{case['id']}: {case['text'][:60]!r} stored {sorted(stray)}")
    want_asks, ok = set(case.get("ask", [])), set(case.get("ask_ok", []))
    if want_asks and not asked:
        score.missed_asks += 1
        score.ask_misses.append(f"{case['id']}: {case['text'][:60]!r} should ask {sorted(want_asks)}")
    if asked and not (want_asks or ok):
        score.needless_asks += 1
        score.ask_misses.append(f"{case['id']}: {case['text'][:60]!r} asked {list(parsed.ask)} needlessly")
    want_corr = case.get("correction")
    c = parsed.correction
    got_corr = (
        {
            "assignment": c.assignment_id,
            "date": c.report_date.isoformat() if c.report_date else None,
            "value": c.value,
            "previous": c.previous,
        }
        if c
        else None
    )
    score.tally("correction").add(
        "right" if want_corr == got_corr else "asked" if asked else "wrong", case, f"want {want_corr} got {got_corr}"
    )
    # An absence is read from the message on its own, before anything else (handlers/profile.py).
    notice = announced_absence(case["text"], date.fromisoformat(case["today"]))
    want_abs = case.get("absence")
    got_abs = {"start": notice.start.isoformat(), "end": notice.end.isoformat()} if notice else None
    want_dates = {"start": want_abs["start"], "end": want_abs["end"]} if want_abs else None
    score.tally("absence").add("right" if want_dates == got_abs else "wrong", case, f"want {want_dates} got {got_abs}")
    if want_abs and notice:
        reason_ok = want_abs["reason"].lower() in notice.reason.lower() and not any(
            f in notice.reason.lower() for f in _FILLER
        )
        score.tally("absence reason").add("right" if reason_ok else "wrong", case, f"got {notice.reason!r}")


def score_task(case: dict[str, Any], score: Score) -> None:
    today = date.fromisoformat(case["today"])
    text = strip_mentions(case["text"])
    draft = draft_task(text, today)
    want = case["volume"]
    got_amount = draft.volume.amount if draft.volume else None
    got_unit = draft.volume.unit if draft.volume else None
    score.tally("task volume").add(
        "right" if got_amount == (want["amount"] if want else None) else "wrong", case, f"got {got_amount}"
    )
    score.tally("task unit").add(
        "right" if got_unit == (want["unit"] if want else None) else "wrong", case, f"got {got_unit}"
    )
    got_deadline = draft.deadline.isoformat() if draft.deadline else None
    score.tally("task deadline").add(
        "right" if got_deadline == case["deadline"] else "wrong", case, f"got {got_deadline}"
    )
    required, allowed = set(case["skills"]), set(case["skills"]) | set(case.get("skills_ok", []))
    skills_ok = required <= draft.skills <= allowed
    score.tally("task skills").add("right" if skills_ok else "wrong", case, f"got {sorted(draft.skills)}")
    score.tally("task recognised").add(
        "right" if classify(text) is Intent.TASK_REQUEST else "wrong", case, f"got {classify(text)}"
    )


def score_join(case: dict[str, Any], score: Score) -> None:
    got = read_join_code(case["text"])
    score.tally("join code").add("right" if got == case["code"] else "wrong", case, f"got {got}")


def score(cases: list[dict[str, Any]], reader: Callable[[dict[str, Any]], ParsedReport] = parse) -> Score:
    result = Score()
    for case in cases:
        result.messages += 1
        kind = case.get("kind", "report")
        if kind == "task":
            score_task(case, result)
        elif kind == "join":
            score_join(case, result)
        else:
            score_report(case, reader(case), result)
    return result


def print_score(title: str, result: Score, *, misses: bool = False) -> None:
    print(f"\n{title}: {result.messages} messages")
    print(f"  {'field':<16} {'right':>6} {'asked':>6} {'wrong':>6} {'accuracy':>9} {'target':>7}")
    for name, tally in result.fields.items():
        target = TARGETS.get(name)
        mark = "" if target is None else f"{target:>7.0%}" + (" ok" if tally.accuracy >= target else " MISS")
        print(f"  {name:<16} {tally.right:>6} {tally.asked:>6} {tally.wrong:>6} {tally.accuracy:>9.1%} {mark}")
    print(f"  wrong numbers stored: {result.wrong_numbers} (in {len(result.wrong_number_messages)} messages)")
    print(f"  asks nobody needed: {result.needless_asks}; asks missed: {result.missed_asks}")
    if misses:
        for line in result.wrong_number_messages:
            print(f"    stored wrongly  {line}")
        for line in result.ask_misses:
            print(f"    ask             {line}")
        for name, tally in result.fields.items():
            for line in tally.misses:
                print(f"    {name:<14}  {line}")


def timing(cases: list[dict[str, Any]], rounds: int = 3) -> float:
    """Median µs per report message read by the rules (parse and absence, as a message is handled)."""
    reports = [c for c in cases if c.get("kind", "report") == "report"]
    runs: list[float] = []
    for _ in range(rounds):
        start = time.perf_counter()
        for case in reports:
            parse(case)
            announced_absence(case["text"], date.fromisoformat(case["today"]))
        runs.append((time.perf_counter() - start) / len(reports) * 1e6)
    return sorted(runs)[len(runs) // 2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the tuning messages a field got wrong")
    parser.add_argument(
        "--held-out-misses", action="store_true", help="list the held-out misses too (only after the rules are final)"
    )
    parser.add_argument("--timing", action="store_true", help="also print the handling cost per message")
    args = parser.parse_args(argv)
    tuning, held_out = load(TUNING_FILES), load(HELD_OUT_FILES)
    print_score("Tuning part", score(tuning), misses=args.misses)
    print_score("Held-out part (never tuned on)", score(held_out), misses=args.held_out_misses)
    if args.timing:
        print(f"\nrules: {timing(tuning + held_out):.0f} µs per report message (median of 3 rounds)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
