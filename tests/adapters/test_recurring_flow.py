"""Issue 3 end to end through the real endpoints: a recurring task rolls, its assignee is pushed a
Flex card in LINE with 今回は辞退する, taps it (a signed postback), and the client's Slack DM gets
proposals for the freed share; /yui tasks names the assignees; another workspace's /yui tasks,
/yui status and /yui match see none of it (signed slash commands)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlencode

import pytest

from bot.harness import RunningApp, running_app
from bot.sandbox import PlatformSandbox
from bot.signing import slack_headers
from domain.matching import Reasons
from domain.model import Identity, Person, Recurrence, Role, Task, TaskStatus, Volume, WorkerProfile
from domain.persistence import Database
from domain.proposals import Proposal
from handlers.buttons import carried_decline
from handlers.tasks import roll_recurring
from tests.adapters.test_line_onboarding import Teleworker, tokyo_today
from tests.adapters.test_slack_events import post, slash_body
from tests.conftest import SLACK_SECRET, SteppingClock, make_settings


@pytest.fixture
async def own_app(
    empty_database_url: str, sandbox: PlatformSandbox, clock: SteppingClock
) -> AsyncIterator[tuple[RunningApp, Database]]:
    database = Database(empty_database_url)
    async with running_app(make_settings(empty_database_url, sandbox), clock=clock) as running:
        yield running, database
    await database.dispose()


def _slash(sandbox: PlatformSandbox, text: str, *, team: str = "T111", user: str = "W111") -> str:
    form = dict(parse_qsl(slash_body(sandbox, text)))
    form.update(team_id=team, user_id=user)
    return urlencode(form)


async def _worker(app: RunningApp, sandbox: PlatformSandbox, database: Database, name: str) -> tuple[Teleworker, str]:
    worker = Teleworker(app, sandbox, name=name)
    person = Person(display_name=name, roles=frozenset({Role.TELEWORKER}))
    person.add_identity(Identity(worker.ref, name))
    async with database.unit_of_work() as uow:
        await uow.people.add(person)
        await uow.profiles.save(WorkerProfile(person.id, skills=frozenset({"data_entry"}), weekly_hours=20))
        await uow.commit()
    return worker, person.id


async def test_a_carried_share_declined_in_line_is_proposed_again_in_slack(
    own_app: tuple[RunningApp, Database], sandbox: PlatformSandbox
) -> None:
    app, database = own_app
    first = _slash(sandbox, "tasks")  # the client's first word to Yui registers their workspace
    assert (await post(app, first, slack_headers(SLACK_SECRET, first, json_body=False))).status_code == 200
    async with database.unit_of_work() as uow:
        [client] = [p for p in await uow.people.all() if Role.CLIENT_MEMBER in p.roles]
        assert client.organization_id
        org = client.organization_id
    hana, hana_id = await _worker(app, sandbox, database, "佐藤 花子")
    taro, _ = await _worker(app, sandbox, database, "山田 太郎")
    last_week = tokyo_today() - timedelta(days=3)
    weekly = Task(
        organization_id=org,
        title="週次の経費入力",
        volume=Volume(50, "件"),
        deadline=last_week,
        created_by=client.id,
        skills=frozenset({"data_entry"}),
        recurrence=Recurrence.WEEKLY,
        status=TaskStatus.MATCHED,
    )
    at = datetime.now(UTC) - timedelta(days=10)
    offer = Proposal(org, weekly.id, hana_id, 50, 2.5, 1500, 0.9, 1, Reasons((), 20.0, last_week, 0.0, 0, 0, 0, 0), at)
    offer.approve(client.id)
    offer.offer(at)
    async with database.unit_of_work() as uow:
        await uow.tasks.add(weekly)
        await uow.proposals.add(offer)
        await uow.assignments.add(offer.accept(at))
        await uow.commit()

    # The roll (the timed job's use case, with the app's own notifier): 佐藤 keeps the work.
    [created] = await roll_recurring(database.unit_of_work(), app.runtime.services.clock, app.runtime.services.notifier)
    assert created.status is TaskStatus.MATCHED and created.deadline == last_week + timedelta(days=7)
    [push] = [c for c in sandbox.calls_to("/message/push") if c.body["to"] == hana.user_id]
    [flex] = push.body["messages"]
    assert flex["type"] == "flex" and flex["altText"].startswith("定期案件の次の回")
    [button] = flex["contents"]["footer"]["contents"]
    assert button["action"]["label"] == "今回は辞退する"
    assert button["action"]["data"].startswith(carried_decline(""))

    # /yui tasks names her as the assignee.
    listing_body = _slash(sandbox, "tasks")
    await post(app, listing_body, slack_headers(SLACK_SECRET, listing_body, json_body=False))
    [listing] = [c for c in sandbox.state.calls if c.service == "slack_response"][-1:]
    assert "週次の経費入力" in listing.body["text"] and "佐藤 花子" in listing.body["text"]

    # She declines with the signed postback: answered with the reply token; the client is proposed 山田.
    declined = await hana._post("line/postback.json", postback={"data": button["action"]["data"]})
    assert declined["text"].startswith("承知しました。「週次の経費入力」")
    [card] = [
        c
        for c in sandbox.calls_to("chat.postMessage")
        if c.body.get("blocks") and c.body["blocks"][0]["type"] == "header"
    ]
    shown = json.dumps(card.body["blocks"], ensure_ascii=False)
    assert card.body["blocks"][0]["text"]["text"] == "候補の提案：週次の経費入力"
    assert "山田 太郎" in shown and "佐藤 花子" not in shown
    assert taro.user_id not in [c.body.get("to") for c in sandbox.calls_to("/message/push")]  # not offered yet

    # Another workspace: its lists, status and search show nothing of this client's work.
    before = len(sandbox.state.calls)
    for text in ("tasks", "status 経費", "match 経費", f"match {created.id}"):
        body = _slash(sandbox, text, team="T999", user="W999")
        assert (await post(app, body, slack_headers(SLACK_SECRET, body, json_body=False))).status_code == 200
    seen = json.dumps([c.body for c in sandbox.state.calls[before:]], ensure_ascii=False)
    assert "経費入力" not in seen and "佐藤" not in seen and "山田" not in seen
