"""Outgoing messages to LINE: the free reply token first, push (which costs quota) otherwise."""

from __future__ import annotations

import asyncio
import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime, timedelta

import structlog
from linebot.v3.messaging import (
    AsyncMessagingApi,
    FlexBox,
    FlexBubble,
    FlexButton,
    FlexCarousel,
    FlexMessage,
    FlexText,
    Message,
    MessageAction,
    PostbackAction,
    PushMessageRequest,
    QuickReply,
    QuickReplyItem,
    ReplyMessageRequest,
    TextMessage,
)
from linebot.v3.messaging.exceptions import ApiException

from bot.line.quota import MonthlyLimitAlarm, MonthlyLimitReached, is_monthly_limit
from bot.retry import backoff, parse_retry_after, with_retries
from domain.refs import ChatRef, PersonRef, ReplyHandle
from handlers.ports import (
    POSTBACK_DATA_LIMIT,
    Action,
    ActionStyle,
    Card,
    Clock,
    Field,
    OutgoingMessage,
    PlatformProfile,
    SentMessage,
)
from handlers.ports import QuickReply as PortQuickReply

log = structlog.get_logger(__name__)

TEXT_LIMIT_UTF16 = 5000
MESSAGES_PER_REQUEST = 5
QUICK_REPLY_LIMIT = 13
QUICK_REPLY_LABEL_LIMIT = 20
ALT_TEXT_LIMIT = 400  # Flex altText (the 2025-04 reference)
BUTTON_LABEL_LIMIT = 40
FLEX_BUTTON_LIMIT = 4  # a bubble's footer stays readable on a phone
CAROUSEL_LIMIT = 12  # bubbles per Flex carousel
BAR_COLOR = "#2E7D6B"  # the rich menu's green
BAR_TRACK_COLOR = "#E6E6E6"
# LINE guarantees a reply token for one minute; leave room for the request itself.
REPLY_TOKEN_TTL = timedelta(seconds=50)
REPLY_ATTEMPTS = 4


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = TEXT_LIMIT_UTF16) -> list[str]:
    """Split text into LINE-sized pieces (UTF-16 units), preferring line breaks."""
    pieces: list[str] = []
    current = ""
    for line in text.splitlines(keepends=True):
        if utf16_len(current + line) <= limit:
            current += line
            continue
        if current:
            pieces.append(current)
            current = ""
        while utf16_len(line) > limit:
            cut = limit
            while utf16_len(line[:cut]) > limit:
                cut -= 1
            pieces.append(line[:cut])
            line = line[cut:]
        current = line
    if current:
        pieces.append(current)
    return [p.rstrip("\n") for p in pieces if p.strip()] or [""]


def plain_text(message: OutgoingMessage) -> str:
    """A card as readable text: header, lead, "label: value" lines, note (LINE has no buttons here)."""
    parts = [message.header, message.text]
    parts.append("\n".join(f"{f.label}: {f.value}" for f in message.fields if f.value))
    parts.append(message.note)
    return "\n\n".join(p for p in parts if p)


def flex_card(message: OutgoingMessage) -> FlexMessage:
    """A card with buttons (an offer) as one Flex bubble: header, lead, "label: value" rows, note, and a
    postback button per action whose `value` is the postback data (≤ 300 characters)."""
    bubble = _bubble(message.header, message.text, message.fields, message.note, message.actions, None)
    return FlexMessage(altText=_alt(plain_text(message)), contents=bubble)


def flex_carousel(cards: tuple[Card, ...]) -> FlexMessage:
    """Cards as one Flex carousel (at most 12 bubbles; the caller says what did not fit)."""
    shown = cards[:CAROUSEL_LIMIT]
    if len(cards) > CAROUSEL_LIMIT:
        log.warning("line.carousel_truncated", cards=len(cards))
    bubbles = [_bubble(c.header, c.text, c.fields, c.note, c.actions, c.percent) for c in shown]
    alt = "\n".join(c.header for c in shown)
    return FlexMessage(altText=_alt(alt), contents=FlexCarousel(contents=bubbles))


def _alt(text: str) -> str:
    text = text or " "
    return text if len(text) <= ALT_TEXT_LIMIT else text[: ALT_TEXT_LIMIT - 1] + "…"


