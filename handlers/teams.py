"""Teams: coordinators create them and appoint leaders (CLI), leaders share a join code, teleworkers
join by sending it in LINE, and members see their team as their role allows (`domain.permissions`).
"""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from domain.i18n import translate
from domain.model import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    DomainError,
    Organization,
    OrganizationKind,
    Person,
    Role,
    Team,
    TimeWindow,
    WorkerProfile,
    read_join_code,
)
from domain.permissions import visible_profile
from domain.ports import UnitOfWork
from domain.profile_answers import Word, word_of
from domain.refs import Locale
from domain.skills import SKILLS
from handlers.commands import Command
from handlers.events import Event, TeamJoined
from handlers.ports import Notifier, OutgoingMessage

OPERATOR_ORGANIZATION = "BPO operator"


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


# --- coordinators (CLI) -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TeamSummary:
    id: str
    name: str
    join_code: str
    leader: str
    members: tuple[str, ...]


async def create_team(
    uow: UnitOfWork,
    name: str,
    leader_id: str,
    *,
    organization: str = OPERATOR_ORGANIZATION,
    code_factory: Callable[[], str] = new_join_code,
) -> Team:
    """A new team led by `leader_id`, with a fresh join code, under the operator organisation."""
    async with uow:
        leader = await _person(uow, leader_id)
        owner = next((o for o in await uow.organizations.all() if o.name == organization), None)
        if owner is None:
            owner = Organization(name=organization, kind=OrganizationKind.OPERATOR)
            await uow.organizations.add(owner)
        code = code_factory()
        while await uow.teams.by_code(code) is not None:
            code = code_factory()
        team = Team(name=name.strip(), organization_id=owner.id, leader_id=leader.id, join_code=code)
        leader.grant(Role.LEADER)
        await uow.people.save(leader)
        await uow.teams.add(team)
        await uow.commit()
    return team


async def appoint_leader(uow: UnitOfWork, team_ref: str, person_id: str) -> Team:
    """Make `person_id` the team's leader (by team id or join code); the previous leader stays a member."""
    async with uow:
        team = await uow.teams.get(team_ref) or await uow.teams.by_code(team_ref.upper())
        if team is None:
            raise DomainError("error.team_not_found", team=team_ref)
        leader = await _person(uow, person_id)
        if team.leader_id != leader.id:
            team.add_member(team.leader_id)
            team.member_ids.discard(leader.id)
            team.leader_id = leader.id
        leader.grant(Role.LEADER)
        await uow.people.save(leader)
        await uow.teams.save(team)
        await uow.commit()
    return team


async def find_team(uow: UnitOfWork, team_ref: str) -> Team | None:
    """A team by id, join code or name (names compared after NFKC, ignoring case and spaces)."""
    team = await uow.teams.get(team_ref) or await uow.teams.by_code(team_ref.strip().upper())
    if team is not None:
        return team
    wanted = _name_key(team_ref)
    named = [t for t in await uow.teams.all() if _name_key(t.name) == wanted]
    return named[0] if len(named) == 1 else None


def _name_key(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split()).lower()


async def add_member(uow: UnitOfWork, team_id: str, person_id: str) -> tuple[Team, bool]:
    """Put `person_id` in the team (`/yui team add`); False when they already were in it."""
    async with uow:
        team = await uow.teams.get(team_id)
        if team is None:
            raise DomainError("error.team_not_found", team=team_id)
        person = await _person(uow, person_id)
        if team.includes(person.id):
            return team, False
        team.add_member(person.id)
        await uow.teams.save(team)
        await uow.commit()
    return team, True


async def list_teams(uow: UnitOfWork) -> list[TeamSummary]:
    async with uow:
        teams = await uow.teams.all()
        names = {p.id: p.display_name for p in await uow.people.all()}
    return [
        TeamSummary(
            t.id,
            t.name,
            t.join_code or "",
            names.get(t.leader_id, "?"),
            tuple(sorted(names.get(m, "?") for m in t.member_ids)),
        )
        for t in teams
    ]


