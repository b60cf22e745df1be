"""Offline task drafts: what a client's sentence says about a task (案件), read by rules.

Without an LLM (and whenever the LLM fails) Yui still has to turn 「来週金曜までに請求書200件のデータ入力を
お願いしたいです。Excelが使える方」 into a draft the client can confirm. The rules only take what the
text says: whatever required field they cannot find is listed in `missing`, so the bot asks for it
instead of guessing.

Choices worth knowing:

- Units are Japanese counters (件, 枚, 時間 ...) whatever the language, so that a task registered in
  English and a progress report in Japanese count the same thing. English nouns map onto them:
  "200 invoices" → 200 件 (the noun stays in the title), "30 pages" → 30 ページ, "10 hours" → 10 時間.
- 名 / 人 are a volume only as 「300名分」 (a roster of 300 people); 「3名募集」 is a head count.
- 1.5時間 becomes 90 分: volumes are whole numbers.
- A rate (単価30円/件, 時給1,200円, 1件30円, ¥1,200 per hour) is never the budget; 単価 without its
  own unit takes the volume's unit.
- 定期 without 毎週/毎月 is read as monthly, the usual cycle of recurring BPO work (月次の締め).
  Daily work (毎日) stays ONE_OFF: `Recurrence` has no daily cycle yet.
- The team shape is only set when the text says it: team and individual both said (個人でもチームでも)
  leave it None.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from domain.jpdates import choose_deadline, find_dates
from domain.model import Recurrence, TeamShape, Volume
from domain.skills import find_skills, map_skills
from domain.text import normalize
from domain.units import ANY_UNIT_RE as _ANY_UNIT_RE
from domain.units import DIGITS as _DIGITS
from domain.units import DIGITS_START as _DIGITS_START
from domain.units import EN_MULTIWORD as _EN_MULTIWORD
from domain.units import EN_UNIT_RE as _EN_UNIT_RE
from domain.units import EN_UNITS as _EN_UNITS
from domain.units import JA_UNIT_RE as _JA_UNIT_RE
from domain.units import KANJI_NUM as _KANJI_NUM
from domain.units import KANJI_NUM_START as _KANJI_NUM_START
from domain.units import read_number as _number
from domain.units import unit_of as _unit_of

TITLE_MAX = 40
REQUIRED = ("title", "volume", "deadline")


@dataclass(frozen=True, slots=True)
class TaskDraft:
    """A task as far as the text describes it. `missing` names required fields to ask for."""

    title: str
    description: str
    volume: Volume | None
    deadline: date | None
    skills: frozenset[str]
    recurrence: Recurrence
    shape: TeamShape | None
    budget_yen: int | None
    rate_yen: int | None
    rate_unit: str | None
    missing: tuple[str, ...]


Span = tuple[int, int]

# --- numbers and money ----------------------------------------------------------------------------

# Numbers and units live in domain.units (shared with the progress-report parser).
_AMOUNT = _DIGITS_START + r"(?:\s*万(?:\s*\d+\s*千?)?|\s*千|\s*k(?![a-z]))?|" + _KANJI_NUM_START
_MONEY = re.compile(
    r"¥\s*(?P<a>" + _AMOUNT + r")(?:\s*(?:円|yen))?|(?P<b>" + _AMOUNT + r")"
    r"\s*(?:円|yen|jpy)(?![a-z])",
    re.IGNORECASE,
)


def _whole(value: Decimal | None) -> int | None:
    return int(value) if value is not None and value == value.to_integral_value() and value > 0 else None


# --- volume ---------------------------------------------------------------------------------------

_VOLUME_JA = re.compile(
    r"(?P<prefix>(?:約|およそ|ざっと|だいたい|大体|最大|合計|計|全|総|~|〜)\s*)?"
    r"(?<!第)(?P<num>(?<![/])"
    + _DIGITS_START
    + r"(?:\s*[万千])?|"
    + _KANJI_NUM_START
    + r")\s*(?P<unit>"
    + _JA_UNIT_RE
    + r")"
    r"(?P<tail>(?:分|程度|ほど|くらい|ぐらい|前後|以上|強|弱)*)"
    # 「60分の音声×3本」「100件×5日間」: a repeated batch is multiplied out
    r"(?:\s*(?:の[^\s×*]{1,8}?)?\s*[×xX*]\s*(?P<times>\d{1,3})\s*(?:本|件|回|日間?|名|人|枚|個|ファイル|セット))?"
)
_VOLUME_EN = re.compile(
    r"(?<![\w.,/])(?P<prefix>(?:about|around|approximately|approx\.?|roughly|some|~)\s*)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+|-)"
    r"(?:(?!(?:of|the|and|or|by|per|each|an?|in|to|for|from)\s)[a-z][a-z'-]*\s+){0,2}"
    r"(?P<unit>" + _EN_UNIT_RE + r")(?![a-z])(?P<of>\s+of\s+)?",
    re.IGNORECASE,
)
_VOLUME_LABEL = re.compile(
    r"(?:件数|数量|作業量|ボリューム|総数|量|volume|quantity|amount)\s*[:：は]?\s*$", re.IGNORECASE
)
_PER_UNIT_AFTER = re.compile(r"\s*(?:あたり|当たり|につき|ごと|毎|単価)")
# 「1件あたり5分」 is a pace and "in 3 hours" a deadline, not an amount of work.
_PER_UNIT_BEFORE = re.compile(r"(?:あたり|当たり|につき|per|each|in|within)\s*$", re.IGNORECASE)
_NOT_A_COUNT_AFTER = {
    "時間": re.compile(r"以内|後|前|対応|体制|営業|ごと|おき|稼働"),
    "本": re.compile(r"[化日当来社部人番]"),
    "通": re.compile(r"り"),
    "部": re.compile(r"[分署門長]"),
    "分": re.compile(r"の\s*\d|以内|後|前"),
}
# 「1件あたり5分程度」「1件30円」: a per-unit figure, cut out of titles
_PER_UNIT_PHRASE = re.compile(
    r"(?:1|一)\s*(?:"
    + _JA_UNIT_RE
    + r")\s*(?:あたり|当たり|につき|ごと)\s*(?:約)?\s*(?:"
    + _DIGITS
    + r"\s*(?:"
    + _JA_UNIT_RE
    + r"|円))?(?:程度|ほど|くらい|前後)?"
)
_DAILY_HOURS_BEFORE = re.compile(r"(?:1日|一日|毎日|日に|1日あたり)\s*(?:約)?\s*$")


@dataclass(frozen=True, slots=True)
class _VolumeHit:
    volume: Volume
    span: Span  # the whole expression, masked out of the title
    title_span: Span  # the part a title drops: 「約200件」 or "10 hours of " (keeps "invoices" in "200 invoices")
    labelled: bool


def _volumes(flat: str, blocked: list[Span], money: list[Span]) -> list[_VolumeHit]:
    """Every amount of work in the text, the labelled one (件数：200件) first, then left to right."""
    hits: list[_VolumeHit] = []
    for match in _VOLUME_JA.finditer(flat):
        hit = _ja_volume(flat, match, blocked, money)
        if hit:
            hits.append(hit)
    for match in _VOLUME_EN.finditer(flat):
        hit = _en_volume(flat, match, blocked, money)
        if hit:
            hits.append(hit)
    return sorted(hits, key=lambda h: (not h.labelled, h.span[0]))


def _ja_volume(flat: str, m: re.Match[str], blocked: list[Span], money: list[Span]) -> _VolumeHit | None:
    unit, num, tail = m.group("unit"), m.group("num"), m.group("tail")
    after, before = flat[m.end("unit") :], flat[: m.start()]
    kanji = bool(re.fullmatch(_KANJI_NUM, num))
    if (
        (kanji and (num == "一" or unit == "分"))  # 一件だけ / 十分 (enough)
        or (unit in ("名", "人") and not tail.startswith("分"))  # a head count, not a roster
        or (unit in _NOT_A_COUNT_AFTER and _NOT_A_COUNT_AFTER[unit].match(after))
        or (unit == "分" and flat[max(0, m.start("num") - 1) : m.start("num")] in ("時", ":"))
        or (unit == "時間" and _DAILY_HOURS_BEFORE.search(before))
        or _is_rate_context(flat, m.end(), before, money, _number(num))
        or _overlaps((m.start("num"), m.end("unit")), blocked)
    ):
        return None
    count = _number(num)
    if count is not None and m.group("times"):
        count *= int(m.group("times"))
    volume = _make_volume(count, unit)
    if volume is None:
        return None
    span = (m.start(), m.end())
    return _VolumeHit(volume, span, span, bool(_VOLUME_LABEL.search(before)))


def _en_volume(flat: str, m: re.Match[str], blocked: list[Span], money: list[Span]) -> _VolumeHit | None:
    before = flat[: m.start()]
    if _is_rate_context(flat, m.end("unit"), before, money, _number(m.group("num"))) or _overlaps(
        (m.start("num"), m.end("unit")), blocked
    ):
        return None
    words = flat[m.start("num") : m.end("unit")].lower()
    unit = next((_EN_UNITS[n] for n in _EN_MULTIWORD if words.endswith(" " + n)), _unit_of(m.group("unit")))
    volume = _make_volume(_number(m.group("num")), unit)
    if volume is None:
        return None
    # "10 hours of interviews" drops the measure; "200 invoices" keeps the noun for the title.
    hyphenated = flat[m.end("num") : m.end("num") + 1] == "-"  # "a 30-page manual": page is no noun here
    title_end = m.end() if m.group("of") else m.end("unit") if hyphenated else m.end("num")
    while title_end < len(flat) and flat[title_end] in " -":
        title_end += 1
    return _VolumeHit(volume, (m.start(), m.end("unit")), (m.start(), title_end), bool(_VOLUME_LABEL.search(before)))


def _make_volume(value: Decimal | None, unit: str) -> Volume | None:
    if value is not None and unit == "時間" and value != value.to_integral_value():
        value, unit = value * 60, "分"  # 1.5時間 → 90分
    amount = _whole(value)
    return Volume(amount, _unit_of(unit)) if amount else None


def _is_rate_context(flat: str, end: int, before: str, money: list[Span], count: Decimal | None) -> bool:
    """「1件あたり」「1件30円」「1件あたり5分」: a per-unit figure, not the amount of work."""
    if _PER_UNIT_AFTER.match(flat, end) or _PER_UNIT_BEFORE.search(before):
        return True
    if count != 1:
        return False
    rest = end + len(flat[end:]) - len(flat[end:].lstrip(" :：="))
    return any(start == rest for start, _ in money)


def _overlaps(span: Span, spans: Iterable[Span]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


# --- budget and rate ------------------------------------------------------------------------------

_RATE_BEFORE = re.compile(
    r"(?:(?P<hourly>時給|hourly(?:\s+rate)?)|(?P<daily>日給|daily\s+rate)|(?P<unit1>" + _JA_UNIT_RE + r")?\s*単価"
    r"|(?<![\d,.〇一二三四五六七八九十百千])(?:1|一)\s*(?P<unit2>"
    + _ANY_UNIT_RE
    + r")\s*(?:あたり|当たり|につき)?|(?P<unit3>"
    + _JA_UNIT_RE
    + r")\s*(?:あたり|当たり|につき)"
    r"|(?:unit\s+)?rate|per\s+(?P<unit4>" + _EN_UNIT_RE + r"))\s*(?:は|:|：|of|=)?\s*(?:約)?\s*$",
    re.IGNORECASE,
)
_RATE_AFTER = re.compile(
    r"\s*(?:/|per\s|an\s|a\s|each\s|\(\s*)\s*(?:1\s*|一)?(?P<unit>"
    + _ANY_UNIT_RE
    + r"|h\b)(?:\s*(?:あたり|当たり|につき))?",
    re.IGNORECASE,
)
_RATE_LOOKBACK = 16  # characters before an amount searched for 時給 / 単価 / 1件あたり


@dataclass(frozen=True, slots=True)
class _Money:
    budget_yen: int | None
    rate_yen: int | None
    rate_unit: str | None
    spans: list[Span]


def _money(flat: str) -> _Money:
    budget = rate = None
    rate_unit: str | None = None
    rate_found = False
    spans: list[Span] = []
    for match in _MONEY.finditer(flat):
        amount = _whole(_number(match.group("a") or match.group("b")))
        if amount is None:
            continue
        before = flat[max(0, match.start() - _RATE_LOOKBACK) : match.start()]
        unit = _rate_unit(before, flat, match.end())
        if unit is not None:  # a rate; "" when the rate names no unit of its own
            after = _RATE_AFTER.match(flat, match.end())
            spans.append((match.start(), after.end() if after else match.end()))
            if not rate_found:
                rate, rate_unit, rate_found = amount, unit or None, True
            continue
        spans.append((match.start(), match.end()))
        if budget is None:
            budget = amount
    return _Money(budget, rate, rate_unit, spans)


def _rate_unit(before: str, flat: str, end: int) -> str | None:
    """The unit a money amount is paid per ("" for a rate without one), or None when it is not a rate."""
    after = _RATE_AFTER.match(flat, end)
    if after:
        word = after.group("unit")
        return "時間" if word.lower() == "h" else _unit_of(word)
    found = _RATE_BEFORE.search(before)
    if not found:
        return None
    if found.group("hourly"):
        return "時間"
    if found.group("daily"):
        return "日"
    word = found.group("unit1") or found.group("unit2") or found.group("unit3") or found.group("unit4")
    return _unit_of(word) if word else ""


# --- recurrence and shape -------------------------------------------------------------------------

# 週2回, 週10時間, 月1回, 月100件: a count per week or month is a cycle (not 1週間以内, 12月1日, 来月).
_WEEKLY = re.compile(
    r"毎週|週次|隔週|(?<![\d一二三四五六七八九十今来再先毎])週\s*(?:に\s*)?(?:(?:\d+|[一二三四五])\s*回|(?=\d))"
    r"|weekly|every\s+(?:other\s+)?week|each\s+week|per\s+week|a\s+week(?=\W*$|\W*[,.])",
    re.IGNORECASE,
)
_MONTHLY = re.compile(
    r"毎月|月次|(?<![\d一二三四五六七八九十今来再先毎])月\s*(?:に\s*)?(?:(?:\d+|[一二三四五])\s*回|(?=\d)(?!\d{1,2}\s*日))"
    r"|monthly|every\s+month|each\s+month|per\s+month|a\s+month(?=\W*$|\W*[,.])",
    re.IGNORECASE,
)
_RECURRING = re.compile(r"定期(?:的に|的な|的|の)?|継続的に?|recurring|on\s+a\s+regular\s+basis|ongoing", re.IGNORECASE)

_TEAM = re.compile(
    r"チーム(?!リーダー|ワーク|メンバー|内)|複数名|複数人|数名で|(?<!\d)(?:\d+|[二三四五六七八九十])\s*(?:名|人)\s*体制|分担して"
    r"|(?<![a-z])team(?!\s+(?:leader|lead|member|work))(?![a-z])|several\s+people|multiple\s+people",
    re.IGNORECASE,
)
_INDIVIDUAL = re.compile(
    r"(?<!\d)1\s*(?:名|人)(?!分|あたり|につき)|(?<!一人)(?<!ひとり)(?:お)?(?:一人|ひとり)(?!ひとり|一人|あたり|当たり)"
    r"|個人(?!情報|名|宅)|単独|フリーランス"
    r"|one\s+person|an\s+individual|a\s+single\s+person|(?:a|one)\s+freelancer|individually",
    re.IGNORECASE,
)
_SPECIALIST = re.compile(
    r"専門家|専門人材|外部の(?:方|人材|プロ|専門)|副業(?:人材|の(?:方|人材|プロ|専門家))|プロ人材"
    r"|specialist|expert|outside\s+professional",
    re.IGNORECASE,
)
_HYBRID = re.compile(r"ハイブリッド|hybrid", re.IGNORECASE)


def _recurrence(flat: str) -> tuple[Recurrence, list[Span]]:
    weekly, monthly = _WEEKLY.search(flat), _MONTHLY.search(flat)
    spans = [m.span() for pattern in (_WEEKLY, _MONTHLY, _RECURRING) for m in pattern.finditer(flat)]
    if weekly and (not monthly or weekly.start() < monthly.start()):
        return Recurrence.WEEKLY, spans
    if monthly or _RECURRING.search(flat):
        return Recurrence.MONTHLY, spans
    return Recurrence.ONE_OFF, spans


def _shape(flat: str) -> TeamShape | None:
    if _HYBRID.search(flat):
        return TeamShape.HYBRID
    team, individual, specialist = (bool(p.search(flat)) for p in (_TEAM, _INDIVIDUAL, _SPECIALIST))
    if team and specialist:
        return TeamShape.HYBRID
    if team and not individual:
        return TeamShape.TEAM
    if (individual or specialist) and not team:
        return TeamShape.INDIVIDUAL
    return None


# --- title ----------------------------------------------------------------------------------------

_HAS_JAPANESE = re.compile(r"[ぁ-ゖァ-ヺ一-龯々]")
_LABELLED_TITLE = re.compile(
    r"^\s*[・\-*●■◆◇○•]?\s*(?:案件名|件名|タイトル|依頼内容|作業内容|業務内容|内容|作業|業務|title|task|job)\s*[:：]\s*(.+)$",
    re.IGNORECASE,
)
_REQUEST_CUE = re.compile(
    r"して|いただ|頂|ください|下さい|ほしい|欲しい|たい|したく|できま|出来ま|可能|お願い|依頼|募集|発注|委託|外注|任せ|頼"
)
_REQUEST_NOUN = re.compile(
    r"(?:の|を)\s*(?:お願い|ご依頼|依頼|ご相談|相談|募集|発注|外注)|(?:が|も)\s*(?:あります|ございます|発生)|を"
)
_SENTENCE_END = re.compile(r"[。!?\n]")
# Where a noun phrase starts: punctuation, or a particle right after a content word (金曜までに|今回は|チームで).
_PHRASE_BOUNDARY = re.compile(
    r"[。!?\n、,;:：]|(?<=[^\sぁ-ゖ])(?:までに|まで|には|では|からの|から|より|ので|ため|に|で|は|が|も)"
)
_PHRASE_WINDOW = 2 * TITLE_MAX
_PIECE_BOUNDARY = re.compile(_PHRASE_BOUNDARY.pattern + "|を|\\s")  # fields are often space-separated
_CONTENT_CHAR = re.compile(r"[一-龯々ァ-ヺA-Za-z0-9]")
_PERSON_NOUN = re.compile(r"(?:方|人|人材|スタッフ|メンバー|ワーカー|さん|者)\s*$")
# Words that are no title on their own: what is left of 「毎月末締めの」 once the date is cut out.
_STOP_RESIDUE = re.compile(
    r"(?:締め|締|〆|以内|まで|全部|全|合計|計|程度|ほど|くらい|分|毎|弊社|当社|御社|貴社|自社|こちら|以下|下記|上記|今回"
    r"|新規|急募|約)+"
)
_GENERIC = {"作業", "業務", "仕事", "お仕事", "案件", "依頼", "ご依頼", "対応", "件", "もの", "こと", "これ", "それ"}
_MASKED_GROUPS = re.compile(r"\([^()]*\)|【[^】]*】|\[[^\]]*\]|[「」『』\"“”]")
_FIELD_LABEL = re.compile(
    r"^[\s・\-*●■◆◇○•]*(?:件数|数量|作業量|ボリューム|納期|締切|締め切り|期限|期日|予算|単価|報酬|時給|金額|必要スキル|スキル|条件"
    r"|備考|人数|形態|頻度|開始日?|期間|連絡先|deadline|due|budget|volume|quantity|rate|skills?)\s*[:：]",
    re.IGNORECASE,
)
_EDGE = " をにでがもへと、,・-*●■◆◇○•:："
# 「Excelを使える方に」: a verb before the person noun means the を-phrase is the worker's skill.
_WORKER_ADDRESSEE = re.compile(r"[ぁ-ゖ](?<!の)(?:方|人|人材|スタッフ|メンバー|ワーカー)(?:に|へ|で)")
_VERB_STEM = re.compile(r"([一-龯々ァ-ヺーA-Za-z]+)\s*$")
_GREETING = re.compile(
    r"お世話になっ|お疲れ様|おつかれさま|いつもありがとう|はじめまして|初めまして|よろしくお願い|ご相談です|失礼いたします"
)

_EN_LEAD_INS = re.compile(
    r"^(?:(?:hi|hello|hey|dear\s+\w+)[,!]?\s*"
    r"|(?:could|can|would|will)\s+(?:someone|somebody|anyone|you|your\s+team|the\s+team|one\s+of\s+you)\s+"
    r"|(?:we|i)(?:'d|\s+would|'re|\s+are|\s+am|'m)?\s+(?:need|want|like|looking\s+for|would\s+like)\s+"
    r"(?:(?:someone|somebody|a\s+team|a\s+person|help|people)\s*(?:to\s+)?|an?\s+[a-z]+\s+to\s+)?"
    r"|(?:could|can|may)\s+(?:we|i)\s+(?:get|have|request|ask\s+for)\s+(?:a\s+)?(?:quote|estimate|help)?\s*(?:for|with|on)?\s*"
    r"|(?:please|kindly|also)\s+|(?:help\s+(?:us|me)\s+)(?:with\s+)?|looking\s+for\s+(?:someone\s+)?(?:to\s+)?"
    r"|need(?:ed)?\s+(?:someone|somebody|help|a\s+team)?\s*(?:for|to|with)?\s+"
    r"|(?:we|i)\s+have\s+|there\s+(?:is|are)\s+|do\s+|with\s+|our\s+|my\s+|the\s+)",
    re.IGNORECASE,
)
_EN_CLAUSE_END = re.compile(
    r"[?.!,;:(]|\s(?:by|before|until|within|due|no\s+later\s+than|starting|from|for\s+(?:a\s+)?(?:budget|total)"
    r"|for\s+¥|at\s+¥|budget|deadline|please|thanks|thank\s+you|asap|if\s+possible|every|each|per|weekly|monthly"
    r"|with\s+(?:a\s+)?(?:budget|rate)|at\s+(?:a\s+)?rate)(?![a-z])",
    re.IGNORECASE,
)
_EN_PREPOSITION = re.compile(r"\s(?:into|onto|to|for|in|from|with|of|on|at|and|using)\s", re.IGNORECASE)
_EN_POSSESSIVE = re.compile(r"(?<![a-z])(?:our|my|your)\s+", re.IGNORECASE)
_EN_GENERIC = {"do", "it", "this", "that", "work", "task", "job", "something", "some work", "help", "them"}


def _mask(text: str, spans: list[Span]) -> str:
    """`text` with the spans blanked to NUL, so positions stay valid while the noise disappears."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = "\0" * (end - start)
    return "".join(chars)