def _bubble(
    header: str,
    text: str,
    fields: tuple[Field, ...],
    note: str,
    actions: tuple[Action, ...],
    percent: int | None,
) -> FlexBubble:
    body: list[FlexBox | FlexText] = []
    if text:
        body.append(FlexText(text=text, wrap=True))
    for f in fields:
        if f.value:
            body.append(
                FlexBox(
                    layout="baseline",
                    spacing="sm",
                    contents=[
                        FlexText(text=f.label, size="sm", color="#888888", flex=2, wrap=True),
                        FlexText(text=f.value, size="sm", flex=4, wrap=True),
                    ],
                )
            )
    if percent is not None:
        body.append(_bar(percent))
    if note:
        body.append(FlexText(text=note, size="xs", color="#888888", wrap=True))
    buttons = []
    for action in actions[:FLEX_BUTTON_LIMIT]:
        if len(action.value) > POSTBACK_DATA_LIMIT:
            raise ValueError(f"postback data over {POSTBACK_DATA_LIMIT} characters: {action.value[:40]}…")
        label = action.label[:BUTTON_LABEL_LIMIT]
        buttons.append(
            FlexButton(
                action=PostbackAction(label=label, data=action.value, displayText=label),
                style="primary" if action.style is ActionStyle.PRIMARY else "secondary",
                height="sm",
            )
        )
    return FlexBubble(
        header=FlexBox(layout="vertical", contents=[FlexText(text=header, weight="bold", wrap=True)])
        if header
        else None,
        body=FlexBox(layout="vertical", spacing="md", contents=body or [FlexText(text=" ")]),
        footer=FlexBox(layout="vertical", spacing="sm", contents=buttons) if buttons else None,
    )


def _bar(percent: int) -> FlexBox:
    """A progress bar: a grey track with a green fill `percent` wide, and the figure beside it."""
    shown = max(0, min(100, percent))
    fill = FlexBox(layout="vertical", contents=[], width=f"{shown}%", height="6px", backgroundColor=BAR_COLOR)
    track = FlexBox(
        layout="vertical", contents=[fill], height="6px", backgroundColor=BAR_TRACK_COLOR, cornerRadius="3px", flex=5
    )
    return FlexBox(
        layout="horizontal",
        spacing="sm",
        alignItems="center",
        contents=[track, FlexText(text=f"{shown}%", size="xs", color="#555555", flex=1, align="end")],
    )


def line_messages(message: OutgoingMessage) -> list[Message]:
    if message.preface:  # its own text bubbles first, then the message, within one request's 5
        rest = line_messages(replace(message, preface=""))
        before = split_text(message.preface)[: max(MESSAGES_PER_REQUEST - len(rest), 0)]
        return [*(TextMessage(text=p) for p in before), *rest]
    if message.actions:
        return [flex_card(message)]
    carousel = [flex_carousel(message.cards)] if message.cards else []
    lead = plain_text(message)
    pieces = split_text(lead) if lead or not carousel else []
    room = MESSAGES_PER_REQUEST - len(carousel)
    if len(pieces) > room:
        log.warning("line.message_truncated", pieces=len(pieces))
        pieces = pieces[:room]
    quick = None
    if message.quick_replies:
        if len(message.quick_replies) > QUICK_REPLY_LIMIT:
            log.warning("line.quick_replies_truncated", items=len(message.quick_replies))
        quick = QuickReply(items=[QuickReplyItem(action=_action(q)) for q in message.quick_replies[:QUICK_REPLY_LIMIT]])
    # Quick replies only show on the last message of a send.
    messages: list[Message] = [TextMessage(text=p) for p in pieces] + carousel
    if quick is not None:
        messages[-1].quick_reply = quick
    return messages


def _action(reply: PortQuickReply) -> MessageAction | PostbackAction:
    """A tap: a postback (the chat shows `text`, Yui gets `data`) or a plain message sending `text`."""
    label = reply.label[:QUICK_REPLY_LABEL_LIMIT]
    if reply.data is not None:
        return PostbackAction(label=label, data=reply.data, displayText=reply.text)
    return MessageAction(label=label, text=reply.text)


def _retry_advice(exc: Exception) -> float | None:
    if is_monthly_limit(exc):  # lasts until the month changes: final
        return None
    if isinstance(exc, ApiException) and exc.status is not None and (exc.status == 429 or exc.status >= 500):
        return parse_retry_after((exc.headers or {}).get("Retry-After"))
    return None


PushRecorder = Callable[[ChatRef, datetime], Awaitable[object]]


class PushLedger:
    """Counts every LINE push (the messages that cost quota) per recipient and local day.

    The count is written off the send path, in a task of its own: a handler may send while its own
    transaction holds the SQLite write lock, and a count that waited for it inside the send would
    wait for itself. `drain()` waits for the counts so far (tests, the demo, shutting down). A count
    that fails is logged and lost; it never fails the message that was delivered."""

    def __init__(self, record: PushRecorder) -> None:
        self._record = record
        self._pending: set[asyncio.Task[None]] = set()

    def pushed(self, chat: ChatRef, at: datetime) -> None:
        task = asyncio.create_task(self._count(chat, at))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def drain(self) -> None:
        while self._pending:
            await asyncio.gather(*list(self._pending))

    async def _count(self, chat: ChatRef, at: datetime) -> None:
        try:
            await self._record(chat, at)
        except Exception:
            log.exception("line.push_not_counted", to=chat.channel_id[:6] + "…")


