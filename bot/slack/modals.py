"""The task modals as Block Kit views, and their submitted state read back into plain values.

Built and read synchronously in the bolt listeners (a trigger_id lives 3 s; a view_submission
must be answered within 3 s), so nothing here does I/O.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ConversationSelectElement,
    DatePickerElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    StaticMultiSelectElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from domain.i18n import translate
from domain.model import Recurrence, TeamShape
from domain.refs import Locale
from domain.skills import SKILLS
from domain.task_form import DESCRIPTION_LIMIT, TITLE_LIMIT, UNITS, FormError, TaskFormInput

FORM_CALLBACK = "task.form"
CANCEL_CALLBACK = "task.cancel"
VALUE = "value"  # every input's action_id: one input per block
TITLE_MAX = 24  # modal title, submit and close texts (Slack)
REASON_LIMIT = 500  # a cancel reason


@dataclass(frozen=True, slots=True)
class ModalContext:
    """What a submission needs to know besides the form: carried in private_metadata."""

    task_id: str | None = None
    channel: str = ""  # where the form was opened from (a slash command's channel, the card's channel)
    card_ts: str | None = None  # the card to update after an edit
    truncated: bool = False  # the prefill shortened the description

    def encode(self) -> str:
        return json.dumps(
            {"task": self.task_id, "channel": self.channel, "ts": self.card_ts, "truncated": self.truncated},
            separators=(",", ":"),
        )

    @classmethod
    def decode(cls, raw: str | None) -> ModalContext:
        try:
            data = json.loads(raw or "{}")
        except ValueError:
            return cls()
        if not isinstance(data, dict):
            return cls()
        return cls(data.get("task"), str(data.get("channel") or ""), data.get("ts"), bool(data.get("truncated")))


def _text(value: str) -> PlainTextObject:
    return PlainTextObject(text=value[:TITLE_MAX] if len(value) > TITLE_MAX else value)


def _option(value: str, label: str) -> Option:
    return Option(value=value, text=PlainTextObject(text=label[:75]))


def _text_input(
    block_id: str,
    label: str,
    initial: str,
    *,
    optional: bool = False,
    multiline: bool = False,
    max_length: int | None = None,
    hint: str | None = None,
    placeholder: str | None = None,
) -> InputBlock:
    """A plain-text input block (its element's action_id is always VALUE), prefilled when `initial` is set."""
    element = PlainTextInputElement(
        action_id=VALUE,
        initial_value=initial or None,
        multiline=multiline or None,
        max_length=max_length,
        placeholder=placeholder,
    )
    return InputBlock(block_id=block_id, label=label, hint=hint, optional=optional or None, element=element)


def _select(block_id: str, label: str, options: list[Option], initial: str) -> InputBlock:
    """A required single choice, `initial` selected when it is one of the options."""
    chosen = next((o for o in options if o.value == initial), None)
    element = StaticSelectElement(action_id=VALUE, options=options, initial_option=chosen)
    return InputBlock(block_id=block_id, label=label, element=element)


def task_form_view(locale: Locale, form: TaskFormInput, context: ModalContext) -> View:
    """The registration / edit form, prefilled with `form`."""

    def t(key: str) -> str:
        return translate(key, locale)

    skill_options = [_option(s.id, s.label(locale)) for s in SKILLS]
    chosen_skills = [o for o in skill_options if o.value in form.skills]
    units = [_option(u, u) for u in UNITS]
    recurrences = [_option(r.value, t(f"recurrence.{r.value}")) for r in Recurrence]
    shapes = [_option(s.value, t(f"shape.{s.value}")) for s in TeamShape]

    blocks: list[Block] = [
        _text_input(
            "title", t("task.field.title"), form.title, max_length=TITLE_LIMIT, placeholder=t("modal.title_placeholder")
        ),
        _text_input(
            "description",
            t("task.field.description"),
            form.description,
            optional=True,
            multiline=True,
            max_length=DESCRIPTION_LIMIT,
        ),
        InputBlock(
            block_id="skills",
            label=t("task.field.skills"),
            optional=True,
            element=StaticMultiSelectElement(
                action_id=VALUE, options=skill_options, initial_options=chosen_skills or None
            ),
        ),
        _text_input("other_skills", t("modal.skills_other"), form.other_skills, optional=True),
        _text_input("volume_amount", t("modal.volume_amount"), form.volume_amount, hint=t("modal.money_hint")),
        _select("volume_unit", t("modal.volume_unit"), units, form.volume_unit or UNITS[0]),
        InputBlock(
            block_id="deadline",
            label=t("task.field.deadline"),
            element=DatePickerElement(action_id=VALUE, initial_date=form.deadline or None),
        ),
        _select("recurrence", t("task.field.recurrence"), recurrences, form.recurrence),
        _select("shape", t("task.field.shape"), shapes, form.shape),
        _text_input("budget", t("modal.budget"), form.budget, optional=True),
        _text_input("rate", t("modal.rate"), form.rate, optional=True),
        _text_input("region", t("modal.region"), form.region, optional=True, hint=t("modal.region_hint")),
        InputBlock(
            block_id="updates_channel",
            label=t("task.field.updates_channel"),
            optional=True,
            element=ConversationSelectElement(
                action_id=VALUE, initial_conversation=form.updates_channel or context.channel or None
            ),
        ),
    ]
    editing = context.task_id is not None
    return View(
        type="modal",
        callback_id=FORM_CALLBACK,
        title=_text(t("modal.edit_title" if editing else "modal.register_title")),
        submit=_text(t("modal.save" if editing else "modal.submit")),
        close=_text(t("modal.close")),
        private_metadata=context.encode(),
        blocks=blocks,
    )


def cancel_view(locale: Locale, context: ModalContext) -> View:
    return View(
        type="modal",
        callback_id=CANCEL_CALLBACK,
        title=_text(translate("modal.cancel_title", locale)),
        submit=_text(translate("modal.cancel_submit", locale)),
        close=_text(translate("modal.close", locale)),
        private_metadata=context.encode(),
        blocks=[
            _text_input("reason", translate("modal.cancel_reason", locale), "", multiline=True, max_length=REASON_LIMIT)
        ],
    )


def _value(values: Mapping[str, Any], block: str) -> Any:
    element = (values.get(block) or {}).get(VALUE) or {}
    kind = element.get("type")
    if kind == "static_select":
        return (element.get("selected_option") or {}).get("value") or ""
    if kind == "multi_static_select":
        return tuple(o.get("value", "") for o in element.get("selected_options") or ())
    if kind == "datepicker":
        return element.get("selected_date") or ""
    if kind == "conversations_select":
        return element.get("selected_conversation") or ""
    return element.get("value") or ""


def form_input(view: Mapping[str, Any]) -> TaskFormInput:
    """The submitted form's values (view.state.values) as plain strings."""
    values = (view.get("state") or {}).get("values") or {}
    names = [n for n in TaskFormInput.__dataclass_fields__ if n != "skills"]
    return TaskFormInput(skills=_value(values, "skills") or (), **{n: str(_value(values, n)) for n in names})


def cancel_reason(view: Mapping[str, Any]) -> str:
    return str(_value((view.get("state") or {}).get("values") or {}, "reason"))


def errors_for_slack(errors: tuple[FormError, ...], locale: Locale) -> dict[str, str]:
    """`response_action: errors` wants {block_id: message}; one message per block."""
    answer: dict[str, str] = {}
    for error in errors:
        answer.setdefault(error.field, translate(error.key, locale, **error.params))
    return answer