def _clean_phrase(masked: str) -> str:
    """A noun phrase without its noise: split on の, drop parts that were only dates, counts or filler."""
    parts = []
    for part in masked.split("の"):
        residue = " ".join(part.replace("\0", " ").split()).strip(_EDGE).removesuffix("は").strip(_EDGE)
        if residue and residue not in _GENERIC and not _STOP_RESIDUE.fullmatch(residue):
            parts.append(residue)
    title = "の".join(parts)
    while len(title) > TITLE_MAX and len(parts) > 1:  # drop leading modifiers first: the work is at the end
        parts.pop(0)
        title = "の".join(parts)
    return title[:TITLE_MAX]


def _title_ja(flat: str, lines: list[str], noise: list[Span], volume_spans: list[Span]) -> str:
    """A short name for the work, tried in order: a labelled line, the object of the request, the
    phrase holding a skill or a count. Empty when none names work: the bot then asks."""
    masked = _mask(flat, noise + [m.span() for m in _MASKED_GROUPS.finditer(flat)])
    offset = 0
    for line in lines:  # 1. a labelled line: 件名：アンケート集計
        labelled = _LABELLED_TITLE.match(line)
        if labelled:
            title = _clean_phrase(masked[offset + labelled.start(1) : offset + labelled.end(1)])
            if _is_title(title):
                return title
        offset += len(line) + 1
    for marker in _REQUEST_NOUN.finditer(masked):  # 2. the object of the request: 〜をお願い
        title = _requested_work(masked, marker)
        if _is_title(title):
            return title
    # 3. the first clause that names a skill, else one that counts work (「50件の入力」); nothing else is
    #    a title (「見積もりだけ知りたいです」 is not work)
    skilled = [start for start, _, _ in find_skills(flat)]
    counted = [start for start, _ in volume_spans]
    clauses = [
        c
        for c in re.finditer(r"[^。!?\n、]+", masked)
        if not _GREETING.search(flat[c.start() : c.end()]) and not _FIELD_LABEL.match(c.group())
    ]
    ordered = [c for c in clauses if any(c.start() <= s < c.end() for s in skilled)]
    ordered += [c for c in clauses if c not in ordered and any(c.start() <= s < c.end() for s in counted)]
    anchors = skilled + counted
    for clause in ordered:
        # Within the clause, the phrase (between particles, before any request verb) holding the skill or count.
        cue = _REQUEST_CUE.search(masked, clause.start(), clause.end())
        end = cue.start() if cue else clause.end()
        bounds = [(b.start(), b.end()) for b in _PIECE_BOUNDARY.finditer(masked, clause.start(), end)]
        starts = [clause.start()] + [b_end for _, b_end in bounds]
        stops = [b_start for b_start, _ in bounds] + [end]
        for start, stop in zip(starts, stops, strict=True):
            title = _clean_phrase(masked[start:stop])
            if _is_title(title) and any(start <= a < stop for a in anchors):
                return title
    return ""