class LineNotifier:
    """Sends through LINE: the free reply token while it is fresh, else a push with a retry key.

    A reply LINE answers 429 or 5xx is tried again, after the Retry-After LINE asked for, as long
    as the token will still be fresh; then the message goes by push, with one `X-Line-Retry-Key`
    for all its attempts (a repeat answers 409), so the person gets it once. One case cannot be
    told apart: a reply whose 5xx came after LINE delivered it. A retry then finds the token used
    (400) and the message counts as delivered; if the token goes stale first, it is pushed, and the
    person may read it twice rather than never. A push refused for the monthly limit is final
    (`bot/line/quota.py`)."""

    def __init__(
        self,
        api: AsyncMessagingApi,
        clock: Clock,
        *,
        retry_base_delay: float = 0.5,
        pushes: PushLedger | None = None,
        monthly_limit: MonthlyLimitAlarm | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._api = api
        self._clock = clock
        self._used_tokens: OrderedDict[str, None] = OrderedDict()
        self._retry_base_delay = retry_base_delay
        self._pushes = pushes
        self._monthly_limit = monthly_limit
        self._sleep = sleep

    async def send(self, message: OutgoingMessage) -> SentMessage | None:
        messages = line_messages(message)
        if message.reply is not None and self._fresh(message.reply.token, message.reply.received_at):
            self._remember(message.reply.token)
            if await self._reply(message.reply, messages):
                return None
        try:
            await self._push(message.chat.channel_id, messages, message.retry_key)
        except ApiException as exc:
            if not is_monthly_limit(exc):
                raise
            if self._monthly_limit is not None:
                self._monthly_limit.reached()
            raise MonthlyLimitReached(message) from exc
        if self._pushes is not None:  # one push to one person is one message of the quota, whatever it holds
            self._pushes.pushed(message.chat, self._clock.now())
        return None  # LINE messages cannot be edited

    async def update(self, ref: SentMessage, message: OutgoingMessage) -> None:
        """LINE cannot edit a sent message: the new version is pushed."""
        await self.send(
            OutgoingMessage(
                chat=ref.chat, text=message.text, header=message.header, fields=message.fields, cards=message.cards
            )
        )

    async def publish_home(self, person: PersonRef, message: OutgoingMessage) -> None:
        return None  # LINE has no home view; the rich menu (a later issue) plays that part

    async def _reply(self, reply: ReplyHandle, messages: list[Message]) -> bool:
        """True once the reply is delivered (see the class docstring); False: push it instead."""
        request = ReplyMessageRequest(replyToken=reply.token, messages=messages)
        uncertain = False  # a 5xx answered: LINE may have delivered it and used the token
        for attempt in range(1, REPLY_ATTEMPTS + 1):
            try:
                await self._api.reply_message(request)
                return True
            except ApiException as exc:
                if exc.status == 400:  # the token is used or expired
                    if uncertain:
                        log.warning("line.reply_delivered_before_error", status=exc.status)
                        return True
                    log.info("line.reply_token_rejected", status=exc.status)
                    return False
                asked = _retry_advice(exc)
                if asked is None:
                    raise
                uncertain = uncertain or (exc.status or 0) >= 500
                delay = max(asked, backoff(attempt, self._retry_base_delay))
                still_fresh = self._clock.now() + timedelta(seconds=delay) - reply.received_at < REPLY_TOKEN_TTL
                if attempt == REPLY_ATTEMPTS or not still_fresh:
                    log.warning("line.reply_failed_pushing_instead", status=exc.status, attempts=attempt)
                    return False
                log.warning("retrying", what="line.reply", attempt=attempt, status=exc.status, delay=round(delay, 2))
                await self._sleep(delay)
        return False

    async def _push(self, to: str, messages: list[Message], retry_key: str | None = None) -> None:
        retry_key = retry_key or str(uuid.uuid4())  # the same key on every attempt: LINE delivers at most once

        async def push() -> None:
            try:
                await self._api.push_message(PushMessageRequest(to=to, messages=messages), x_line_retry_key=retry_key)
            except ApiException as exc:
                if exc.status == 409:  # an earlier attempt was accepted after all
                    log.info("line.push_already_accepted", retry_key=retry_key)
                    return
                raise

        await with_retries(push, _retry_advice, base_delay=self._retry_base_delay, what="line.push", sleep=self._sleep)
        log.info("line.push", to=to[:6] + "…", messages=len(messages))

    def _fresh(self, token: str, received_at: datetime) -> bool:
        return token not in self._used_tokens and self._clock.now() - received_at < REPLY_TOKEN_TTL

    def _remember(self, token: str) -> None:
        self._used_tokens[token] = None
        while len(self._used_tokens) > 10_000:
            self._used_tokens.popitem(last=False)


class LineDirectory:
    def __init__(self, api: AsyncMessagingApi) -> None:
        self._api = api

    async def lookup(self, ref: PersonRef) -> PlatformProfile | None:
        try:
            profile = await self._api.get_profile(ref.user_id)
        except ApiException as exc:
            log.warning("line.profile_failed", status=exc.status)
            return None
        return PlatformProfile(display_name=profile.display_name, language=profile.language)
