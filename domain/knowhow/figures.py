"""The region's know-how, measured: per team, the questions its members asked in a period, how many
were answered (and the median time to an answer), and the notes kept from them or by hand."""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from datetime import timedelta

from domain.knowhow.model import KnowhowCounts, Note, Question

NO_TEAM = ""  # the key of people in no team


def team_counts(
    questions: Sequence[Question], notes: Sequence[Note], team_of: Mapping[str, str]
) -> dict[str, KnowhowCounts]:
    """`team_of`: person id → team name (a person in no team counts under NO_TEAM). A note counts
    for the team of whoever's question it answers, else of the leader who wrote it."""
    asked: dict[str, list[Question]] = {}
    for question in questions:
        asked.setdefault(team_of.get(question.asked_by, NO_TEAM), []).append(question)
    asker = {q.id: q.asked_by for q in questions}
    kept: dict[str, int] = {}
    for note in notes:
        owner = asker.get(note.question_id or "", note.created_by)
        team = team_of.get(owner, NO_TEAM)
        kept[team] = kept.get(team, 0) + 1
    counts = {}
    for team in sorted(set(asked) | set(kept)):
        mine = asked.get(team, [])
        waits = [q.waited(q.answer.at) for q in mine if q.answer is not None]
        median = timedelta(seconds=statistics.median(w.total_seconds() for w in waits)) if waits else None
        counts[team] = KnowhowCounts(len(mine), len(waits), median, kept.get(team, 0))
    return counts
