"""Offline progress reports: what a teleworker's message says about their assignments, read by rules.

「請求書 50件入力しました。取引先コードが無いものが3件あって止まってます」 becomes, for the assignment the
message is about, 50 units done today and one blocker counting 3. The rules only take what the text
says, helped by what the worker is assigned (`AssignmentHint`); whatever they cannot decide is named
in `ParsedReport.ask`, so the bot asks instead of guessing. No I/O, no LLM: the LLM extractor, when
configured, produces the same `ParsedReport` and falls back to this one.

Choices worth knowing (the labelled sets in tests/data follow them):

- Delta vs cumulative. A plain count is today's work (`units_done`). 累計 / 通算 / これまで / so far,
  「120件まで」, 「150/200件」, 「200件中150件」, 達成 and "in total" make it the running total
  (`units_cumulative`); `units_done` is then the total minus what was reported before. 合計 / 計 /
  トータル / total are read as today's sum when they equal the counts before them (「午前10件、午後15件、
  計25件」) or the sentence says 今日, else as the running total. A total below what was already
  reported, or a delta and a total that do not add up, is asked about (`contradiction`), never fixed.
- Done. 全部 / すべて / 全件 / 完了 / 納品 / "all done" mean the whole share is finished, so the running
  total is the share (`target`) and, without a count, today's units are what was left. 「50件完了」 is
  a count, not done-ness; 「今日の分は終わりました」 is neither. 残り0件 is done.
- Ranges (40〜50件, 40-50) are recorded at the lower bound and flagged `approximate`: progress is never
  overstated, and the confirmation shows the number recorded, with the 訂正する quick reply.
- Explicit zero. 「まだ0件」「今日はできませんでした」 "no progress today" are `units_done == 0`, not
  missing. A zero that names no assignment, with several assignments, is zero for each of them.
- Corrections (「昨日の報告、50件じゃなくて45件でした」 / 訂正 / 正しくは / "45, not 50" / "I meant") are
  a separate `Correction` (value, previous value, the date of the corrected report: 昨日 → today − 1,
  さっき → today, none → the latest report), not new work.
- Counts inside a blocker (「取引先コードが無いものが3件」「Nもの/のがN件あります」) are the blocker's
  count, not work done. 「3件でストップ」 is 3 done and a blocker without a count.
- Hours (2時間, 2時間半, 90分, 1.5h, 10時から13時, "2 hours", "90 min") go to the assignment named in
  the same clause, else the only one, else the first item. For an assignment counted in 時間, whole
  hours are also its units done.
- Which assignment: a title word in the same clause (請求書 for 請求書入力, "invoices" for Invoice entry),
  else the unit when only one assignment counts in it, else the one named earlier in the message,
  else the only assignment. Otherwise `assignment_id` is None and `ask` holds "assignment" (and
  "unit" when a bare number could be counted in different units).
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from domain.i18n import CATALOGS, translate
from domain.jpdates import find_dates
from domain.refs import Locale
from domain.text import normalize
from domain.units import EN_UNITS, JA_UNITS, KANJI_NUM, english_numbers_as_digits, read_number, unit_of

PARSER = "rules-v1"
MAX_TEXT = 2000  # longer messages are read up to here; a report is a chat message


class SharedWith(enum.StrEnum):
    """Who hears a report's blockers and questions at once, as the confirmation tells the worker: the
    person's team leaders; the client who asked for the work when the worker has no reachable leader
    (someone must be able to unblock them); nobody when neither can be reached (kept for the record)."""

    LEADER = "leader"
    CLIENT = "client"
    NOBODY = "nobody"


class Ask(enum.StrEnum):
    """What the bot must ask instead of guessing."""

    ASSIGNMENT = "assignment"  # which assignment a number / done / blocker is about
    UNIT = "unit"  # a number without a unit while the assignments count different units
    CONTRADICTION = "contradiction"  # numbers that do not add up with each other or with the past
    HEDGE = "hedge"  # ほぼ / 半分 / 8割 / 40〜50件 / done without today's count: the likely readings, one tap
    EXCEEDS = "exceeds"  # more than the share has left, or a total beyond the share: confirmed before storing


@dataclass(frozen=True, slots=True)
class AssignmentHint:
    """What the worker is currently assigned, as far as reading a report needs it."""

    assignment_id: str
    title: str
    unit: str  # 件, 枚, 本, 記事, 時間 ... (see domain.units)
    target: int | None = None  # the worker's share, in units
    reported: int = 0  # units reported so far
    keywords: tuple[str, ...] = ()  # extra words that name it (synonyms the title lacks)


@dataclass(frozen=True, slots=True)
class Blocker:
    text: str
    count: int | None = None
    unit: str | None = None  # the counter the blocker was written with (申込書が3枚), when not the assignment's


@dataclass(frozen=True, slots=True)
class Plan:
    on: date | None
    units: int | None = None


@dataclass(frozen=True, slots=True)
class ReportItem:
    assignment_id: str | None
    units_done: int | None = None  # today's delta; 0 is an explicit "nothing today"
    units_cumulative: int | None = None
    remaining: int | None = None
    hours: float | None = None
    done: bool = False
    blockers: tuple[Blocker, ...] = ()
    questions: tuple[str, ...] = ()
    plan: Plan | None = None
    approximate: bool = False  # a range or 約: the lower bound was recorded


@dataclass(frozen=True, slots=True)
class Correction:
    value: int
    previous: int | None = None
    report_date: date | None = None  # None: the latest report
    assignment_id: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedReport:
    text: str
    items: tuple[ReportItem, ...]
    correction: Correction | None = None
    confidence: float = 0.0
    ask: tuple[str, ...] = ()
    parser: str = PARSER

    def item(self, assignment_id: str | None) -> ReportItem | None:
        return next((i for i in self.items if i.assignment_id == assignment_id), None)


# --- text preparation -----------------------------------------------------------------------------

_TYPOS = (
    (re.compile(r"(\d)\s*(?:けん|ケン)"), r"\1件"),
    (re.compile(r"(\d)\s*まい(?![にご])"), r"\1枚"),
    (re.compile(r"(\d)\s*ほん(?!と)"), r"\1本"),
    (re.compile(r"おわ(?=[りっるらろれ])"), "終わ"),
    (re.compile(r"かんりょう"), "完了"),
    (re.compile(r"ぜんぶ"), "全部"),
    (re.compile(r"すべて"), "全て"),
    (re.compile(r"きょう(?=[はもの、,]|\d|$)"), "今日"),
    (re.compile(r"あした"), "明日"),
    (re.compile(r"のこり"), "残り"),
    (re.compile(r"るいけい"), "累計"),
    (re.compile(r"[\u200d\ufe0f\ufe0e]"), ""),  # emoji joiners and variation selectors
    (re.compile(r"(?<=\d)\s*[-~〜～ー―−–—]\s*(?=\d)"), "〜"),
    (re.compile(r"\bbetween (\d+) and (\d+)", re.IGNORECASE), r"\1〜\2"),
)


def _is_symbol(ch: str) -> bool:
    return ord(ch) > 0x2000 and unicodedata.category(ch) in ("So", "Sk", "Cn", "Co")


def _prepare(text: str) -> str:
    lines = (normalize(line) for line in english_numbers_as_digits(text[:MAX_TEXT]).splitlines())
    flat = "\n".join(line for line in lines if line).replace("...", "…")  # a line break ends a sentence
    for pattern, repl in _TYPOS:
        flat = pattern.sub(repl, flat)
    # pictographs end a clause (「50件やりました📝取引先コード無しが3件」)
    return "".join("。" if _is_symbol(ch) else ch for ch in flat)


Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class _Piece:
    start: int
    end: int
    sentence: int


_SENTENCE = re.compile(r"[^。!?\n…]+[。!?…]*")
_CLAUSE_SPLIT = re.compile(
    r"[、;]|,(?!\d{3}(?!\d))|(?<=ました)(?!か)|(?<=ます)(?![かがけ])|(?<=です)(?![かがけ])|(?<=けど)|(?<=けれど)|"
    r"(?<=ので)|(?<=\d件)\s|\s(?=but\s)|\s(?=so\s+(?!far))|\s(?=and\s)|(?<=[a-z])\.(?=\s)"
    r"|(?<=済み)|(?<=済)\s|(?<=[a-z]:)|(?<=[件枚本])\s(?=[^\d\s])",
    re.IGNORECASE,
)


def _pieces(flat: str) -> tuple[list[_Piece], list[_Piece]]:
    sentences: list[_Piece] = []
    clauses: list[_Piece] = []
    for index, s in enumerate(_SENTENCE.finditer(flat)):
        sentences.append(_Piece(s.start(), s.end(), index))
        cut = s.start()
        for m in _CLAUSE_SPLIT.finditer(flat, s.start(), s.end()):
            if m.start() > cut:
                clauses.append(_Piece(cut, m.start(), index))
            cut = max(cut, m.end())
        if s.end() > cut:
            clauses.append(_Piece(cut, s.end(), index))
    return sentences, clauses


def _piece_at(pieces: Sequence[_Piece], pos: int) -> _Piece:
    for piece in pieces:
        if piece.start <= pos < piece.end:
            return piece
    return pieces[-1] if pieces else _Piece(0, 0, 0)


# --- assignments ----------------------------------------------------------------------------------

_GENERIC_JA = {
    "入力",
    "作成",
    "作業",
    "業務",
    "対応",
    "確認",
    "登録",
    "処理",
    "データ",
    "集計",
    "チェック",
    "スキャン",
    "化",
}
_GENERIC_EN = {"data", "entry", "input", "task", "work", "the", "and", "for", "job", "scanning", "writing"}
_RUN = re.compile(r"[一-龯々]+|[ァ-ヺー]+|[A-Za-z]+")


def _keywords(hint: AssignmentHint) -> list[str]:
    words: set[str] = {normalize(k).lower() for k in hint.keywords if k.strip()}
    for run in _RUN.findall(normalize(hint.title)):
        if run.isascii():
            word = run.lower()
            if len(word) >= 3 and word not in _GENERIC_EN:
                words.add(word[:-1] if len(word) >= 5 else word)  # invoice → invoic(es)
            continue
        if len(run) >= 2 and run not in _GENERIC_JA:
            words.add(run)
        if re.fullmatch(r"[一-龯々]+", run):
            words.update(g for i in range(len(run) - 1) if (g := run[i : i + 2]) not in _GENERIC_JA)
    return sorted(words, key=len, reverse=True)


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    hint: AssignmentHint


def _mentions(flat: str, hints: Sequence[AssignmentHint]) -> list[_Mention]:
    lower = flat.lower()
    found: list[_Mention] = []
    for hint in hints:
        for word in _keywords(hint):
            pattern = (r"(?<![a-z])" + re.escape(word)) if word.isascii() else re.escape(word)
            found.extend(_Mention(m.start(), m.end(), hint) for m in re.finditer(pattern, lower))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[_Mention] = []
    for m in found:
        if kept and m.start < kept[-1].end:
            if m.hint != kept[-1].hint and m.start == kept[-1].start and m.end == kept[-1].end:
                kept.pop()  # a word both titles share names neither
            continue
        kept.append(m)
    return kept


_UNIT_GROUPS = ({"本", "記事"},)


def _compatible(hint_unit: str, unit: str) -> bool:
    a, b = unit_of(hint_unit), unit_of(unit)
    return a == b or any(a in g and b in g for g in _UNIT_GROUPS)


# --- numbers --------------------------------------------------------------------------------------

_NUM = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?|" + KANJI_NUM
_JA_UNIT_ALT = "|".join(u for u in JA_UNITS if u not in ("時間", "分"))
_EN_NOUN_ALT = "|".join(
    sorted((re.escape(n) for n in EN_UNITS if EN_UNITS[n] not in ("時間", "分")), key=len, reverse=True)
)
_COUNT = re.compile(
    r"(?<![\d〇一二三四五六七八九十百千万/#A-Za-z])(?<!\d[,.:])(?P<num>" + _NUM + r")"
    r"(?:\s*(?:〜|から|to)\s*(?P<num2>\d+|" + KANJI_NUM + r"))?"
    r"(?:\s*(?P<ja>" + _JA_UNIT_ALT + r")|\s+(?:[a-z]+\s+)?(?P<en>" + _EN_NOUN_ALT + r")(?![a-z]))?",
    re.IGNORECASE,
)
_NOT_A_COUNT_AFTER = re.compile(r"\s*(?:[年月日時分秒週回歳人名円%つ個号番度点割]|時間|h\b|hrs?\b|hours?\b|min)", re.I)
_HOURS = re.compile(
    r"(?P<clock1>\d{1,2})\s*時\s*(?:から|〜|-)\s*(?P<clock2>\d{1,2})\s*時(?:まで)?"
    r"|(?P<h>" + _NUM + r")\s*時間\s*(?:(?P<hm>\d{1,2})\s*分|(?P<half>半))?"
    r"|(?<![時:\d])(?P<m>\d+|" + KANJI_NUM + r")\s*分(?![のかけ])"
    r"|(?<![A-Za-z0-9.])(?P<eh>\d+(?:\.\d+)?)\s*(?:h|hrs?|hours?)(?![a-z])"
    r"|(?<![A-Za-z0-9.])(?P<em>\d+)\s*(?:mins?|minutes?)(?![a-z])"
    r"|(?P<halfhour>half an hour)|(?P<anhour>(?<![a-z])an hour)",
    re.IGNORECASE,
)
_PER_BEFORE = re.compile(r"(?:あたり|当たり|につき|per|each)\s*$", re.IGNORECASE)


def _int(raw: str | None) -> int | None:
    if raw is None:
        return None
    value = read_number(raw)
    if value is None or value != value.to_integral_value() or value < 0 or value > 10**9:
        return None
    return int(value)


def _hours_of(m: re.Match[str]) -> float | None:
    if m.group("clock1"):
        diff = int(m.group("clock2")) - int(m.group("clock1"))
        return float(diff) if 0 < diff <= 16 else None
    if m.group("h"):
        value = read_number(m.group("h"))
        if value is None:
            return None
        if m.group("hm"):
            value += Decimal(m.group("hm")) / 60
        if m.group("half"):
            value += Decimal("0.5")
        return float(value)
    if m.group("m"):
        value = read_number(m.group("m"))
        return float(value / 60) if value is not None else None
    if m.group("eh"):
        return float(m.group("eh"))
    if m.group("em"):
        return int(m.group("em")) / 60
    return 0.5 if m.group("halfhour") else 1.0


class _Role(enum.Enum):
    DELTA = "delta"
    CUMULATIVE = "cumulative"
    TOTAL = "total"  # 合計 / 計 / total: today's sum or the running total, decided later
    OVERRIDE = "override"  # 実質38件: replaces today's count
    REMAINING = "remaining"
    FINAL = "final"  # 「最後の18件を入力して完了」: today's count, the one that finishes the share
    VAGUE = "vague"  # 「50件は超えた」「千件の大台」: a threshold passed, not a count
    BLOCKER = "blocker"
    STOP = "stop"  # 「3件でストップ」: done, and a blocker without a count


@dataclass(slots=True)
class _Count:
    value: int
    start: int
    end: int
    unit: str | None
    unit_span: Span | None
    approximate: bool
    role: _Role = _Role.DELTA


_REMAINING_BEFORE = re.compile(r"(?:残り|残|あと)(?:の|は|が|:)?\s*$")
_REMAINING_AFTER = re.compile(r"^\s*(?:[a-z]+\s+)?(?:left|remaining|to go)\b", re.IGNORECASE)
_CUMULATIVE_BEFORE = re.compile(
    r"(?:累計|通算|これまで(?:で|に)?(?:合計)?|今まで(?:で|に)?(?:合計)?|全部で|全体で|(?<![前後日])中)(?:で|は|が|:)?\s*$"
)
_CUMULATIVE_AFTER = re.compile(
    r"^(?:目?まで|\s*/\s*\d|\s*(?:達成|突破|になりました|になった|に到達)|\s*(?:[a-z]+\s+)?(?:so far|in total))",
    re.IGNORECASE,
)
_TOTAL_BEFORE = re.compile(r"(?:合計|計|トータル|total)\s*(?:で|は|:)?\s*$", re.IGNORECASE)
_TOTAL_AFTER = re.compile(r"^\s*total\b", re.IGNORECASE)
_OVERRIDE_BEFORE = re.compile(r"(?:実質|結局|正しくは|合わせて)\s*$")
_SKIP_BEFORE = re.compile(r"(?:うち|内|第|(?:目標|ノルマ|予定)(?:は|が|:)?)\s*$")
# A number someone is told to report, or reported speech: 「合計9999件と報告し」, "report a total of 9999".
_NOT_THEIRS_AFTER = re.compile(r"^\s*(?:と|って)\s*(?:報告|記録|入力し|書|言|更新)|^\s*に(?:更新|変更|修正|書き換)")
_NOT_THEIRS_BEFORE = re.compile(
    r"\b(?:report|record|set|update|change|write)\s+(?:(?:a|the|it)\s+)?(?:(?:total|count|number)\s+)?(?:of|to|as)?\s*$",
    re.IGNORECASE,
)
_FINAL_BEFORE = re.compile(r"(?:最後の|ラスト|残りの|\bthe (?:last|remaining|final))\s*$", re.IGNORECASE)
_REST_BEFORE = re.compile(r"残り\s*$")
_WORKED_AFTER = re.compile(r"^\s*(?:を|も)?\s*(?:入力|やっ|やり|終わらせ|仕上げ|片付け|処理|こなし)")
# 「50件は超えた」「千件の大台」, and 「3本目」 (the third one: how many today is not said).
_VAGUE_AFTER = re.compile(r"^\s*(?:目(?!\s*まで))|^\s*(?:目)?\s*(?:の大台|(?:は|を|も)?\s*(?:超え|突破|越え)|以上)")
_TARGET_AFTER = re.compile(r"^\s*中")
_EXISTS_AFTER = re.compile(r"^\s*(?:くらい|ぐらい|ほど|程度)?\s*(?:あり|ある|あった|あって)")
_STOP_AFTER = re.compile(r"^\s*で\s*(?:ストップ|止ま)")
_BLOCKER = re.compile(
    r"止ま(?:って|り|る|った)|ストップ|進められ|進まな|困って|困った|わから(?:ない|なく|ず)|分から(?:ない|なく|ず)"
    r"|不明|読め(?:ない|なく|ず|ません)|読みにく|開け(?:ない|なく|ず|ません)|見つから|(?<!問題)(?<!特に)無し"
    r"|(?:が|の|も|に)\s*(?:無い|ない|無く|なく|なし|ありません)(?!と)|合わ(?:ない|なく|ず)|エラー|不具合"
    r"|動か(?:ない|なく)|ログインでき|アクセスでき|(?<!しか)でき(?:なくて|ず)|保留|確認待ち|待ち(?:です|の状態)|荒くて|不鮮明"
    r"|調子が(?:悪|おかし)|不調|重(?:くて|すぎ|い)|固ま|フリーズ|落ち(?:て|る|た)|壊れ|故障|つなが(?:ら|りま?せ)|繋が(?:ら|りま?せ)"
    r"|不安定|通ら(?:ず|ない|なく)|判読|判別でき|聞き取れ|かすれ|不安|心配|間に合(?:わ|うか)|届いて(?:い)?ない|届かな"
    r"|保存でき|読み取れ(?:ない|ず|ませ)|破れ|\bcrash|\bacting up\b|\bworried\b|\bwon'?t make\b|\boutage\b"
    r"|\baccess denied\b|\bblurry\b|\bfreez"
    r"|\bdown\b(?!\s+to)"
    r"|\bstuck\b|\bblocked\b|\bcan'?t\b|\bcannot\b|\bunable\b|\bmissing\b|\bunreadable\b|\berrors?\b"
    r"|\b(?:with|have|has)\s+no\b|\bwaiting (?:for|on)\b|\bbroken\b|\bnot working\b|\bstopped\b",
    re.IGNORECASE,
)
# 「特になし」「問題ありません」「課題：なし」 "no issues": nothing to tell, so no blocker and no question.
_NOTHING = re.compile(
    r"特に(?:なし|無し|ない|ありません|問題|なく)|問題(?:は)?(?:なし|無し|ありません|ない|なく)|トラブル(?:は)?(?:なし|無し|ありません)"
    r"|(?:課題|困(?:って(?:いる|る)?|った)こと|質問|特記事項|懸念|連絡事項)\s*(?:は|:)?\s*(?:なし|無し|ない|ありません|特に)"
    r"|\bno (?:issues?|problems?|blockers?|questions?)\b|\bnothing to report\b"
    r"|\b(?:issues?|blockers?|problems?|questions?)\s*:\s*(?:none|no|nothing|n/?a)\b",
    re.IGNORECASE,
)
# Progress told as a share, a guess or a part: asked, with the likely readings (never stored as done).
_HEDGE = re.compile(
    r"ほぼ|ほとんど|大体|だいたい|大方|半分|\d+\s*割|[一二三四五六七八九]割|分の\s*[\d一二三四五六七八九]|あと少し|もう少し|もうすぐ"
    r"|途中|(?:目標|ノルマ)(?:は|を)?(?:達成|クリア)|たぶん|多分|数えて(?:い)?な|\d\.\d+\s*(?:本|件|枚|記事)"
    r"|\balmost\b|\bnearly\b|\bhalf(?:way)?\b|\d+\s*%|\bmostly\b|\bmost of\b|\bmaybe\b|\bprobably\b",
    re.IGNORECASE,
)
_GUESS = re.compile(r"たぶん|多分|数えて(?:い)?な|\bmaybe\b|\bprobably\b|\bi think\b|\bi guess\b", re.IGNORECASE)
_PROGRESS = re.compile(
    r"終わ|完了|進|途中|でき|済|達成|クリア|入力|やり|やっ|件|枚|本|記事|\bdone\b|finish|complet|through|there\b|\d",
    re.IGNORECASE,
)
# A part of the day's work said to be finished, without a count: 「今日の分は終わりました」 "the morning batch".
_PORTION = re.compile(
    r"(?:今日|本日|午前|午後|朝|夜|昼)(?:中)?の分|本日分|ノルマ"
    r"|\b(?:today'?s|morning|afternoon|the) (?:batch|part|share)\b",
    re.IGNORECASE,
)
_QUESTION = re.compile(
    r"\?|いいですか|でしょうか|ますか|ですか|ませんか|教えて(?:ください|下さい)|相談したい|どうすれば|どうしたら|っけ"
    r"|\bshould i\b|\bwhat should\b|\bcan i\b|\bis it ok\b",
    re.IGNORECASE,
)
_ZERO = re.compile(
    r"(?:作業|何も|なにも)?(?:でき|出来)(?:ませんでした|ません|なかった|てない|ていません)|手を?つけられ(?:ませんでした|なかった|ていません)"
    r"|手が回ら|進んで(?:い)?ませ|進んでない|全然進|進捗(?:は|が)?(?:なし|無し|ありません|ない)"
    r"|\bcouldn'?t (?:do|get|work)|\bno (?:work|progress)\b"
    r"|\bnothing (?:done|today)\b|\bdidn'?t (?:do|get|manage)",
    re.IGNORECASE,
)
_DONE_ALL = re.compile(
    r"(?:全部|全て|全件)(?!で)[^0-9]{0,6}?(?:終わ|終了|完了|済|納品|提出|でき)|\ball (?:done|finished)\b"
    r"|\bfinished everything\b|\beverything(?:'s| is)? (?:done|finished)\b|\bdone with everything\b"
    r"|\bcompleted? (?:it )?all\b",
    re.IGNORECASE,
)
_DONE_WORD = re.compile(
    r"完了|納品|提出しました|終わりました|終わった|終了(?:しました|です)|\bfinished\b|\bcompleted?\b|^\s*done\b",
    re.IGNORECASE,
)
_NOT_DONE = re.compile(r"まだ|てない|ていません|てません|今日の分|本日分|ノルマ|\bnot yet\b|today'?s", re.IGNORECASE)
_FUTURE_VERB = re.compile(
    r"やります|します|予定|続け|がんば|頑張|やる|進め|\bwill\b|'ll\b|going to|\bplan|catch up", re.IGNORECASE
)
_REST = re.compile(r"残り|残|あと|\bthe rest\b|\bremaining\b", re.IGNORECASE)
_ABSENCE = re.compile(r"休み|休ませ|病院|\boff\b|\bday off\b", re.IGNORECASE)
_TODAY = re.compile(r"今日|本日|\btoday\b", re.IGNORECASE)
_EACH = re.compile(r"^\s*(?:ずつ|each)|それぞれ", re.IGNORECASE)

_CORRECTION_CUE = re.compile(
    r"訂正|間違|まちが|正しくは|じゃなく|ではなく|→|->|の誤り|(?:報告|送り|言い)ましたが|って言った|と報告(?:しました|した)(?:が|けど)"
    r"|\bcorrection\b|\bi meant\b|\bshould (?:have been|be)\b|\bnot \d",
    re.IGNORECASE,
)
_EN_NOT = re.compile(r"(?P<value>\d+)\s*,?\s*not\s+(?P<previous>\d+)", re.IGNORECASE)


def _counts(flat: str, masked: list[Span]) -> list[_Count]:
    counts: list[_Count] = []
    for m in _COUNT.finditer(flat):
        start, end = m.span()
        if any(a <= start < b for a, b in masked) or flat[max(0, start - 2) : start] == "分の":
            continue  # 「3分の2」 is a share, not a count
        num, ja, en = m.group("num"), m.group("ja"), m.group("en")
        kanji = bool(re.fullmatch(KANJI_NUM, num))
        if kanji and not ja:
            continue
        if (
            not (ja or en)
            and (_NOT_A_COUNT_AFTER.match(flat, m.end()) or re.match(r"[A-Za-z]", flat[m.end() : m.end() + 1]))
            and not re.match(r"\s*(?:件|枚|本|記事)", flat[m.end() :])
        ):
            continue
        if _PER_BEFORE.search(flat[max(0, start - 8) : start]) or re.match(r"\s*(?:あたり|当たり|につき)", flat[end:]):
            continue
        value = _int(num)
        if value is None:
            continue
        unit = unit_of(ja or en) if (ja or en) else None
        unit_span = m.span("ja") if ja else m.span("en") if en else None
        counts.append(_Count(value, start, end, unit, unit_span, bool(m.group("num2"))))
    return counts


def _classify(flat: str, c: _Count, clause: _Piece, prev_end: int, next_start: int) -> _Role | None:
    before = flat[max(clause.start, prev_end) : c.start]
    after = flat[c.end : min(clause.end, next_start)]
    if re.search(r"(?:うち|内)\s*$", before) and _BLOCKER.search(after):
        return _Role.BLOCKER  # 「そのうち5件は取引先コードがわからず」: the blocker's count
    if _SKIP_BEFORE.search(before) or _TARGET_AFTER.match(after):
        return None
    if _NOT_THEIRS_AFTER.match(after) or _NOT_THEIRS_BEFORE.search(before):
        return None
    ends = [m.end() for m in re.finditer(r"[。!?\n…]", flat[: c.start])]
    stop = re.search(r"[。!?\n…]", flat[c.end :])
    sentence = flat[ends[-1] if ends else 0 : c.end + stop.start() if stop else len(flat)]
    finishing = _DONE_WORD.search(sentence) or _DONE_ALL.search(sentence)
    if finishing and (_FINAL_BEFORE.search(before) or (_REST_BEFORE.search(before) and _WORKED_AFTER.match(after))):
        return _Role.FINAL
    if _VAGUE_AFTER.match(after):
        return _Role.VAGUE
    if _REMAINING_BEFORE.search(before) or _REMAINING_AFTER.match(after):
        return _Role.REMAINING
    if _OVERRIDE_BEFORE.search(before):
        return _Role.OVERRIDE
    if _CUMULATIVE_BEFORE.search(before) or _CUMULATIVE_AFTER.match(after):
        return _Role.CUMULATIVE
    if _TOTAL_BEFORE.search(before) or _TOTAL_AFTER.match(after):
        return _Role.TOTAL
    if _STOP_AFTER.match(after):
        return _Role.STOP
    said_nothing = _NOTHING.search(flat[clause.start : clause.end])
    if not said_nothing and (_BLOCKER.search(before) or _BLOCKER.search(after) or _EXISTS_AFTER.match(after)):
        return _Role.BLOCKER
    return _Role.DELTA


# --- corrections ----------------------------------------------------------------------------------

_YESTERDAY = re.compile(r"昨日|きのう|\byesterday\b", re.IGNORECASE)
_DAY_BEFORE = re.compile(r"一昨日|おととい|\bday before yesterday\b", re.IGNORECASE)
_EARLIER_TODAY = re.compile(r"さっき|先ほど|先程|さきほど|今日|本日|\bearlier\b|\btoday\b", re.IGNORECASE)


def _correction_date(text: str, today: date) -> date | None:
    if _DAY_BEFORE.search(text):
        return today - timedelta(days=2)
    if _YESTERDAY.search(text):
        return today - timedelta(days=1)
    return today if _EARLIER_TODAY.search(text) else None


# --- assembling -----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Builder:
    hint: AssignmentHint | None
    first: int
    deltas: list[int] = field(default_factory=list)
    override: int | None = None
    totals: list[int] = field(default_factory=list)
    cumulative: int | None = None
    remaining: int | None = None
    hours: float | None = None
    done: bool = False
    zero: bool = False
    blockers: list[Blocker] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    plan: Plan | None = None
    approximate: bool = False
    today_said: bool = False
    hedged: bool = False  # a share, a range, a guess or a part: asked, nothing stored
    vague: bool = False  # 「50件は超えた」: a threshold passed


class _Reader:
    def __init__(self, text: str, hints: Sequence[AssignmentHint], today: date) -> None:
        self.flat = _prepare(text)
        self.hints = list(hints)
        self.today = today
        self.sentences, self.clauses = _pieces(self.flat)
        self.mentions = _mentions(self.flat, self.hints)
        self.builders: dict[str | None, _Builder] = {}
        self.asks: set[Ask] = set()
        self.unattributed_hours: float = 0.0

    # which assignment -----------------------------------------------------------------------------
    def resolve(self, pos: int, clause: _Piece, unit: str | None = None, unit_span: Span | None = None) -> str | None:
        hint = self._resolve(pos, clause, unit, unit_span)
        if hint is not None:
            return hint.assignment_id
        self.asks.add(Ask.ASSIGNMENT)
        if unit is None and len({unit_of(h.unit) for h in self.hints}) > 1:
            self.asks.add(Ask.UNIT)
        return None

    def _resolve(
        self, pos: int, clause: _Piece, unit: str | None, unit_span: Span | None, use_current: bool = True
    ) -> AssignmentHint | None:
        if unit_span is not None:
            own = [m for m in self.mentions if m.start < unit_span[1] and unit_span[0] < m.end]
            if own:
                return own[0].hint
        in_clause = [m for m in self.mentions if clause.start <= m.start < clause.end]
        before = [m for m in in_clause if m.start <= pos]
        if before:
            return before[-1].hint
        after = [m for m in in_clause if m.start > pos]
        if after:
            return after[0].hint
        by_unit = [h for h in self.hints if unit is not None and _compatible(h.unit, unit)]
        earlier = [m for m in self.mentions if m.start < clause.start]
        if use_current and earlier:
            current = earlier[-1].hint
            if unit is None or _compatible(current.unit, unit) or len(by_unit) != 1:
                return current
        if len(by_unit) == 1:
            return by_unit[0]
        if len(self.hints) == 1:
            return self.hints[0]
        return None

    def builder(self, assignment_id: str | None, pos: int) -> _Builder:
        if assignment_id not in self.builders:
            hint = next((h for h in self.hints if h.assignment_id == assignment_id), None)
            self.builders[assignment_id] = _Builder(hint, pos)
        found = self.builders[assignment_id]
        found.first = min(found.first, pos)
        return found

    # reading ----------------------------------------------------------------------------------------
    def read(self) -> ParsedReport:
        flat = self.flat
        masked = [m.span() for m in _HOURS.finditer(flat)]
        for mention in find_dates(flat, self.today):
            if re.search(r"\d", flat[mention.start : mention.end]):
                masked.append((mention.start, mention.end))
        correction, correction_sentences = self.correction(masked)
        counts = [
            c for c in _counts(flat, masked) if _piece_at(self.sentences, c.start).sentence not in correction_sentences
        ]
        self.read_hours(correction_sentences)
        self.read_counts(counts)
        self.read_clauses(counts, correction_sentences)
        self.read_questions(correction_sentences)
        return self.finish(correction)

    def correction(self, masked: list[Span]) -> tuple[Correction | None, set[int]]:
        flat = self.flat
        for index, sentence in enumerate(self.sentences):
            text = flat[sentence.start : sentence.end]
            if not _CORRECTION_CUE.search(text):
                continue
            used = {index}
            counts = _counts(text, [])
            if not counts and index + 1 < len(self.sentences):
                following = self.sentences[index + 1]
                text = flat[sentence.start : following.end]
                counts = _counts(text, [])
                used.add(index + 1)
            if not counts:
                continue
            en = _EN_NOT.search(text)
            if en:
                value, previous = _int(en.group("value")), _int(en.group("previous"))
            else:
                value = counts[-1].value
                previous = counts[-2].value if len(counts) >= 2 else None
            if value is None:
                continue
            clause = _Piece(sentence.start, sentence.start + len(text), index)
            hint = self._resolve(clause.start, clause, counts[-1].unit, None, use_current=False)
            if hint is None:
                self.asks.add(Ask.ASSIGNMENT)
            when = _correction_date(text, self.today)
            return Correction(value, previous, when, hint.assignment_id if hint else None), used
        return None, set()

    def read_hours(self, skip: set[int]) -> None:
        for m in _HOURS.finditer(self.flat):
            if _PER_BEFORE.search(self.flat[max(0, m.start() - 8) : m.start()]):
                continue
            clause = _piece_at(self.clauses, m.start())
            if clause.sentence in skip:
                continue
            hours = _hours_of(m)
            if hours is None or hours <= 0 or hours > 24:
                continue
            hint = self._resolve(m.start(), clause, None, None, use_current=False)
            if hint is None and len(self.hints) > 1:
                self.unattributed_hours += hours
                continue
            if hint is None:
                self.unattributed_hours += hours
                continue
            b = self.builder(hint.assignment_id, m.start())
            b.hours = (b.hours or 0.0) + hours

    def read_counts(self, counts: list[_Count]) -> None:
        flat = self.flat
        for i, c in enumerate(counts):
            clause = _piece_at(self.clauses, c.start)
            prev_end = counts[i - 1].end if i > 0 else 0
            next_start = counts[i + 1].start if i + 1 < len(counts) else len(flat)
            role = _classify(flat, c, clause, prev_end, next_start)
            if role is None:
                continue
            c.role = role
            sentence = _piece_at(self.sentences, c.start)
            sentence_text = flat[sentence.start : sentence.end]
            targets: list[str | None]
            named = {m.hint.assignment_id: None for m in self.mentions if sentence.start <= m.start < sentence.end}
            if _EACH.search(flat[c.end : clause.end]) and len(named) > 1:
                targets = list(named)
            else:
                targets = [self.resolve(c.start, clause, c.unit, c.unit_span)]
            for target in targets:
                b = self.builder(target, c.start)
                b.approximate = b.approximate or c.approximate
                if c.approximate and role in (_Role.DELTA, _Role.STOP, _Role.FINAL, _Role.TOTAL, _Role.CUMULATIVE):
                    b.hedged = True  # 40〜50件: which one is asked, the lower bound is not stored
                    continue
                if role is _Role.VAGUE:
                    b.vague = True
                elif role in (_Role.DELTA, _Role.STOP, _Role.FINAL):
                    b.deltas.append(c.value)
                    b.today_said = b.today_said or bool(_TODAY.search(sentence_text))
                elif role is _Role.OVERRIDE:
                    b.override = c.value
                elif role is _Role.TOTAL:
                    b.totals.append(c.value)
                    b.today_said = b.today_said or bool(_TODAY.search(sentence_text))
                elif role is _Role.CUMULATIVE:
                    b.cumulative = c.value
                elif role is _Role.REMAINING:
                    b.remaining = c.value

    def read_clauses(self, counts: list[_Count], skip: set[int]) -> None:
        flat = self.flat
        last_blocker: tuple[int, Blocker, str | None] | None = None  # sentence, blocker, assignment
        for clause in self.clauses:
            if clause.sentence in skip:
                continue
            text = flat[clause.start : clause.end]
            sentence = self.sentences[clause.sentence]
            sentence_text = flat[sentence.start : sentence.end]
            own = [c for c in counts if clause.start <= c.start < clause.end]
            if _NOTHING.search(text):
                last_blocker = None
                continue
            blocker_counts = [c for c in own if c.role is _Role.BLOCKER]
            stopped = any(c.role is _Role.STOP for c in own)
            asking = bool(_QUESTION.search(sentence_text))  # a question to the leader is a question, not a blocker
            is_blocker = bool(blocker_counts) or stopped or (bool(_BLOCKER.search(text)) and not asking)
            if is_blocker:
                count = blocker_counts[0].value if blocker_counts else None
                if last_blocker and last_blocker[0] == clause.sentence and count is None:
                    sentence_no, previous, assignment = last_blocker
                    joiner = " " if previous.text.isascii() else ""
                    merged = Blocker(_blocker_text(previous.text + joiner + text), previous.count, previous.unit)
                    b = self.builder(assignment, clause.start)
                    b.blockers[-1] = merged
                    last_blocker = (sentence_no, merged, assignment)
                else:
                    assignment = self.resolve(clause.start, clause)
                    unit = blocker_counts[0].unit if blocker_counts else None
                    own_hint = next((h for h in self.hints if h.assignment_id == assignment), None)
                    if unit is not None and own_hint is not None and _compatible(own_hint.unit, unit):
                        unit = None  # said in the assignment's own counter
                    blocker = Blocker(_blocker_text(text), count, unit)
                    self.builder(assignment, clause.start).blockers.append(blocker)
                    last_blocker = (clause.sentence, blocker, assignment)
                continue
            last_blocker = None
            dated = [d for d in find_dates(text, self.today) if d.value is not None and d.value > self.today]
            if dated and (_FUTURE_VERB.search(text) or _REST.search(text)) and not _ABSENCE.search(sentence_text):
                assignment = self.resolve(clause.start, clause)
                b = self.builder(assignment, clause.start)
                planned = [c for c in own if c.role in (_Role.DELTA, _Role.REMAINING)]
                for c in planned:
                    if c.role is _Role.DELTA and c.value in b.deltas:
                        b.deltas.remove(c.value)
                units = planned[0].value if planned else b.remaining
                b.plan = Plan(dated[0].value, units)
                continue
            in_sentence_all = [c for c in counts if sentence.start <= c.start < sentence.end]
            counted = any(c.role in (_Role.DELTA, _Role.FINAL) for c in own)
            if (_GUESS.search(text) or (_HEDGE.search(text) and not counted)) and _PROGRESS.search(sentence_text):
                self.builder(self.resolve(clause.start, clause), clause.start).hedged = True
                continue
            if (
                _PORTION.search(sentence_text)
                and (
                    _DONE_WORD.search(text) or _DONE_ALL.search(text) or re.search(r"達成|クリア|\bdone\b", text, re.I)
                )
                and not in_sentence_all
            ):
                self.builder(self.resolve(clause.start, clause), clause.start).hedged = True
                continue
            if not own and _ZERO.search(text) and not dated:
                named = [m.hint.assignment_id for m in self.mentions if clause.start <= m.start < clause.end]
                hint = self._resolve(clause.start, clause, None, None)
                targets = named[:1] or ([hint.assignment_id] if hint else [h.assignment_id for h in self.hints])
                for target in targets:
                    self.builder(target, clause.start).zero = True
                continue
            if _NOT_DONE.search(text):
                continue
            in_sentence = [
                c
                for c in counts
                if sentence.start <= c.start < sentence.end
                and c.role not in (_Role.REMAINING, _Role.FINAL, _Role.VAGUE)
            ]
            if _DONE_ALL.search(text) or (_DONE_WORD.search(text) and not in_sentence):
                self.builder(self.resolve(clause.start, clause), clause.start).done = True

    def read_questions(self, skip: set[int]) -> None:
        for sentence in self.sentences:
            if sentence.sentence in skip:
                continue
            text = self.flat[sentence.start : sentence.end]
            if not _QUESTION.search(text) or _GUESS.search(text) or _NOTHING.search(text):
                continue  # 「多分20件くらい？」 is a guess, 「質問：なし」 nothing
            assignment = self.resolve(sentence.start, sentence)
            self.builder(assignment, sentence.start).questions.append(text.strip(" 。"))

    # finishing --------------------------------------------------------------------------------------
    def finish(self, correction: Correction | None) -> ParsedReport:
        if self.unattributed_hours:
            if self.builders:
                first = min(self.builders.values(), key=lambda b: b.first)
                first.hours = (first.hours or 0.0) + self.unattributed_hours
            else:
                only = self.hints[0].assignment_id if len(self.hints) == 1 else None
                if only is None:
                    self.asks.add(Ask.ASSIGNMENT)
                self.builder(only, 0).hours = self.unattributed_hours
        items = [self.item(b) for b in sorted(self.builders.values(), key=lambda b: b.first)]
        items = [i for i in items if _has_content(i)]
        if not any(i.assignment_id is None for i in items) and not (correction and correction.assignment_id is None):
            self.asks.discard(Ask.ASSIGNMENT)
            self.asks.discard(Ask.UNIT)
        asks = tuple(a.value for a in Ask if a in self.asks)
        confidence = 0.0 if not items and correction is None else 0.5 if asks else 0.9
        return ParsedReport(self.flat, tuple(items), correction, confidence, asks)

    def item(self, b: _Builder) -> ReportItem:
        hint = b.hint
        units: int | None = sum(b.deltas) if b.deltas else None
        cumulative = b.cumulative
        for total in b.totals:
            if units is not None and total == units:
                continue  # 「午前10件、午後15件、計25件」: today's sum
            if units is None and b.today_said:
                units = total
            elif cumulative is None:
                cumulative = total
        if b.override is not None:
            units = b.override
        if units is None and b.zero:
            units = 0
        done = b.done or b.remaining == 0
        if b.hedged or (b.vague and units is None and cumulative is None):
            self.asks.add(Ask.HEDGE)
            done = False
        if done and units is None and not b.zero:
            self.asks.add(Ask.HEDGE)  # finished, but how much of it today is not said: asked, one tap
        if hint is not None:
            if hint.unit == "時間" and units is None and b.hours is not None and b.hours == int(b.hours):
                units = int(b.hours)
            if done and hint.target is not None:
                cumulative = hint.target
            if cumulative is not None:
                own_figures = (
                    b.remaining is not None and hint.target is not None and cumulative + b.remaining == hint.target
                )
                if units is None:
                    if done:
                        pass  # today's count is asked (above); the share is finished
                    elif cumulative >= hint.reported:
                        units = cumulative - hint.reported
                    else:
                        self.asks.add(Ask.CONTRADICTION)
                elif hint.reported + units != cumulative and not own_figures:
                    self.asks.add(Ask.CONTRADICTION)
            if hint.target is not None and (
                (units is not None and units > max(hint.target - hint.reported, 0))
                or (cumulative is not None and cumulative > hint.target)
            ):
                self.asks.add(Ask.EXCEEDS)  # never more than the share without the person confirming
        hours = round(b.hours, 2) if b.hours is not None else None
        return ReportItem(
            hint.assignment_id if hint else None,
            units,
            cumulative,
            b.remaining,
            hours,
            done,
            tuple(b.blockers),
            tuple(b.questions),
            b.plan,
            b.approximate,
        )


def _has_content(item: ReportItem) -> bool:
    empty = ReportItem(item.assignment_id)
    return replace(item, approximate=False) != empty


_BLOCKER_TRIM = re.compile(
    r"(?:ので|ため|から)?\s*(?:止ま\S*|ストップ\S*|困って\S*|保留に\S*|確認待ち\S*|あり\S*|ある\S*|あって\S*|です|ます)?\s*[。!?]*$"
)


_BLOCKER_COUNT = re.compile(r"[がはも]?\s*(?:" + _NUM + r")\s*(?:" + _JA_UNIT_ALT + r")?(?:くらい|ぐらい|ほど|程度)?")


_BLOCKER_TAIL = re.compile(r"(?:[がはも]?\s*(?:そこで|それで|そのため|なので|ので|ため|で))?[がはをも]?$")


def _blocker_text(text: str) -> str:
    """The blocker in a few words, without its count (shown next to it): 「取引先コードが無いもの」."""
    cleaned = text.strip(" 、,。!?…")
    cleaned = _BLOCKER_COUNT.sub("", cleaned, count=1).strip() if not cleaned.isascii() else cleaned
    trimmed = _BLOCKER_TRIM.sub("", cleaned).strip(" 、,")
    # 「…申込書がそこで」: the words that only led on to the count or the verb are not the blocker
    trimmed = _BLOCKER_TAIL.sub("", trimmed).strip(" 、,") if not trimmed.isascii() else trimmed
    return (trimmed or cleaned)[:40]


def parse_report(text: str, assignments: Sequence[AssignmentHint], today: date) -> ParsedReport:
    """Read a progress report. `today` is the writer's local date (for 明日, 昨日の報告 ...)."""
    return _Reader(text, assignments, today).read()


