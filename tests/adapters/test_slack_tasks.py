"""Registering and managing work from Slack, end to end: signed slash-command, app_mention,
block_actions and view_submission bodies (shaped like bolt-python's fixtures) through the real
app, asserting the Web API calls Yui makes in the sandbox."""

from __future__ import annotations

import json
import uuid
from copy import deepcopy
from datetime import date, timedelta
from typing import Any
from urllib.parse import parse_qs, urlencode

import httpx

from bot.harness import RunningApp
from bot.sandbox import Call, PlatformSandbox
from bot.signing import slack_headers
from tests.adapters.test_slack_events import event_body, post, slash_body
from tests.conftest import SLACK_SECRET, load_fixture

REQUEST = "来週金曜までに請求書200件のデータ入力をお願いしたいです。Excelが使える方"


def _trigger() -> str:
    return f"{uuid.uuid4().int % 10**13}.{uuid.uuid4().hex[:20]}"


def interaction_body(payload: dict[str, Any]) -> str:
    return urlencode({"payload": json.dumps(payload, ensure_ascii=False)})


async def post_form(app: RunningApp, body: str) -> httpx.Response:
    return await post(app, body, slack_headers(SLACK_SECRET, body, json_body=False))


def button_press(
    sandbox: PlatformSandbox, update: Call, action_id: str, *, team: str = "T111", user: str = "W222"
) -> str:
    """The block_actions payload Slack sends when `action_id` is pressed on the updated card."""
    payload: dict[str, Any] = deepcopy(load_fixture("slack/block_actions.json"))
    [button] = [
        e for b in update.body["blocks"] if b["type"] == "actions" for e in b["elements"] if e["action_id"] == action_id
    ]
    payload["user"].update(id=user, team_id=team)
    payload["team"]["id"] = team
    payload["trigger_id"] = _trigger()
    payload["container"] = {
        "type": "message",
        "message_ts": update.body["ts"],
        "channel_id": update.body["channel"],
        "is_ephemeral": False,
    }
    payload["channel"] = {"id": update.body["channel"], "name": "orders"}
    payload["response_url"] = sandbox.response_url(uuid.uuid4().hex)
    payload["actions"] = [{**button, "block_id": "b", "action_ts": "1700000000.1"}]
    return interaction_body(payload)


def submission(values: dict[str, dict[str, Any]], *, metadata: str = "{}", locale: str | None = None) -> str:
    payload: dict[str, Any] = deepcopy(load_fixture("slack/view_submission.json"))
    payload["view"]["id"] = "V" + uuid.uuid4().hex[:8].upper()
    payload["view"]["callback_id"] = "task.form"
    payload["view"]["private_metadata"] = metadata
    payload["view"]["state"] = {"values": {block: {"value": v} for block, v in values.items()}}
    payload["user"]["id"] = "W222"
    if locale:
        payload["user"]["locale"] = locale
    return interaction_body(payload)


def form_values(**overrides: Any) -> dict[str, dict[str, Any]]:
    values: dict[str, dict[str, Any]] = {
        "title": {"type": "plain_text_input", "value": "請求書のデータ入力"},
        "description": {"type": "plain_text_input", "value": None},
        "skills": {"type": "multi_static_select", "selected_options": [{"value": "data_entry"}]},
        "other_skills": {"type": "plain_text_input", "value": "そろばん"},
        "volume_amount": {"type": "plain_text_input", "value": "２，０００"},
        "volume_unit": {"type": "static_select", "selected_option": {"value": "件"}},
        "deadline": {"type": "datepicker", "selected_date": (date.today() + timedelta(days=10)).isoformat()},
        "recurrence": {"type": "static_select", "selected_option": {"value": "weekly"}},
        "shape": {"type": "static_select", "selected_option": {"value": "team"}},
        "budget": {"type": "plain_text_input", "value": "５万円"},
        "rate": {"type": "plain_text_input", "value": None},
        "updates_channel": {"type": "conversations_select", "selected_conversation": "C0UPDATES"},
    }
    values.update(overrides)
    return values


