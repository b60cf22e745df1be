"""Questions still waiting, as the client's `/yui status` and a leader's digest show them: the
question's words and how long it has waited, never who asked (a client sees the work, not the
people's worries)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from domain.i18n import translate
from domain.knowhow.model import Question
from domain.refs import Locale

SHOWN = 5


def waited(span: timedelta, locale: Locale) -> str:
    """「3時間」, 「2日」: how long a question has waited, in the largest whole unit."""
    hours = int(span.total_seconds() // 3600)
    if hours < 1:
        return translate("question.waited_minutes", locale, minutes=max(int(span.total_seconds() // 60), 1))
    if hours < 48:
        return translate("question.waited_hours", locale, hours=hours)
    return translate("question.waited_days", locale, days=hours // 24)


def waiting_block(questions: Sequence[Question], now: datetime, locale: Locale) -> str:
    """The 「確認待ちの質問」 lines, oldest first ("" when nothing waits)."""
    if not questions:
        return ""
    oldest = sorted(questions, key=lambda q: q.asked_at)
    lines = [translate("question.waiting_header", locale, count=len(questions))]
    lines += [
        translate("question.waiting_line", locale, question=q.text, waited=waited(q.waited(now), locale))
        for q in oldest[:SHOWN]
    ]
    return "\n".join(lines)
