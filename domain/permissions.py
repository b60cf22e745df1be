"""Who may see what about a person. Pure rules over people and teams; handlers ask before showing.

- Everyone sees their own profile in full.
- A coordinator sees everyone in full (they set teams up and place work).
- A team leader sees their members in full, private constraints included: that is what the
  constraints question promises ("only your leader sees this").
- A teammate sees another member's name, skills, hours and time windows (the team's shared work
  needs them), never their constraints, region or earnings cap.
- Anyone else (a client member, a teleworker of another team) sees nothing about a teleworker.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable

from domain.model import Person, Role, Team, WorkerProfile


class View(enum.StrEnum):
    FULL = "full"
    TEAMMATE = "teammate"
    NONE = "none"


def profile_view(viewer: Person, subject_id: str, teams: Iterable[Team]) -> View:
    """How much of `subject_id`'s profile `viewer` may see, given the teams involved."""
    if viewer.id == subject_id or Role.COORDINATOR in viewer.roles:
        return View.FULL
    shared = [t for t in teams if t.includes(viewer.id) and t.includes(subject_id)]
    if any(t.leader_id == viewer.id for t in shared):
        return View.FULL
    if shared:
        return View.TEAMMATE
    return View.NONE


def visible_profile(viewer: Person, profile: WorkerProfile, teams: Iterable[Team]) -> WorkerProfile | None:
    """`profile` as `viewer` may see it: whole, without the private parts, or not at all."""
    view = profile_view(viewer, profile.person_id, teams)
    if view is View.FULL:
        return profile
    if view is View.TEAMMATE:
        return dataclasses.replace(profile, constraints="", region="", annual_earnings_cap_yen=None)
    return None
