"""結の知恵 through the real Slack and LINE endpoints (signed bodies, the Web API calls and LINE
messages Yui makes in the sandbox): a worker asks in LINE, the leader answers in Slack (回答する →
the form) or in LINE (回答する → the next message), the worker reads the answer with the question
quoted; the answer is kept as a note of the client's kind of work, and the next worker who asks the
same gets it at once (解決 / まだ困っている). What a worker says privately (an absence reason, notes
for the leader) reaches no client and no note."""

from __future__ import annotations

import json
import uuid
from copy import deepcopy
from typing import Any
from urllib.parse import parse_qsl, urlencode

import httpx

from bot.harness import RunningApp
from bot.sandbox import PlatformSandbox
from bot.signing import line_headers
from domain.knowhow.model import QuestionStatus
from domain.model import Identity, Person, Role
from domain.refs import PersonRef, Platform
from handlers.teams import create_team
from tests.adapters.test_line_onboarding import Teleworker, labels
from tests.adapters.test_line_reports import _assigned
from tests.adapters.test_slack_events import slash_body
from tests.adapters.test_slack_tasks import _trigger, interaction_body, post_form
from tests.conftest import LINE_SECRET, line_body, load_fixture

STUCK = "請求書入力 30件やりました。取引先コードが無いものが3件あって止まってます"
ANSWER = "取引先コードが無いものは備考欄に『コード無』と書いてください"


async def _person_id(worker: Teleworker) -> str:
    person, _ = await worker.stored()
    assert person is not None
    return person.id


async def _slack_leader(app: RunningApp, name: str = "山本 リーダー") -> tuple[Person, str]:
    user = "W" + uuid.uuid4().hex[:8].upper()
    leader = Person(display_name=name, roles=frozenset({Role.LEADER}))
    leader.add_identity(Identity(PersonRef(Platform.SLACK, "T111", user), name))
    async with app.runtime.services.database.unit_of_work() as uow:
        await uow.people.add(leader)
        await uow.commit()
    return leader, user


async def _team(app: RunningApp, leader_id: str, *members: Teleworker) -> None:
    team = await create_team(app.runtime.services.database.unit_of_work(), f"伊那{uuid.uuid4().hex[:4]}", leader_id)
    async with app.runtime.services.database.unit_of_work() as uow:
        stored = await uow.teams.get(team.id)
        assert stored is not None
        for member in members:
            stored.add_member(await _person_id(member))
        await uow.teams.save(stored)
        await uow.commit()


async def _worker(app: RunningApp, sandbox: PlatformSandbox, name: str) -> Teleworker:
    worker = Teleworker(app, sandbox, name)
    await worker.follow()
    await worker.say("やめる")  # onboarding questions later
    return worker


def _press(notice: dict[str, Any], user: str, action_id: str = "question.answer") -> str:
    """The block_actions payload Slack sends when the leader presses 回答する on the notice."""
    payload: dict[str, Any] = deepcopy(load_fixture("slack/block_actions.json"))
    [button] = [
        e for b in notice["blocks"] if b["type"] == "actions" for e in b["elements"] if e["action_id"] == action_id
    ]
    payload["user"].update(id=user, team_id="T111")
    payload["team"]["id"] = "T111"
    payload["trigger_id"] = _trigger()
    payload["container"] = {"type": "message", "message_ts": "1.0", "channel_id": notice["channel"]}
    payload["channel"] = {"id": notice["channel"], "name": "directmessage"}
    payload["message"] = {"text": notice["text"], "ts": "1.0"}
    payload["actions"] = [{**button, "block_id": "b", "action_ts": "1700000000.1"}]
    return interaction_body(payload)


def _submit(view: dict[str, Any], user: str, text: str) -> str:
    payload: dict[str, Any] = deepcopy(load_fixture("slack/view_submission.json"))
    payload["view"]["id"] = "V" + uuid.uuid4().hex[:8].upper()
    payload["view"]["callback_id"] = view["callback_id"]
    payload["view"]["private_metadata"] = view["private_metadata"]
    payload["view"]["state"] = {"values": {"answer": {"value": {"type": "plain_text_input", "value": text}}}}
    payload["user"].update(id=user, team_id="T111")
    payload["team"]["id"] = "T111"
    return interaction_body(payload)


def _pushed_to(sandbox: PlatformSandbox, user_id: str) -> list[dict[str, Any]]:
    return [m for c in sandbox.calls_to("/message/push") if c.body["to"] == user_id for m in c.body["messages"]]


