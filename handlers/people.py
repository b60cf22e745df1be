"""Who is talking: find the person behind a platform account, or register them on first contact."""

from __future__ import annotations

from domain.model import Identity, Organization, OrganizationKind, Person, Role
from domain.ports import UnitOfWork
from domain.refs import Locale, PersonRef, Platform
from handlers.ports import ProfileDirectory


async def find_or_register(
    ref: PersonRef, uow: UnitOfWork, directory: ProfileDirectory, locale_hint: Locale | None
) -> tuple[Person, bool]:
    """The person behind `ref`, registering them if this is their first contact; (person, is_new).

    LINE accounts are teleworkers; Slack accounts are members of the client organisation that owns
    the workspace (created on first contact, named after the workspace id until someone renames it).
    """
    person = await uow.people.by_identity(ref)
    if person is not None:
        return person, False
    profile = await directory.lookup(ref)
    locale = locale_hint or Locale.from_tag(profile.language if profile else None)
    name = profile.display_name if profile and profile.display_name else ""
    person = Person(display_name=name, locale=locale)
    person.add_identity(Identity(ref, display_name=name))
    if ref.platform is Platform.LINE:
        person.grant(Role.TELEWORKER)
    else:
        person.grant(Role.CLIENT_MEMBER)
        person.organization_id = (await _organization_for_workspace(ref.workspace, uow)).id
    await uow.people.add(person)
    return person, True


async def _organization_for_workspace(team_id: str, uow: UnitOfWork) -> Organization:
    organization = await uow.organizations.by_slack_team(team_id)
    if organization is None:
        organization = Organization(name=f"Slack {team_id}", kind=OrganizationKind.CLIENT, slack_team_id=team_id)
        await uow.organizations.add(organization)
    return organization
