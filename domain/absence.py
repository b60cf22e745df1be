"""Reading 「明日は子どもの発熱で休みます」: which days someone cannot work, and why.

Dates come from `domain.jpdates` (relative to the writer's local `today`); this module decides the
range and cuts the reason out of what is left. Pure: nothing here reads a clock.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date, timedelta

from domain.jpdates import DateMention, Role, find_dates
from domain.text import kanji_to_int, normalize

# Saying one cannot work: 休みます, お休みします, 休ませてください, 欠勤, 作業できません, can't work, day off.
_ABSENCE_WORDS = re.compile(
    r"休(?:み|ま|む|ん)|欠勤|稼働(?:でき|不可)|作業(?:が)?でき(?:ない|ません)|働け(?:ない|ません)"
    r"|can'?t work|cannot work|won'?t be (?:able to work|working)|day off|days off|off sick|sick day|absent"
    r"|\b(?:i'?m|i am|be|being|i'?ll be) (?:off(?! to\b)|away|unavailable|out sick)\b|\btak(?:e|ing) .{1,20} off\b"
    r"|\bnot (?:be )?available\b|\bwon'?t be (?:available|around)\b|\bon leave\b",
    re.IGNORECASE,
)
# 「今週いっぱい」「来週中」: the whole of that week, up to the day the date names.
_THROUGH = re.compile(r"^\s*(?:いっぱい|一杯|中)")
# The end of a range written as a bare day: 「12月24日から26日まで」 is 26 December.
_DAY_ONLY = re.compile(r"^\d{1,2}\s*日$")
# Two dates side by side: 「明日と明後日」, 「24日、25日」, "Monday and Tuesday".
_AND = re.compile(r"^\s*(?:と|、|,|・|&|and)\s*$", re.IGNORECASE)
_DAYS_LONG = re.compile(r"(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日間|for (\d{1,2}) days", re.IGNORECASE)
# The reason is what comes before 「で休みます」「のため休みます」; English after "because"/"as".
_REASON_JA = re.compile(
    r"^(.+?)(?:のため|ため|なので|ので|により|があって|があり|で)[\sは、,]*(?:お)?(?:休|欠勤|作業|稼働|働)",
    re.IGNORECASE,
)
_REASON_EN = re.compile(r"(?:because(?: of)?|due to|as|since|for(?!\s+\d))\s+(.+)$", re.IGNORECASE)
_LEADING = re.compile(r"^[\s、,。.は:：も]+")
_TRAILING = re.compile(r"[\s、,。.!！]+$")
REASON_LIMIT = 200
MAX_DAYS = 62  # two months: anything longer is a leave the coordinator arranges, not a chat message


@dataclass(frozen=True, slots=True)
class AbsenceNotice:
    """What a message said: the first and last day off (inclusive) and the reason, as written."""

    start: date
    end: date
    reason: str


def says_absent(text: str) -> bool:
    return bool(_ABSENCE_WORDS.search(normalize(text)))


def parse_absence(text: str, today: date, *, require_words: bool = True) -> AbsenceNotice | None:
    """The absence a message reports, or None: not about absence (when `require_words`), or no date.

    「明日は子どもの発熱で休みます」 → tomorrow, 「子どもの発熱」; 「12/1から12/3まで休みます」 → 1–3 Dec;
    「明日から3日間」 → three days from tomorrow; 「来週月曜から水曜まで」 → Monday to Wednesday of that week.
    A range that ends before it starts, or names an impossible date, is None (the person is asked).
    """
    words = normalize(text)
    if require_words and not _ABSENCE_WORDS.search(words):
        return None
    mentions = [m for m in find_dates(words, today)]
    if not mentions or any(m.value is None for m in mentions):
        return None
    first = mentions[0]
    assert first.value is not None
    start = first.value
    end = start
    later = [m for m in mentions[1:] if m.value is not None]
    if later and first.role is Role.START:
        last = later[0].value
        assert last is not None
        if last < start and _DAY_ONLY.match(words[later[0].start : later[0].end]):
            last = _day_after(start, last.day) or last  # 「12月24日から26日まで」: the month is the start's
        while last < start and (start - last).days < 7:  # 「来週月曜から水曜まで」: the Wednesday after
            last += timedelta(days=7)
        end = last
    elif later and _consecutive(words, mentions):  # 「明日と明後日」: one absence over both days
        end = max(m.value for m in mentions if m.value is not None)
    elif len(mentions) == 1 and first.role is Role.DEADLINE and start >= today:  # 「金曜まで休みます」: from today
        start, end = today, start
    elif len(mentions) == 1 and (period := _whole_period(words, first)) is not None and start >= today:
        first_day = start - timedelta(days=start.weekday()) if period == "週" else start.replace(day=1)
        start, end = max(today, first_day), start  # 「今週いっぱい」「12月中」: from the period's first day
    else:
        days = _DAYS_LONG.search(words, first.end)
        if days:
            count = _count(days.group(1) or days.group(2))
            end = start + timedelta(days=max(count, 1) - 1)
    if end < start or (end - start).days >= MAX_DAYS:
        return None
    return AbsenceNotice(start, end, _reason(words, [(m.start, m.end) for m in mentions]))


def _day_after(start: date, day: int) -> date | None:
    """The first `day` of a month on or after `start` (its month, else the next)."""
    for months in (0, 1):
        year, month = divmod(start.month - 1 + months, 12)
        try:
            candidate = date(start.year + year, month + 1, day)
        except ValueError:
            continue
        if candidate >= start:
            return candidate
    return None


def _whole_period(words: str, mention: DateMention) -> str | None:
    """「週」 for 「今週いっぱい」「来週中」, 「月」 for 「12月中」「今月いっぱい」, else None (the date
    parser may or may not count the いっぱい as part of the date)."""
    said = words[mention.start : mention.end]
    if not (re.search(r"いっぱい|一杯|中", said) or _THROUGH.match(words[mention.end :])):
        return None
    if "週" in said:
        return "週"
    return "月" if re.search(r"月(?:いっぱい|一杯|中)?$", said) else None


def _consecutive(words: str, mentions: list[DateMention]) -> bool:
    """Dates listed side by side (only 「と」, 「、」 or "and" between them) that are consecutive days."""
    joined = all(_AND.match(words[a.end : b.start]) for a, b in itertools.pairwise(mentions))
    days = sorted({m.value for m in mentions if m.value is not None})
    return joined and all((b - a).days == 1 for a, b in itertools.pairwise(days))


def _count(token: str) -> int:
    return int(token) if token.isdigit() else kanji_to_int(token)


def _reason(words: str, spans: list[tuple[int, int]]) -> str:
    rest = words
    for start, end in sorted(spans, reverse=True):
        rest = rest[:start] + " " + rest[end:]
    rest = _DAYS_LONG.sub(" ", rest)
    rest = re.sub(r"\s*(?:から|より|まで|~|〜)\s*", " ", rest)
    rest = _LEADING.sub("", rest.strip())
    found = _REASON_JA.search(rest)
    if found:
        reason = found.group(1)
    else:
        english = _REASON_EN.search(rest)
        reason = english.group(1) if english else ""
    reason = _TRAILING.sub("", _LEADING.sub("", reason)).strip()
    return reason[:REASON_LIMIT]


# Words with 休 that announce nothing: 昼休み, 休みの理由, 休み明け, お休み中にすみません, 休まず.
_NOT_AN_ABSENCE = re.compile(
    r"[昼夏冬春連]休み|休憩|休日|休み明け|休まず|休みの(?:理由|日|間|連絡|申請|取り方)|お?休み中|お休みなさい|休みなく|休めて"
    r"|\b(?:took|was|had) (?:\w+ )?off\b|\bday off (?:request|policy)\b",
    re.IGNORECASE,
)
# Said of the past: 「今日は作業できませんでした」 is a zero day, 「休みました」 a day already gone.
_PAST = re.compile(
    r"でした|ました|なかった|いただいた|いただいてい|休んだ|休んで(?:い)?ました|\bcouldn'?t\b|\bwasn'?t\b|\bdidn'?t\b|\btook\b",
    re.IGNORECASE,
)
_SENTENCES = re.compile(r"[^。!?！？\n]+")
_FILLER = re.compile(
    r"^(?:理由\s*[:：]?\s*)?(?:(?:すみません|すいません|申し訳(?:ありません|ございません|ないです)?|恐れ入りますが|急で(?:すみませんが)?"
    r"|ごめんなさい|sorry|apologies)[、,。!！\s]*)+",
    re.IGNORECASE,
)


def announced_absence(text: str, today: date) -> AbsenceNotice | None:
    """The absence a message announces, read only from a sentence that announces one.

    「今日は10件です。明日は用事があるので休みます」 → tomorrow, 「用事」. A report that mentions 休み
    (「休みの理由を書いて」「昼休みに10件」), or a day already gone (「今日は作業できませんでした」, a zero
    day), announces nothing. The reason is cleaned of apologies: 「すみません、祖母の介護で」 → 「祖母の介護」.
    """
    words = normalize(text)
    for sentence in _SENTENCES.findall(words):
        if not _ABSENCE_WORDS.search(_NOT_AN_ABSENCE.sub(" ", sentence)):
            continue
        notice = parse_absence(sentence, today)
        if notice is None:
            continue
        if _PAST.search(sentence) and notice.start <= today:
            continue
        reason = _FILLER.sub("", notice.reason).strip(" 、,。")
        reason = re.sub(r"^(?:理由\s*[:：]\s*)", "", reason)
        reason = re.sub(r"(?:(?:を|が)?(?:ある|あり|入った|入り))$", "", reason).strip()
        return AbsenceNotice(notice.start, notice.end, reason)
    return None
