"""Short guided conversations about reports (issue 6), stored per person so a restart loses nothing.

- 今日の報告 (the rich menu): which assignment (quick replies; skipped with only one) → how many
  (likely numbers as quick replies, or typed: 「45」「４５件」「四十五」) → an optional note or blocker
  (「なし」 to leave it) → the same stored report and confirmation as a free-text report.
- 訂正する (the quick reply under every confirmation): which report (the recent ones, skipped with
  only one) → the right number → a correction row that points at the report it fixes.

Pure: `ReportDialog.answer` decides from one message what to remember and what to ask next; the
handler (handlers.reports) stores and says. A dialog left alone for `DIALOG_TTL` is forgotten, so a
report written hours later is read as a report, not as an answer to an old question.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from domain.text import normalize
from domain.units import read_number

DIALOG_TTL = timedelta(hours=2)
MAX_UNITS = 100_000  # one report of more than this is a typo, not a day's work
NOTE_LIMIT = 500


class DialogKind(enum.StrEnum):
    GUIDED = "guided"  # 今日の報告
    CORRECTION = "correction"  # 訂正する


class DialogStep(enum.StrEnum):
    ASSIGNMENT = "assignment"
    UNITS = "units"
    NOTE = "note"
    REPORT = "report"  # which report a correction is about
    VALUE = "value"  # the right number


class DialogEnd(enum.StrEnum):
    REPORTED = "reported"  # guided report complete: store it
    CORRECTED = "corrected"  # correction complete: store it
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class DialogOutcome:
    notice: str | None = None  # catalog key said before the next question (a retry hint)
    ended: DialogEnd | None = None


_CANCEL = frozenset({"やめる", "やめます", "キャンセル", "中止", "cancel", "stop", "quit"})
_NO_NOTE = frozenset(
    {"なし", "特になし", "とくになし", "ない", "ありません", "スキップ", "no", "none", "nothing", "skip"}
)
_NUMBER = re.compile(r"(?P<n>\d{1,3}(?:,\d{3})+|\d+|[〇一二三四五六七八九十百千万]+)")
_CHOICE_NUMBER = re.compile(r"^(?P<n>\d{1,2})[.)．]?$")


def read_count(text: str) -> int | None:
    """A whole count from a short answer: 「45」「４５件」「四十五件です」「1,200」; None otherwise."""
    words = normalize(text)
    found = _NUMBER.search(words)
    if found is None:
        return None
    value = read_number(found.group("n"))
    if value is None or value != int(value) or not 0 <= value <= MAX_UNITS:
        return None
    return int(value)


@dataclass
class ReportDialog:
    person_id: str
    kind: DialogKind
    step: DialogStep
    updated_at: datetime
    choices: tuple[tuple[str, str], ...] = ()  # (id, label) offered at a choice step
    assignment_id: str | None = None
    report_id: str | None = None
    units: int | None = None
    note: str = field(default="", compare=False)  # filled by the last answer, never stored

    @classmethod
    def guided(cls, person_id: str, assignments: tuple[tuple[str, str], ...], now: datetime) -> ReportDialog:
        """Start 今日の報告 over `assignments` ((id, title), at least one)."""
        if not assignments:
            raise ValueError("a guided report needs an assignment")
        if len(assignments) == 1:
            return cls(person_id, DialogKind.GUIDED, DialogStep.UNITS, now, assignment_id=assignments[0][0])
        return cls(person_id, DialogKind.GUIDED, DialogStep.ASSIGNMENT, now, choices=assignments)

    @classmethod
    def correction(cls, person_id: str, reports: tuple[tuple[str, str], ...], now: datetime) -> ReportDialog:
        """Start 訂正 over recent `reports` ((id, label), newest first, at least one)."""
        if not reports:
            raise ValueError("a correction needs a report")
        if len(reports) == 1:
            return cls(person_id, DialogKind.CORRECTION, DialogStep.VALUE, now, report_id=reports[0][0])
        return cls(person_id, DialogKind.CORRECTION, DialogStep.REPORT, now, choices=reports)

    def expired(self, now: datetime) -> bool:
        return now - self.updated_at > DIALOG_TTL

    def answer(self, text: str, now: datetime) -> DialogOutcome:
        self.updated_at = now
        words = normalize(text).rstrip("。.!！").lower()
        if words in _CANCEL:
            return DialogOutcome(ended=DialogEnd.CANCELLED)
        if self.step in (DialogStep.ASSIGNMENT, DialogStep.REPORT):
            picked = self._pick(words)
            if picked is None:
                return DialogOutcome(notice="dialog.pick_again")
            self.choices = ()
            if self.step is DialogStep.ASSIGNMENT:
                self.assignment_id, self.step = picked, DialogStep.UNITS
            else:
                self.report_id, self.step = picked, DialogStep.VALUE
            return DialogOutcome()
        if self.step in (DialogStep.UNITS, DialogStep.VALUE):
            count = read_count(words)
            if count is None:
                return DialogOutcome(notice="dialog.number_again")
            self.units = count
            if self.step is DialogStep.VALUE:
                return DialogOutcome(ended=DialogEnd.CORRECTED)
            self.step = DialogStep.NOTE
            return DialogOutcome()
        # the note: anything but 「なし」 is kept (a blocker or a question for the leader)
        note = normalize(text)
        if len(note) > NOTE_LIMIT:
            return DialogOutcome(notice="dialog.note_too_long")
        self.note = "" if words in _NO_NOTE else note
        return DialogOutcome(ended=DialogEnd.REPORTED)

    def _pick(self, words: str) -> str | None:
        """A tapped label (the quick reply sends it), a typed number (1, 2 ...), or a word of one label."""
        numbered = _CHOICE_NUMBER.match(words)
        if numbered is not None:
            index = int(numbered.group("n")) - 1
            return self.choices[index][0] if 0 <= index < len(self.choices) else None
        for choice_id, label in self.choices:
            if normalize(label).lower() == words:
                return choice_id
        partial = [choice_id for choice_id, label in self.choices if words and words in normalize(label).lower()]
        return partial[0] if len(partial) == 1 else None