async def test_worker_asks_in_line_leader_answers_in_slack_and_the_next_worker_gets_the_note(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    hana, ken = await _worker(app, sandbox, "北原 花子"), await _worker(app, sandbox, "林 健太")
    leader, slack_user = await _slack_leader(app)
    await _assigned(app, hana, "請求書入力（11月分）")
    await _team(app, leader.id, hana, ken)

    confirmed = await hana.say(STUCK)
    assert "本日30件" in confirmed["text"]
    [notice] = [c.body for c in sandbox.calls_to("chat.postMessage") if c.body["channel"] == slack_user]
    assert "取引先コードが無いもの3件" in notice["text"] and "北原 花子" in notice["text"]

    assert (await post_form(app, _press(notice, slack_user))).status_code == 200
    [opened] = sandbox.calls_to("views.open")
    view = opened.body["view"] if isinstance(opened.body["view"], dict) else json.loads(opened.body["view"])
    assert view["callback_id"] == "question.answer_form" and "取引先コード" in json.dumps(view, ensure_ascii=False)

    empty = await post_form(app, _submit(view, slack_user, "  "))
    assert empty.json()["response_action"] == "errors"  # refused in the form, nothing stored
    assert (await post_form(app, _submit(view, slack_user, ANSWER))).status_code == 200
    await app.settle()
    [answered] = _pushed_to(sandbox, hana.user_id)  # she is not in the chat now: one push
    assert "＞ 取引先コードが無いもの3件" in answered["text"] and ANSWER in answered["text"]
    thanks = [c for c in sandbox.calls_to("chat.postEphemeral") if c.body.get("user") == slack_user]
    assert thanks and "北原 花子さんに届けました" in thanks[-1].body["text"]

    async with app.runtime.services.database.unit_of_work() as uow:
        hana_id = await _person_id(hana)
        [question] = [q for q in await uow.questions.asked_between(*_today_window()) if q.asked_by == hana_id]
        assert question.status is QuestionStatus.ANSWERED
        [note] = await uow.notes.of_kind(question.organization_id, "請求書入力")
    assert note.body == ANSWER and note.question == question.text

    # 健 works on the client's next 請求書入力 and asks the same in other words: the note, at once.
    await _assigned_same_client(app, ken, question.organization_id, "請求書入力（12月分）")
    # The report's confirmation used the free reply; the note follows it as one push.
    await _say_with_push(app, ken, "請求書入力 10件やりました。取引先ｺｰﾄﾞがない請求書があって止まってます")
    [offered] = _pushed_to(sandbox, ken.user_id)
    assert ANSWER in offered["text"] and labels(offered) == ["解決", "まだ困っている"]
    before = len(sandbox.calls_to("chat.postMessage"))
    solved = await ken.tap(offered, "解決")
    assert "よかったです" in solved["text"]
    assert len(sandbox.calls_to("chat.postMessage")) == before  # the leader is not bothered


def _today_window() -> tuple[Any, Any]:
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC)
    return now - timedelta(days=2), now + timedelta(days=2)


async def _assigned_same_client(app: RunningApp, worker: Teleworker, organization_id: str, title: str) -> None:
    from datetime import UTC, date, datetime, timedelta

    from domain.model import Task, TaskStatus, Volume
    from domain.proposals import Assignment

    person_id = await _person_id(worker)
    async with app.runtime.services.database.unit_of_work() as uow:
        task = Task(
            organization_id,
            title,
            Volume(100, "件"),
            date.today() + timedelta(days=30),
            person_id,
            status=TaskStatus.MATCHED,
        )
        await uow.tasks.add(task)
        await uow.assignments.add(Assignment(organization_id, task.id, person_id, 100, 5.0, 0, datetime.now(UTC)))
        await uow.commit()


async def _say_with_push(app: RunningApp, worker: Teleworker, text: str) -> None:
    """A LINE text whose answer may include a push (Teleworker.say insists on the free reply only)."""
    body = line_body(
        "line/message_text_user.json",
        source={"type": "user", "userId": worker.user_id},
        message={"id": "1", "type": "text", "text": text, "quoteToken": "q"},
    )
    raw = json.dumps(body, ensure_ascii=False)
    async with httpx.AsyncClient(base_url=app.url) as client:
        response = await client.post("/line/webhook", content=raw.encode(), headers=line_headers(LINE_SECRET, raw))
    assert response.status_code == 200
    await app.settle()


