"""Issue 5 end to end through the real endpoints: a client opens a task in Slack, gets proposals
with reasons, presses 依頼 (signed block_actions); the teleworker gets a Flex offer in LINE and
taps お断りする / 引き受ける (signed postbacks); the client's card is updated in place each time."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import AsyncIterator
from copy import deepcopy
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from bot.handling import TimedJob, TimedJobs
from bot.harness import RunningApp, running_app
from bot.sandbox import Call, PlatformSandbox
from bot.signing import line_headers, slack_headers
from domain.model import Identity, Organization, OrganizationKind, Person, Role, Team, WorkerProfile
from domain.persistence import Database
from domain.refs import PersonRef, Platform
from handlers.jobs import EXPIRE_OFFERS
from tests.adapters.test_slack_events import event_body, post
from tests.adapters.test_slack_tasks import button_press, form_values, interaction_body, post_form, submission
from tests.conftest import LINE_BOT, LINE_SECRET, SLACK_SECRET, SteppingClock, line_body, load_fixture, make_settings


@pytest.fixture
async def own_app(
    empty_database_url: str, sandbox: PlatformSandbox, clock: SteppingClock
) -> AsyncIterator[tuple[RunningApp, Database]]:
    """The app on a database of its own: the pool holds exactly this test's teleworkers."""
    database = Database(empty_database_url)
    async with running_app(make_settings(empty_database_url, sandbox), clock=clock) as running:
        yield running, database
    await database.dispose()


async def _teleworker(database: Database, name: str, hours: int) -> str:
    user_id = "U" + uuid.uuid4().hex
    person = Person(display_name=name, roles=frozenset({Role.TELEWORKER}))
    person.add_identity(Identity(PersonRef(Platform.LINE, LINE_BOT, user_id), name))
    async with database.unit_of_work() as uow:
        await uow.people.add(person)
        await uow.profiles.save(WorkerProfile(person.id, skills=frozenset({"data_entry"}), weekly_hours=hours))
        await uow.commit()
    return user_id


def _approve(sandbox: PlatformSandbox, card: Call, index: int) -> str:
    """The block_actions Slack sends when the `index`-th 依頼 button of the proposal card is pressed."""
    payload: dict[str, Any] = deepcopy(load_fixture("slack/block_actions.json"))
    buttons = [e for b in card.body["blocks"] if b["type"] == "actions" for e in b["elements"]]
    payload["user"].update(id="W111", team_id="T111")
    payload["team"]["id"] = "T111"
    payload["trigger_id"] = f"{uuid.uuid4().int % 10**13}.{uuid.uuid4().hex[:20]}"
    payload["container"] = {"type": "message", "message_ts": "1700000000.000003", "channel_id": card.body["channel"]}
    payload["channel"] = {"id": card.body["channel"], "name": "directmessage"}
    payload["response_url"] = sandbox.response_url(uuid.uuid4().hex)
    payload["actions"] = [{**buttons[index], "block_id": "b", "action_ts": f"1700000001.{index}"}]
    return interaction_body(payload)


async def _tap(app: RunningApp, sandbox: PlatformSandbox, user_id: str, data: str) -> list[Call]:
    """A signed LINE postback (shaped like the SDK's postback.json) from `user_id`; the calls it caused."""
    assert len(data) <= 300
    body = line_body("line/postback.json", source={"type": "user", "userId": user_id}, postback={"data": data})
    text = json.dumps(body, ensure_ascii=False)
    before = len(sandbox.state.calls)
    async with httpx.AsyncClient(base_url=app.url) as client:
        response = await client.post("/line/webhook", content=text.encode(), headers=line_headers(LINE_SECRET, text))
    assert response.status_code == 200
    await app.settle()
    return sandbox.state.calls[before:]


def _pushed_offer(sandbox: PlatformSandbox, user_id: str) -> dict[str, Any]:
    [push] = [c for c in sandbox.calls_to("/message/push") if c.body["to"] == user_id]
    [flex] = push.body["messages"]
    return dict(flex)


def _postback_data(flex: dict[str, Any]) -> list[str]:
    return [b["action"]["data"] for b in flex["contents"]["footer"]["contents"]]


