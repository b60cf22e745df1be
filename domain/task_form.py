"""The task form (Slack modal) as plain values: validation and prefill, no platform types.

The modal is validated synchronously, before Slack gets its answer (`response_action: errors`),
so this has to be pure and fast. People type numbers the way their IME gives them: full-width
digits, commas, 円 / ¥, 万 and kanji numerals all read as the same amount.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from dataclasses import field as dataclass_field
from datetime import date
from decimal import Decimal, InvalidOperation

from domain.matching.region import place_text, read_place
from domain.model import Recurrence, Task, TeamShape, Volume
from domain.skills import SKILLS, map_skills
from domain.text import kanji_to_int, normalize

UNITS = ("件", "枚", "時間", "記事", "ページ", "名", "本", "文字", "分")
TITLE_LIMIT = 100
DESCRIPTION_LIMIT = 2500
OTHER_SKILLS_LIMIT = 300
REGION_LIMIT = 200  # the tasks table's column
PREFILL_LIMIT = 2000  # a Slack button value
_CATALOG = {s.id for s in SKILLS}
_CURRENCY = re.compile(r"^(?:¥|￥)|(?:円|yen|jpy)$", re.IGNORECASE)
_KANJI = re.compile(r"[〇一二三四五六七八九十百千万]+")


@dataclass(frozen=True, slots=True)
class TaskFormInput:
    """What the form holds, as typed (strings) or selected (ids)."""

    title: str = ""
    description: str = ""
    skills: tuple[str, ...] = ()
    other_skills: str = ""
    volume_amount: str = ""
    volume_unit: str = ""
    deadline: str = ""  # ISO date from the date picker
    recurrence: str = Recurrence.ONE_OFF.value
    shape: str = TeamShape.INDIVIDUAL.value
    budget: str = ""
    rate: str = ""
    updates_channel: str = ""
    region: str = ""  # 「伊那市」 (preferred), 「伊那市のみ」 (only there), 「なし」 / empty (anywhere)


@dataclass(frozen=True, slots=True)
class TaskFields:
    """A valid form: everything a task needs."""

    title: str
    description: str
    skills: frozenset[str]
    other_skills: tuple[str, ...]
    volume: Volume
    deadline: date
    recurrence: Recurrence
    shape: TeamShape
    budget_yen: int | None
    rate_yen: int | None
    updates_channel: str | None
    region: str = ""  # where the client wants the work done (matching prefers people living there)
    region_only: bool = False


@dataclass(frozen=True, slots=True)
class FormError:
    """One field's problem: `key` names the catalog message."""

    field: str
    key: str
    params: dict[str, object] = dataclass_field(default_factory=dict)


def parse_amount(raw: str) -> int | None:
    """「1,200円」「１２００」「¥5万」「二百」「1万5千」 → the whole number; None if it is not one.

    Raises ValueError for text that is not a number at all (an empty field is None).
    """
    text = _CURRENCY.sub("", normalize(raw).replace(",", "").replace(" ", "")).strip()
    if not text:
        return None
    try:
        if _KANJI.fullmatch(text):
            value = Decimal(kanji_to_int(text))
        elif "万" in text:
            head, tail = text.split("万", 1)
            value = Decimal(head or 1) * 10_000
            if tail:
                value += Decimal(tail.removesuffix("千")) * (1000 if tail.endswith("千") else 1)
        elif text.endswith("千"):
            value = Decimal(text[:-1] or 1) * 1000
        else:
            value = Decimal(text)
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"not a number: {raw!r}") from exc
    if value != value.to_integral_value():
        raise ValueError(f"not a whole number: {raw!r}")
    return int(value)


