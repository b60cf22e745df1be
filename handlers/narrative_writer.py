"""Who writes a digest's narrative: the template (always there), or an LLM checked against the facts.

The LLM writer makes one call per digest, with a prompt built from the computed facts (never a dump
of raw reports): report and blocker text, task titles and names enter only through the `quoted`
filter of `prompts/templates/digest_{ja,en}.j2`, as data. Names can be replaced by stable
pseudonyms (メンバーA) before the prompt leaves and restored in the answer. Whatever comes back is
checked by `domain.digest.check_narrative` (every number one of the facts, no all-clear while a task
is late or at risk, ...). An error, a timeout, garbage or a failed check gives the template
narrative, logged with the reason: the digest goes out on time whatever the LLM does.
"""

from __future__ import annotations

import asyncio
import re
import time

import structlog

from domain.digest import (
    NARRATIVE_LIMIT,
    Audience,
    DigestFacts,
    DigestKind,
    NarrativeSource,
    NarrativeWriter,
    check_narrative,
    template_narrative,
)
from domain.i18n import translate
from domain.narrative import Pseudonyms
from domain.refs import Locale
from handlers.ports import TextModel, TextModelError
from prompts import render

log = structlog.get_logger(__name__)

PROMPT_LIMIT_CHARS = 400  # what the narrative is asked to stay within (the check allows more)
TIMEOUT_GRACE_SECONDS = 1.0  # the model's own timeout should fire first; this is the backstop
_PSEUDONYM_PREFIX = {Locale.JA: "メンバー", Locale.EN: "Member"}
_FENCE = re.compile(r"^```[a-zA-Z]*\n?|\n?```$")


class TemplateNarrativeWriter:
    """The offline narrative: a few sentences from the facts (`domain.digest.template_narrative`)."""

    async def write(self, facts: DigestFacts) -> tuple[str, NarrativeSource]:
        return template_narrative(facts), NarrativeSource.TEMPLATE


class LLMNarrativeWriter:
    """The LLM's narrative when it passes the checks, else the template's."""

    def __init__(
        self,
        model: TextModel,
        *,
        timeout: float,
        pseudonymise: bool = True,
        fallback: NarrativeWriter | None = None,
    ) -> None:
        self._model = model
        self._timeout = timeout
        self._pseudonymise = pseudonymise
        self._fallback = fallback or TemplateNarrativeWriter()

    async def write(self, facts: DigestFacts) -> tuple[str, NarrativeSource]:
        if not facts.tasks:
            # "No work in progress" needs no model: no call, no cost, no risk.
            return await self._fallback.write(facts)
        names = [m.name for m in facts.members if m.name]
        pseudonyms = Pseudonyms(names, prefix=_PSEUDONYM_PREFIX[facts.request.locale]) if self._pseudonymise else None
        prompt = digest_prompt(facts, pseudonyms)
        started = time.monotonic()
        try:
            answer = await asyncio.wait_for(
                self._model.write(prompt, timeout=self._timeout), self._timeout + TIMEOUT_GRACE_SECONDS
            )
        except TimeoutError:
            return await self._fall_back(facts, "timeout", started)
        except TextModelError as exc:
            return await self._fall_back(facts, exc.reason, started)
        text = _clean(answer)
        if pseudonyms is not None:
            text = pseudonyms.unmask(text)
            prefix = _PSEUDONYM_PREFIX[facts.request.locale]
            if re.search(re.escape(prefix) + r"[A-Z]", text):
                return await self._fall_back(facts, "unknown_pseudonym", started)
        if text.startswith(("{", "[")):
            return await self._fall_back(facts, "garbage:json", started)
        reason = check_narrative(text, facts, names)
        if reason is not None:
            return await self._fall_back(facts, reason, started)
        log.info("digest.narrative", source="llm", seconds=round(time.monotonic() - started, 2))
        return text, NarrativeSource.LLM

    async def _fall_back(self, facts: DigestFacts, reason: str, started: float) -> tuple[str, NarrativeSource]:
        log.warning(
            "digest.narrative_fallback",
            reason=reason,
            scope=facts.request.scope.kind.value,
            scope_id=facts.request.scope.id,
            seconds=round(time.monotonic() - started, 2),
        )
        return await self._fallback.write(facts)


