"""結の知恵: a worker's question, its answer, and the note the team keeps of it.

A question belongs to one task of one client organisation; its `kind` (the task's kind of work,
see `kind_of`) decides which notes can answer it later: the client's notes of the same kind, so
know-how kept on last month's 請求書入力 answers this month's. Pure Python: no I/O.

What a worker says privately (absence reasons, notes for the leader) is never part of a question:
only the words the worker asked are kept, and a note keeps only the question and the answer.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from domain.model import DomainError, new_id
from domain.text import normalize


def _tidy(text: str) -> str:
    # Spaces only: what a person wrote is kept as written (no NFKC), it is shown back to people.
    return " ".join(text.split())


NOTE_LIMIT = 500  # characters of a note's answer: a note is a rule of thumb, not a manual
QUESTION_LIMIT = 300


class QuestionStatus(enum.StrEnum):
    WAITING = "waiting"  # with the leader (or the client, when the worker has no leader)
    WITH_CLIENT = "with_client"  # the leader passed it on to the client's channel
    NOTE_OFFERED = "note_offered"  # an earlier note was offered; the worker has not said if it helped
    ANSWERED = "answered"
    RESOLVED_BY_NOTE = "resolved_by_note"


class AnswerSource(enum.StrEnum):
    LEADER = "leader"
    CLIENT = "client"
    NOTE = "note"


OPEN_STATUSES = frozenset({QuestionStatus.WAITING, QuestionStatus.WITH_CLIENT, QuestionStatus.NOTE_OFFERED})


@dataclass(frozen=True, slots=True)
class Answer:
    text: str
    by: str | None  # the person who answered; None for a note Yui offered
    source: AnswerSource
    at: datetime


@dataclass
class Question:
    organization_id: str
    task_id: str
    kind: str
    asked_by: str
    text: str
    asked_at: datetime
    status: QuestionStatus = QuestionStatus.WAITING
    answer: Answer | None = None
    note_id: str | None = None  # the note offered, or kept from the answer
    client_thread: str | None = None  # "channel/ts" of the client's thread when passed to the client
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        self.text = _tidy(self.text)[:QUESTION_LIMIT]
        if not self.text:
            raise DomainError("error.question_empty")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def waited(self, now: datetime) -> timedelta:
        end = self.answer.at if self.answer else now
        return max(end - self.asked_at, timedelta(0))

    def offer_note(self, note: Note) -> None:
        self._require_open()
        self.status = QuestionStatus.NOTE_OFFERED
        self.note_id = note.id

    def resolve_with_note(self, note: Note, at: datetime) -> None:
        """The worker said the offered note helped (「解決」)."""
        if self.status is not QuestionStatus.NOTE_OFFERED or note.id != self.note_id:
            raise DomainError("error.question_closed")
        self.status = QuestionStatus.RESOLVED_BY_NOTE
        self.answer = Answer(note.body, None, AnswerSource.NOTE, at)

    def still_stuck(self) -> None:
        """The note did not help (「まだ困っている」): the question goes to the leader as before."""
        if self.status is not QuestionStatus.NOTE_OFFERED:
            raise DomainError("error.question_closed")
        self.status = QuestionStatus.WAITING
        self.note_id = None

    def pass_to_client(self, thread: str) -> None:
        self._require_open()
        self.status = QuestionStatus.WITH_CLIENT
        self.client_thread = thread

    def answer_with(self, text: str, by: str, source: AnswerSource, at: datetime) -> Answer:
        self._require_open()
        cleaned = _tidy(text)[:NOTE_LIMIT]
        if not cleaned:
            raise DomainError("error.answer_empty")
        self.answer = Answer(cleaned, by, source, at)
        self.status = QuestionStatus.ANSWERED
        return self.answer

    def _require_open(self) -> None:
        if not self.is_open:
            raise DomainError("error.question_closed")


@dataclass
class Note:
    """手順メモ / Q&A: what the team knows about one client's kind of work."""

    organization_id: str
    kind: str
    question: str  # what it answers ("" for a rule a leader wrote by hand)
    body: str
    created_by: str
    created_at: datetime
    task_id: str | None = None
    question_id: str | None = None
    updated_at: datetime | None = None
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        self.body = _tidy(self.body)[:NOTE_LIMIT]
        self.question = _tidy(self.question)[:QUESTION_LIMIT]
        if not self.body:
            raise DomainError("error.note_empty")

    @property
    def searchable(self) -> str:
        """What a new question is compared with: the question it answers, else the rule itself."""
        return self.question or self.body

    def edit(self, body: str, at: datetime) -> None:
        edited = replace(self, body=body)  # runs the same checks as a new note
        self.body = edited.body
        self.updated_at = at

    @classmethod
    def from_answer(cls, question: Question, answer: Answer) -> Note:
        return cls(
            organization_id=question.organization_id,
            kind=question.kind,
            question=question.text,
            body=answer.text,
            created_by=answer.by or question.asked_by,
            created_at=answer.at,
            task_id=question.task_id,
            question_id=question.id,
        )


# 「11月分」「第3回」「(12/5まで)」「2026年」: what changes between occurrences of the same work.
_OCCURRENCE = re.compile(
    r"[(\[【（].*?[)\]】）]|\d{2,4}年|\d{1,2}月分?|\d{1,2}/\d{1,2}|第?\d+(回|期|弾|次)|\d+(件|枚|本|時間)"
)


def kind_of(title: str) -> str:
    """The kind of work a task title names, the same for every occurrence of it.

    「請求書入力（11月分）」 and 「請求書入力 12月分」 are one kind: 「請求書入力」.
    """
    folded = _OCCURRENCE.sub(" ", normalize(title))
    return normalize(folded).lower() or normalize(title).lower()


def matches_kind(label: str, kind: str) -> bool:
    """A leader's short label (「メモ 請求書: …」) names a kind when the kind contains it."""
    wanted = normalize(label).lower()
    return bool(wanted) and wanted in kind


@dataclass(frozen=True, slots=True)
class KnowhowCounts:
    """The monthly report's figures for one team: the region's know-how, measured."""

    asked: int
    answered: int
    median_answer_time: timedelta | None
    notes_kept: int
