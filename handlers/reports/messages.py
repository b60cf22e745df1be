"""How the report flows' answers read: the task's progress card (`/yui status`, the client's card),
the worker's pace line, correction totals, and the quick replies offered. Layout only: no storage,
no sibling import."""

from __future__ import annotations

import math
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from domain.i18n import translate
from domain.model import Task
from domain.progress import Progress
from domain.proposals import ProgressReport
from domain.refs import ChatRef, Locale
from domain.reports import Ask, AssignmentHint, ParsedReport, ReportItem
from handlers.commands import Command
from handlers.ports import Field, OutgoingMessage, QuickReply
from handlers.tasks import format_date, progress_bar

QUICK_LABEL_LIMIT = 20  # LINE quick reply labels


QUICK_TEXT_LIMIT = 300  # LINE quick reply message text


QUICK_LIMIT = 13  # LINE quick replies per message


LIKELY_NUMBERS = (5, 10, 20, 30, 50, 100)


def total_line(hint: AssignmentHint, cumulative: int, locale: Locale) -> str:
    if hint.target:
        return translate(
            "report.correction_total_of_target",
            locale,
            title=hint.title,
            cumulative=cumulative,
            target=hint.target,
            unit=hint.unit,
        )
    return translate("report.correction_total", locale, title=hint.title, cumulative=cumulative, unit=hint.unit)


def likely_numbers(hint: AssignmentHint | None) -> list[int]:
    """Numbers worth a tap: what is left of the share first (「全部」), then round numbers below it."""
    if hint is None or not hint.target:
        return list(LIKELY_NUMBERS)
    left = max(hint.target - hint.reported, 0)
    numbers = [n for n in LIKELY_NUMBERS if n < left]
    if left:
        numbers.append(left)
    return numbers[-(QUICK_LIMIT - 2) :]


def report_label(report: ProgressReport, value: int, hint: AssignmentHint, zone: ZoneInfo, locale: Locale) -> str:
    day = report.reported_at.astimezone(zone).date()
    return translate(
        "dialog.report_label", locale, date=f"{day.month}/{day.day}", title=hint.title[:8], units=value, unit=hint.unit
    )


def pace_line(state: Progress, unit: str, locale: Locale) -> str:
    deadline = format_date(state.deadline, locale) if state.deadline else translate("task.value.none", locale)
    verdict = translate(f"verdict.{state.verdict.value}", locale)
    if state.pace <= 0 or state.forecast is None:
        return translate("own.no_pace", locale, deadline=deadline, verdict=verdict)
    return translate(
        "own.pace",
        locale,
        pace=_number(state.pace),
        unit=unit,
        forecast=format_date(state.forecast, locale),
        deadline=deadline,
        verdict=verdict,
    )


def _number(value: float) -> str:
    return f"{math.floor(value * 10 + 1e-9) / 10:g}"


@dataclass(frozen=True, slots=True)
class TaskProgress:
    task: Task
    state: Progress
    people: tuple[tuple[str, int, int], ...]  # (name, done, share)


def status_message(view: TaskProgress, chat: ChatRef, locale: Locale) -> OutgoingMessage:
    task, state = view.task, view.state
    unit = task.volume.unit if task.volume else ""
    percent = state.percent or 0
    none = translate("task.value.none", locale)
    forecast = format_date(state.forecast, locale) if state.forecast else translate("progress.no_forecast", locale)
    lines = [
        translate(
            "progress.totals",
            locale,
            bar=progress_bar(percent),
            percent=percent,
            done=state.done,
            total=state.total if state.total is not None else "-",
            unit=unit,
            left=state.remaining if state.remaining is not None else "-",
        ),
        *(translate("progress.person", locale, name=n, done=d, share=s, unit=unit) for n, d, s in view.people),
    ]
    fields = (
        Field(translate("progress.field.today", locale), f"{state.done_today}{unit}"),
        Field(
            translate("progress.field.pace", locale),
            translate("progress.pace", locale, pace=_number(state.pace), unit=unit),
        ),
        Field(translate("progress.field.forecast", locale), forecast),
        Field(translate("task.field.deadline", locale), format_date(task.deadline, locale) if task.deadline else none),
        Field(translate("progress.field.verdict", locale), translate(f"verdict.{state.verdict.value}", locale)),
        Field(translate("task.field.status", locale), translate(f"status.{task.status.value}", locale)),
    )
    return OutgoingMessage(
        chat=chat,
        header=translate("progress.header", locale, title=task.title),
        text="\n".join(lines),
        fields=fields,
    )


def ephemeral(message: OutgoingMessage, command: Command) -> OutgoingMessage:
    return OutgoingMessage(
        chat=message.chat,
        text=message.text,
        reply=command.reply,
        ephemeral_to=command.person,
        header=message.header,
        fields=message.fields,
    )


def choices(
    parsed: ParsedReport, hints: dict[str, AssignmentHint], text: str, locale: Locale
) -> tuple[QuickReply, ...]:
    """The likely readings of an unclear report, one tap each. With the assignment unclear, one quick
    reply per assignment: tapping it sends the report again, led by the assignment's title, so the rules
    can place it. With a share said to be finished but no count for today, the likely reading (all that
    was left, today) is offered; the person types a number for anything else."""
    if Ask.ASSIGNMENT.value in parsed.ask:
        replies: list[QuickReply] = []
        for hint in hints.values():
            again = f"{hint.title} {text}"
            replies.append(
                QuickReply(hint.title[:QUICK_LABEL_LIMIT], again if len(again) <= QUICK_TEXT_LIMIT else hint.title)
            )
        return tuple(replies)
    if Ask.HEDGE.value in parsed.ask:
        return tuple(reply for item in parsed.items if (reply := _rest_today(item, hints, locale)) is not None)
    return ()


def _rest_today(item: ReportItem, hints: dict[str, AssignmentHint], locale: Locale) -> QuickReply | None:
    """「全部終わりました」 without today's count: the tap says the rest of the share was done today, in
    words the rules read back as exactly that (led by the title when there is more than one share)."""
    hint = hints.get(item.assignment_id or "")
    if not item.done or item.units_done is not None or hint is None or not hint.target or hint.unit == "時間":
        return None
    left = hint.target - hint.reported
    if left <= 0:
        return None
    said = translate("report.quick.rest_today_text", locale, units=left, unit=hint.unit)
    if len(hints) > 1:
        said = f"{hint.title} {said}"
    label = translate("report.quick.rest_today", locale, units=left, unit=hint.unit)
    return QuickReply(label[:QUICK_LABEL_LIMIT], said[:QUICK_TEXT_LIMIT])
