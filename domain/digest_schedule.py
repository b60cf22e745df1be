"""When digests are due, and who asked for them (issue 7, delivery). Pure: no I/O.

Recipients:
- every team leader, for each team they lead (an implicit recipient: nothing to subscribe to);
  their time is theirs (`LeaderDigestSetting`, default 18:00 in the person's timezone);
- each Slack channel that subscribed (`ChannelSubscription`): the organisation's active tasks or
  one task, daily at its time (default 18:00) and weekly on Monday morning (default 09:00), in the
  organisation's timezone.

Each digest has a key (recipient, kind, local date): the stored row under that key is what makes
"once per day" hold across restarts, retries and several processes (see `handlers/digest_delivery`).

Catch-up: a daily digest whose time passed while Yui was down is sent as soon as Yui runs again on
the same local day, marked late when it leaves more than `LATE_AFTER` after its time. After
midnight, yesterday's missed digest is still sent until `CATCH_UP_UNTIL` (09:00) the next morning
(or until that day's own digest time, if earlier): a leader reading it over breakfast can still
act on it; later than that, the day's own digest is the useful one and yesterday's is skipped.
A weekly digest is caught up until the end of its Monday.
Daily digests go out on working days (weekdays that are not Japanese public holidays).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.digest import Audience, DigestKind, DigestScope, ScopeKind
from domain.model import new_id
from domain.progress import WorkCalendar
from domain.refs import ChatRef, Locale
from domain.text import kanji_to_int, normalize

DEFAULT_DAILY_AT = time(18, 0)
DEFAULT_WEEKLY_AT = time(9, 0)
CATCH_UP_UNTIL = time(9, 0)
LATE_AFTER = timedelta(minutes=30)
MONDAY = 0


@dataclass(frozen=True, slots=True)
class LeaderDigestSetting:
    """A leader's own digest time (in their timezone), and whether they want it at all."""

    person_id: str
    daily_at: time = DEFAULT_DAILY_AT
    enabled: bool = True


@dataclass(frozen=True, slots=True)
class ChannelSubscription:
    """A client channel that asked for digests (`/yui digest subscribe`)."""

    chat: ChatRef  # platform, workspace, channel (never a thread)
    organization_id: str
    scope: DigestScope  # ORGANIZATION (its active tasks) or TASK (one task)
    locale: Locale
    subscribed_by: str  # person id
    daily_at: time = DEFAULT_DAILY_AT
    weekly_at: time | None = DEFAULT_WEEKLY_AT
    id: str = field(default_factory=new_id)


@dataclass(frozen=True, slots=True)
class DigestRecipient:
    """Someone (or some channel) who gets digests, resolved to where and when."""

    key: str  # stable: the first part of a digest's unique key
    audience: Audience
    scope: DigestScope
    chat: ChatRef
    daily_at: time
    timezone: str
    locale: Locale
    weekly_at: time | None = None
    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    person_id: str | None = None  # a leader (their LINE pushes are counted per day); None for a channel
    owner_id: str | None = None  # a channel's subscriber: told when the channel refuses the digest


def leader_key(person_id: str, team_id: str) -> str:
    return f"leader:{person_id}:{team_id}"


def channel_key(chat: ChatRef) -> str:
    return f"channel:{chat.platform.value}:{chat.workspace}:{chat.channel_id}"


@dataclass(frozen=True, slots=True)
class DueDigest:
    recipient: DigestRecipient
    kind: DigestKind
    day: date  # the recipient's local date the digest is for (weekly: the Monday it goes out)
    scheduled: datetime  # when it was meant to leave (aware, the recipient's timezone)
    late: bool


def due_digests(recipient: DigestRecipient, now: datetime) -> list[DueDigest]:
    """The digests whose time has come for `recipient` at `now`, sent or not (the store decides)."""
    zone = ZoneInfo(recipient.timezone)
    local = now.astimezone(zone)
    today = local.date()
    due: list[DueDigest] = []
    catch_up_until = min(CATCH_UP_UNTIL, recipient.daily_at)
    for day in (today - timedelta(days=1), today):
        if not recipient.calendar.is_workday(day):
            continue
        scheduled = datetime.combine(day, recipient.daily_at, zone)
        if now < scheduled or (day != today and local.time() >= catch_up_until):
            continue
        due.append(DueDigest(recipient, DigestKind.DAILY, day, scheduled, now - scheduled > LATE_AFTER))
    if recipient.weekly_at is not None and today.weekday() == MONDAY:
        scheduled = datetime.combine(today, recipient.weekly_at, zone)
        if now >= scheduled:
            due.append(DueDigest(recipient, DigestKind.WEEKLY, today, scheduled, now - scheduled > LATE_AFTER))
    return due


# --- what people type ---------------------------------------------------------------------------

