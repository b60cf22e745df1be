"""Outgoing messages to Slack: Block Kit through the Web API, or the interaction's response_url."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import structlog
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from domain.refs import ChatRef, PersonRef
from handlers.ports import (
    Action,
    ActionStyle,
    Attachment,
    Card,
    ChatUnavailable,
    Field,
    OutgoingMessage,
    PlatformProfile,
    SentMessage,
)

log = structlog.get_logger(__name__)

SECTION_LIMIT = 3000  # characters per section text (Block Kit)
MESSAGE_BLOCK_LIMIT = 50
HOME_BLOCK_LIMIT = 100
HEADER_LIMIT = 150
FIELD_LIMIT = 2000  # characters per section field
FIELDS_PER_SECTION = 10
BUTTONS_PER_ACTIONS = 25
BUTTON_TEXT_LIMIT = 75
BUTTON_VALUE_LIMIT = 2000
BAR_CELLS = 10


# files.completeUploadExternal's answers that mean "not into this conversation" (not a failure of Slack).
_UNAVAILABLE = frozenset({"not_in_channel", "channel_not_found", "is_archived", "not_allowed"})
# Message metadata carrying a message's retry key, so a resend can find the copy Slack accepted.
RETRY_EVENT = "yui_message"
_HISTORY_LIMIT = 200  # recent messages searched for an earlier copy (a resend comes minutes later)


def retry_handlers() -> list[AsyncRetryHandler]:
    """429 (honouring Retry-After), 5xx and dropped connections are retried by slack_sdk itself."""
    return [
        AsyncConnectionErrorRetryHandler(max_retry_count=2),
        AsyncRateLimitErrorRetryHandler(max_retry_count=3),
        AsyncServerErrorRetryHandler(max_retry_count=2),
    ]


def text_blocks(text: str) -> list[Block]:
    """Split long text at line breaks into sections that respect Block Kit's limits."""
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > SECTION_LIMIT:
            if current:
                chunks.append(current)
                current = ""
            chunks.append(line[:SECTION_LIMIT])
            line = line[SECTION_LIMIT:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > SECTION_LIMIT:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current:
        chunks.append(current)
    return [SectionBlock(text=MarkdownTextObject(text=c)) for c in chunks[:MESSAGE_BLOCK_LIMIT] if c.strip()]


def message_blocks(message: OutgoingMessage, *, limit: int = MESSAGE_BLOCK_LIMIT) -> list[Block]:
    """A card as Block Kit: header, lead text, fields (two columns), note, buttons; then its cards."""
    blocks: list[Block] = []
    if message.header:
        blocks.append(HeaderBlock(text=PlainTextObject(text=_cut(message.header, HEADER_LIMIT))))
    blocks.extend(text_blocks(message.text))
    blocks.extend(_field_sections(message.fields))
    if message.note:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=_cut(message.note, SECTION_LIMIT))]))
    if message.actions:
        blocks.append(_buttons(message.actions))
    if len(blocks) > limit:  # keep the buttons: they are what the person acts on
        return blocks[: limit - 1] + blocks[-1:] if message.actions else blocks[:limit]
    for shown, card in enumerate(message.cards):
        card_blocks = card_blocks_of(card)
        if len(blocks) + len(card_blocks) > limit - 1:  # keep one block to say what did not fit
            left = len(message.cards) - shown
            blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f"… +{left}")]))
            break
        blocks.extend(card_blocks)
    return blocks


def card_blocks_of(card: Card) -> list[Block]:
    """One card: a divider, its title and text, fields, a progress bar, a note and its buttons."""
    title = f"*{card.header}*" if card.header else ""
    lead = "\n".join(part for part in (title, card.text) if part)
    blocks: list[Block] = [DividerBlock()]
    if lead:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=_cut(lead, SECTION_LIMIT))))
    blocks.extend(_field_sections(card.fields))
    context = [text for text in (bar(card.percent) if card.percent is not None else "", card.note) if text]
    if context:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=_cut(t, SECTION_LIMIT)) for t in context]))
    if card.actions:
        blocks.append(_buttons(card.actions))
    return blocks


def bar(percent: int) -> str:
    shown = max(0, min(100, percent))
    filled = round(shown * BAR_CELLS / 100)
    return "▰" * filled + "▱" * (BAR_CELLS - filled) + f" {shown}%"


def _field_sections(fields: Sequence[Field]) -> list[Block]:
    texts = [MarkdownTextObject(text=_cut(f"*{f.label}*\n{f.value}", FIELD_LIMIT)) for f in fields if f.value]
    return [SectionBlock(fields=texts[i : i + FIELDS_PER_SECTION]) for i in range(0, len(texts), FIELDS_PER_SECTION)]


def _buttons(actions: Sequence[Action]) -> ActionsBlock:
    return ActionsBlock(
        elements=[
            ButtonElement(
                text=PlainTextObject(text=_cut(a.label, BUTTON_TEXT_LIMIT)),
                action_id=a.action_id,
                value=a.value[:BUTTON_VALUE_LIMIT],
                style=None if a.style is ActionStyle.DEFAULT else a.style.value,
            )
            for a in actions[:BUTTONS_PER_ACTIONS]
        ]
    )


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def build_client(token: str, base_url: str) -> AsyncWebClient:
    return AsyncWebClient(token=token, base_url=base_url, retry_handlers=retry_handlers())


