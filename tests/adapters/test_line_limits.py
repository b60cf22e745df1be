"""LINE's message limits (PLATFORM-FACTS.md §18) are kept by what Yui sends: text ≤ 5,000 UTF-16
units per message, ≤ 5 messages per request, quick replies ≤ 13 with labels ≤ 20 characters,
postback data ≤ 300 characters."""

from __future__ import annotations

from dataclasses import replace

import pytest
from linebot.v3.messaging import FlexMessage, TextMessage

from bot.line.notifier import (
    MESSAGES_PER_REQUEST,
    QUICK_REPLY_LABEL_LIMIT,
    QUICK_REPLY_LIMIT,
    TEXT_LIMIT_UTF16,
    line_messages,
    split_text,
    utf16_len,
)
from domain.refs import ChatRef, Platform
from handlers.ports import POSTBACK_DATA_LIMIT, Action, OutgoingMessage, QuickReply

CHAT = ChatRef(Platform.LINE, "Ubot", "U" + "1" * 32)


def test_text_is_cut_in_utf16_units_without_splitting_an_emoji() -> None:
    # 😀 is two UTF-16 units: 1,700 × (あ + 😀) is 5,100 units, one line longer than the limit.
    text = "あ😀" * 1700 + "\n" + "x" * 6000
    pieces = split_text(text)
    assert all(utf16_len(p) <= TEXT_LIMIT_UTF16 for p in pieces)
    assert utf16_len(pieces[0]) == 4999  # the 5,000th unit is half an emoji: it goes to the next piece
    assert "".join(pieces) == text.replace("\n", "")  # nothing lost


def test_a_short_text_is_one_message_and_a_line_break_is_the_preferred_cut() -> None:
    assert split_text("こんにちは") == ["こんにちは"]
    first, second = split_text("a" * 3000 + "\n" + "b" * 3000)
    assert (first, second) == ("a" * 3000, "b" * 3000)


def test_one_request_carries_at_most_five_messages_each_within_the_limit() -> None:
    messages = line_messages(OutgoingMessage(chat=CHAT, text="字" * 30_000))
    assert len(messages) == MESSAGES_PER_REQUEST
    assert all(isinstance(m, TextMessage) and utf16_len(m.text) <= TEXT_LIMIT_UTF16 for m in messages)


def test_a_preface_goes_ahead_of_a_card_in_the_same_request_and_never_crowds_it_out() -> None:
    card = OutgoingMessage(
        chat=CHAT, text="残り150件", header="代わりの担当の提案", actions=(Action("交代", "cover.reassign", "x"),)
    )
    notice, flex = line_messages(replace(card, preface="青木さんから、お休みの連絡がありました。"))
    assert isinstance(notice, TextMessage) and notice.text == "青木さんから、お休みの連絡がありました。"
    assert isinstance(flex, FlexMessage)
    long = line_messages(replace(OutgoingMessage(chat=CHAT, text="字" * 12_000), preface="前" * 30_000))
    assert len(long) == MESSAGES_PER_REQUEST  # the message itself (3 pieces) is kept whole; the preface is cut
    assert [m.text for m in long[2:] if isinstance(m, TextMessage)] == split_text("字" * 12_000)


def test_quick_replies_are_capped_at_thirteen_with_short_labels_on_the_last_message() -> None:
    quick = tuple(QuickReply("とても長いスキルの名前です" * 3, f"choice {i}", f"y1|pick|skills|{i}") for i in range(20))
    messages = line_messages(OutgoingMessage(chat=CHAT, text="a" * 6000, quick_replies=quick))
    assert [m.quick_reply is not None for m in messages] == [False, True]
    assert messages[-1].quick_reply is not None
    items = messages[-1].quick_reply.items
    assert len(items) == QUICK_REPLY_LIMIT
    assert all(len(i.action.label or "") <= QUICK_REPLY_LABEL_LIMIT for i in items)


def test_postback_data_over_300_characters_is_refused_before_anything_is_sent() -> None:
    QuickReply("ok", "ok", "x" * POSTBACK_DATA_LIMIT)  # exactly the limit is fine
    with pytest.raises(ValueError, match="postback data over 300"):
        QuickReply("ok", "ok", "x" * (POSTBACK_DATA_LIMIT + 1))
    card = OutgoingMessage(chat=CHAT, text="offer", actions=(Action("引き受ける", "offer.accept", "x" * 301),))
    with pytest.raises(ValueError, match="postback data over 300"):
        line_messages(card)
    [flex] = line_messages(
        OutgoingMessage(chat=CHAT, text="offer", actions=(Action("引き受ける", "offer.accept", "x" * 300),))
    )
    assert isinstance(flex, FlexMessage)
