"""Who may do coordinator work (domain.permissions), and reading people out of a command's text."""

from __future__ import annotations

import pytest

from domain.mentions import Mention, find_mentions, without_mentions
from domain.model import Person, Role, Team
from domain.permissions import may_add_member, may_grant_coordinator, may_manage_teams, may_see_programme

COORDINATOR = Person("事務局", roles=frozenset({Role.COORDINATOR}), id="coordinator")
LEADER = Person("山本", roles=frozenset({Role.LEADER, Role.TELEWORKER}), id="leader")
OTHER_LEADER = Person("高橋", roles=frozenset({Role.LEADER}), id="other_leader")
TELEWORKER = Person("佐藤", roles=frozenset({Role.TELEWORKER}), id="worker")
CLIENT = Person("田中", roles=frozenset({Role.CLIENT_MEMBER}), id="client")
FORMER = Person("", roles=frozenset({Role.COORDINATOR}), withdrawn=True, id="former")
TEAM = Team("伊那チーム", "org", "leader", {"worker"})


@pytest.mark.parametrize(
    ("person", "programme", "teams", "add"),
    [
        (COORDINATOR, True, True, True),
        (LEADER, False, False, True),  # their own team only
        (OTHER_LEADER, False, False, False),
        (TELEWORKER, False, False, False),
        (CLIENT, False, False, False),
        (FORMER, False, False, False),  # a withdrawn person keeps no powers
    ],
)
def test_each_role_and_coordinator_work(person: Person, programme: bool, teams: bool, add: bool) -> None:
    assert may_see_programme(person) is programme
    assert may_manage_teams(person) is teams
    assert may_add_member(person, TEAM) is add


@pytest.mark.parametrize(
    ("granter", "exist", "admin", "allowed"),
    [
        (COORDINATOR, True, False, True),  # a coordinator grants
        (CLIENT, False, True, True),  # the first one: a workspace admin bootstraps it
        (CLIENT, True, True, False),  # afterwards an admin is an ordinary member here
        (CLIENT, False, False, False),  # nobody else, even with no coordinator yet
        (LEADER, True, False, False),
        (FORMER, True, False, False),
    ],
)
def test_who_may_grant_the_coordinator_role(granter: Person, exist: bool, admin: bool, allowed: bool) -> None:
    assert may_grant_coordinator(granter, coordinators_exist=exist, workspace_admin=admin) is allowed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<@U0123ABC|yamada>", [Mention("U0123ABC", "yamada", "<@U0123ABC|yamada>")]),
        ("add <@W9Z> 伊那チーム", [Mention("W9Z", "", "<@W9Z>")]),
        ("add ＠小林 伊那", [Mention(None, "小林", "@小林")]),
        ("leader:@山本", [Mention(None, "山本", "@山本")]),
        ("mail me at a@b.example", []),  # an e-mail address is no mention
        ("チーム 一覧", []),
    ],
)
def test_mentions_escaped_plain_and_full_width(text: str, expected: list[Mention]) -> None:
    assert find_mentions(text) == expected


def test_the_rest_of_the_text_without_mentions() -> None:
    assert without_mentions("伊那チーム　leader:<@U1|a>", "leader:") == "伊那チーム"