def _is_title(title: str) -> bool:
    """Some content word (not only kana endings like 「す」), and work rather than a worker."""
    return bool(_CONTENT_CHAR.search(title)) and not _PERSON_NOUN.search(title)


def _requested_work(masked: str, marker: re.Match[str]) -> str:
    """The work a request marker (を / のお願い / があります) refers to: the noun phrase before it,
    plus the work verb after を when the phrase is only the object (「アンケートをExcelに入力」)."""
    sentence_end = _SENTENCE_END.search(masked, marker.end())
    rest_end = sentence_end.start() if sentence_end else len(masked)
    verb = None
    if marker.group() == "を":  # only a request if a request follows in the same sentence ...
        cue = _REQUEST_CUE.search(masked, marker.end(), rest_end)
        between = masked[marker.end() : cue.start() if cue else rest_end].replace("\0", "").rstrip(" 、,")
        # ... or the sentence is a bare work order: 「日報データをスプレッドシートへ転記」
        if not cue and not (_VERB_STEM.search(between) and not _PERSON_NOUN.search(between)):
            return ""
        if _WORKER_ADDRESSEE.search(between):  # 「Excelを使える方にお願い」: Excel is the worker's skill
            return ""
        stem = _VERB_STEM.search(between)
        verb = stem.group(1) if stem else None
    window = max(0, marker.start() - _PHRASE_WINDOW)  # a title is short: look back a bounded distance
    start = max((b.end() for b in _PHRASE_BOUNDARY.finditer(masked, window, marker.start())), default=window)
    phrase = masked[start : marker.start()]
    if _PERSON_NOUN.search(phrase.replace("\0", "")):  # 「Excelが使える方を募集」 names a worker, not work
        return ""
    title = _clean_phrase(phrase)
    if title and verb and verb not in title:
        title = _clean_phrase(f"{title}の{verb}")
    return title