def hints_by_id(assignments: Iterable[AssignmentHint]) -> dict[str, AssignmentHint]:
    return {a.assignment_id: a for a in assignments}


# --- the confirmation reply -----------------------------------------------------------------------


def _hours_text(hours: float) -> str:
    return f"{hours:g}"


def _day(value: date) -> str:
    return f"{value.month}/{value.day}"


def unit_label(hint: AssignmentHint | None, locale: Locale) -> str:
    """How the unit follows a count in `locale`: 50件, 50 items; "" when the work is not known."""
    if hint is None:
        return ""
    key = f"report.unit.{unit_of(hint.unit)}"
    if key in CATALOGS[locale]:
        return translate(key, locale)
    return hint.unit if locale is Locale.JA else f" {hint.unit}"


def _blocker_unit(blocker: Blocker, hint: AssignmentHint | None, locale: Locale) -> str:
    """The counter a blocker was written with (申込書が3枚 stays 3枚), else the assignment's."""
    if blocker.unit is None:
        return unit_label(hint, locale)
    key = f"report.unit.{unit_of(blocker.unit)}"
    if key in CATALOGS[locale]:
        return translate(key, locale)
    return blocker.unit if locale is Locale.JA else f" {blocker.unit}"


def blocker_with_count(blocker: Blocker, hint: AssignmentHint | None, locale: Locale) -> str:
    """「取引先コードが無いもの3件」: the blocker as the reply shows it and as the leader and digests read it."""
    if blocker.count is None:
        return blocker.text
    unit = _blocker_unit(blocker, hint, locale)
    return blocker.text + translate("report.blocker_count", locale, count=blocker.count, unit=unit)


