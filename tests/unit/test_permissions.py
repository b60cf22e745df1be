"""Who sees what of a teleworker's profile, for each role."""

from __future__ import annotations

import pytest

from domain.model import Person, Role, Team, TimeWindow, WorkerProfile, read_join_code
from domain.permissions import View, profile_view, visible_profile

LEADER = Person("鈴木", roles=frozenset({Role.TELEWORKER, Role.LEADER}), id="leader")
HANA = Person("佐藤 花子", roles=frozenset({Role.TELEWORKER}), id="hana")
TARO = Person("山田 太郎", roles=frozenset({Role.TELEWORKER}), id="taro")
OUTSIDER = Person("他チーム", roles=frozenset({Role.TELEWORKER}), id="outsider")
OTHER_LEADER = Person("高橋", roles=frozenset({Role.TELEWORKER, Role.LEADER}), id="other_leader")
CLIENT = Person("田中", roles=frozenset({Role.CLIENT_MEMBER}), id="client")
COORDINATOR = Person("事務局", roles=frozenset({Role.COORDINATOR}), id="coordinator")
TEAMS = [
    Team("伊那チーム", "org", "leader", {"hana", "taro"}),
    Team("駒ヶ根チーム", "org", "other_leader", {"outsider"}),
]
PROFILE = WorkerProfile(
    "hana",
    skills=frozenset({"data_entry"}),
    weekly_hours=10,
    time_windows=frozenset({TimeWindow.WEEKDAY_MORNING}),
    region="伊那市",
    constraints="平日15時に保育園のお迎え",
    annual_earnings_cap_yen=1_030_000,
)


@pytest.mark.parametrize(
    ("viewer", "view"),
    [
        (HANA, View.FULL),  # herself
        (LEADER, View.FULL),  # her team's leader: constraints are for them
        (COORDINATOR, View.FULL),
        (TARO, View.TEAMMATE),  # same team: shared work, not private constraints
        (OUTSIDER, View.NONE),  # another team's teleworker
        (OTHER_LEADER, View.NONE),  # another team's leader
        (CLIENT, View.NONE),  # a client company member
    ],
    ids=["self", "leader", "coordinator", "teammate", "other-teleworker", "other-leader", "client"],
)
def test_each_role_sees_what_it_may(viewer: Person, view: View) -> None:
    assert profile_view(viewer, "hana", TEAMS) is view
    seen = visible_profile(viewer, PROFILE, TEAMS)
    if view is View.NONE:
        assert seen is None
    elif view is View.TEAMMATE:
        assert seen is not None and (seen.constraints, seen.region, seen.annual_earnings_cap_yen) == ("", "", None)
        assert seen.skills == PROFILE.skills and seen.weekly_hours == 10
    else:
        assert seen == PROFILE


def test_a_leader_of_several_teams_sees_only_their_members_in_full() -> None:
    assert profile_view(OTHER_LEADER, "outsider", TEAMS) is View.FULL
    assert profile_view(OTHER_LEADER, "taro", TEAMS) is View.NONE


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("参加 ABC234", "ABC234"),
        ("参加　ａｂｃ２３４", "ABC234"),
        ("abc234", "ABC234"),
        ("join ABC234", "ABC234"),
        ("参加コード：XYZ789", "XYZ789"),
        ("ABC123", None),  # 1 is not in the alphabet (looks like I / l)
        ("参加", None),
        ("こんにちは", None),
    ],
)
def test_join_codes(text: str, code: str | None) -> None:
    assert read_join_code(text) == code