async def _person(uow: UnitOfWork, person_id: str) -> Person:
    person = await uow.people.get(person_id)
    if person is None or person.withdrawn:
        raise DomainError("error.person_not_found", person=person_id)
    return person


# --- teleworkers and leaders in LINE ---------------------------------------------------------------


async def handle_text(
    command: Command, person: Person, text: str, uow: UnitOfWork, notifier: Notifier
) -> list[Event] | None:
    """Join codes (「参加 ABC123」 or the bare code), 「参加コード」 for leaders, 「メンバー」; None otherwise."""
    locale = person.locale
    word = word_of(text)
    events: list[Event] = []
    if word is Word.TEAM:
        reply = await _members(person, uow)
    elif word is Word.JOIN_CODES:
        reply = await _codes(person, uow)
    else:
        code = read_join_code(text)
        asked = text.strip().startswith(("参加", "チーム参加", "join", "Join", "JOIN"))
        if code is None:
            if not asked:
                return None
            reply = translate("team.code_unreadable", locale)
        else:
            async with uow:
                team = await uow.teams.by_code(code)
                if team is None:
                    if not asked:  # six letters that are no team's code: just a message
                        return None
                    reply = translate("team.code_not_found", locale, code=code)
                elif team.includes(person.id):
                    reply = translate("team.already_member", locale, team=team.name)
                else:
                    team.add_member(person.id)
                    await uow.teams.save(team)
                    leader = await uow.people.get(team.leader_id)
                    await uow.commit()
                    reply = translate(
                        "team.joined", locale, team=team.name, leader=leader.display_name if leader else "?"
                    )
                    events.append(TeamJoined(team.id, person.id))
    await notifier.send(OutgoingMessage(chat=command.chat, text=reply, reply=command.reply))
    return events


async def _codes(person: Person, uow: UnitOfWork) -> str:
    async with uow:
        led = [t for t in await uow.teams.of_person(person.id) if t.leader_id == person.id]
    if not led:
        return translate("team.codes_leaders_only", person.locale)
    lines = "\n".join(translate("team.code_line", person.locale, team=t.name, code=t.join_code or "") for t in led)
    return translate("team.codes", person.locale, lines=lines)


async def _members(viewer: Person, uow: UnitOfWork) -> str:
    """The viewer's teams and what they may see of each member."""
    locale = viewer.locale
    async with uow:
        teams = await uow.teams.of_person(viewer.id)
        blocks: list[str] = []
        for team in teams:
            lines = [translate("team.header", locale, team=team.name)]
            for member_id in [team.leader_id, *sorted(team.member_ids - {team.leader_id})]:
                member = await uow.people.get(member_id)
                if member is None or member.withdrawn:
                    continue
                profile = await uow.profiles.get(member_id)
                seen = visible_profile(viewer, profile, teams) if profile else None
                role = translate("team.role.leader" if member_id == team.leader_id else "team.role.member", locale)
                details = _details(seen, locale) if seen else ""
                lines.append(
                    translate("team.member_line", locale, name=member.display_name, role=role, details=details)
                )
                if seen and seen.constraints:
                    lines.append(translate("team.constraints_line", locale, constraints=seen.constraints))
            blocks.append("\n".join(lines))
    if not blocks:
        return translate("team.none", locale)
    return "\n\n".join(blocks)


def _details(profile: WorkerProfile, locale: Locale) -> str:
    separator = "、" if locale is Locale.JA else ", "
    skills = [s.label(locale) for s in SKILLS if s.id in profile.skills]
    parts = [separator.join(skills)] if skills else []
    if profile.weekly_hours:
        parts.append(translate("quick.hours", locale, hours=profile.weekly_hours))
    windows = [translate(f"window.{w.value}", locale) for w in TimeWindow if w in profile.time_windows]
    if windows:
        parts.append(separator.join(windows))
    return " / ".join(parts)
