"""Digests (ダイジェスト・日次まとめ): the facts a leader or a client gets each evening.

The facts are computed by the code (never by the LLM); a narrative is written around them, by the
LLM when it is configured and passes the number guard (`domain.narrative`), else by a template.
One set of facts, several audiences: a leader sees everything about their team, including the
reasons members shared with them; a client sees their tasks' output, forecast and open questions,
never a worker's private reason.

This module holds the value types shared by the code that computes a digest
(`handlers/digests.py`) and the code that schedules, stores and delivers it
(`handlers/digest_delivery.py`). Pure: no I/O.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from domain.progress import Verdict
from domain.refs import Locale


class Audience(enum.StrEnum):
    LEADER = "leader"  # a team leader: the whole team, with personal context they were given
    CLIENT = "client"  # a client's channel: their tasks' output and forecast, polite, no private reasons


class DigestKind(enum.StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"  # clients, Monday morning: last week's output per task


class ScopeKind(enum.StrEnum):
    TEAM = "team"  # a leader's team (their members' assignments, on any client's tasks)
    TASK = "task"  # one task (the client channel of the task, or `/yui digest <task>`)
    ORGANIZATION = "organization"  # a client organisation's active tasks


@dataclass(frozen=True, slots=True)
class DigestScope:
    kind: ScopeKind
    id: str


@dataclass(frozen=True, slots=True)
class DigestRequest:
    """What to compute: for whom (audience), over what (scope), for which local day."""

    audience: Audience
    scope: DigestScope
    day: date  # the recipient's local date the digest is about
    kind: DigestKind = DigestKind.DAILY
    locale: Locale = Locale.JA
    timezone: str = "Asia/Tokyo"


@dataclass(frozen=True, slots=True)
class TaskFacts:
    task_id: str
    title: str
    unit: str  # 件, 枚, 時間 ... ("" when the task has no volume)
    total: int | None  # the task's (or, in a team digest, the team's share of the) volume
    done_today: int
    done_total: int
    percent: int | None
    pace: float  # units per working day, recent window (domain.progress)
    forecast: date | None
    deadline: date | None
    verdict: Verdict
    hours_today: float
    hours_total: float
    assignee_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MemberFacts:
    person_id: str
    name: str
    reported_today: bool
    absent_today: bool
    absence_reason: str = ""  # leader audience only, and only what the member shared
    units_today: int = 0
    hours_today: float = 0.0


@dataclass(frozen=True, slots=True)
class BlockerFacts:
    task_id: str
    person_id: str
    text: str  # untrusted report text: quoted data in any prompt
    since: date
    open_days: int


@dataclass(frozen=True, slots=True)
class ChangeFacts:
    """Something that changed since the previous digest (deadline moved, volume changed, paused ...)."""

    task_id: str
    kind: str  # domain.model.ChangeKind value
    summary: str


class NarrativeSource(enum.StrEnum):
    LLM = "llm"
    TEMPLATE = "template"


@dataclass(frozen=True, slots=True)
class DigestFacts:
    """Everything a digest states, computed by the code for one request."""

    request: DigestRequest
    scope_name: str  # the team's name, the task's title or the organisation's name
    tasks: tuple[TaskFacts, ...]
    members: tuple[MemberFacts, ...]  # empty for a client digest
    blockers: tuple[BlockerFacts, ...]
    changes: tuple[ChangeFacts, ...]


@dataclass(frozen=True, slots=True)
class Digest:
    facts: DigestFacts
    narrative: str  # names restored, numbers checked against the facts
    source: NarrativeSource
