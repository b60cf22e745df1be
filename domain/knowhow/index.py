"""Finding the note that already answers a question: an in-memory index of one client's notes of
one kind of work, searched in a few milliseconds among 100,000.

Scoring, in two steps:
1. Every note is scored at once (two sparse matrix products) by the IDF-weighted overlap of its
   question's concepts with the new question's: S / (S + SLOT·min(Q, N) + EXTRA·max(Q, N)), where S
   weighs the shared concepts and Q, N the ones only the new question or only the note has. When
   *both* sides have words of their own, they usually fill the same slot differently (「宛名が無い
   領収書」 / 「日付が無い領収書」), which is a different need; one side merely saying more
   (「…の入力方法を教えてください」) is not. A word no note has used weighs the most.
2. The few best are scored again with the character similarity of the folded texts (rapidfuzz), which
   catches what the tokenizer splits differently; the final score mixes both.

A note is offered only above `CONFIDENT` (chosen on the tuning pairs for precision first: a wrong
answer given with confidence is worse than asking the leader). Between `UNSURE` and `CONFIDENT` the
handler may ask the LLM, when one is configured, to judge the candidates; below, nothing is offered.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz
from scipy.sparse import csr_array, vstack

from domain.knowhow.reading import concepts, fold

# Chosen on tests/data/knowhow_pairs_tuning.tsv for precision ≥ 0.9 first (bench/README.md).
CONFIDENT = 0.56
UNSURE = 0.40
SLOT = 2.0
EXTRA = 0.25
TOKEN_WEIGHT = 0.9  # the rest is the character similarity
# Notes imagined to lack every word, so a client's first few notes do not make each of their words
# look as common as 「請求書」 (with one note, every word is in all notes).
PRIOR_NOTES = 10
RESCORE = 8  # how many of the best token matches get the character comparison
_COMPACT_AFTER = 256  # notes kept outside the matrix before it is rebuilt


@dataclass(frozen=True, slots=True)
class Candidate:
    note_id: str
    score: float
    token_score: float
    char_score: float


def _overlap(shared: float, only_query: float, only_note: float) -> float:
    slot, extra = min(only_query, only_note), max(only_query, only_note)
    return shared / (shared + SLOT * slot + EXTRA * extra)


@dataclass(frozen=True, slots=True)
class _Entry:
    note_id: str
    words: frozenset[str]
    folded: str


class NoteIndex:
    """Notes of one client's kind of work. Not thread-safe; one per (organisation, kind).

    Adding goes to a small tail scanned directly; the tail is folded into the sparse matrix once it
    grows past a few hundred notes, so a note kept is findable at once and a search never pays for a
    full rebuild more than once per few hundred notes.
    """

    def __init__(self, notes: Iterable[tuple[str, str]] = ()) -> None:
        self._vocab: dict[str, int] = {}
        self._df: list[int] = []
        self._entries: list[_Entry] = []
        self._alive: list[bool] = []
        self._where: dict[str, int] = {}
        self._matrix = csr_array((0, 0), dtype=np.float64)
        self._in_matrix = 0
        for note_id, question in notes:
            self.add(note_id, question)
        self._compact()

    def __len__(self) -> int:
        return len(self._where)

    def add(self, note_id: str, question: str) -> None:
        """Index (or re-index, after an edit) a note by the question it answers."""
        if note_id in self._where:
            self.remove(note_id)
        words = concepts(question)
        for word in words:
            column = self._vocab.setdefault(word, len(self._vocab))
            if column == len(self._df):
                self._df.append(0)
            self._df[column] += 1
        self._where[note_id] = len(self._entries)
        self._entries.append(_Entry(note_id, words, fold(question)))
        self._alive.append(True)
        if len(self._entries) - self._in_matrix > _COMPACT_AFTER:
            self._compact()

    def remove(self, note_id: str) -> None:
        row = self._where.pop(note_id, None)
        if row is None:
            return
        self._alive[row] = False
        for word in self._entries[row].words:
            self._df[self._vocab[word]] -= 1

    def search(self, question: str, limit: int = 3) -> list[Candidate]:
        """The best notes for `question`, best first, however weak (the caller applies the bands)."""
        if not self._where:
            return []
        words = concepts(question)
        idf = self._idf()
        query_weight = self._weights(words, idf)
        if query_weight <= 0:
            return []
        columns = [self._vocab[w] for w in words if w in self._vocab]
        scored: list[tuple[float, int]] = []
        if self._in_matrix and columns:
            scored.extend(self._matrix_scores(columns, idf, query_weight))
        for row in range(self._in_matrix, len(self._entries)):
            if self._alive[row]:
                entry = self._entries[row]
                shared = sum(idf[self._vocab[w]] for w in entry.words & words)
                if shared > 0:
                    own = sum(idf[self._vocab[w]] for w in entry.words)
                    scored.append((_overlap(shared, query_weight - shared, own - shared), row))
        scored.sort(reverse=True)
        folded = fold(question)
        rescored = [self._candidate(folded, token_score, row) for token_score, row in scored[:RESCORE]]
        rescored.sort(key=lambda c: c.score, reverse=True)
        return rescored[:limit]

    def score(self, question: str, note_id: str) -> Candidate | None:
        """How well one indexed note answers `question` (the same score `search` ranks by)."""
        row = self._where.get(note_id)
        if row is None:
            return None
        words = concepts(question)
        idf = self._idf()
        weight = self._weights(words, idf)
        entry = self._entries[row]
        shared = sum(idf[self._vocab[w]] for w in entry.words & words)
        own = sum(idf[self._vocab[w]] for w in entry.words)
        token_score = _overlap(shared, weight - shared, own - shared) if shared > 0 else 0.0
        return self._candidate(fold(question), token_score, row)

    def _candidate(self, folded: str, token_score: float, row: int) -> Candidate:
        char_score = fuzz.ratio(folded, self._entries[row].folded) / 100.0
        score = TOKEN_WEIGHT * token_score + (1 - TOKEN_WEIGHT) * char_score
        return Candidate(self._entries[row].note_id, score, token_score, char_score)

    def _weights(self, words: frozenset[str], idf: npt.NDArray[np.float64]) -> float:
        # A word no note has: the rarest there is.
        unseen = math.log(1.0 + (len(self._where) + PRIOR_NOTES + 0.5) / 0.5)
        return float(sum(idf[self._vocab[w]] if w in self._vocab else unseen for w in words))

    def _idf(self) -> npt.NDArray[np.float64]:
        total = len(self._where) + PRIOR_NOTES
        df = np.asarray(self._df, dtype=np.float64)
        # BM25's idf, floored at a small positive weight so a word every note has still counts a little.
        return np.maximum(np.log(1.0 + (total - df + 0.5) / (df + 0.5)), 0.05)

    def _matrix_scores(
        self, columns: list[int], idf: npt.NDArray[np.float64], query_weight: float
    ) -> list[tuple[float, int]]:
        width = self._matrix.shape[1]
        query = np.zeros(width, dtype=np.float64)
        in_matrix = [c for c in columns if c < width]
        query[in_matrix] = idf[in_matrix]
        shared = self._matrix @ query
        own = self._matrix @ idf[:width]
        alive = np.asarray(self._alive[: self._in_matrix], dtype=bool)
        only_query, only_note = query_weight - shared, own - shared
        slot = np.minimum(only_query, only_note)
        extra = np.maximum(only_query, only_note)
        with np.errstate(divide="ignore", invalid="ignore"):
            overlap = shared / (shared + SLOT * slot + EXTRA * extra)
        overlap_scores = np.where(alive & (shared > 0), overlap, 0.0)
        best = min(RESCORE, int(np.count_nonzero(overlap_scores)))
        if best == 0:
            return []
        top = np.argpartition(-overlap_scores, best - 1)[:best]
        return [(float(overlap_scores[row]), int(row)) for row in top]

    def _compact(self) -> None:
        """Fold the tail into the matrix (rows are appended; earlier rows keep their numbers)."""
        start, end = self._in_matrix, len(self._entries)
        if end == start:
            return
        rows: list[int] = []
        cols: list[int] = []
        for offset, entry in enumerate(self._entries[start:end]):
            for word in entry.words:
                rows.append(offset)
                cols.append(self._vocab[word])
        width = len(self._vocab)
        tail = csr_array((np.ones(len(rows)), (rows, cols)), shape=(end - start, width))
        if self._in_matrix:
            head = self._matrix
            head.resize((head.shape[0], width))
            self._matrix = csr_array(vstack([head, tail], format="csr"))
        else:
            self._matrix = tail
        self._in_matrix = end
