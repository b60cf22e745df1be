"""The buttons of 結の知恵 and how a press is read back. Slack routes on the action id (prefix
`question.`); LINE has no action id, so the value is the postback data and starts with `q:`.

To move into handlers/buttons.py (all action ids and postback formats) once that module lands.
"""

from __future__ import annotations

import enum

ANSWER = "question.answer"  # 回答する: Slack opens the answer form; LINE waits for the next message
HELPED = "question.helped"  # 解決: the offered note answered it
STILL_STUCK = "question.stuck"  # まだ困っている: on to the leader as before

SLACK_PREFIX = "question."
_PREFIX = "q:"


class Press(enum.StrEnum):
    ANSWER = "answer"
    HELPED = "helped"
    STUCK = "stuck"


def question_data(press: Press, question_id: str) -> str:
    """The button's value (Slack) and postback data (LINE): `q:answer:<question id>`."""
    return f"{_PREFIX}{press.value}:{question_id}"


def read_question_data(data: str) -> tuple[Press, str] | None:
    """(what was pressed, question id), or None when the data is not one of these buttons."""
    if not data.startswith(_PREFIX):
        return None
    press, _, question_id = data[len(_PREFIX) :].partition(":")
    try:
        return (Press(press), question_id) if question_id else None
    except ValueError:
        return None
