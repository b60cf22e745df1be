"""LINE webhook events → domain commands. Pure functions over line-bot-sdk v3 event models."""

from __future__ import annotations

from datetime import datetime

from linebot.v3.webhooks import (
    Event,
    FollowEvent,
    GroupSource,
    MessageEvent,
    PostbackEvent,
    RoomSource,
    TextMessageContent,
    UnfollowEvent,
    UserSource,
)

from domain.digest_schedule import parse_line_digest
from domain.refs import ChatRef, PersonRef, Platform, ReplyHandle
from handlers.buttons import read_carried_decline, read_offer_answer, read_reassign, read_team_answer
from handlers.commands import (
    AcceptOffer,
    AnswerTeamWork,
    Command,
    DeclineCarriedShare,
    DeclineOffer,
    HandleDigest,
    HandleMessage,
    HandlePostback,
    MarkUnfollowed,
    PressQuestionButton,
    ReassignCover,
    WelcomeFollower,
)
from handlers.questions.buttons import read_question_data


def to_command(event: Event, destination: str, received_at: datetime) -> Command | None:
    """The command an event asks for, or None when it asks nothing of us (stickers, standby ...)."""
    if getattr(event, "mode", "active") == "standby":  # another channel owns the chat right now
        return None
    source = event.source
    user_id = getattr(source, "user_id", None)
    if user_id is None:
        return None
    if isinstance(source, GroupSource):
        chat_id = source.group_id
    elif isinstance(source, RoomSource):
        chat_id = source.room_id
    elif isinstance(source, UserSource):
        chat_id = user_id
    else:
        return None
    person = PersonRef(Platform.LINE, destination, user_id)
    chat = ChatRef(Platform.LINE, destination, chat_id)
    token = getattr(event, "reply_token", None)
    reply = ReplyHandle(token, received_at) if token else None
    if isinstance(event, FollowEvent):
        return WelcomeFollower(person=person, chat=chat, reply=reply, locale_hint=None)
    if isinstance(event, UnfollowEvent):
        return MarkUnfollowed(person=person, chat=chat, reply=None, locale_hint=None)
    if isinstance(event, MessageEvent) and isinstance(event.message, TextMessageContent):
        digest = parse_line_digest(event.message.text) if isinstance(source, UserSource) else None
        if digest is not None:
            # 「まとめ」, 「まとめ 19時」, 「まとめ 停止」: a leader's digest, now or at their time (1:1 chat only)
            return HandleDigest(person=person, chat=chat, reply=reply, locale_hint=None, args=digest)
        return HandleMessage(person=person, chat=chat, reply=reply, locale_hint=None, text=event.message.text)
    if isinstance(event, PostbackEvent) and event.postback is not None:
        data = event.postback.data or ""
        if (offer := read_offer_answer(data)) is not None:  # the buttons of a work offer
            answer_offer = AcceptOffer if offer[1] else DeclineOffer
            return answer_offer(person=person, chat=chat, reply=reply, locale_hint=None, proposal_id=offer[0])
        if (answer := read_team_answer(data)) is not None:  # a team leader's 承認 / お断り of a split
            return AnswerTeamWork(
                person=person, chat=chat, reply=reply, locale_hint=None, proposal_id=answer[0], approve=answer[1]
            )
        if (chosen := read_reassign(data)) is not None:  # a leader's 交代 on a cover request
            return ReassignCover(
                person=person, chat=chat, reply=reply, locale_hint=None, request_id=chosen[0], person_id=chosen[1]
            )
        if read_question_data(data) is not None:  # 回答する, 解決, まだ困っている (handlers.questions)
            return PressQuestionButton(person=person, chat=chat, reply=reply, locale_hint=None, data=data)
        if (proposal_id := read_carried_decline(data)) is not None:  # 今回は辞退する on a recurring task's next
            return DeclineCarriedShare(person=person, chat=chat, reply=reply, locale_hint=None, proposal_id=proposal_id)
        return HandlePostback(person=person, chat=chat, reply=reply, locale_hint=None, data=event.postback.data or "")
    return None
