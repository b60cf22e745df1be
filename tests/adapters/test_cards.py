"""Cards (my tasks, digests) rendered for each platform within its limits: a LINE Flex carousel with
progress bars and postback buttons, Block Kit sections that stay under 50 blocks."""

from __future__ import annotations

from typing import Any

from linebot.v3.messaging import FlexMessage, TextMessage

from bot.line.notifier import CAROUSEL_LIMIT, line_messages
from bot.sandbox import PlatformSandbox
from bot.slack.notifier import MESSAGE_BLOCK_LIMIT, SlackNotifier, bar, build_client, message_blocks
from domain.refs import ChatRef, Platform
from handlers.ports import Action, Card, Field, OutgoingMessage, QuickReply

LINE_CHAT = ChatRef(Platform.LINE, "U1", "U1")
SLACK_CHAT = ChatRef(Platform.SLACK, "T1", "C1")


def card(n: int) -> Card:
    return Card(
        header=f"請求書入力 {n}",
        text="12/5まで",
        fields=(Field("担当", "40件"), Field("進捗", "20/40件")),
        percent=50,
        note="残り20件",
        actions=(Action("報告する", "report.start", f"report:{n}"),),
    )


def test_line_cards_are_a_carousel_after_the_lead_with_quick_replies_last() -> None:
    message = OutgoingMessage(
        chat=LINE_CHAT,
        text="あなたの案件（2件）",
        cards=(card(1), card(2)),
        quick_replies=(QuickReply("ヘルプ", "ヘルプ"),),
    )
    lead, carousel = line_messages(message)
    assert isinstance(lead, TextMessage) and lead.text == "あなたの案件（2件）" and lead.quick_reply is None
    assert isinstance(carousel, FlexMessage) and carousel.quick_reply is not None
    body: dict[str, Any] = carousel.to_dict()
    bubbles = body["contents"]["contents"]
    assert body["contents"]["type"] == "carousel" and len(bubbles) == 2
    assert bubbles[0]["footer"]["contents"][0]["action"] == {
        "type": "postback",
        "label": "報告する",
        "data": "report:1",
        "displayText": "報告する",
    }
    text = str(bubbles[0]["body"])
    assert "50%" in text and "'width': '50%'" in text


def test_line_carousel_holds_at_most_twelve_bubbles() -> None:
    message = OutgoingMessage(chat=LINE_CHAT, text="", cards=tuple(card(n) for n in range(20)))
    (carousel,) = line_messages(message)
    assert isinstance(carousel, FlexMessage)
    assert len(carousel.to_dict()["contents"]["contents"]) == CAROUSEL_LIMIT
    assert len(carousel.alt_text) <= 400


def test_slack_cards_follow_the_lead_and_respect_the_block_limit() -> None:
    few = [b.to_dict() for b in message_blocks(OutgoingMessage(chat=SLACK_CHAT, text="今日のまとめ", cards=(card(1),)))]
    assert [b["type"] for b in few] == ["section", "divider", "section", "section", "context", "actions"]
    assert few[4]["elements"][0]["text"] == bar(50) == "▰▰▰▰▰▱▱▱▱▱ 50%"
    many = message_blocks(
        OutgoingMessage(chat=SLACK_CHAT, text="今日のまとめ", cards=tuple(card(n) for n in range(30)))
    )
    assert len(many) <= MESSAGE_BLOCK_LIMIT
    assert many[-1].to_dict()["elements"][0]["text"].startswith("… +")


async def test_slack_sends_a_preface_as_its_own_message_before_the_card(sandbox: PlatformSandbox) -> None:
    notifier = SlackNotifier(build_client("xoxb-test", sandbox.slack_api_url))
    card = OutgoingMessage(
        chat=ChatRef(Platform.SLACK, "T1", "U0LEADER"),
        text="残り150件",
        header="代わりの担当の提案",
        actions=(Action("交代", "cover.reassign", "x"),),
        preface="青木さんから、お休みの連絡がありました。",
    )
    sent = await notifier.send(card)
    notice, posted = sandbox.calls_to("chat.postMessage")
    assert notice.body["text"] == "青木さんから、お休みの連絡がありました。"
    assert posted.body["blocks"][0]["type"] == "header" and posted.body["text"] == "残り150件"
    assert sent is not None and sent.message_id == [m["ts"] for m in sandbox.state.slack_messages["DU0LEADER"]][-1]
