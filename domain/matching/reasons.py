"""Why someone was proposed: structured facts, and one function that says them in plain words.

The facts are what a handler stores with a proposal and what a card shows; the text is for the
person who decides (a client in Slack, a leader in LINE). The private earnings cap is deliberately
not a reason: it only ever removes people, and a client has no business seeing someone's 扶養.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass
from datetime import date

from domain.matching import words
from domain.matching.formulas import HIGH_RECENT_HOURS, LOW_RECENT_HOURS
from domain.refs import Locale
from domain.skills import skill_label


class RecentLoad(enum.StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"

    @classmethod
    def of(cls, hours: float) -> RecentLoad:
        if hours < LOW_RECENT_HOURS:
            return cls.LOW
        return cls.HIGH if hours > HIGH_RECENT_HOURS else cls.NORMAL


@dataclass(frozen=True, slots=True)
class SkillMatch:
    """A required skill and the level the person (or team) has in it; 0 means not at all."""

    skill_id: str
    level: int


@dataclass(frozen=True, slots=True)
class Reasons:
    skills: tuple[SkillMatch, ...]
    free_hours: float
    deadline: date
    recent_hours: float
    reports_on_time: int
    reports_due: int
    tasks_finished: int
    tasks_accepted: int
    members: int = 1  # > 1 for a team: free hours are the team's
    specialist_skills: tuple[str, ...] = ()  # hybrid: skills an outside specialist brings
    region: str = ""  # lives in the region the task asks for (the task's word for it)

    @property
    def recent_load(self) -> RecentLoad:
        return RecentLoad.of(self.recent_hours)

    @property
    def is_new(self) -> bool:
        return self.reports_due == 0 and self.tasks_accepted == 0


def render_reasons(reasons: Reasons, locale: Locale = Locale.JA) -> str:
    """「データ入力◎・Excel○、12/5まで残り約14時間の空き、直近2週間の稼働が少ない」"""
    w = words.EN if locale is Locale.EN else words.JA
    parts: list[str] = []
    has = [m for m in reasons.skills if m.level > 0 and m.skill_id not in reasons.specialist_skills]
    if has:
        parts.append(
            w["skill.sep"].join(
                w["skill"].format(label=skill_label(m.skill_id, locale), mark=w[f"mark.{m.level}"]) for m in has
            )
        )
    lacking = [m.skill_id for m in reasons.skills if m.level == 0 and m.skill_id not in reasons.specialist_skills]
    if lacking:
        parts.append(w["skill.missing"].format(labels=w["skill.sep"].join(skill_label(s, locale) for s in lacking)))
    if reasons.specialist_skills:
        labels = w["skill.sep"].join(skill_label(s, locale) for s in reasons.specialist_skills)
        parts.append(w["specialist"].format(labels=labels))
    if reasons.region:
        parts.append(w["region"].format(region=reasons.region))
    deadline = w["date"].format(month=reasons.deadline.month, day=reasons.deadline.day)
    hours = math.floor(reasons.free_hours)  # "about" rounds down: never promise more time than there is
    if reasons.members > 1:
        parts.append(w["team.free"].format(members=reasons.members, deadline=deadline, hours=hours))
    else:
        parts.append(w["free"].format(deadline=deadline, hours=hours))
    if reasons.recent_load is RecentLoad.LOW:
        parts.append(w["recent.low"])
    elif reasons.recent_load is RecentLoad.HIGH:
        parts.append(w["recent.high"].format(hours=round(reasons.recent_hours)))
    if reasons.is_new:
        parts.append(w["reliability.new"])
    else:
        if reasons.reports_due:
            parts.append(w["reliability.reports"].format(on_time=reasons.reports_on_time, due=reasons.reports_due))
        if reasons.tasks_accepted:
            parts.append(
                w["reliability.tasks"].format(finished=reasons.tasks_finished, accepted=reasons.tasks_accepted)
            )
    return w["part.sep"].join(parts)