class SlackNotifier:
    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client

    async def send(self, message: OutgoingMessage) -> SentMessage | None:
        if message.preface:  # Slack messages are free: the preface is a message of its own, first
            await self.send(
                OutgoingMessage(
                    chat=message.chat, text=message.preface, reply=message.reply, ephemeral_to=message.ephemeral_to
                )
            )
            message = replace(message, preface="")
        if message.attachment is not None:
            await self._upload(message, message.attachment)
            return None
        blocks = [b.to_dict() for b in message_blocks(message)]
        fallback = message.text[:3900] or message.header  # notification text; Slack recommends <= 4,000
        if message.reply is not None:
            await self._respond(message.reply.token, fallback, blocks, ephemeral=message.ephemeral_to is not None)
            return None
        if message.ephemeral_to is not None:
            await self._client.chat_postEphemeral(
                channel=message.chat.channel_id, user=message.ephemeral_to.user_id, text=fallback, blocks=blocks
            )
            return None
        metadata = None
        if message.retry_key:  # Slack has no retry key: the key travels with the message instead
            metadata = {"event_type": RETRY_EVENT, "event_payload": {"key": message.retry_key}}
            if message.resend and (earlier := await self._find_sent(message.chat, message.retry_key)):
                return earlier
        try:
            response = await self._client.chat_postMessage(
                channel=message.chat.channel_id,
                thread_ts=message.chat.thread_id,
                text=fallback,
                blocks=blocks,
                metadata=metadata,
            )
        except SlackApiError as exc:  # not in that channel, or it is gone: the handler decides
            error = str(exc.response.get("error", ""))
            if error in _UNAVAILABLE:
                raise ChatUnavailable(error) from exc
            raise
        # A message sent to a user id lands in the app's DM (D…): keep the conversation Slack
        # names, which is what thread replies and chat.update of that message need.
        channel = str(response.get("channel") or message.chat.channel_id)
        return SentMessage(replace(message.chat, channel_id=channel), str(response["ts"]))

    async def _find_sent(self, chat: ChatRef, key: str) -> SentMessage | None:
        """The message an earlier attempt posted with `key` in its metadata, if Slack has it: a run
        that died after Slack accepted a digest and before it was stored as sent must not post it
        twice. Without the history scope (or any error) it is posted again: twice rather than never."""
        channel = chat.channel_id
        try:
            if channel[:1] in ("U", "W"):  # sent to a user id: the history is the DM's (D…)
                opened = await self._client.conversations_open(users=channel)
                channel = str(opened["channel"]["id"])
            if chat.thread_id:
                response = await self._client.conversations_replies(
                    channel=channel, ts=chat.thread_id, include_all_metadata=True, limit=_HISTORY_LIMIT
                )
            else:
                response = await self._client.conversations_history(
                    channel=channel, include_all_metadata=True, limit=_HISTORY_LIMIT
                )
        except SlackApiError as exc:
            log.warning("slack.resend_unchecked", channel=channel, error=exc.response.get("error"))
            return None
        for item in response.get("messages") or []:
            metadata = item.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if metadata.get("event_type") == RETRY_EVENT and payload.get("key") == key:
                return SentMessage(replace(chat, channel_id=channel), str(item["ts"]))
        return None

    async def update(self, ref: SentMessage, message: OutgoingMessage) -> None:
        blocks = [b.to_dict() for b in message_blocks(message)]
        await self._client.chat_update(
            channel=ref.chat.channel_id, ts=ref.message_id, text=message.text[:3900] or message.header, blocks=blocks
        )

    async def publish_home(self, person: PersonRef, message: OutgoingMessage) -> None:
        view = View(type="home", blocks=message_blocks(message, limit=HOME_BLOCK_LIMIT))
        await self._client.views_publish(user_id=person.user_id, view=view)

    async def _upload(self, message: OutgoingMessage, file: Attachment) -> None:
        """files_upload_v2: files.getUploadURLExternal, the upload, files.completeUploadExternal; the
        text is the file's comment. A response_url cannot carry a file, so the reply handle is unused.
        A user id as the chat means their DM with Yui (files need a conversation id: opened first).
        A channel Yui is not in raises `ChatUnavailable`, so the handler can send it elsewhere."""
        channel = message.chat.channel_id
        try:
            if channel[:1] in ("U", "W"):
                opened = await self._client.conversations_open(users=channel)
                channel = str((opened.get("channel") or {}).get("id", channel))
            await self._client.files_upload_v2(
                channel=channel,
                thread_ts=message.chat.thread_id,
                file=file.content,
                filename=file.filename,
                title=file.title,
                initial_comment=message.text[:3900],
            )
        except SlackApiError as exc:
            error = str(exc.response.get("error", ""))
            if error in _UNAVAILABLE:
                log.info("slack.upload_refused", channel=channel, error=error)
                raise ChatUnavailable(error) from exc
            raise

    async def _respond(self, response_url: str, text: str, blocks: list[dict[str, object]], *, ephemeral: bool) -> None:
        webhook = AsyncWebhookClient(response_url, retry_handlers=retry_handlers())
        response = await webhook.send(
            text=text, blocks=blocks, response_type="ephemeral" if ephemeral else "in_channel"
        )
        if response.status_code != 200:
            log.warning("slack.response_url_failed", status=response.status_code, body=response.body[:200])
            raise RuntimeError(f"Slack response_url answered {response.status_code}")


class SlackDirectory:
    """users.info with the locale, so a Slack user is answered in their language."""

    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client

    async def lookup(self, ref: PersonRef) -> PlatformProfile | None:
        try:
            response = await self._client.users_info(user=ref.user_id, include_locale=True)
        except SlackApiError as exc:
            log.warning("slack.users_info_failed", user=ref.user_id, error=exc.response.get("error"))
            return None
        user = response.get("user") or {}
        profile = user.get("profile") or {}
        name = (
            profile.get("display_name") or profile.get("real_name") or user.get("real_name") or user.get("name") or ""
        )
        admin = bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))
        return PlatformProfile(display_name=name, language=user.get("locale"), is_admin=admin)