def confirmation(
    parsed: ParsedReport,
    assignments: Sequence[AssignmentHint],
    locale: Locale,
    shared_with: Mapping[str, SharedWith] | None = None,
) -> str:
    """The short reply to a report: what was understood per assignment, then what must be asked.

    「請求書入力：本日50件（累計120/200件）」 / 「止まっている点：取引先コードが無いもの3件 → リーダーに共有しました」.
    `shared_with` says, per assignment id, who was told of its blockers (the leaders when not given):
    the reply never claims a leader heard what nobody did.
    """

    def t(key: str, **params: object) -> str:
        return translate(key, locale, **params)

    hints = hints_by_id(assignments)
    lines: list[str] = []
    for item in parsed.items:
        hint = hints.get(item.assignment_id) if item.assignment_id else None
        unit = unit_label(hint, locale)
        parts: list[str] = []
        if item.units_done is not None:
            part = t("report.units_today", units=item.units_done, unit=unit)
            if item.approximate:
                part += t("report.approximate")
            reported = hint.reported if hint else None
            cumulative = item.units_cumulative
            if cumulative is None and reported is not None:
                cumulative = reported + item.units_done
            if cumulative is not None and hint and hint.target:
                part += t("report.total_of_target", cumulative=cumulative, target=hint.target, unit=unit)
            elif cumulative is not None:
                part += t("report.total", cumulative=cumulative, unit=unit)
            parts.append(part)
        elif item.units_cumulative is not None:
            parts.append(t("report.total", cumulative=item.units_cumulative, unit=unit).strip(" ()（）"))
        if item.hours is not None:
            parts.append(t("report.hours", hours=_hours_text(item.hours)))
        if item.done:
            parts.append(t("report.done"))
        elif item.remaining is not None:
            parts.append(t("report.remaining", remaining=item.remaining, unit=unit))
        if item.plan is not None and item.plan.on is not None:
            if item.plan.units is not None:
                parts.append(t("report.plan", date=_day(item.plan.on), units=item.plan.units, unit=unit))
            else:
                parts.append(t("report.plan_no_units", date=_day(item.plan.on)))
        title = hint.title if hint else t("report.unknown_title")
        if parts:
            lines.append(t("report.line", title=title, parts=t("report.part_separator").join(parts)))
        audience = (shared_with or {}).get(item.assignment_id or "", SharedWith.LEADER)
        suffix = "" if audience is SharedWith.LEADER else f"_{audience.value}"
        for blocker in item.blockers:
            own_unit = _blocker_unit(blocker, hint, locale)
            count = t("report.blocker_count", count=blocker.count, unit=own_unit) if blocker.count is not None else ""
            lines.append(t(f"report.blocker{suffix}", text=blocker.text, count=count))
        lines.extend(t(f"report.question{suffix}", text=question) for question in item.questions)
    correction = parsed.correction
    if correction is not None:
        hint = hints.get(correction.assignment_id) if correction.assignment_id else None
        unit = unit_label(hint, locale)
        if correction.report_date is not None:
            lines.append(t("report.correction", date=_day(correction.report_date), value=correction.value, unit=unit))
        else:
            lines.append(t("report.correction_latest", value=correction.value, unit=unit))
    lines.extend(t(f"report.ask.{ask}") for ask in parsed.ask)
    if not lines:
        lines.append(t("report.nothing"))
    return "\n".join(lines)