_KANJI = re.compile(r"[〇零一二三四五六七八九十]+")
_CLOCK = re.compile(
    r"^(?:(?P<pm>午後|夜|夕方|pm)|(?P<am>午前|朝|am))?\s*(?P<hour>\d{1,2})\s*"
    r"(?:(?::|時)\s*(?P<minute>\d{1,2}|半)?\s*(?:分)?)?\s*(?:(?P<pm2>pm|p\.m\.)|(?P<am2>am|a\.m\.))?\s*(?:に(?:して)?|で|から)?$",
    re.IGNORECASE,
)


class BadTime(ValueError):
    """A time was meant but is not one (25時, 18:75)."""


def parse_clock(text: str) -> time | None:
    """「19:00」「19時」「１９時半」「十九時」「午後7時」「7pm」 → a time of day; None when the text is not
    a time at all; raises BadTime when it is meant as one but cannot be (25時, 18:99)."""
    words = _KANJI.sub(lambda m: str(kanji_to_int(m.group(0))), normalize(text).strip())
    found = _CLOCK.match(words)
    if found is None:
        return None
    hour = int(found.group("hour"))
    raw_minute = found.group("minute")
    minute = 30 if raw_minute == "半" else int(raw_minute) if raw_minute else 0
    if (found.group("pm") or found.group("pm2")) and hour < 12:
        hour += 12
    if (found.group("am") or found.group("am2")) and hour == 12:
        hour = 0
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise BadTime(text)
    return time(hour, minute)


def format_clock(value: time) -> str:
    return f"{value.hour}:{value.minute:02d}"


class DigestAction(enum.StrEnum):
    SHOW = "show"  # now, on demand (not stored as the daily one)
    SUBSCRIBE = "subscribe"
    UNSUBSCRIBE = "unsubscribe"
    TIME = "time"  # change my (or this channel's) daily time
    STOP = "stop"  # a leader who wants no daily digest
    RESUME = "resume"
    WEEKLY = "weekly"  # a channel's Monday digest: its time (`at`), or off (`at` None)
    SETTINGS = "settings"  # what is set, where


@dataclass(frozen=True, slots=True)
class DigestArgs:
    """What `/yui digest …` or a leader's 「まとめ …」 asks for."""

    action: DigestAction
    target: str = ""  # SHOW: "team", a task word, or "" (whatever fits the person); SUBSCRIBE: a task word
    at: time | None = None
    bad_time: str = ""  # the words that were meant as a time and are not one


_SUBSCRIBE = {"subscribe", "購読", "登録", "配信", "on"}
_UNSUBSCRIBE = {"unsubscribe", "購読解除", "解除", "配信停止", "off"}
_TIME = {"time", "時間", "時刻", "at"}
_STOP = {"stop", "停止", "止めて", "とめて", "オフ", "いらない", "不要"}
_RESUME = {"resume", "再開", "オン", "start"}
_TEAM = {"team", "チーム"}
_WEEKLY = {"weekly", "週次", "週報", "毎週"}
_SETTINGS = {"settings", "setting", "設定", "確認"}


def parse_digest_args(rest: str) -> DigestArgs:
    """The words after `/yui digest` (or after 「まとめ」): show [team|task], subscribe [time] [task],
    unsubscribe, time HH:MM (a bare time also sets it), stop, resume."""
    words = normalize(rest).strip().rstrip("。.!！")
    head, _, tail = words.partition(" ")
    lowered = head.lower()
    if not words:
        return DigestArgs(DigestAction.SHOW)
    if lowered in _SETTINGS:
        return DigestArgs(DigestAction.SETTINGS)
    if lowered in _WEEKLY:  # `weekly 10:00`, `weekly off`
        if tail.lower() in _STOP | _UNSUBSCRIBE:
            return DigestArgs(DigestAction.WEEKLY)
        try:
            weekly = parse_clock(tail)
        except BadTime:
            weekly = None
        return (
            DigestArgs(DigestAction.WEEKLY, at=weekly)
            if weekly
            else DigestArgs(DigestAction.WEEKLY, bad_time=tail or "?")
        )
    if lowered in _SUBSCRIBE:
        at, bad, task = _leading_time(tail)
        return DigestArgs(DigestAction.SUBSCRIBE, target=task, at=at, bad_time=bad)
    if lowered in _UNSUBSCRIBE:
        return DigestArgs(DigestAction.UNSUBSCRIBE)
    if lowered in _STOP:
        return DigestArgs(DigestAction.STOP)
    if lowered in _RESUME:
        return DigestArgs(DigestAction.RESUME)
    if lowered in _TIME:  # `time 19`, `time 19:30`, `時間 午後7時`: here a bare hour is meant as one
        try:
            at = parse_clock(tail)
        except BadTime:
            at = None
        return DigestArgs(DigestAction.TIME, at=at) if at else DigestArgs(DigestAction.TIME, bad_time=tail or "?")
    if _LOOKS_LIKE_TIME.search(words):  # 「まとめ 19時」: a bare time sets it (a bare 「5」 is no time)
        try:
            at = parse_clock(words)
        except BadTime:
            return DigestArgs(DigestAction.TIME, bad_time=words)
        if at is not None:
            return DigestArgs(DigestAction.TIME, at=at)
    if lowered in _TEAM:
        return DigestArgs(DigestAction.SHOW, target="team")
    return DigestArgs(DigestAction.SHOW, target=words)


