"""Unfollow (block) is respected through the real LINE endpoint: nothing is pushed to someone who
blocked Yui, and following again brings the pushes back."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.harness import RunningApp
from bot.sandbox import PlatformSandbox
from domain.model import Organization, OrganizationKind, Team
from handlers.matching import candidate_pool
from tests.adapters.test_line_onboarding import Teleworker
from tests.adapters.test_my_tasks import _worker


def _pushed_to(sandbox: PlatformSandbox, worker: Teleworker, since: int) -> list[str]:
    return [
        message["text"]
        for call in sandbox.state.calls[since:]
        if call.path.endswith("/message/push") and call.body["to"] == worker.user_id
        for message in call.body["messages"]
        if "text" in message
    ]


async def test_a_blocked_leader_gets_no_push_until_they_follow_again(app: RunningApp, sandbox: PlatformSandbox) -> None:
    leader = await _worker(app, sandbox, "山本 健")
    hana = await _worker(app, sandbox, "佐藤 花子")
    async with app.runtime.services.database.unit_of_work() as uow:
        boss = await uow.people.by_identity(leader.ref)
        member = await uow.people.by_identity(hana.ref)
        assert boss is not None and member is not None
        operator = Organization(name="BPO operator", kind=OrganizationKind.OPERATOR)
        await uow.organizations.add(operator)
        await uow.teams.add(Team("伊那チーム", operator.id, boss.id, {member.id}))
        await uow.commit()

    assert await leader.unfollow() == {}
    before = len(sandbox.state.calls)
    told = await hana.say("明日は子どもの発熱で休みます")
    assert "のお休みを受け付けました" in told["text"]  # recorded all the same
    assert _pushed_to(sandbox, leader, before) == []  # a blocked account costs no quota

    back = await leader.follow()
    assert back["text"].startswith("おかえりなさい、山本 健さん！")
    before = len(sandbox.state.calls)
    await hana.say("明後日も休みます")
    [pushed] = _pushed_to(sandbox, leader, before)
    assert "佐藤 花子" in pushed


async def test_someone_who_blocked_yui_is_not_proposed_for_work_until_they_follow_again(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    hana = await _worker(app, sandbox, "佐藤 花子")
    taro = await _worker(app, sandbox, "山田 太郎")
    database = app.runtime.services.database
    async with database.unit_of_work() as uow:
        hana_person, taro_person = [await uow.people.by_identity(w.ref) for w in (hana, taro)]
    assert hana_person is not None and taro_person is not None
    hana_id, taro_id = hana_person.id, taro_person.id

    async def candidates() -> set[str]:
        """Ids, not names: other tests on the shared database have their own 山田 太郎."""
        now = datetime.now(UTC)
        async with database.unit_of_work() as uow:
            pool = await candidate_pool(uow, now, now.date(), exclude=set())
        return set(pool.person_ids)

    assert {hana_id, taro_id} <= await candidates()
    await taro.unfollow()  # offers go to LINE: he would never see one
    assert taro_id not in await candidates() and hana_id in await candidates()
    await taro.follow()
    assert taro_id in await candidates()