def narrative_writer(model: TextModel | None, *, timeout: float, pseudonymise: bool) -> NarrativeWriter:
    """The writer for this process: the LLM one when a model is configured, else the template."""
    if model is None:
        return TemplateNarrativeWriter()
    return LLMNarrativeWriter(model, timeout=timeout, pseudonymise=pseudonymise)


def digest_prompt(facts: DigestFacts, pseudonyms: Pseudonyms | None = None) -> str:
    """The one prompt of a digest: instructions, then the facts as quoted data (names masked)."""
    locale = facts.request.locale
    client = facts.request.audience is Audience.CLIENT

    def masked(text: str) -> str:
        return pseudonyms.mask(text) if pseudonyms is not None else text

    start, end = facts.period
    titles = {t.task_id: t.title for t in facts.tasks}
    names = {m.person_id: m.name for m in facts.members}
    not_reported = {m.person_id for m in facts.not_reported}
    members = [
        {
            "name": masked(m.name),
            # The reason of an absence stays out of the prompt: the leader sees it in the digest,
            # the LLM does not need it to write about the team's work.
            "state": translate(
                "digest.member.absent"
                if m.absent_today
                else "digest.member.state_reported"
                if m.reported_today
                else "digest.member.not_reported"
                if m.person_id in not_reported
                else "digest.member.no_work"
                if not m.has_work
                else "digest.member.state_quiet",
                locale,
            ),
            "units": m.units_today if m.reported_today else None,
            "hours": _num(m.hours_today),
        }
        for m in facts.members
    ]
    return render(
        f"digest_{locale.value}",
        reader=translate(f"digest.prompt.reader.{facts.request.audience.value}", locale),
        weekly=facts.request.kind is DigestKind.WEEKLY,
        client=client,
        limit=PROMPT_LIMIT_CHARS,
        alias_example=f"{_PSEUDONYM_PREFIX[locale]}A",
        scope=masked(facts.scope_name),
        start=start.isoformat(),
        end=end.isoformat(),
        workday=facts.workday,
        holiday=facts.holiday,
        tasks=[
            {
                "title": masked(t.title),
                "verdict": translate(f"digest.verdict.{t.verdict.value}", locale),
                "status": translate(f"digest.status.{t.status}", locale) if t.status in ("paused", "cancelled") else "",
                "done_today": t.done_today,
                "done_total": t.done_total,
                "total": t.total,
                "percent": t.percent,
                "remaining": t.remaining,
                "unit": t.unit,
                "pace": _num(t.pace),
                "forecast": t.forecast.isoformat() if t.forecast else "",
                "deadline": t.deadline.isoformat() if t.deadline else "",
                "hours_today": _num(t.hours_today),
                "hours_total": _num(t.hours_total),
            }
            for t in facts.tasks
        ],
        members=members,
        reported=len(facts.expected) - len(facts.not_reported),
        expected=len(facts.expected),
        blockers=[
            {
                "name": masked(names.get(b.person_id, "")),
                "title": masked(titles.get(b.task_id, "")),
                "text": masked(b.text),
                "since": b.since.isoformat(),
                "days": b.open_days,
            }
            for b in facts.blockers
        ],
        changes=[masked(c.summary) for c in facts.changes],
    )


def _num(value: float) -> str:
    return f"{value:g}"  # 20.0 → 20, 2.5 → 2.5: as the narrative should write them


def _clean(answer: str) -> str:
    """The paragraph without the wrapping a model sometimes adds (code fences, quotes)."""
    text = _FENCE.sub("", answer.strip()).strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'「":
        text = text[1:-1].strip()
    return text[: NARRATIVE_LIMIT + 1]
