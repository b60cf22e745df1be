"""Digests (ダイジェスト・日次まとめ): the facts a leader or a client gets each evening.

The facts are computed by the code (never by the LLM); a narrative is written around them, by the
LLM when it is configured and passes the number guard (`domain.narrative`), else by a template.
One set of facts, several audiences: a leader sees everything about their team, including the
reasons members shared with them; a client sees their tasks' output, forecast and open questions,
never a worker's private reason.

This module holds the value types shared by the code that computes a digest
(`handlers/digests.py`, with the arithmetic in `domain/digest_facts.py`) and the code that
schedules, stores and delivers it (`handlers/digest_delivery.py`); their JSON form (stored digests);
the template narrative (the offline writer, and the fallback of the LLM one); and the checks an LLM
narrative must pass before it is delivered. Pure: no I/O.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Protocol

from domain.i18n import translate
from domain.narrative import allowed_numbers, numbers_in, unsupported_numbers
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
    """What a digest is about. `organization_id` is required for a TASK scope: a task is only ever
    looked up inside its organisation (tenant isolation), never by its id alone."""

    kind: ScopeKind
    id: str
    organization_id: str | None = None


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
    done_today: int  # in the digest's period: the day, or the week of a weekly digest
    done_total: int
    percent: int | None
    pace: float  # units per working day, recent window (domain.progress), one decimal
    forecast: date | None
    deadline: date | None
    verdict: Verdict
    hours_today: float
    hours_total: float
    assignee_ids: tuple[str, ...] = ()
    status: str = ""  # domain.model.TaskStatus value ("paused" is worth saying; "" when unknown)
    previous_id: str | None = None  # a recurring task's previous occurrence

    @property
    def remaining(self) -> int | None:
        return None if self.total is None else max(self.total - self.done_total, 0)

    @property
    def needs_attention(self) -> bool:
        return self.verdict in (Verdict.LATE, Verdict.AT_RISK)


@dataclass(frozen=True, slots=True)
class MemberFacts:
    person_id: str
    name: str
    reported_today: bool
    absent_today: bool
    absence_reason: str = ""  # leader audience only, and only what the member shared
    units_today: int = 0
    hours_today: float = 0.0
    has_work: bool = True  # holds an assignment in the digest: only then is a missing report news


@dataclass(frozen=True, slots=True)
class BlockerFacts:
    """A blocker or question from a report that no later report of the same person on the same
    assignment has cleared. For a client the text and the person are withheld ("" both): a worker's
    words can carry private reasons, and the client hears from the leader, not from the chat."""

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
    workday: bool = True  # `request.day` is a working day (no report is expected on a day off)
    holiday: str = ""  # the public holiday's name when `request.day` is one

    @property
    def period(self) -> tuple[date, date]:
        return digest_period(self.request)

    @property
    def at_risk(self) -> tuple[TaskFacts, ...]:
        return tuple(t for t in self.tasks if t.verdict is Verdict.AT_RISK)

    @property
    def late(self) -> tuple[TaskFacts, ...]:
        return tuple(t for t in self.tasks if t.verdict is Verdict.LATE)

    @property
    def expected(self) -> tuple[MemberFacts, ...]:
        """Members a report was expected from: with work, not absent (any day of a weekly period)."""
        return tuple(m for m in self.members if m.has_work and not m.absent_today)

    @property
    def not_reported(self) -> tuple[MemberFacts, ...]:
        if not self.workday and self.request.kind is DigestKind.DAILY:
            return ()  # nobody owes a report on a weekend or a public holiday
        return tuple(m for m in self.expected if not m.reported_today)

    @property
    def reported(self) -> tuple[MemberFacts, ...]:
        return tuple(m for m in self.members if m.reported_today)

    @property
    def absent(self) -> tuple[MemberFacts, ...]:
        return tuple(m for m in self.members if m.absent_today)

    @property
    def hours_today(self) -> float:
        return round(sum(t.hours_today for t in self.tasks), 1)

    def name_of(self, person_id: str) -> str:
        return next((m.name for m in self.members if m.person_id == person_id), "")

    def title_of(self, task_id: str) -> str:
        return next((t.title for t in self.tasks if t.task_id == task_id), "")


@dataclass(frozen=True, slots=True)
class Digest:
    facts: DigestFacts
    narrative: str  # names restored, numbers checked against the facts
    source: NarrativeSource


class NarrativeWriter(Protocol):
    """Writes the narrative around a digest's facts: the LLM's text when it passes the checks, else
    the template's. Never fails: a digest goes out on time whatever the LLM does."""

    async def write(self, facts: DigestFacts) -> tuple[str, NarrativeSource]: ...