def validate_task_form(form: TaskFormInput, today: date) -> tuple[TaskFields | None, tuple[FormError, ...]]:
    """The task the form describes, or the errors to show next to each field (never both)."""
    errors: list[FormError] = []
    title = normalize(form.title)
    if not title:
        errors.append(FormError("title", "form.error.required"))
    elif len(title) > TITLE_LIMIT:
        errors.append(FormError("title", "form.error.too_long", {"limit": TITLE_LIMIT}))
    description = form.description.strip()
    if len(description) > DESCRIPTION_LIMIT:
        errors.append(FormError("description", "form.error.too_long", {"limit": DESCRIPTION_LIMIT}))
    if len(form.other_skills) > OTHER_SKILLS_LIMIT:
        errors.append(FormError("other_skills", "form.error.too_long", {"limit": OTHER_SKILLS_LIMIT}))
    amount = _positive(form.volume_amount, "volume_amount", errors, required=True)
    unit = form.volume_unit.strip()
    if not unit:
        errors.append(FormError("volume_unit", "form.error.unit"))
    deadline: date | None = None
    try:
        deadline = date.fromisoformat(form.deadline) if form.deadline else None
    except ValueError:
        deadline = None
    if deadline is None:
        errors.append(FormError("deadline", "form.error.required"))
    elif deadline < today:
        errors.append(FormError("deadline", "form.error.deadline_past"))
    budget = _positive(form.budget, "budget", errors, required=False)
    rate = _positive(form.rate, "rate", errors, required=False)
    wish = read_place(form.region)
    if len(wish.region) > REGION_LIMIT:
        errors.append(FormError("region", "form.error.too_long", {"limit": REGION_LIMIT}))
    if errors or amount is None or deadline is None:
        return None, tuple(errors)
    extra_ids, leftovers = map_skills(form.other_skills) if form.other_skills.strip() else (frozenset(), ())
    return (
        TaskFields(
            title=title,
            description=description,
            skills=frozenset(s for s in form.skills if s in _CATALOG) | extra_ids,
            other_skills=leftovers,
            volume=Volume(amount, unit),
            deadline=deadline,
            recurrence=_recurrence(form.recurrence),
            shape=_shape(form.shape),
            budget_yen=budget,
            rate_yen=rate,
            updates_channel=form.updates_channel or None,
            region=wish.region,
            region_only=wish.only,
        ),
        (),
    )


def _positive(raw: str, name: str, errors: list[FormError], *, required: bool) -> int | None:
    try:
        value = parse_amount(raw)
    except ValueError:
        errors.append(FormError(name, "form.error.number"))
        return None
    if value is None:
        if required:
            errors.append(FormError(name, "form.error.required"))
        return None
    if value <= 0:
        errors.append(FormError(name, "form.error.positive"))
        return None
    return value


def _recurrence(raw: str) -> Recurrence:
    return Recurrence(raw) if raw in {r.value for r in Recurrence} else Recurrence.ONE_OFF


def _shape(raw: str) -> TeamShape:
    return TeamShape(raw) if raw in {s.value for s in TeamShape} else TeamShape.INDIVIDUAL


# --- prefill: a task's current values, carried in the Edit button ------------------------------------


def form_of(task: Task) -> TaskFormInput:
    return TaskFormInput(
        title=task.title,
        description=task.description,
        skills=tuple(sorted(task.skills)),
        other_skills="、".join(task.other_skills),
        volume_amount=str(task.volume.amount) if task.volume else "",
        volume_unit=task.volume.unit if task.volume else "",
        deadline=task.deadline.isoformat() if task.deadline else "",
        recurrence=task.recurrence.value,
        shape=task.shape.value,
        budget=str(task.budget_yen) if task.budget_yen is not None else "",
        rate=str(task.rate_yen) if task.rate_yen is not None else "",
        updates_channel=task.updates_channel or "",
        region=place_text(task.region, task.region_only),
    )


def prefill_value(task_id: str, form: TaskFormInput) -> str:
    """Task id and form values as compact JSON under the button value limit (the description is
    shortened first: the stored task keeps it whole and only changed fields are written back)."""
    data = {k: v for k, v in asdict(form).items() if v not in ("", ())}
    data["id"] = task_id
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    while len(text) > PREFILL_LIMIT and data.get("description"):
        description = str(data["description"])
        data["description"] = description[: max(0, len(description) - (len(text) - PREFILL_LIMIT) - 1)]
        data["truncated"] = True
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text


def read_prefill(value: str) -> tuple[str, TaskFormInput, bool]:
    """(task id, form values, description truncated) from `prefill_value`; ValueError if unreadable."""
    data = json.loads(value)
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        raise ValueError("not a task prefill")
    skills = data.get("skills", [])
    form = TaskFormInput(
        skills=tuple(str(s) for s in skills) if isinstance(skills, list) else (),
        **{k: str(data[k]) for k in TaskFormInput.__dataclass_fields__ if k in data and k != "skills"},
    )
    return data["id"], form, bool(data.get("truncated"))
