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


def task_form_view(locale: Locale, form: TaskFormInput, context: ModalContext) -> View:
    """The registration / edit form, prefilled with `form`."""

    def t(key: str) -> str:
        return translate(key, locale)

    skill_options = [_option(s.id, s.label(locale)) for s in SKILLS]
    chosen_skills = [o for o in skill_options if o.value in form.skills]
    units = [_option(u, u) for u in UNITS]
    recurrences = [_option(r.value, t(f"recurrence.{r.value}")) for r in Recurrence]
    shapes = [_option(s.value, t(f"shape.{s.value}")) for s in TeamShape]

    def chosen(options: list[Option], value: str) -> Option | None:
        return next((o for o in options if o.value == value), None)

    blocks: list[Block] = [
        InputBlock(
            block_id="title",
            label=t("task.field.title"),
            element=PlainTextInputElement(
                action_id=VALUE,
                initial_value=form.title or None,
                max_length=TITLE_LIMIT,
                placeholder=t("modal.title_placeholder"),
            ),
        ),
        InputBlock(
            block_id="description",
            label=t("task.field.description"),
            optional=True,
            element=PlainTextInputElement(
                action_id=VALUE, multiline=True, initial_value=form.description or None, max_length=DESCRIPTION_LIMIT
            ),
        ),
        InputBlock(
            block_id="skills",
            label=t("task.field.skills"),
            optional=True,
            element=StaticMultiSelectElement(
                action_id=VALUE, options=skill_options, initial_options=chosen_skills or None
            ),
        ),
        InputBlock(
            block_id="other_skills",
            label=t("modal.skills_other"),
            optional=True,
            element=PlainTextInputElement(action_id=VALUE, initial_value=form.other_skills or None),
        ),
        InputBlock(
            block_id="volume_amount",
            label=t("modal.volume_amount"),
            hint=t("modal.money_hint"),
            element=PlainTextInputElement(action_id=VALUE, initial_value=form.volume_amount or None),
        ),
        InputBlock(
            block_id="volume_unit",
            label=t("modal.volume_unit"),
            element=StaticSelectElement(
                action_id=VALUE, options=units, initial_option=chosen(units, form.volume_unit or UNITS[0])
            ),
        ),
        InputBlock(
            block_id="deadline",
            label=t("task.field.deadline"),
            element=DatePickerElement(action_id=VALUE, initial_date=form.deadline or None),
        ),
        InputBlock(
            block_id="recurrence",
            label=t("task.field.recurrence"),
            element=StaticSelectElement(
                action_id=VALUE, options=recurrences, initial_option=chosen(recurrences, form.recurrence)
            ),
        ),
        InputBlock(
            block_id="shape",
            label=t("task.field.shape"),
            element=StaticSelectElement(action_id=VALUE, options=shapes, initial_option=chosen(shapes, form.shape)),
        ),
        InputBlock(
            block_id="budget",
            label=t("modal.budget"),
            optional=True,
            element=PlainTextInputElement(action_id=VALUE, initial_value=form.budget or None),
        ),
        InputBlock(
            block_id="rate",
            label=t("modal.rate"),
            optional=True,
            element=PlainTextInputElement(action_id=VALUE, initial_value=form.rate or None),
        ),
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
            InputBlock(
                block_id="reason",
                label=translate("modal.cancel_reason", locale),
                element=PlainTextInputElement(action_id=VALUE, multiline=True, max_length=500),
            )
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
