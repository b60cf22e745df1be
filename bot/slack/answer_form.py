"""The Slack form behind 回答する on a question notice: one text box, the question id carried in
private_metadata. Its submission becomes `AnswerQuestion` (handlers.questions.answering)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from slack_sdk.models.blocks import InputBlock, PlainTextInputElement, PlainTextObject, SectionBlock
from slack_sdk.models.views import View

from domain.i18n import translate
from domain.knowhow.model import NOTE_LIMIT
from domain.refs import Locale

ANSWER_CALLBACK = "question.answer_form"
_BLOCK = "answer"
_VALUE = "value"


def answer_view(locale: Locale, question_id: str, channel: str, notice: str) -> View:
    return View(
        type="modal",
        callback_id=ANSWER_CALLBACK,
        title=PlainTextObject(text=translate("question.form.title", locale)[:24]),
        submit=PlainTextObject(text=translate("question.form.submit", locale)[:24]),
        close=PlainTextObject(text=translate("modal.close", locale)[:24]),
        private_metadata=json.dumps({"question": question_id, "channel": channel}, separators=(",", ":")),
        blocks=[
            SectionBlock(text=notice[:2900] or translate("question.form.title", locale)),
            InputBlock(
                block_id=_BLOCK,
                label=translate("question.form.label", locale),
                element=PlainTextInputElement(action_id=_VALUE, multiline=True, max_length=NOTE_LIMIT),
            ),
        ],
    )


def read_answer_form(view: Mapping[str, Any]) -> tuple[str, str, str] | None:
    """(question id, channel, answer text) of a submitted form; None if it is not one."""
    if view.get("callback_id") != ANSWER_CALLBACK:
        return None
    try:
        meta = json.loads(str(view.get("private_metadata") or "{}"))
    except ValueError:
        return None
    values = (view.get("state") or {}).get("values") or {}
    text = str(((values.get(_BLOCK) or {}).get(_VALUE) or {}).get("value") or "")
    if not isinstance(meta, dict) or not meta.get("question"):
        return None
    return str(meta["question"]), str(meta.get("channel") or ""), text