def _title_en(flat: str, noise: list[Span]) -> str:
    """The request's verb phrase without lead-ins, counts and trailing conditions: "Transcribe interviews"."""
    masked = _mask(flat, noise).replace("\0", " ")
    sentences = [s.strip() for s in re.split(r"(?<=[.?!])\s+|\n", masked) if s.strip()]
    skilled = [s for s in sentences if find_skills(s)]  # the sentence naming the work comes first
    for sentence in skilled + [s for s in sentences if s not in skilled]:
        text = " ".join(_EN_POSSESSIVE.sub("", sentence).split())
        previous = None
        while previous != text:
            previous = text
            text = _EN_LEAD_INS.sub("", text).strip()
        end = _EN_CLAUSE_END.search(text)
        title = _shorten_en(" ".join((text[: end.start()] if end else text).split()).strip(" -:"))
        if re.search("[a-z]", title, re.IGNORECASE) and title.lower() not in _EN_GENERIC:
            return title[0].upper() + title[1:]
    return ""


def _shorten_en(title: str) -> str:
    """At most TITLE_MAX characters, cut before a trailing prepositional phrase or at a word."""
    if len(title) <= TITLE_MAX:
        return title
    head = title[: TITLE_MAX + 1]
    cut = list(_EN_PREPOSITION.finditer(head))
    return head[: cut[-1].start()] if cut else head.rsplit(" ", 1)[0]