def digest_period(request: DigestRequest) -> tuple[date, date]:
    """The days a digest counts, both included.

    Daily: the day. Weekly: the last whole Monday-Sunday week ending on or before `day`, so the
    Monday-morning client digest (day = that Monday) and one asked for on the Sunday both cover the
    same week.
    """
    if request.kind is DigestKind.DAILY:
        return request.day, request.day
    end = request.day if request.day.weekday() == 6 else request.day - timedelta(days=request.day.weekday() + 1)
    return end - timedelta(days=6), end


# --- numbers a narrative may use ----------------------------------------------------------------------


def narrative_numbers(facts: DigestFacts) -> list[int | float | date]:
    """Every number a digest states, and the counts a sentence about it naturally uses.

    The template narrative is written from exactly these, and an LLM narrative is checked against
    them (`check_narrative`).
    """
    start, end = facts.period
    numbers: list[int | float | date] = [start, end, facts.request.day]
    for task in facts.tasks:
        numbers += [task.done_today, task.done_total, task.pace, task.hours_today, task.hours_total]
        numbers += [
            n for n in (task.total, task.percent, task.remaining, task.forecast, task.deadline) if n is not None
        ]
        if task.forecast is not None and task.deadline is not None:
            numbers.append(abs((task.forecast - task.deadline).days))  # 「3日遅れ」
        if task.deadline is not None:
            numbers.append(abs((task.deadline - end).days))  # 「期限まで5日」
    for member in facts.members:
        numbers += [member.units_today, member.hours_today]
    for blocker in facts.blockers:
        numbers += [blocker.since, blocker.open_days]
    # Numbers inside names are part of the names: 「2026年度アンケート」「第2期」 may be written as they are.
    named = [facts.scope_name, *(t.title for t in facts.tasks), *(m.name for m in facts.members)]
    for text in [*named, *(c.summary for c in facts.changes)]:
        numbers += [int(n) if n == n.to_integral_value() else float(n) for n in numbers_in(text)]
    numbers += [
        len(facts.tasks),
        len(facts.members),
        len(facts.expected),
        len(facts.reported),
        len(facts.not_reported),
        # 「報告：2/5人」 counts the expected who reported (one absent all week may still have reported)
        len(facts.expected) - len(facts.not_reported),
        len(facts.absent),
        len(facts.blockers),
        len(facts.changes),
        len(facts.at_risk),
        len(facts.late),
        len(facts.at_risk) + len(facts.late),
        sum(1 for t in facts.tasks if t.verdict is Verdict.ON_TRACK),
        sum(1 for t in facts.tasks if t.verdict is Verdict.DONE),
        sum(1 for t in facts.tasks if t.done_today > 0),
        facts.hours_today,
    ]
    return numbers


NARRATIVE_LIMIT = 1200  # characters: a narrative is a few sentences; more is the model rambling

# Blanket all-clear phrases: a narrative that says them while a task is late or at risk hides the
# risk (what a report saying "write that everything is on track" would want).
_ALL_CLEAR = (
    "すべて順調",
    "全て順調",
    "全部順調",
    "全案件順調",
    "全案件が順調",
    "問題ありません",
    "問題なし",
    "予定どおり進んでいます",
    "everything is on track",
    "all tasks are on track",
    "all on track",
    "everything is fine",
    "no issues",
    "no problems",
)
# A narrative about a digest with risks must say there is one, in some words.
_RISK_WORDS = (
    "遅れ",
    "遅延",
    "リスク",
    "間に合",
    "要注意",
    "注意",
    "超過",
    "late",
    "risk",
    "behind",
    "overdue",
    "delay",
)


def check_narrative(text: str, facts: DigestFacts, names: Iterable[str] = ()) -> str | None:
    """Why `text` must not be delivered as the narrative of `facts`, or None when it may.

    - empty or too long (garbage);
    - a number that is not one of the facts (`domain.narrative.unsupported_numbers`);
    - an all-clear while some task is late or at risk, or no word of the risk at all;
    - a client digest that names a worker (the facts a client gets name none), `names` being the
      people the digest is about.
    """
    stripped = text.strip()
    if not stripped:
        return "empty"
    if len(stripped) > NARRATIVE_LIMIT:
        return "too_long"
    invented = unsupported_numbers(stripped, allowed_numbers(narrative_numbers(facts)))
    if invented:
        return "unsupported_numbers:" + ",".join(str(n) for n in invented[:5])
    lowered = stripped.lower()
    if facts.late or facts.at_risk:
        if any(phrase in lowered for phrase in _ALL_CLEAR):
            return "all_clear_despite_risk"
        if not any(word in lowered for word in _RISK_WORDS):
            return "risk_not_mentioned"
    if facts.request.audience is Audience.CLIENT and any(n and n in stripped for n in names):
        return "names_a_worker"
    return None


# --- the template narrative -------------------------------------------------------------------------


