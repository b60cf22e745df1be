"""A digest's 案件を開く button, pressed in Slack: a signed block_actions body through the real app
answers the presser alone with the task's progress (the same answer as `/yui status`)."""

from __future__ import annotations

from bot.harness import RunningApp
from bot.sandbox import Call, PlatformSandbox
from bot.signing import slack_headers
from bot.slack.notifier import message_blocks
from domain.refs import ChatRef, Platform
from handlers.buttons import TASK_SHOW as OPEN_TASK
from handlers.ports import Action, Card, OutgoingMessage
from tests.adapters.test_slack_events import event_body, post
from tests.adapters.test_slack_tasks import REQUEST, button_press, post_form
from tests.conftest import SLACK_SECRET


async def test_the_open_button_of_a_digest_card_shows_the_task_to_the_presser(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    body = event_body("slack/event_callback_app_mention.json", text=f"<@W111> {REQUEST}")
    assert (await post(app, body, slack_headers(SLACK_SECRET, body))).status_code == 200
    [draft] = sandbox.calls_to("chat.update")
    assert (await post_form(app, button_press(sandbox, draft, "task.confirm"))).status_code == 200
    confirmed = sandbox.calls_to("chat.update")[-1]
    [task_id] = [
        e["value"]
        for b in confirmed.body["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "task.cancel"
    ]
    # The digest's detail message in the summary's thread, as Slack received it.
    card = Card(header="🟢 請求書のデータ入力", actions=(Action("案件を開く", OPEN_TASK, task_id),))
    blocks = [
        b.to_dict() for b in message_blocks(OutgoingMessage(ChatRef(Platform.SLACK, "T111", "C111"), "", cards=(card,)))
    ]
    posted = Call(
        "slack", "/api/chat.postMessage", {"blocks": blocks, "ts": "1700000000.009999", "channel": "C111"}, {}
    )

    before = len(sandbox.state.calls)
    assert (await post_form(app, button_press(sandbox, posted, OPEN_TASK))).status_code == 200
    answers = await sandbox.wait_for(lambda calls: any(c.service == "slack_response" for c in calls[before:]))
    [answer] = [c for c in answers[before:] if c.service == "slack_response"]
    assert answer.body["response_type"] == "ephemeral"
    assert answer.body["blocks"][0]["text"]["text"] == "「請求書のデータ入力」の進捗"  # the status, not "which task?"