async def test_proposal_approval_decline_and_accept_through_slack_and_line(
    own_app: tuple[RunningApp, Database], sandbox: PlatformSandbox
) -> None:
    app, database = own_app
    aoki = await _teleworker(database, "青木 あや", 20)
    sato = await _teleworker(database, "佐藤 花子", 4)
    deadline = date.today() + timedelta(days=14)
    request = f"{deadline.month}/{deadline.day}までに請求書200件のデータ入力をお願いします"
    body = event_body("slack/event_callback_app_mention.json", text=f"<@W111> {request}")
    await post(app, body, slack_headers(SLACK_SECRET, body))
    [draft] = sandbox.calls_to("chat.update")
    await post_form(app, button_press(sandbox, draft, "task.confirm", user="W111"))

    # The proposals: one message, with each candidate's reasons and a 依頼 button per candidate.
    [card] = [c for c in sandbox.calls_to("chat.postMessage") if c.body["blocks"][0]["type"] == "header"]
    shown = json.dumps(card.body["blocks"], ensure_ascii=False)
    assert card.body["blocks"][0]["text"]["text"].startswith("候補の提案：")
    assert "*1. 青木 あや*" in shown and "*2. 佐藤 花子*" in shown and "データ入力○" in shown
    assert "直近2週間の稼働が少ない" in shown
    buttons = [e for b in card.body["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [b["action_id"] for b in buttons] == ["match.approve", "match.approve"]

    # The client approves the first: a Flex offer is pushed to 青木 in LINE, the card says 依頼中.
    assert (await post_form(app, _approve(sandbox, card, 0))).status_code == 200
    offer = _pushed_offer(sandbox, aoki)
    assert offer["type"] == "flex" and offer["altText"].startswith("お仕事の依頼")
    assert offer["contents"]["header"]["contents"][0]["text"] == "お仕事の依頼"
    accept, decline = _postback_data(offer)
    assert accept == "offer:accept:" + buttons[0]["value"] and decline == "offer:decline:" + buttons[0]["value"]
    [labels] = [[b["action"]["label"] for b in offer["contents"]["footer"]["contents"]]]
    assert labels == ["引き受ける", "お断りする"]
    updates = [c for c in sandbox.calls_to("chat.update") if c.body["channel"] == card.body["channel"]]
    assert "依頼中" in json.dumps(updates[-1].body["blocks"], ensure_ascii=False)

    # 青木 declines: answered with the free reply token; 佐藤 is offered without asking the client.
    calls = await _tap(app, sandbox, aoki, decline)
    [reply] = [c for c in calls if c.path.endswith("/message/reply")]
    assert reply.body["messages"][0]["text"].startswith("承知しました")
    second = _pushed_offer(sandbox, sato)
    sato_accept, _ = _postback_data(second)
    assert sato_accept == "offer:accept:" + buttons[1]["value"]

    # 佐藤 accepts: thanked in LINE; the client's card shows who took what, on the same message.
    calls = await _tap(app, sandbox, sato, sato_accept)
    [reply] = [c for c in calls if c.path.endswith("/message/reply")]
    assert reply.body["messages"][0]["text"].startswith("ありがとうございます！")
    [last] = [c for c in calls if c.path.endswith("chat.update")]
    final = json.dumps(last.body["blocks"], ensure_ascii=False)
    assert "辞退" in final and "引き受け済み" in final
    assert re.search(r"[^0-9][1-9][0-9]*/200件の担当が決まりました。", final)  # 佐藤's share (by today's free hours)
    updates = [c for c in sandbox.calls_to("chat.update") if c.body["channel"] == card.body["channel"]]
    assert len({c.body["ts"] for c in updates}) == 1  # always the same message
    assert len([c for c in sandbox.calls_to("chat.postMessage") if c.body["channel"] == card.body["channel"]]) == 1


async def test_an_unanswered_offer_expires_by_the_timed_job_and_the_next_candidate_is_offered(
    own_app: tuple[RunningApp, Database], sandbox: PlatformSandbox, clock: SteppingClock
) -> None:
    app, database = own_app
    aoki = await _teleworker(database, "青木 あや", 20)
    sato = await _teleworker(database, "佐藤 花子", 4)
    deadline = date.today() + timedelta(days=14)
    request = f"{deadline.month}/{deadline.day}までに請求書200件のデータ入力をお願いします"
    body = event_body("slack/event_callback_app_mention.json", text=f"<@W111> {request}")
    await post(app, body, slack_headers(SLACK_SECRET, body))
    [draft] = sandbox.calls_to("chat.update")
    await post_form(app, button_press(sandbox, draft, "task.confirm", user="W111"))
    [card] = [c for c in sandbox.calls_to("chat.postMessage") if c.body["blocks"][0]["type"] == "header"]
    await post_form(app, _approve(sandbox, card, 0))
    accept, _ = _postback_data(_pushed_offer(sandbox, aoki))
    assert not [c for c in sandbox.calls_to("/message/push") if c.body["to"] == sato]

    # 青木 does not answer. A day later (YUI_OFFER_TTL_HOURS, 24) the timed job's slot reaches the
    # inbox as the timer would store it, and the real worker runs it.
    clock.offset += timedelta(hours=25)
    job = TimedJob(EXPIRE_OFFERS, timedelta(minutes=10))
    before = len(sandbox.state.calls)
    assert await TimedJobs(app.runtime.services.inbox, clock, [job]).enqueue(job)
    await app.settle()

    calls = sandbox.state.calls[before:]
    second = _pushed_offer(sandbox, sato)  # offered without asking the client again
    assert second["altText"].startswith("お仕事の依頼")
    [update] = [c for c in calls if c.path.endswith("chat.update") and c.body["channel"] == card.body["channel"]]
    shown = json.dumps(update.body["blocks"], ensure_ascii=False)
    assert "期限切れ" in shown and "依頼中" in shown
    on_card = [c.body["ts"] for c in sandbox.calls_to("chat.update") if c.body["channel"] == card.body["channel"]]
    assert set(on_card) == {update.body["ts"]}  # the same message, updated in place

    # 青木's late tap takes nothing: the offer is closed, and says why.
    calls = await _tap(app, sandbox, aoki, accept)
    [reply] = [c for c in calls if c.path.endswith("/message/reply")]
    assert reply.body["messages"][0]["text"] == "この依頼はすでに期限切れです。"


async def _say(app: RunningApp, sandbox: PlatformSandbox, user_id: str, text: str) -> list[Call]:
    """A signed LINE text message from `user_id`; the calls it caused."""
    body = line_body(
        "line/message_text_user.json",
        source={"type": "user", "userId": user_id},
        message={"id": uuid.uuid4().hex[:12], "type": "text", "text": text, "quoteToken": "q"},
    )
    raw = json.dumps(body, ensure_ascii=False)
    before = len(sandbox.state.calls)
    async with httpx.AsyncClient(base_url=app.url) as client:
        response = await client.post("/line/webhook", content=raw.encode(), headers=line_headers(LINE_SECRET, raw))
    assert response.status_code == 200
    await app.settle()
    return sandbox.state.calls[before:]


def _press(sandbox: PlatformSandbox, message: Call, index: int, user: str) -> str:
    """The block_actions Slack sends when `user` presses the `index`-th button of a DM from Yui."""
    payload: dict[str, Any] = deepcopy(load_fixture("slack/block_actions.json"))
    buttons = [e for b in message.body["blocks"] if b["type"] == "actions" for e in b["elements"]]
    payload["user"].update(id=user, team_id="T111")
    payload["team"]["id"] = "T111"
    payload["trigger_id"] = f"{uuid.uuid4().int % 10**13}.{uuid.uuid4().hex[:20]}"
    payload["container"] = {"type": "message", "message_ts": "1700000000.000009", "channel_id": message.body["channel"]}
    payload["channel"] = {"id": message.body["channel"], "name": "directmessage"}
    payload["response_url"] = sandbox.response_url(uuid.uuid4().hex)
    payload["actions"] = [{**buttons[index], "block_id": "b", "action_ts": f"1700000002.{index}"}]
    return interaction_body(payload)


async def _person_id(database: Database, ref: PersonRef) -> str:
    async with database.unit_of_work() as uow:
        person = await uow.people.by_identity(ref)
    assert person is not None
    return person.id


async def test_cover_an_absence_in_line_a_slack_leader_hands_the_work_over_a_line_leader_is_told_it_is_done(
    own_app: tuple[RunningApp, Database], sandbox: PlatformSandbox
) -> None:
    # Two teams hold 青木: one led by 山本 (on Slack), one by 鈴木 (on LINE); 佐藤 is 山本's member.
    world = await _aoki_holds_work_in_two_teams(own_app, sandbox, slack_leader_leads_sato=True)
    app, database, deadline = world.app, world.database, world.deadline
    aoki, sato, suzuki, aoki_id, sato_id = world.aoki, world.sato, world.suzuki, world.aoki_id, world.sato_id

    # 青木 says in LINE she will be off until the deadline.
    calls = await _say(app, sandbox, aoki, f"明日から{deadline.month}/{deadline.day}まで子どもの入院で休みます")
    [slack_card] = [c for c in calls if c.path.endswith("chat.postMessage") and "cover.reassign" in json.dumps(c.body)]
    shown = json.dumps(slack_card.body["blocks"], ensure_ascii=False)
    assert "代わりの担当の提案" in shown and "*1. 佐藤 花子*（同じチーム）" in shown and "残り200件" in shown
    buttons = [e for b in slack_card.body["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [b["text"]["text"] for b in buttons] == ["佐藤 花子さんに交代"]
    # 鈴木 (LINE) gets the absence notice and the choice in ONE push: one message of the quota.
    [to_suzuki] = [c.body["messages"] for c in calls if c.path.endswith("/message/push") and c.body["to"] == suzuki]
    assert [m["type"] for m in to_suzuki] == ["text", "flex"]
    assert to_suzuki[0]["text"].startswith("青木 あやさんから、")  # the absence notice, then the choice
    [flex] = [m for m in to_suzuki if m["type"] == "flex"]
    [line_data] = _postback_data(flex)
    assert line_data == buttons[0]["value"] and line_data.startswith("cover:reassign:")

    # 山本 presses the button in Slack: the share moves, both hear it in LINE.
    before = len(sandbox.state.calls)
    assert (await post_form(app, _press(sandbox, slack_card, 0, "W333"))).status_code == 200
    calls = sandbox.state.calls[before:]
    pushed = {c.body["to"]: c.body["messages"][0]["text"] for c in calls if c.path.endswith("/message/push")}
    assert pushed[sato].startswith("【代わりの担当】青木 あやさんのお休みのため、山本 リーダーさんから")
    assert pushed[aoki].startswith("「請求書のデータ入力」の残り200件は佐藤 花子さんが引き継ぎます。")
    # The other leader asked (鈴木, in LINE) hears who decided: their button is spent.
    assert (
        pushed[suzuki]
        == "青木 あやさんの「請求書のデータ入力」の200件は、山本 リーダーさんが佐藤 花子さんに引き継ぎました。"
    )
    answered = json.dumps(
        [c.body for c in calls if "response" in c.path or c.path.endswith("chat.postEphemeral")], ensure_ascii=False
    )
    assert "佐藤 花子さんに「請求書のデータ入力」の200件を引き継ぎました。" in answered
    # The card 山本 pressed is updated in place: the same choice, no buttons left, who took it.
    [settled] = [c for c in calls if c.path.endswith("chat.update")]
    assert settled.body["channel"] == slack_card.body["channel"] and settled.body["ts"] == "1700000000.000009"
    assert not [b for b in settled.body["blocks"] if b["type"] == "actions"]
    shown = json.dumps(settled.body["blocks"], ensure_ascii=False)
    assert "*1. 佐藤 花子*（同じチーム）" in shown
    assert "青木 あやさんの「請求書のデータ入力」の200件は、山本 リーダーさんが佐藤 花子さんに引き継ぎました。" in shown
    async with database.unit_of_work() as uow:
        found = await uow.assignments.for_people([aoki_id, sato_id])
    shares = {a.person_id: a.units for held in found.values() for a in held}
    assert shares == {aoki_id: 0, sato_id: 200}  # the task's 200 件, counted once

    # 鈴木 taps the same choice in LINE afterwards: told it is decided, nothing moves twice.
    calls = await _tap(app, sandbox, suzuki, line_data)
    [reply] = [c for c in calls if c.path.endswith("/message/reply")]
    assert (
        reply.body["messages"][0]["text"]
        == "この交代はすでに決まっています（山本 リーダーさんが佐藤 花子さんに200件分を引き継ぎ済み）。"
    )
    assert not [c for c in calls if c.path.endswith("/message/push")]


async def test_a_line_leader_decides_cover_and_the_slack_leaders_card_is_settled_in_place(
    own_app: tuple[RunningApp, Database], sandbox: PlatformSandbox
) -> None:
    world = await _aoki_holds_work_in_two_teams(own_app, sandbox, slack_leader_leads_sato=False)
    app, database, deadline = world.app, world.database, world.deadline
    aoki, suzuki, aoki_id, sato_id = world.aoki, world.suzuki, world.aoki_id, world.sato_id
    calls = await _say(app, sandbox, aoki, f"明日から{deadline.month}/{deadline.day}まで休みます")
    [slack_card] = [c for c in calls if c.path.endswith("chat.postMessage") and "cover.reassign" in json.dumps(c.body)]
    [posted] = [m for m in sandbox.state.slack_messages["DW333"] if m["text"] == slack_card.body["text"]]
    [flex] = [
        m
        for c in calls
        if c.path.endswith("/message/push") and c.body["to"] == suzuki
        for m in c.body["messages"]
        if m["type"] == "flex"
    ]
    [line_data] = _postback_data(flex)

    # 鈴木 taps in LINE: 山本's Slack card is updated where it is, not answered with a new message.
    calls = await _tap(app, sandbox, suzuki, line_data)
    [settled] = [c for c in calls if c.path.endswith("chat.update")]
    assert (settled.body["channel"], settled.body["ts"]) == (slack_card.body["channel"], posted["ts"])
    assert not [b for b in settled.body["blocks"] if b["type"] == "actions"]
    shown = json.dumps(settled.body["blocks"], ensure_ascii=False)
    assert "*1. 佐藤 花子*" in shown and "残り200件" in shown
    assert "青木 あやさんの「請求書のデータ入力」の200件は、鈴木 一郎さんが佐藤 花子さんに引き継ぎました。" in shown
    assert not [c for c in calls if c.path.endswith("chat.postMessage") and c.body["channel"] == "W333"]
    [reply] = [c for c in calls if c.path.endswith("/message/reply")]
    assert reply.body["messages"][0]["text"].startswith(
        "佐藤 花子さんに「請求書のデータ入力」の200件を引き継ぎました。"
    )

    # 山本 presses the (stale) button anyway, say from a notification: told it is decided, nothing moves.
    before = len(sandbox.state.calls)
    assert (await post_form(app, _press(sandbox, slack_card, 0, "W333"))).status_code == 200
    answered = json.dumps([c.body for c in sandbox.state.calls[before:]], ensure_ascii=False)
    assert "この交代はすでに決まっています（鈴木 一郎さんが佐藤 花子さんに200件分を引き継ぎ済み）。" in answered
    async with database.unit_of_work() as uow:
        found = await uow.assignments.for_people([aoki_id, sato_id])
    assert {a.person_id: a.units for held in found.values() for a in held} == {aoki_id: 0, sato_id: 200}


@dataclass(frozen=True)
class _CoverWorld:
    app: RunningApp
    database: Database
    aoki: str  # LINE user ids
    sato: str
    suzuki: str
    aoki_id: str  # person ids
    sato_id: str
    deadline: date


async def _aoki_holds_work_in_two_teams(
    own_app: tuple[RunningApp, Database], sandbox: PlatformSandbox, *, slack_leader_leads_sato: bool
) -> _CoverWorld:
    """青木 accepted a 200件 task; two teams hold her, 伊那チーム (with 佐藤) and 高遠チーム, one led by
    山本 (Slack, W333) and the other by 鈴木 (LINE); `slack_leader_leads_sato`: 山本 leads 伊那チーム."""
    app, database = own_app
    aoki = await _teleworker(database, "青木 あや", 20)
    deadline = date.today() + timedelta(days=14)
    request = f"{deadline.month}/{deadline.day}までに請求書200件のデータ入力をお願いします"
    body = event_body("slack/event_callback_app_mention.json", text=f"<@W111> {request}")
    await post(app, body, slack_headers(SLACK_SECRET, body))
    [draft] = sandbox.calls_to("chat.update")
    await post_form(app, button_press(sandbox, draft, "task.confirm", user="W111"))
    [card] = [c for c in sandbox.calls_to("chat.postMessage") if c.body["blocks"][0]["type"] == "header"]
    await post_form(app, _approve(sandbox, card, 0))
    [accept, _] = _postback_data(_pushed_offer(sandbox, aoki))
    await _tap(app, sandbox, aoki, accept)
    sato = await _teleworker(database, "佐藤 花子", 20)
    suzuki = await _teleworker(database, "鈴木 一郎", 0)
    yamamoto = Person(display_name="山本 リーダー", roles=frozenset({Role.LEADER}))
    yamamoto.add_identity(Identity(PersonRef(Platform.SLACK, "T111", "W333"), "山本 リーダー"))
    aoki_id, sato_id, suzuki_id = [
        await _person_id(database, PersonRef(Platform.LINE, LINE_BOT, u)) for u in (aoki, sato, suzuki)
    ]
    async with database.unit_of_work() as uow:
        await uow.people.add(yamamoto)
        owner = Organization(name="伊那BPO", kind=OrganizationKind.OPERATOR)
        await uow.organizations.add(owner)
        ina, takato = (yamamoto.id, suzuki_id) if slack_leader_leads_sato else (suzuki_id, yamamoto.id)
        await uow.teams.add(Team("伊那チーム", owner.id, ina, {aoki_id, sato_id}))
        await uow.teams.add(Team("高遠チーム", owner.id, takato, {aoki_id}))
        await uow.commit()
    return _CoverWorld(app, database, aoki, sato, suzuki, aoki_id, sato_id, deadline)


async def _team_task(
    app: RunningApp, database: Database, sandbox: PlatformSandbox, leader: Person
) -> tuple[str, str, str]:
    """Two LINE teleworkers in 伊那チーム led by `leader`; the client submits a team task (600 件)
    with the Slack form. The members' LINE user ids and the leader's id."""
    aoki = await _teleworker(database, "青木 あや", 20)
    sato = await _teleworker(database, "佐藤 花子", 20)
    members = {await _person_id(database, PersonRef(Platform.LINE, LINE_BOT, u)) for u in (aoki, sato)}
    async with database.unit_of_work() as uow:
        if await uow.people.get(leader.id) is None:
            await uow.people.add(leader)
        owner = Organization(name="伊那BPO", kind=OrganizationKind.OPERATOR)
        await uow.organizations.add(owner)
        await uow.teams.add(Team("伊那チーム", owner.id, leader.id, members))
        await uow.commit()
    values = form_values(
        volume_amount={"type": "plain_text_input", "value": "600"},
        recurrence={"type": "static_select", "selected_option": {"value": "one_off"}},
        other_skills={"type": "plain_text_input", "value": None},
    )
    assert (await post_form(app, submission(values, metadata='{"channel":"C111"}'))).status_code == 200
    return aoki, sato, leader.id


async def test_team_work_is_approved_by_its_leader_in_line_and_the_members_get_their_offers(
    own_app: tuple[RunningApp, Database], sandbox: PlatformSandbox
) -> None:
    app, database = own_app
    leader_user = "U" + uuid.uuid4().hex
    leader = Person(display_name="鈴木 一郎", roles=frozenset({Role.TELEWORKER}))
    leader.add_identity(Identity(PersonRef(Platform.LINE, LINE_BOT, leader_user), "鈴木 一郎"))
    aoki, sato, _ = await _team_task(app, database, sandbox, leader)

    [card] = [
        c
        for c in sandbox.calls_to("chat.postMessage")
        if c.body["blocks"][0]["type"] == "header" and c.body["blocks"][0]["text"]["text"].startswith("候補の提案")
    ]
    assert "match.approve" not in json.dumps(card.body)  # the client has nothing to approve
    [ask] = [m for c in sandbox.calls_to("/message/push") if c.body["to"] == leader_user for m in c.body["messages"]]
    assert ask["type"] == "flex" and ask["altText"].startswith("チームへの依頼：請求書のデータ入力")
    approve, decline = _postback_data(ask)
    assert approve.startswith("team:approve:") and decline.startswith("team:decline:")
    waiting = [c for c in sandbox.calls_to("chat.update") if c.body["channel"] == card.body["channel"]]
    assert "リーダー確認中" in json.dumps(waiting[-1].body["blocks"], ensure_ascii=False)

    calls = await _tap(app, sandbox, leader_user, approve)

    [reply] = [c for c in calls if c.path.endswith("/message/reply")]
    assert reply.body["messages"][0]["text"] == "承認しました。それぞれの方に依頼を送りました。"
    shares = sorted(
        f["contents"][1]["text"]
        for user in (aoki, sato)
        for f in _pushed_offer(sandbox, user)["contents"]["body"]["contents"]
        if f.get("type") == "box" and f["contents"][0].get("text") == "担当分"
    )
    assert len(shares) == 2 and all(s.endswith("（全体 600件）") for s in shares)
    [update] = [c for c in calls if c.path.endswith("chat.update")]
    assert "依頼中" in json.dumps(update.body["blocks"], ensure_ascii=False)
    again = await _tap(app, sandbox, leader_user, approve)  # a redelivered or second tap
    [reply] = [c for c in again if c.path.endswith("/message/reply")]
    assert reply.body["messages"][0]["text"] == "この依頼はすでに依頼中です。"

    # 青木 declines her share in LINE: it moves on by itself, on the leader's approval, to whoever
    # fits (nobody else in the team is free, so 上田, who joined Yui since); the leader hears it.
    ueda = await _teleworker(database, "上田 工", 40)
    [aoki_offer] = [m for c in sandbox.calls_to("/message/push") if c.body["to"] == aoki for m in c.body["messages"]]
    _, aoki_decline = _postback_data(aoki_offer)
    calls = await _tap(app, sandbox, aoki, aoki_decline)
    pushed = {c.body["to"]: c.body["messages"][0] for c in calls if c.path.endswith("/message/push")}
    assert pushed[ueda]["type"] == "flex" and pushed[ueda]["altText"].startswith("お仕事の依頼")
    assert pushed[leader_user]["text"].endswith("上田 工さんに300件を依頼しました。")
    [update] = [c for c in calls if c.path.endswith("chat.update")]
    shown = json.dumps(update.body["blocks"], ensure_ascii=False)
    assert "青木 あや 300件（辞退）" in shown and "上田 工 300件（依頼中）" in shown


async def test_a_slack_leader_declines_team_work_with_a_button(
    own_app: tuple[RunningApp, Database], sandbox: PlatformSandbox
) -> None:
    app, database = own_app
    leader = Person(display_name="山本 リーダー", roles=frozenset({Role.LEADER}))
    leader.add_identity(Identity(PersonRef(Platform.SLACK, "T111", "W333"), "山本 リーダー"))
    await _team_task(app, database, sandbox, leader)
    [ask] = [c for c in sandbox.calls_to("chat.postMessage") if "match.team_approve" in json.dumps(c.body)]
    labels = [b["text"]["text"] for b in _buttons_of(ask)]
    assert labels == ["承認して依頼する", "お断りする"]

    before = len(sandbox.state.calls)
    assert (await post_form(app, _press(sandbox, ask, 1, "W333"))).status_code == 200

    calls = sandbox.state.calls[before:]
    assert not [c for c in calls if c.path.endswith("/message/push")]  # nobody is offered anything
    said = json.dumps([c.body for c in calls], ensure_ascii=False)
    assert "承知しました。次の候補のチームにお願いします。" in said
    assert "辞退" in said  # the client's card, updated in place
    # The ask 山本 pressed is answered in place: the split stays readable, its buttons are gone.
    [answered] = [c for c in calls if c.path.endswith("chat.update") and c.body["ts"] == "1700000000.000009"]
    assert answered.body["channel"] == ask.body["channel"] and not _buttons_of(answered)
    shown = json.dumps(answered.body["blocks"], ensure_ascii=False)
    assert "チーム「伊那チーム」" in shown and "承知しました。次の候補のチームにお願いします。" in shown


def _buttons_of(message: Call) -> list[dict[str, Any]]:
    return [e for b in message.body["blocks"] if b["type"] == "actions" for e in b["elements"]]