async def test_a_line_leader_answers_with_the_next_message_and_still_stuck_goes_to_the_leader(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    aya, leader = await _worker(app, sandbox, "小池 あや"), await _worker(app, sandbox, "中村 一郎")
    await _assigned(app, aya, "名刺入力")
    await _team(app, await _person_id(leader), aya)

    await aya.say("名刺入力 20件やりました。役職が書いてない名刺は空欄でいいですか？")
    [notice] = _pushed_to(sandbox, leader.user_id)
    assert "役職が書いてない名刺" in json.dumps(notice, ensure_ascii=False)
    [data] = [
        b["action"]["data"]
        for b in notice["contents"]["footer"]["contents"]
        if b.get("action", {}).get("label") == "回答する"
    ]
    prompt = await leader._post("line/postback.json", postback={"data": data})  # answered with the free reply
    assert "次のメッセージで送ってください" in prompt["text"]
    sent = await leader.say("役職が無い名刺は空欄のままで大丈夫です")
    assert "小池 あやさんに届けました" in sent["text"]
    [answer] = _pushed_to(sandbox, aya.user_id)
    assert "役職が無い名刺は空欄のままで大丈夫です" in answer["text"] and "＞ 役職が書いてない名刺" in answer["text"]
    again = await leader.say("役職が無い名刺は空欄のままで大丈夫です")  # no longer answering: a normal message
    assert "届けました" not in again.get("text", "")

    # The same need in other words gets the note; まだ困っている sends it to the leader after all.
    await _say_with_push(app, aya, "名刺入力 5件やりました。肩書きがない名刺はどうしますか")
    offered = _pushed_to(sandbox, aya.user_id)[-1]
    assert "空欄のままで大丈夫です" in offered["text"]
    pushes_to_leader = len(_pushed_to(sandbox, leader.user_id))
    stuck = await aya.tap(offered, "まだ困っている")
    assert "リーダーに送ります" in stuck["text"]
    assert len(_pushed_to(sandbox, leader.user_id)) == pushes_to_leader + 1
    assert "肩書きがない名刺" in json.dumps(_pushed_to(sandbox, leader.user_id)[-1], ensure_ascii=False)


async def test_without_a_leader_the_client_answers_and_nothing_private_reaches_the_client_or_the_note(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    from datetime import UTC, date, datetime, timedelta

    from domain.model import Organization, OrganizationKind, Task, TaskStatus, Volume, WorkerProfile
    from domain.proposals import Assignment

    client_user = "W" + uuid.uuid4().hex[:8].upper()
    client = Person(display_name="田中 依頼主", roles=frozenset({Role.CLIENT_MEMBER}))
    client.add_identity(Identity(PersonRef(Platform.SLACK, "T111", client_user), "田中 依頼主"))
    saki = await _worker(app, sandbox, "森 さき")
    saki_id = await _person_id(saki)
    async with app.runtime.services.database.unit_of_work() as uow:
        organization = Organization(name="株式会社みなと", kind=OrganizationKind.CLIENT)
        await uow.organizations.add(organization)
        client.organization_id = organization.id
        await uow.people.add(client)
        task = Task(
            organization.id,
            "アンケート集計",
            Volume(100, "件"),
            date.today() + timedelta(days=30),
            client.id,
            status=TaskStatus.MATCHED,
        )
        await uow.tasks.add(task)
        await uow.assignments.add(Assignment(organization.id, task.id, saki_id, 100, 5.0, 0, datetime.now(UTC)))
        await uow.profiles.save(WorkerProfile(saki_id, constraints="夕方は母の介護があります"))
        await uow.commit()

    await saki.say("明日は子どもの発熱で休みます")
    before = len(sandbox.state.calls)
    await saki.say("アンケート集計 40件やりました。年齢が書いてない票は飛ばしていいですか？")
    [notice] = [c.body for c in sandbox.state.calls[before:] if c.path.endswith("chat.postMessage")]
    assert notice["channel"] == client_user and "年齢が書いてない票" in notice["text"]
    # The client's /yui status shows the task's open question and how long it has waited.
    form = dict(parse_qsl(slash_body(sandbox, "status アンケート集計")))
    form["user_id"] = client_user
    assert (await post_form(app, urlencode(form))).status_code == 200
    await app.settle()
    status = [c.body for c in sandbox.state.calls[before:] if c.service == "slack_response"][-1]
    assert "確認待ちの質問（1件）" in json.dumps(status, ensure_ascii=False)
    assert "年齢が書いてない票" in json.dumps(status, ensure_ascii=False)
    assert (await post_form(app, _press(notice, client_user))).status_code == 200
    opened = sandbox.calls_to("views.open")[-1]
    view = opened.body["view"] if isinstance(opened.body["view"], dict) else json.loads(opened.body["view"])
    assert (
        await post_form(app, _submit(view, client_user, "年齢が無い票も入力して、年齢欄は空欄にしてください"))
    ).status_code == 200
    await app.settle()
    [answer] = _pushed_to(sandbox, saki.user_id)
    assert "年齢欄は空欄" in answer["text"]

    to_client = json.dumps(
        [c.body for c in sandbox.state.calls[before:] if c.service == "slack" or c.service == "slack_response"],
        ensure_ascii=False,
    )
    async with app.runtime.services.database.unit_of_work() as uow:
        notes = await uow.notes.of_kind(organization.id, "アンケート集計")
    kept = json.dumps([(n.question, n.body) for n in notes], ensure_ascii=False)
    assert notes and "年齢" in kept and "年齢が書いてない票" in to_client  # the checks below see real text
    for private in ("発熱", "子ども", "介護", "夕方"):
        assert private not in to_client and private not in kept and private not in answer["text"]