async def test_a_mention_is_drafted_then_confirmed_by_updating_the_same_message(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    body = event_body("slack/event_callback_app_mention.json", text=f"<@W111> {REQUEST}")
    assert (await post(app, body, slack_headers(SLACK_SECRET, body))).status_code == 200

    [thinking] = sandbox.calls_to("chat.postMessage")
    assert thinking.body["text"] == "考え中…" and thinking.body["thread_ts"] == "1595926230.009600"
    [draft] = sandbox.calls_to("chat.update")
    assert draft.body["channel"] == "C111" and draft.body["ts"] == "1700000000.000001"  # the 考え中 message
    assert draft.body["blocks"][0] == {"type": "header", "text": {"type": "plain_text", "text": "案件の下書き"}}
    buttons = [e["action_id"] for b in draft.body["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons == ["task.confirm", "task.edit", "task.discard"]

    response = await post_form(app, button_press(sandbox, draft, "task.confirm"))
    assert response.status_code == 200
    confirmed = sandbox.calls_to("chat.update")[-1]
    assert confirmed.body["ts"] == draft.body["ts"]
    assert confirmed.body["text"] == "案件「請求書のデータ入力」を登録しました。"
    # Updated, never re-posted (the proposals for the opened task go to the author's DM).
    assert len([c for c in sandbox.calls_to("chat.postMessage") if c.body["channel"] == "C111"]) == 1


async def test_slash_task_without_text_opens_the_form_before_the_ack(app: RunningApp, sandbox: PlatformSandbox) -> None:
    body = slash_body(sandbox, "案件")
    response = await post_form(app, body)
    assert response.status_code == 200
    [opened] = sandbox.calls_to("views.open")
    view = json.loads(opened.body["view"]) if isinstance(opened.body["view"], str) else opened.body["view"]
    assert opened.body["trigger_id"] and view["callback_id"] == "task.form"
    blocks = {b["block_id"]: b["element"]["type"] for b in view["blocks"]}
    assert blocks["skills"] == "multi_static_select" and blocks["deadline"] == "datepicker"
    assert blocks["updates_channel"] == "conversations_select"
    assert [c for c in sandbox.state.calls if c.service == "slack_response"] == []  # nothing else to say


async def test_slash_task_with_text_drafts_like_a_mention(app: RunningApp, sandbox: PlatformSandbox) -> None:
    await post_form(app, slash_body(sandbox, "task 請求書入力 200件 12/5まで"))
    assert sandbox.calls_to("views.open") == []
    [update] = sandbox.calls_to("chat.update")
    assert "200件" in json.dumps(update.body["blocks"], ensure_ascii=False)


async def test_invalid_form_is_answered_with_inline_errors_in_the_users_language(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    yesterday = (date.today() - timedelta(days=2)).isoformat()
    values = form_values(
        volume_amount={"type": "plain_text_input", "value": "たくさん"},
        deadline={"type": "datepicker", "selected_date": yesterday},
    )
    response = await post_form(app, submission(values))
    assert response.json() == {
        "response_action": "errors",
        "errors": {
            "volume_amount": "数字で入力してください（例：200、２００、二百、1,200円）。",
            "deadline": "今日以降の日付を選んでください。",
        },
    }
    english = await post_form(app, submission(values, locale="en-US"))
    assert english.json()["errors"]["deadline"] == "Please pick today or a later date."
    assert sandbox.calls_to("chat.postMessage") == []


async def test_valid_form_registers_the_task_and_posts_to_the_chosen_channel(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    response = await post_form(app, submission(form_values(), metadata='{"channel":"C111"}'))
    assert response.status_code == 200 and response.content in (b"", b"{}")
    posted, *_proposals = sandbox.calls_to("chat.postMessage")  # then proposals, when teleworkers fit
    assert posted.body["channel"] == "C0UPDATES"
    assert posted.body["text"] == "案件「請求書のデータ入力」を登録しました。"
    shown = json.dumps(posted.body["blocks"], ensure_ascii=False)
    assert "2000件" in shown and "50,000円" in shown and "そろばん" in shown and "毎週" in shown


async def test_edit_opens_the_prefilled_form_and_the_list_and_home_show_the_work(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    body = event_body("slack/event_callback_app_mention.json", text=f"<@W111> {REQUEST}")
    await post(app, body, slack_headers(SLACK_SECRET, body))
    [draft] = sandbox.calls_to("chat.update")
    await post_form(app, button_press(sandbox, draft, "task.edit"))
    [opened] = sandbox.calls_to("views.open")
    view = json.loads(opened.body["view"]) if isinstance(opened.body["view"], str) else opened.body["view"]
    title = next(b for b in view["blocks"] if b["block_id"] == "title")
    assert title["element"]["initial_value"] == "請求書のデータ入力"
    assert json.loads(view["private_metadata"])["ts"] == draft.body["ts"]

    await post_form(app, button_press(sandbox, draft, "task.confirm"))
    await post_form(app, slash_body(sandbox, "tasks"))
    [listing] = [c for c in sandbox.state.calls if c.service == "slack_response"]
    assert listing.body["response_type"] == "ephemeral"
    assert "*請求書のデータ入力*　募集中" in listing.body["text"] and "担当：未割当" in listing.body["text"]

    home = event_body("slack/event_callback_app_mention.json")
    home_body = json.loads(home)
    home_body["event"] = {"type": "app_home_opened", "user": "W222", "channel": "D1", "tab": "home"}
    home = json.dumps(home_body)
    await post(app, home, slack_headers(SLACK_SECRET, home))
    [published] = sandbox.calls_to("views.publish")
    assert published.body["user_id"] == "W222"
    assert "請求書のデータ入力" in json.dumps(published.body["view"], ensure_ascii=False)


async def test_another_workspace_sees_nothing_and_cannot_press_the_buttons(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    body = event_body("slack/event_callback_app_mention.json", text=f"<@W111> {REQUEST}")
    await post(app, body, slack_headers(SLACK_SECRET, body))
    [draft] = sandbox.calls_to("chat.update")
    await post_form(app, button_press(sandbox, draft, "task.confirm"))

    other = json.loads(event_body("slack/event_callback_app_mention.json"))
    other["team_id"] = "T999"
    other["event"] = {"type": "app_home_opened", "user": "W999", "channel": "D9", "tab": "home"}
    home = json.dumps(other)
    await post(app, home, slack_headers(SLACK_SECRET, home))
    [published] = sandbox.calls_to("views.publish")
    shown = json.dumps(published.body["view"], ensure_ascii=False)
    assert "請求書のデータ入力" not in shown and "進行中の案件はありません。" in shown

    confirmed = sandbox.calls_to("chat.update")[-1]
    updates_before = len(sandbox.calls_to("chat.update"))
    await post_form(app, button_press(sandbox, confirmed, "task.pause", team="T999", user="W999"))
    assert len(sandbox.calls_to("chat.update")) == updates_before  # nothing changed
    [refused] = [c for c in sandbox.state.calls if c.service == "slack_response"]
    assert refused.body["text"] == "その案件は見つかりませんでした。"


async def test_cancelling_registered_work_asks_for_a_reason_in_a_modal(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    body = event_body("slack/event_callback_app_mention.json", text=f"<@W111> {REQUEST}")
    await post(app, body, slack_headers(SLACK_SECRET, body))
    await post_form(app, button_press(sandbox, sandbox.calls_to("chat.update")[-1], "task.confirm"))
    confirmed = sandbox.calls_to("chat.update")[-1]

    await post_form(app, button_press(sandbox, confirmed, "task.cancel"))
    [opened] = sandbox.calls_to("views.open")
    view = json.loads(opened.body["view"]) if isinstance(opened.body["view"], str) else opened.body["view"]
    assert view["callback_id"] == "task.cancel"

    payload: dict[str, Any] = deepcopy(load_fixture("slack/view_submission.json"))
    payload["view"].update(
        id="V" + uuid.uuid4().hex[:8].upper(),
        callback_id="task.cancel",
        private_metadata=view["private_metadata"],
        state={"values": {"reason": {"value": {"type": "plain_text_input", "value": "先方の都合で中止"}}}},
    )
    payload["user"]["id"] = "W222"
    response = await post_form(app, interaction_body(payload))
    assert response.status_code == 200
    cancelled = sandbox.calls_to("chat.update")[-1]
    assert cancelled.body["ts"] == confirmed.body["ts"]
    assert cancelled.body["text"] == "案件「請求書のデータ入力」を取り消しました。"
    assert not [b for b in cancelled.body["blocks"] if b["type"] == "actions"]  # nothing left to press


async def test_a_press_without_a_team_object_is_the_pressers_workspace(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    """Org-wide installs send `"team": null` in interactivity payloads (bolt's extract_team_id
    reads user.team_id then): the button still works, in the presser's own workspace."""
    body = event_body("slack/event_callback_app_mention.json", text=f"<@W111> {REQUEST}")
    await post(app, body, slack_headers(SLACK_SECRET, body))
    [draft] = sandbox.calls_to("chat.update")
    payload = json.loads(parse_qs(button_press(sandbox, draft, "task.confirm"))["payload"][0])
    payload["team"] = None

    response = await post_form(app, interaction_body(payload))
    assert response.status_code == 200
    confirmed = sandbox.calls_to("chat.update")[-1]
    assert confirmed.body["ts"] == draft.body["ts"]
    assert confirmed.body["text"] == "案件「請求書のデータ入力」を登録しました。"


def _guest_mention(text: str, *, host: str = "T111", guest: str = "TGUEST1", user: str = "WGUEST1") -> str:
    """An app_mention in a Slack Connect channel hosted by `host` (where Yui is installed), written by
    a member of another organisation's workspace `guest`."""
    body = json.loads(event_body("slack/event_callback_app_mention.json", text=text, user=user, team=guest))
    body["event"]["user_team"] = guest
    body["event"]["source_team"] = guest
    body["team_id"] = host
    body["is_ext_shared_channel"] = True
    return json.dumps(body, ensure_ascii=False)


async def test_a_slack_connect_guest_cannot_press_the_hosts_buttons(app: RunningApp, sandbox: PlatformSandbox) -> None:
    """In a shared channel the payload's `team` is the host workspace; the presser's own team
    (user.team_id) is another organisation, which does not own the card's task."""
    body = event_body("slack/event_callback_app_mention.json", text=f"<@W111> {REQUEST}")
    await post(app, body, slack_headers(SLACK_SECRET, body))
    [draft] = sandbox.calls_to("chat.update")
    for action in ("task.confirm", "task.discard"):
        payload = json.loads(parse_qs(button_press(sandbox, draft, action, user="WGUEST1"))["payload"][0])
        payload["user"]["team_id"] = "TGUEST1"  # the guest's workspace; payload["team"] stays the host's
        assert payload["team"]["id"] == "T111"
        assert (await post_form(app, interaction_body(payload))).status_code == 200
    assert len(sandbox.calls_to("chat.update")) == 1  # the draft card was never touched
    refusals = [c.body["text"] for c in sandbox.state.calls if c.service == "slack_response"]
    assert refusals == ["その案件は見つかりませんでした。"] * 2

    # The host's own member still confirms it: the task is the host organisation's.
    await post_form(app, button_press(sandbox, draft, "task.confirm"))
    assert sandbox.calls_to("chat.update")[-1].body["text"] == "案件「請求書のデータ入力」を登録しました。"


async def test_a_slack_connect_guests_request_belongs_to_the_guests_organisation(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    body = _guest_mention("<@W111> 12月20日までに名刺300枚のデータ入力をお願いします")
    assert (await post(app, body, slack_headers(SLACK_SECRET, body))).status_code == 200
    [draft] = sandbox.calls_to("chat.update")
    payload = json.loads(parse_qs(button_press(sandbox, draft, "task.confirm", user="WGUEST1"))["payload"][0])
    payload["user"]["team_id"] = "TGUEST1"
    await post_form(app, interaction_body(payload))
    assert sandbox.calls_to("chat.update")[-1].body["text"] == "案件「名刺のデータ入力」を登録しました。"

    # The host workspace's members do not see the guest organisation's work, in the list or on Home.
    await post_form(app, slash_body(sandbox, "tasks"))
    [listing] = [c for c in sandbox.state.calls if c.service == "slack_response"]
    assert "名刺のデータ入力" not in listing.body["text"]
    home = json.loads(event_body("slack/event_callback_app_mention.json"))
    home["event"] = {"type": "app_home_opened", "user": "W222", "channel": "D1", "tab": "home"}
    home_body = json.dumps(home)
    await post(app, home_body, slack_headers(SLACK_SECRET, home_body))
    [published] = sandbox.calls_to("views.publish")
    assert "名刺のデータ入力" not in json.dumps(published.body["view"], ensure_ascii=False)


def test_team_of_is_the_acting_persons_own_workspace() -> None:
    from bot.slack.translate import team_of

    assert team_of({"team_id": "THOST", "event": {"type": "app_mention", "team": "THOST"}}) == "THOST"
    assert team_of({"team_id": "THOST", "event": {"user_team": "TGUEST", "team": "TGUEST"}}) == "TGUEST"
    assert team_of({"team": {"id": "THOST"}, "user": {"id": "U1", "team_id": "TGUEST"}}) == "TGUEST"
    assert team_of({"team": None, "user": {"id": "U1", "team_id": "TUSER"}}) == "TUSER"  # org-wide install
    assert team_of({"team_id": "TSLASH", "user_id": "U1"}) == "TSLASH"  # slash commands name no other
    assert team_of({"team_id": "T1", "event": {"type": "channel_created", "channel": {"id": "C1"}}}) == "T1"


async def test_the_form_and_its_inline_errors_are_in_the_language_the_person_uses_with_yui(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    """Slack sends no locale with slash commands or view submissions: the form and its errors use
    the language Yui knows the person by (here from users.info when they first wrote)."""
    sandbox.state.slack_users["WENGLISH"] = {"name": "Jane", "locale": "en-US"}
    hello = event_body("slack/event_callback_app_mention.json", text="<@W111> help", user="WENGLISH")
    await post(app, hello, slack_headers(SLACK_SECRET, hello))

    form = {k: v[0] for k, v in parse_qs(slash_body(sandbox, "task")).items()} | {"user_id": "WENGLISH"}
    assert (await post_form(app, urlencode(form))).status_code == 200
    [opened] = sandbox.calls_to("views.open")
    view = json.loads(opened.body["view"]) if isinstance(opened.body["view"], str) else opened.body["view"]
    assert view["title"]["text"] == "Register a task" and view["submit"]["text"] == "Register"

    values = form_values(volume_amount={"type": "plain_text_input", "value": "lots"})
    payload = json.loads(parse_qs(submission(values))["payload"][0])
    payload["user"]["id"] = "WENGLISH"
    assert "locale" not in payload["user"] and "locale" not in payload
    response = await post_form(app, interaction_body(payload))
    assert response.json() == {
        "response_action": "errors",
        "errors": {"volume_amount": "Please enter a number (e.g. 200, ２００, 1,200円)."},
    }
    # Someone Yui has never met gets Japanese, the default.
    payload["user"]["id"] = "WSTRANGER"
    japanese = await post_form(app, interaction_body(payload))
    assert japanese.json()["errors"]["volume_amount"].startswith("数字で入力してください")


async def test_task_with_text_in_a_channel_yui_is_not_in_drafts_in_the_dm_and_says_so(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    """A slash command works in any channel, but Yui can post only where it is a member: the draft
    goes to the person's DM with Yui (where Confirm works) and the command's answer says where."""
    sandbox.state.bot_channels = {"C999"}  # not C111, where the command is typed
    assert (await post_form(app, slash_body(sandbox, "task 請求書入力 200件 12/5まで"))).status_code == 200

    [told] = [c for c in sandbox.state.calls if c.service == "slack_response"]
    assert told.body["response_type"] == "ephemeral" and "DM" in told.body["text"]
    [thinking] = sandbox.calls_to("chat.postMessage")[-1:]
    assert thinking.body["channel"] == "W111" and thinking.body["text"] == "考え中…"  # the user id: their DM
    [draft] = sandbox.calls_to("chat.update")
    assert draft.body["channel"] == "W111" and "200件" in json.dumps(draft.body["blocks"], ensure_ascii=False)

    await post_form(app, button_press(sandbox, draft, "task.confirm", user="W111"))
    assert sandbox.calls_to("chat.update")[-1].body["text"] == "案件「請求書入力」を登録しました。"


async def test_a_request_in_a_dm_is_drafted_there_after_a_thinking_message(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    body = event_body(
        "slack/event_callback_message.json",
        text="12月18日までに名刺500枚のデータ入力をお願いします",
        channel="D0DIRECT",
        channel_type="im",
    )
    assert (await post(app, body, slack_headers(SLACK_SECRET, body))).status_code == 200
    [thinking] = sandbox.calls_to("chat.postMessage")
    assert thinking.body["channel"] == "D0DIRECT" and thinking.body["text"] == "考え中…"
    assert thinking.body.get("thread_ts") is None  # a DM needs no thread
    [draft] = sandbox.calls_to("chat.update")
    shown = json.dumps(draft.body["blocks"], ensure_ascii=False)
    assert draft.body["channel"] == "D0DIRECT" and "500枚" in shown and "/12/18" in shown
    buttons = [e["action_id"] for b in draft.body["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons == ["task.confirm", "task.edit", "task.discard"]
