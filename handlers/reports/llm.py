"""The LLM extractor for free-text reports (when a model is configured): the JSON schema the model
answers in, and its reading turned into a `ParsedReport`, or None so that the rules decide."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from pydantic import BaseModel, ValidationError
from pydantic import Field as PydanticField

import prompts
from domain.report_dialog import MAX_UNITS
from domain.reports import MAX_TEXT, AssignmentHint, Blocker, Correction, ParsedReport, ReportItem
from handlers.ports import LanguageModel

LLM_PARSER = "llm-v1"


LLM_MIN_CONFIDENCE = 0.7  # below this the rules read the message (and ask rather than guess)


class LlmReportItem(BaseModel):
    assignment: int = PydanticField(ge=1, le=50)
    units_done: int | None = PydanticField(ge=0, le=MAX_UNITS)
    units_cumulative: int | None = PydanticField(ge=0, le=MAX_UNITS)
    hours: float | None = PydanticField(ge=0, le=24)
    done: bool
    blockers: list[str] = PydanticField(max_length=5)
    questions: list[str] = PydanticField(max_length=5)


class LlmCorrection(BaseModel):
    value: int = PydanticField(ge=0, le=MAX_UNITS)
    previous: int | None = PydanticField(ge=0, le=MAX_UNITS)
    days_ago: int | None = PydanticField(ge=0, le=31)
    assignment: int | None = PydanticField(ge=1, le=50)


class LlmReport(BaseModel):
    """The JSON schema the model answers in (structured output), validated by pydantic."""

    items: list[LlmReportItem] = PydanticField(max_length=10)
    correction: LlmCorrection | None
    confidence: float = PydanticField(ge=0, le=1)


async def extract_with_llm(
    text: str, hints: Sequence[AssignmentHint], today: date, llm: LanguageModel
) -> ParsedReport | None:
    """The model's reading as a `ParsedReport`, or None (no model, an error, low confidence, or an
    answer that does not fit the assignments or the numbers already stored): the rules then decide."""
    prompt = prompts.render("progress_report", today=today.isoformat(), assignments=list(hints), text=text[:MAX_TEXT])
    try:
        answer = await llm.extract(prompt, LlmReport)
    except ValidationError:
        return None
    if answer is None or answer.confidence < LLM_MIN_CONFIDENCE:
        return None
    return _from_llm(answer, text, hints, today)


def _from_llm(answer: LlmReport, text: str, hints: Sequence[AssignmentHint], today: date) -> ParsedReport | None:
    def hint_of(number: int | None) -> AssignmentHint | None:
        return hints[number - 1] if number is not None and 1 <= number <= len(hints) else None

    items: list[ReportItem] = []
    seen: set[str] = set()
    for raw in answer.items:
        hint = hint_of(raw.assignment)
        if hint is None or hint.assignment_id in seen:
            return None  # an assignment that does not exist, or two readings of one
        seen.add(hint.assignment_id)
        units, cumulative = raw.units_done, raw.units_cumulative
        if raw.done and hint.target is not None:
            cumulative = hint.target
        if cumulative is not None:
            if cumulative < hint.reported or (units is not None and hint.reported + units != cumulative):
                return None  # numbers that do not add up: the rules ask about them
            units = cumulative - hint.reported if units is None else units
        blockers = tuple(Blocker(b.strip()[:80]) for b in raw.blockers if b.strip())
        questions = tuple(q.strip()[:200] for q in raw.questions if q.strip())
        items.append(ReportItem(hint.assignment_id, units, cumulative, None, raw.hours, raw.done, blockers, questions))
    correction: Correction | None = None
    if answer.correction is not None:
        fixed = answer.correction
        hint = hint_of(fixed.assignment)
        if fixed.assignment is not None and hint is None:
            return None
        if hint is None and len(hints) == 1:
            hint = hints[0]
        when = today - timedelta(days=fixed.days_ago) if fixed.days_ago is not None else None
        correction = Correction(fixed.value, fixed.previous, when, hint.assignment_id if hint else None)
        if hint is None:
            return None  # which assignment is unclear: the rules ask
    if not items and correction is None:
        return None
    return ParsedReport(text, tuple(items), correction, answer.confidence, (), LLM_PARSER)
