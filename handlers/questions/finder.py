"""Finding the note that already answers a question, in this process's index of the client's notes
of that kind of work, and (when an LLM is configured) letting it judge the unsure candidates.

Freshness across processes: every lookup first reads the (client, kind)'s fingerprint from the
database (how many notes, and the latest written or edited), one indexed query; when it differs
from the one the index was built from (a note kept, edited or deleted by another worker process),
the index is rebuilt from that client's notes of that kind: hundreds, not the whole table. Notes kept
in this process are added to the index at once (`kept`), so the next question finds them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel

import prompts
from domain.knowhow.index import CONFIDENT, UNSURE, NoteIndex
from domain.knowhow.model import Note
from domain.ports import UnitOfWork
from handlers.ports import LanguageModel

JUDGED = 3  # candidates the LLM sees at most


class _Judgement(BaseModel):
    same: int | None


@dataclass
class _Cached:
    fingerprint: tuple[int, datetime | None]
    index: NoteIndex
    notes: dict[str, Note]


class NoteFinder:
    """One per process (a port of the bus): the indexes of the notes looked up so far."""

    def __init__(self) -> None:
        self._indexes: dict[tuple[str, str], _Cached] = {}

    async def find(
        self, organization_id: str, kind: str, question: str, uow: UnitOfWork, llm: LanguageModel
    ) -> Note | None:
        """The note to offer for `question`, or None: nothing answers it with confidence."""
        cached = await self._fresh(organization_id, kind, uow)
        candidates = cached.index.search(question, limit=JUDGED)
        if not candidates:
            return None
        if candidates[0].score >= CONFIDENT:
            return cached.notes[candidates[0].note_id]
        unsure = [c for c in candidates if c.score >= UNSURE]
        if not unsure:
            return None
        earlier = [cached.notes[c.note_id] for c in unsure]
        prompt = prompts.render("knowhow_judge", question=question, candidates=[n.searchable for n in earlier])
        judgement = await llm.extract(prompt, _Judgement)
        if judgement is None or judgement.same is None or not 1 <= judgement.same <= len(earlier):
            return None
        return earlier[judgement.same - 1]

    def kept(self, note: Note) -> None:
        """A note written or edited in this process: searchable by the next question at once."""
        cached = self._indexes.get((note.organization_id, note.kind))
        if cached is not None:
            cached.index.add(note.id, note.searchable)
            cached.notes[note.id] = note
            stamp = max(filter(None, (cached.fingerprint[1], note.updated_at or note.created_at)))
            cached.fingerprint = (len(cached.notes), stamp)

    def forgotten(self, organization_id: str, kind: str) -> None:
        self._indexes.pop((organization_id, kind), None)

    async def _fresh(self, organization_id: str, kind: str, uow: UnitOfWork) -> _Cached:
        key = (organization_id, kind)
        fingerprint = await uow.notes.fingerprint(organization_id, kind)
        cached = self._indexes.get(key)
        if cached is None or cached.fingerprint != fingerprint:
            notes = await uow.notes.of_kind(organization_id, kind)
            index = NoteIndex((n.id, n.searchable) for n in notes)
            cached = _Cached(fingerprint, index, {n.id: n for n in notes})
            self._indexes[key] = cached
        return cached
