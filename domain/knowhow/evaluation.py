"""Measuring the note finder on labelled question pairs (tests/data/knowhow_pairs_*.tsv).

Each pair is a new question and the question an earlier note answers, labelled same need (1) or
different need (0). Every note question of a kind goes into one index, as a client's notes of one
kind of work would, so the IDF weights are those of a real index; then each pair's note is scored
against its new question. Offered = score ≥ threshold; precision is the share of offered notes
that answer the need, recall the share of same-need pairs that get their note.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from domain.knowhow.index import NoteIndex


@dataclass(frozen=True, slots=True)
class Pair:
    same: bool
    kind: str
    question: str
    note_question: str


@dataclass(frozen=True, slots=True)
class Scored:
    pair: Pair
    score: float


@dataclass(frozen=True, slots=True)
class Figures:
    pairs: int
    same: int
    offered: int
    right: int

    @property
    def precision(self) -> float:
        return self.right / self.offered if self.offered else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.same if self.same else 0.0


def load_pairs(path: Path) -> list[Pair]:
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, kind, question, note_question = line.split("\t")
        pairs.append(Pair(label == "1", kind, question, note_question))
    return pairs


def score_pairs(pairs: list[Pair]) -> list[Scored]:
    notes: dict[str, set[str]] = defaultdict(set)
    for pair in pairs:
        notes[pair.kind].add(pair.note_question)
    indexes = {kind: NoteIndex((q, q) for q in sorted(questions)) for kind, questions in notes.items()}
    scored = []
    for pair in pairs:
        candidate = indexes[pair.kind].score(pair.question, pair.note_question)
        scored.append(Scored(pair, candidate.score if candidate else 0.0))
    return scored


def figures(scored: list[Scored], threshold: float) -> Figures:
    offered = [s for s in scored if s.score >= threshold]
    return Figures(
        pairs=len(scored),
        same=sum(s.pair.same for s in scored),
        offered=len(offered),
        right=sum(s.pair.same for s in offered),
    )