# --- the draft ------------------------------------------------------------------------------------


def draft_task(text: str, today: date) -> TaskDraft:
    """Read a client's request into a draft; `today` is the client's local date (for 来週金曜, 12/5)."""
    lines = [line for line in (normalize(raw) for raw in text.splitlines()) if line]
    description = "\n".join(lines)
    flat = description  # one string, lines kept: positions below index it
    money = _money(flat)
    mentions = find_dates(flat.replace("\n", " "), today)  # same length: positions still index `flat`
    date_spans = [(m.start, m.end) for m in mentions]
    deadline = choose_deadline(mentions)
    recurrence, recurrence_spans = _recurrence(flat)
    hits = _volumes(flat, date_spans + money.spans, money.spans)
    volume = hits[0].volume if hits else None
    rate_unit = money.rate_unit or (volume.unit if money.rate_yen is not None and volume else None)

    per_unit = [m.span() for m in _PER_UNIT_PHRASE.finditer(flat)]
    noise = date_spans + money.spans + recurrence_spans + per_unit + [h.title_span for h in hits]
    title = (
        _title_ja(flat, lines, noise, [h.span for h in hits]) if _HAS_JAPANESE.search(flat) else _title_en(flat, noise)
    )

    found = {"title": bool(title), "volume": volume is not None, "deadline": bool(deadline and deadline.value)}
    return TaskDraft(
        title=title,
        description=description,
        volume=volume,
        deadline=deadline.value if deadline else None,
        skills=map_skills(flat)[0],
        recurrence=recurrence,
        shape=_shape(flat),
        budget_yen=money.budget_yen,
        rate_yen=money.rate_yen,
        rate_unit=rate_unit,
        missing=tuple(name for name in REQUIRED if not found[name]),
    )
