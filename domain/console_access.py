"""Who sees what in the web console (issue 17): one rule, decided once per request from the
signed-in person, applied by every page and query.

- A coordinator sees the whole programme: figures, every person, team and task, and may change
  things (name an organisation, create a team, appoint a leader, grant the role).
- A client member sees their own organisation's work only: its tasks, their assignees' names and
  reported numbers. Never a worker's profile, absence reasons, constraints or report wording.
- A team leader sees their teams: the members in full (as `domain.permissions` lets a leader), and
  the work their members hold or their teams were proposed for.
- Anyone else sees nothing: signing in succeeds but every page says so.

A record outside the scope is answered exactly like a record that does not exist (404), so a
client who edits a URL learns nothing about another organisation.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.model import Person, Role, Team
from domain.permissions import is_coordinator


@dataclass(frozen=True, slots=True)
class ConsoleScope:
    viewer_id: str
    programme: bool  # a coordinator: everything
    organization_ids: frozenset[str]  # a client member's own organisation
    team_ids: frozenset[str]  # the teams a leader leads
    member_ids: frozenset[str]  # the people of those teams (leader included)

    @property
    def any_access(self) -> bool:
        return self.programme or bool(self.organization_ids) or bool(self.team_ids)

    @property
    def sees_people(self) -> bool:
        """The people pages: coordinators, and leaders for their members."""
        return self.programme or bool(self.team_ids)

    @property
    def sees_private(self) -> bool:
        """Absence reasons, constraints, report wording and blockers: coordinators and leaders."""
        return self.programme or bool(self.team_ids)

    def may_see_person(self, person_id: str) -> bool:
        return self.programme or person_id in self.member_ids

    def may_see_team(self, team_id: str) -> bool:
        return self.programme or team_id in self.team_ids

    def may_see_task(self, organization_id: str, holder_ids: frozenset[str], team_ids: frozenset[str]) -> bool:
        """A task of `organization_id` held by `holder_ids` (assignees) or proposed to `team_ids`."""
        if self.programme or organization_id in self.organization_ids:
            return True
        return bool(holder_ids & self.member_ids) or bool(team_ids & self.team_ids)


def console_scope(person: Person, teams: list[Team]) -> ConsoleScope:
    """The scope of `person`, given the teams they are in (their own, from the repository)."""
    if person.withdrawn:
        return ConsoleScope(person.id, False, frozenset(), frozenset(), frozenset())
    led = [t for t in teams if t.leader_id == person.id]
    organizations = (
        frozenset({person.organization_id})
        if person.organization_id is not None and Role.CLIENT_MEMBER in person.roles
        else frozenset()
    )
    members = frozenset(m for t in led for m in (*t.member_ids, t.leader_id))
    return ConsoleScope(
        person.id,
        is_coordinator(person),
        organizations,
        frozenset(t.id for t in led),
        members,
    )
