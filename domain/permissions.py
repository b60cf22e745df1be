"""Who may see what about a person. Pure rules over people and teams; handlers ask before showing.

- Everyone sees their own profile in full.
- A coordinator sees everyone in full (they set teams up and place work).
- A team leader sees their members in full, private constraints included: that is what the
  constraints question promises ("only your leader sees this").
- A teammate sees another member's name, skills, hours and time windows (the team's shared work
  needs them), never their constraints, region or earnings cap.
- Anyone else (a client member, a teleworker of another team) sees nothing about a teleworker.

Coordinator work (issue 4, issue 7):

- Programme figures and report exports name residents, their hours and their pay: coordinators
  only.
- Creating teams and listing every team: coordinators. Adding a member to a team: a coordinator,
  or that team's own leader (leaders build their teams; join codes do the same from LINE).
- Granting the coordinator role: an existing coordinator; or, while the deployment has no
  coordinator at all, an admin or owner of the Slack workspace (whoever installs Yui claims the
  role on day one with `/yui coordinator @me`). Once one coordinator exists, workspace admins are
  ordinary members here: a client company's admin must not become the operator's coordinator.
  The server's operator can always grant it from the command line (`yui coordinator grant`).
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


def is_coordinator(person: Person) -> bool:
    return Role.COORDINATOR in person.roles and not person.withdrawn


def may_see_programme(person: Person) -> bool:
    """Monthly figures and report exports (names, hours, pay of every resident)."""
    return is_coordinator(person)


def may_manage_teams(person: Person) -> bool:
    """Create teams, appoint their leaders, see every team."""
    return is_coordinator(person)


def may_add_member(person: Person, team: Team) -> bool:
    return is_coordinator(person) or (team.leader_id == person.id and not person.withdrawn)


def may_grant_coordinator(granter: Person, *, coordinators_exist: bool, workspace_admin: bool) -> bool:
    """See the module notes: coordinators grant; a workspace admin only bootstraps the first one."""
    if granter.withdrawn:
        return False
    return is_coordinator(granter) or (workspace_admin and not coordinators_exist)
