"""The LINE conversation as a state machine: onboarding, editing one profile field, withdrawing,
reporting an absence. Pure: `Conversation` is stored per person (so a restart in the middle of a
question loses nothing) and `Conversation.answer` decides, from one message or tap, what changes
in the profile, what to say, and which question comes next.

Onboarding asks the `PROFILE_STEPS` in order. A skipped question stays `pending`, so 「プロフィール
登録を続ける」 later asks exactly what is still open; 「やめる」 pauses, 「最初から」 starts over, at any
point. Choices that can be several (skills, time windows) are collected across messages until 「完了」.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date

from domain.absence import AbsenceNotice, parse_absence
from domain.intents import Intent, classify
from domain.model import TimeWindow
from domain.profile_answers import (
    CONSTRAINTS_LIMIT,
    NAME_LIMIT,
    REGION_LIMIT,
    Word,
    clean_name,
    clean_text,
    parse_time_windows,
    parse_weekly_hours,
)
from domain.skills import SKILLS, map_skills


class Flow(enum.StrEnum):
    ONBOARDING = "onboarding"
    EDIT = "edit"  # one profile field, from 「スキル変更」 etc.
    WITHDRAW = "withdraw"
    ABSENCE = "absence"


class Step(enum.StrEnum):
    NAME = "name"  # keep the LINE name or change it
    NAME_INPUT = "name_input"  # type the new name
    SKILLS = "skills"
    HOURS = "hours"
    WINDOWS = "windows"
    REGION = "region"
    CONSTRAINTS = "constraints"
    CONFIRM_WITHDRAW = "confirm_withdraw"
    ABSENCE_WHEN = "absence_when"


PROFILE_STEPS: tuple[Step, ...] = (Step.NAME, Step.SKILLS, Step.HOURS, Step.WINDOWS, Step.REGION, Step.CONSTRAINTS)
EDIT_STEPS: dict[Word, Step] = {
    Word.EDIT_NAME: Step.NAME_INPUT,
    Word.EDIT_SKILLS: Step.SKILLS,
    Word.EDIT_HOURS: Step.HOURS,
    Word.EDIT_WINDOWS: Step.WINDOWS,
    Word.EDIT_REGION: Step.REGION,
    Word.EDIT_CONSTRAINTS: Step.CONSTRAINTS,
}
SKILLS_PER_PAGE = 10  # + 「ほかのスキル」「完了」「スキップ」 = 13, LINE's quick-reply limit
SKILL_PAGES = (len(SKILLS) + SKILLS_PER_PAGE - 1) // SKILLS_PER_PAGE


def profile_step(step: Step) -> Step:
    """The profile question a step belongs to (typing a new name answers the name question)."""
    return Step.NAME if step is Step.NAME_INPUT else step


class Ended(enum.StrEnum):
    """How a flow ended, when an answer ended it."""

    ONBOARDED = "onboarded"  # the last question was answered or skipped
    EDITED = "edited"  # the one field was changed
    EDIT_SKIPPED = "edit_skipped"
    CANCELLED = "cancelled"  # やめる
    WITHDRAWN = "withdrawn"  # 退会する: delete the personal data now
    WITHDRAW_KEPT = "withdraw_kept"
    ABSENCE = "absence"  # `Outcome.absence` holds what to record


@dataclass(frozen=True, slots=True)
class Input:
    """One message or tap. `word`: a steering word (typed or tapped); `value`: a tapped choice."""

    text: str = ""
    word: Word | None = None
    value: str = ""
    today: date | None = None  # the person's local date, for absence dates


@dataclass(frozen=True, slots=True)
class ProfileChanges:
    """Fields to write; None means unchanged."""

    display_name: str | None = None
    skills: frozenset[str] | None = None
    other_skills: tuple[str, ...] | None = None
    weekly_hours: int | None = None
    time_windows: frozenset[TimeWindow] | None = None
    region: str | None = None
    constraints: str | None = None

    @property
    def empty(self) -> bool:
        return all(getattr(self, name) is None for name in self.__slots__)


@dataclass(frozen=True, slots=True)
class Outcome:
    changes: ProfileChanges = ProfileChanges()
    notice: str | None = None  # catalog key said before the next question
    params: dict[str, object] = field(default_factory=dict)
    ended: Ended | None = None
    absence: AbsenceNotice | None = None


@dataclass
class Conversation:
    """Where one person is: `flow`/`step` (None when idle), the onboarding questions still open, and
    the choices picked so far in a multi-choice question."""

    person_id: str
    flow: Flow | None = None
    step: Step | None = None
    pending: tuple[Step, ...] = ()
    picked: tuple[str, ...] = ()
    free_skills: tuple[str, ...] = ()
    page: int = 0

    # --- starting and stopping ---------------------------------------------------------------------

    @property
    def active(self) -> bool:
        return self.flow is not None and self.step is not None

    def start_onboarding(self) -> None:
        self.pending = PROFILE_STEPS
        self._ask(Flow.ONBOARDING, Step.NAME)

    def resume(self) -> bool:
        """Ask the first open onboarding question; False when nothing is open."""
        if not self.pending:
            return False
        self._ask(Flow.ONBOARDING, self.pending[0])
        return True

    def edit(self, step: Step) -> None:
        self._ask(Flow.EDIT, step)

    def confirm_withdrawal(self) -> None:
        self._ask(Flow.WITHDRAW, Step.CONFIRM_WITHDRAW)

    def ask_absence(self) -> None:
        self._ask(Flow.ABSENCE, Step.ABSENCE_WHEN)

    def pause(self) -> None:
        """Leave the current question; onboarding questions still open stay open."""
        self.flow = None
        self.step = None
        self._clear_choices()

    def forget(self) -> None:
        """After withdrawal: nothing about the person's answers is kept."""
        self.pause()
        self.pending = ()

    def _ask(self, flow: Flow, step: Step) -> None:
        self.flow = flow
        self.step = step
        self._clear_choices()

    def _clear_choices(self) -> None:
        self.picked = ()
        self.free_skills = ()
        self.page = 0

    # --- answering -----------------------------------------------------------------------------------

    def answer(self, given: Input) -> Outcome:
        """Apply one message or tap to the current question. Menu words (プロフィール, ヘルプ ...) are the
        caller's to serve before this; here 「やめる」 and 「最初から」 work in every flow."""
        if not self.active:
            raise ValueError("no question is open")
        if given.word is Word.CANCEL:
            flow = self.flow
            self.pause()
            return Outcome(ended=Ended.WITHDRAW_KEPT if flow is Flow.WITHDRAW else Ended.CANCELLED)
        if given.word is Word.RESTART:
            self.start_onboarding()
            return Outcome(notice="onboarding.restarted")
        step = self.step
        assert step is not None
        if step is Step.CONFIRM_WITHDRAW:
            self.pause()
            return Outcome(ended=Ended.WITHDRAWN if given.word is Word.WITHDRAW_CONFIRM else Ended.WITHDRAW_KEPT)
        if step is Step.ABSENCE_WHEN:
            return self._absence(given)
        if given.word is Word.SKIP:
            return self._skip()
        return {
            Step.NAME: self._name,
            Step.NAME_INPUT: self._name_input,
            Step.SKILLS: self._skills,
            Step.HOURS: self._hours,
            Step.WINDOWS: self._windows,
            Step.REGION: self._region,
            Step.CONSTRAINTS: self._constraints,
        }[step](given)

    def _name(self, given: Input) -> Outcome:
        if given.word is Word.KEEP:
            return self._answered(ProfileChanges())
        if given.word is Word.CHANGE:
            self.step = Step.NAME_INPUT
            return Outcome()
        if classify(given.text) in (Intent.GREETING, Intent.HELP):  # 「よろしくお願いします！」 is not a name
            return Outcome(notice="onboarding.name_greeting")
        return self._name_input(given)

    def _name_input(self, given: Input) -> Outcome:
        name = clean_name(given.text)  # 「花子と申します」 → 花子
        if name is None:
            return Outcome(notice="onboarding.name_invalid", params={"limit": NAME_LIMIT})
        return self._answered(ProfileChanges(display_name=name))

    def _skills(self, given: Input) -> Outcome:
        if given.word is Word.PICK:
            if given.value not in {s.id for s in SKILLS}:
                return Outcome(notice="onboarding.choice_unknown")
            self.picked = _added(self.picked, (given.value,))
            return Outcome(notice="onboarding.skills_so_far")
        if given.word is Word.MORE:
            self.page = (self.page + 1) % SKILL_PAGES
            return Outcome()
        if given.word is Word.DONE:
            if not self.picked and not self.free_skills:
                return self._skip()
            return self._answered(ProfileChanges(skills=frozenset(self.picked), other_skills=self.free_skills))
        ids, leftovers = map_skills(given.text)
        if not ids and not leftovers:
            return Outcome(notice="onboarding.skills_not_found")
        self.picked = _added(self.picked, tuple(sorted(ids)))
        self.free_skills = _added(self.free_skills, leftovers)
        return Outcome(notice="onboarding.skills_so_far")

    def _hours(self, given: Input) -> Outcome:
        hours = parse_weekly_hours(given.value if given.word is Word.PICK else given.text)
        if hours.value is None:
            if hours.out_of_range is not None:
                return Outcome(notice="onboarding.hours_out_of_range", params={"hours": hours.out_of_range})
            return Outcome(notice="onboarding.hours_not_understood")
        return self._answered(ProfileChanges(weekly_hours=hours.value))

    def _windows(self, given: Input) -> Outcome:
        if given.word is Word.DONE:
            if not self.picked:
                return self._skip()
            return self._answered(ProfileChanges(time_windows=frozenset(TimeWindow(w) for w in self.picked)))
        if given.word is Word.PICK:
            found = frozenset({TimeWindow(given.value)}) if given.value in set(TimeWindow) else frozenset()
        else:
            found = parse_time_windows(given.text)
        if not found:
            return Outcome(notice="onboarding.windows_not_understood")
        self.picked = tuple(w.value for w in TimeWindow if w.value in set(self.picked) | {f.value for f in found})
        return Outcome(notice="onboarding.windows_so_far")

    def _region(self, given: Input) -> Outcome:
        if given.word is Word.NOTHING:
            return self._answered(ProfileChanges(region=""))
        region = clean_text(given.text, REGION_LIMIT)
        if region is None:
            return Outcome(notice="onboarding.text_too_long", params={"limit": REGION_LIMIT})
        return self._answered(ProfileChanges(region=region))

    def _constraints(self, given: Input) -> Outcome:
        if given.word is Word.NOTHING:
            return self._answered(ProfileChanges(constraints=""))
        notes = clean_text(given.text, CONSTRAINTS_LIMIT)
        if notes is None:
            return Outcome(notice="onboarding.text_too_long", params={"limit": CONSTRAINTS_LIMIT})
        return self._answered(ProfileChanges(constraints=notes))

    def _absence(self, given: Input) -> Outcome:
        if given.today is None:
            raise ValueError("an absence needs the person's local date")
        notice = parse_absence(given.text, given.today, require_words=False)
        if notice is None:
            return Outcome(notice="absence.when_not_understood")
        self.pause()
        return Outcome(ended=Ended.ABSENCE, absence=notice)

    # --- moving on -----------------------------------------------------------------------------------

    def _answered(self, changes: ProfileChanges) -> Outcome:
        step = profile_step(self._current())
        self.pending = tuple(s for s in self.pending if s is not step)
        return self._next(changes, Ended.EDITED)

    def _skip(self) -> Outcome:
        return self._next(ProfileChanges(), Ended.EDIT_SKIPPED)

    def _next(self, changes: ProfileChanges, edit_end: Ended) -> Outcome:
        step = profile_step(self._current())
        if self.flow is Flow.EDIT:
            self.pause()
            return Outcome(changes=changes, ended=edit_end)
        later = PROFILE_STEPS[PROFILE_STEPS.index(step) + 1 :]
        following = next((s for s in later if s in self.pending), None)
        if following is None:
            self.pause()
            return Outcome(changes=changes, ended=Ended.ONBOARDED)
        self._ask(Flow.ONBOARDING, following)
        return Outcome(changes=changes)

    def _current(self) -> Step:
        assert self.step is not None
        return self.step


def _added(existing: tuple[str, ...], new: tuple[str, ...]) -> tuple[str, ...]:
    return existing + tuple(item for item in new if item not in existing)