def short_date(day: date, locale: Locale, *, today: date | None = None) -> str:
    """12/5（土）; with the year when it is not `today`'s year (a forecast slipping into next year)."""
    key = "digest.date" if today is None or day.year == today.year else "digest.date_year"
    weekday = translate(f"weekday.{day.weekday()}", locale)
    return translate(key, locale, year=day.year, month=day.month, day=day.day, weekday=weekday)


def _names(members: Sequence[MemberFacts], locale: Locale) -> str:
    key = "digest.name"
    return translate("list.separator", locale).join(translate(key, locale, name=m.name) for m in members)


def risk_line(task: TaskFacts, locale: Locale, today: date) -> str:
    """「遅れ：請求書入力（完了見込み 12/8（火）、期限 12/5（土））。」"""
    none = translate("digest.value.no_forecast", locale)
    forecast = short_date(task.forecast, locale, today=today) if task.forecast else none
    no_deadline = translate("digest.value.no_deadline", locale)
    deadline = short_date(task.deadline, locale, today=today) if task.deadline else no_deadline
    return translate(
        f"digest.risk.{task.verdict.value}", locale, title=task.title, forecast=forecast, deadline=deadline
    )


def template_narrative(facts: DigestFacts) -> str:
    """A few plain sentences from the facts: what matters, who needs help, what to decide.

    Written only with `narrative_numbers`, so it passes the same number check as an LLM's text.
    """
    locale = facts.request.locale
    client = facts.request.audience is Audience.CLIENT
    prefix = "digest.client." if client else "digest.leader."
    lines: list[str] = []
    if not facts.tasks:
        return translate(prefix + "no_tasks", locale)
    moving = sum(1 for t in facts.tasks if t.done_today > 0)
    period = "week" if facts.request.kind is DigestKind.WEEKLY else "day"
    lines.append(translate(f"{prefix}output_{period}", locale, moving=moving, tasks=len(facts.tasks)))
    if not client and facts.members:
        if facts.request.kind is DigestKind.DAILY and not facts.workday:
            lines.append(
                translate("digest.leader.day_off", locale, day=facts.holiday or short_date(facts.request.day, locale))
            )
        elif facts.expected:
            lines.append(
                translate(
                    "digest.leader.reports",
                    locale,
                    reported=len(facts.expected) - len(facts.not_reported),
                    expected=len(facts.expected),
                )
            )
            if facts.not_reported:
                lines.append(translate("digest.leader.not_reported", locale, names=_names(facts.not_reported, locale)))
        if facts.absent:
            lines.append(translate("digest.leader.absent", locale, names=_names(facts.absent, locale)))
    risky = [*facts.late, *facts.at_risk]
    for task in risky[:3]:
        lines.append(risk_line(task, locale, facts.request.day))
    if len(risky) > 3:
        lines.append(translate("digest.risk.more", locale, count=len(risky)))
    if facts.blockers:
        longest = max(b.open_days for b in facts.blockers)
        if client:
            lines.append(translate("digest.client.questions", locale, count=len(facts.blockers)))
        else:
            people = [m for m in facts.members if any(b.person_id == m.person_id for b in facts.blockers)]
            key = "digest.leader.blockers" if longest else "digest.leader.blockers_today"  # not 「最長0日」
            lines.append(translate(key, locale, count=len(facts.blockers), days=longest, names=_names(people, locale)))
    if not client:
        # 結: an absent member's share of work that is already behind is what a teammate can cover.
        behind = {t.task_id: t for t in risky}
        for member in facts.absent:
            titles = [behind[t].title for t in behind if member.person_id in behind[t].assignee_ids]
            if titles:
                separator = translate("list.separator", locale)
                lines.append(
                    translate("digest.leader.cover", locale, name=member.name, titles=separator.join(titles[:3]))
                )
    if risky:
        lines.append(translate(prefix + "decide", locale))
    elif facts.blockers and not client:
        lines.append(translate("digest.leader.help", locale))
    else:
        lines.append(translate(prefix + "all_on_track", locale))
    return "\n".join(lines)


# --- JSON (stored digests) --------------------------------------------------------------------------