_LOOKS_LIKE_TIME = re.compile(r"[:：時]|\d\s*(?:am|pm|a\.m\.|p\.m\.)|午前|午後", re.IGNORECASE)


def _leading_time(text: str) -> tuple[time | None, str, str]:
    """(time, words meant as a bad time, the rest) from 「19:00 請求書」, 「午後 7時 請求書」 …"""
    tokens = text.split(" ") if text else []
    for count in (2, 1):  # 「午後 7時」 is two tokens
        if len(tokens) < count:
            continue
        head = " ".join(tokens[:count])
        if not _LOOKS_LIKE_TIME.search(head):  # 「subscribe 2024年度 請求書」: a task, not a time
            continue
        try:
            at = parse_clock(head)
        except BadTime:
            return None, head, " ".join(tokens[count:])
        if at is not None:
            return at, "", " ".join(tokens[count:])
    return None, "", text


_LINE_DIGEST = re.compile(r"^(?:まとめ|ダイジェスト|digest|summary)(?:\s*(?:を|は))?\s*(?P<rest>.*)$", re.IGNORECASE)
_LINE_SHOW_POLITE = re.compile(r"^(?:見せて|みせて|ください|下さい|お願い(?:します)?|教えて|送って)$")


def parse_line_digest(text: str) -> DigestArgs | None:
    """A leader in LINE: 「まとめ」 (now), 「まとめ 駒ヶ根チーム」/「駒ヶ根チームのまとめ」 (that team's now),
    「まとめ 19時」 (daily time), 「まとめ 停止」/「まとめ 再開」. None: the message is not about digests."""
    words = normalize(text).strip().rstrip("。.!！?？")
    named = _LINE_TEAM_FIRST.match(words)
    if named is not None and (not named.group("rest") or _LINE_SHOW_POLITE.match(named.group("rest"))):
        return DigestArgs(DigestAction.SHOW, target=named.group("team"))
    found = _LINE_DIGEST.match(words)
    if found is None:
        return None
    rest = found.group("rest").strip()
    if _LINE_SHOW_POLITE.match(rest):
        rest = ""
    rest = re.sub(r"(?:に(?:して)?|で|へ)(?:ください|お願いします)?$", "", rest)
    args = parse_digest_args(rest)
    if args.action is DigestAction.SHOW and args.target and not names_a_team(args.target):
        return None  # 「まとめて送ります」 and the like: a sentence that merely starts with the word
    return args


def names_a_team(target: str) -> bool:
    """「チーム」, or a team's name as leaders write it (「駒ヶ根チーム」, 「第2班」, "Komagane team").
    Only names that say they are a team: in LINE any other word after 「まとめ」 is a sentence."""
    return _NAMED_TEAM.search(normalize(target)) is not None


_NAMED_TEAM = re.compile(r"(?:チーム|班|team)$", re.IGNORECASE)
# 「駒ヶ根チームのまとめ」, 「駒ヶ根チームのまとめを見せて」: the team's name before the word
_LINE_TEAM_FIRST = re.compile(
    r"^(?P<team>\S+?(?:チーム|班|team))\s*の?\s*(?:まとめ|ダイジェスト|digest|summary)(?:\s*を)?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)


def scope_for_subscription(organization_id: str, task_id: str | None) -> DigestScope:
    if task_id:  # a task is only ever looked up inside its organisation
        return DigestScope(ScopeKind.TASK, task_id, organization_id)
    return DigestScope(ScopeKind.ORGANIZATION, organization_id, organization_id)


# --- what was delivered ---------------------------------------------------------------------------


class DigestStatus(enum.StrEnum):
    CLAIMED = "claimed"  # a run took it and is composing / sending it
    SENT = "sent"
    FAILED = "failed"  # the last attempt failed; the next run tries again (up to MAX_ATTEMPTS)


MAX_ATTEMPTS = 5
STALE_CLAIM = timedelta(minutes=10)  # a claim this old belongs to a run that died: take it again


@dataclass(frozen=True, slots=True)
class DigestKey:
    recipient: str
    kind: DigestKind
    day: date


@dataclass(frozen=True, slots=True)
class StoredDigest:
    """A digest as delivered (or being delivered): the row under its unique key."""

    key: DigestKey
    audience: Audience
    scope: DigestScope
    chat: ChatRef
    status: DigestStatus
    claimed_at: datetime
    attempts: int = 1
    late: bool = False
    facts: dict[str, object] = field(default_factory=dict)  # domain.digest.digest_to_json
    narrative: str = ""
    source: str = ""  # NarrativeSource value
    text: str = ""  # the digest as plain text (what `yui digest show` prints)
    sent_at: datetime | None = None
    message_id: str = ""  # Slack ts of the summary (its thread holds the details)
    pushes: int = 0  # LINE pushes it cost
    error: str = ""