def digest_to_json(digest: Digest) -> dict[str, object]:
    """A digest as plain JSON values (dates as ISO strings), to store and to show again later."""
    facts = digest.facts
    request = facts.request
    return {
        "version": 1,
        "narrative": digest.narrative,
        "source": digest.source.value,
        "request": {
            "audience": request.audience.value,
            "scope": {
                "kind": request.scope.kind.value,
                "id": request.scope.id,
                "organization_id": request.scope.organization_id,
            },
            "day": request.day.isoformat(),
            "kind": request.kind.value,
            "locale": request.locale.value,
            "timezone": request.timezone,
        },
        "scope_name": facts.scope_name,
        "workday": facts.workday,
        "holiday": facts.holiday,
        "tasks": [
            {
                "task_id": t.task_id,
                "title": t.title,
                "unit": t.unit,
                "total": t.total,
                "done_today": t.done_today,
                "done_total": t.done_total,
                "percent": t.percent,
                "pace": t.pace,
                "forecast": _iso(t.forecast),
                "deadline": _iso(t.deadline),
                "verdict": t.verdict.value,
                "hours_today": t.hours_today,
                "hours_total": t.hours_total,
                "assignee_ids": list(t.assignee_ids),
                "status": t.status,
                "previous_id": t.previous_id,
            }
            for t in facts.tasks
        ],
        "members": [
            {
                "person_id": m.person_id,
                "name": m.name,
                "reported_today": m.reported_today,
                "absent_today": m.absent_today,
                "absence_reason": m.absence_reason,
                "units_today": m.units_today,
                "hours_today": m.hours_today,
                "has_work": m.has_work,
            }
            for m in facts.members
        ],
        "blockers": [
            {
                "task_id": b.task_id,
                "person_id": b.person_id,
                "text": b.text,
                "since": b.since.isoformat(),
                "open_days": b.open_days,
            }
            for b in facts.blockers
        ],
        "changes": [{"task_id": c.task_id, "kind": c.kind, "summary": c.summary} for c in facts.changes],
    }


def digest_from_json(data: Mapping[str, object]) -> Digest:
    """The digest `digest_to_json` wrote (raises KeyError / ValueError on anything else)."""
    request = _map(data["request"])
    scope = _map(request["scope"])
    organization_id = scope.get("organization_id")
    digest_request = DigestRequest(
        audience=Audience(str(request["audience"])),
        scope=DigestScope(
            ScopeKind(str(scope["kind"])), str(scope["id"]), None if organization_id is None else str(organization_id)
        ),
        day=date.fromisoformat(str(request["day"])),
        kind=DigestKind(str(request["kind"])),
        locale=Locale(str(request["locale"])),
        timezone=str(request["timezone"]),
    )
    tasks = tuple(
        TaskFacts(
            task_id=str(t["task_id"]),
            title=str(t["title"]),
            unit=str(t["unit"]),
            total=_int_or_none(t["total"]),
            done_today=_int(t["done_today"]),
            done_total=_int(t["done_total"]),
            percent=_int_or_none(t["percent"]),
            pace=_float(t["pace"]),
            forecast=_date_or_none(t["forecast"]),
            deadline=_date_or_none(t["deadline"]),
            verdict=Verdict(str(t["verdict"])),
            hours_today=_float(t["hours_today"]),
            hours_total=_float(t["hours_total"]),
            assignee_ids=tuple(str(a) for a in _list(t.get("assignee_ids", []))),
            status=str(t.get("status", "")),
            previous_id=None if t.get("previous_id") is None else str(t["previous_id"]),
        )
        for t in map(_map, _list(data["tasks"]))
    )
    members = tuple(
        MemberFacts(
            person_id=str(m["person_id"]),
            name=str(m["name"]),
            reported_today=bool(m["reported_today"]),
            absent_today=bool(m["absent_today"]),
            absence_reason=str(m.get("absence_reason", "")),
            units_today=_int(m.get("units_today", 0)),
            hours_today=_float(m.get("hours_today", 0.0)),
            has_work=bool(m.get("has_work", True)),
        )
        for m in map(_map, _list(data["members"]))
    )
    blockers = tuple(
        BlockerFacts(
            task_id=str(b["task_id"]),
            person_id=str(b["person_id"]),
            text=str(b["text"]),
            since=date.fromisoformat(str(b["since"])),
            open_days=_int(b["open_days"]),
        )
        for b in map(_map, _list(data["blockers"]))
    )
    changes = tuple(
        ChangeFacts(task_id=str(c["task_id"]), kind=str(c["kind"]), summary=str(c["summary"]))
        for c in map(_map, _list(data["changes"]))
    )
    facts = DigestFacts(
        request=digest_request,
        scope_name=str(data["scope_name"]),
        tasks=tasks,
        members=members,
        blockers=blockers,
        changes=changes,
        workday=bool(data.get("workday", True)),
        holiday=str(data.get("holiday", "")),
    )
    return Digest(facts, str(data["narrative"]), NarrativeSource(str(data["source"])))


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _map(value: object) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise ValueError(f"expected an object, got {type(value).__name__}")
    return value


def _list(value: object) -> list[object]:
    if not isinstance(value, list | tuple):
        raise ValueError(f"expected a list, got {type(value).__name__}")
    return list(value)


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise ValueError(f"expected a number, got {value!r}")
    return int(value)


def _int_or_none(value: object) -> int | None:
    return None if value is None else _int(value)


def _float(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise ValueError(f"expected a number, got {value!r}")
    return float(value)


def _date_or_none(value: object) -> date | None:
    return None if value is None else date.fromisoformat(str(value))
