"""Reading a teleworker's answers during onboarding: the words that steer the conversation, weekly
hours, time windows, names, regions and notes. Pure functions over text; nothing here reads a clock.

People type on phones: 「２０時間」「週二十時間」「10〜15時間」「1日3時間くらい」 all have to work, and the
same words work typed or tapped (a quick reply sends the word it shows).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from domain.model import TimeWindow
from domain.text import kanji_to_int, normalize


class Word(enum.StrEnum):
    """What a short message (or a tap) asks of the conversation, beyond answering the question."""

    CANCEL = "cancel"  # やめる: leave the current flow
    RESTART = "restart"  # 最初から: onboarding from its first question
    SKIP = "skip"  # スキップ: leave this answer for later
    DONE = "done"  # 完了: the choices so far are all
    KEEP = "keep"  # このままでOK: keep the shown value
    CHANGE = "change"  # 変更する: type a new value
    MORE = "more"  # ほかのスキル: the next page of choices
    NOTHING = "nothing"  # 特になし: an empty answer
    PICK = "pick"  # a tapped choice; the value travels with it
    RESUME = "resume"  # プロフィール登録を続ける
    PROFILE = "profile"
    HELP = "help"
    MY_TASKS = "my_tasks"
    REPORT = "report"
    ABSENCE = "absence"
    WITHDRAW = "withdraw"  # 退会: asks for confirmation
    WITHDRAW_CONFIRM = "withdraw_confirm"  # 退会する
    EDIT_NAME = "edit_name"
    EDIT_SKILLS = "edit_skills"
    EDIT_HOURS = "edit_hours"
    EDIT_WINDOWS = "edit_windows"
    EDIT_REGION = "edit_region"
    EDIT_CONSTRAINTS = "edit_constraints"
    TEAM = "team"  # メンバー: my teams and their members
    JOIN_CODES = "join_codes"  # 参加コード: a leader's codes to share
    COVER = "cover"  # 代打: the cover requests waiting for a leader's choice


# Words that serve something on their own (the rich menu sends the first five): said in the middle
# of a question they are served, and the question waits for 「プロフィール登録を続ける」.
MENU_WORDS = frozenset(
    {
        Word.RESUME,
        Word.PROFILE,
        Word.HELP,
        Word.MY_TASKS,
        Word.REPORT,
        Word.ABSENCE,
        Word.WITHDRAW,
        Word.EDIT_NAME,
        Word.EDIT_SKILLS,
        Word.EDIT_HOURS,
        Word.EDIT_WINDOWS,
        Word.EDIT_REGION,
        Word.EDIT_CONSTRAINTS,
    }
)

_WORDS: dict[str, Word] = {}
for _word, _spellings in {
    Word.CANCEL: ("やめる", "やめます", "止める", "中止", "キャンセル", "cancel", "stop", "quit"),
    Word.RESTART: ("最初から", "最初からやり直す", "やり直す", "やりなおす", "start over", "restart"),
    Word.SKIP: ("スキップ", "とばす", "飛ばす", "あとで", "後で", "skip", "later"),
    Word.DONE: ("完了", "決定", "以上", "おわり", "終わり", "done", "finish", "finished"),
    Word.KEEP: ("このままでok", "このままでいい", "このまま", "ok", "はい", "yes", "keep", "keep it"),
    Word.CHANGE: ("変更する", "変更", "変える", "change", "change it"),
    Word.MORE: ("ほかのスキル", "他のスキル", "もっと見る", "more", "more skills"),
    Word.NOTHING: ("特になし", "とくになし", "なし", "ありません", "特にありません", "none", "nothing", "no"),
    Word.RESUME: (
        "プロフィール登録を続ける",
        "登録を続ける",
        "プロフィール登録",
        "続きから",
        "continue",
        "continue registration",
        "continue my profile",
    ),
    Word.PROFILE: ("プロフィール", "プロフィールを見る", "登録内容", "profile", "my profile"),
    Word.HELP: ("ヘルプ", "へるぷ", "使い方", "help", "?"),
    Word.MY_TASKS: ("自分の案件", "私の案件", "案件", "案件一覧", "担当案件", "my tasks", "my work", "my assignments"),
    Word.REPORT: ("今日の報告", "報告", "日報", "today's report", "report"),
    Word.ABSENCE: ("休みの連絡", "お休みの連絡", "休み連絡", "absence", "day off"),
    Word.WITHDRAW: ("退会", "退会したい", "アカウント削除", "delete my account", "leave yui"),
    Word.WITHDRAW_CONFIRM: ("退会する", "退会します", "delete", "yes, delete"),
    Word.TEAM: ("メンバー", "チーム", "チームメンバー", "my team", "team", "members"),
    Word.COVER: ("代打", "代打の依頼", "交代", "cover", "cover requests"),
    Word.JOIN_CODES: ("参加コード", "join code", "join codes"),
    Word.EDIT_NAME: ("名前変更", "名前を変更", "表示名変更", "表示名を変更", "change name", "change my name"),
    Word.EDIT_SKILLS: ("スキル変更", "スキルを変更", "change skills", "change my skills"),
    Word.EDIT_HOURS: ("時間変更", "稼働時間変更", "稼働時間を変更", "時間を変更", "change hours"),
    Word.EDIT_WINDOWS: ("時間帯変更", "時間帯を変更", "change times", "change time windows"),
    Word.EDIT_REGION: ("地域変更", "地域を変更", "住まい変更", "change region", "change area"),
    Word.EDIT_CONSTRAINTS: (
        "配慮事項変更",
        "配慮事項を変更",
        "伝えたいこと変更",
        "伝えたいことを変更",
        "change notes",
        "change constraints",
    ),
}.items():
    for _spelling in _spellings:
        _WORDS[_spelling] = _word

_TRAILING = re.compile(r"[!！。.、,~〜♪\s]+$")


def word_of(text: str) -> Word | None:
    """The steering word a whole message is, or None: only the exact word counts, so an answer that
    merely contains one (「やめる予定はありません」) stays an answer."""
    key = _TRAILING.sub("", normalize(text)).lower()
    return _WORDS.get(key)


# --- weekly hours -----------------------------------------------------------------------------------

MAX_WEEKLY_HOURS = 80

_KANJI_RUN = re.compile(r"[〇零一二三四五六七八九十百]+")
_NUMBER = r"(\d+(?:\.\d+)?)"
_RANGE = re.compile(_NUMBER + r"\s*(?:時間)?\s*(?:〜|~|-|–|から|to)\s*" + _NUMBER)
_PER_DAY = re.compile(r"(?:1日|毎日|日に|一日|a day|per day|daily|/日|/day)", re.IGNORECASE)
_HOURS_NUMBER = re.compile(_NUMBER + r"\s*(?:時間|h\b|hours?|hrs?)", re.IGNORECASE)  # 1日「3時間」
_ANY_NUMBER = re.compile(_NUMBER)


@dataclass(frozen=True, slots=True)
class Hours:
    """A reading of weekly hours: `value` when it is one, else None (the question is asked again)."""

    value: int | None
    out_of_range: int | None = None  # a number was read but is not 0–80


_EN_NUMBERS = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60}
_EN_NUMBER = re.compile(r"\b(" + "|".join(sorted(_EN_NUMBERS, key=len, reverse=True)) + r")\b", re.IGNORECASE)


def parse_weekly_hours(text: str) -> Hours:
    """「20」「２０時間」「週二十時間」「10〜15時間」(→ 10, what they can surely give) 「1日3時間」(→ 15, five
    days), "twenty hours". Decimals round to the nearest hour. Anything above 80 or without a number
    is not an answer."""
    folded = _KANJI_RUN.sub(lambda m: str(kanji_to_int(m.group(0))), normalize(text))
    folded = _EN_NUMBER.sub(lambda m: str(_EN_NUMBERS[m.group(1).lower()]), folded)
    found = _RANGE.search(folded) or _HOURS_NUMBER.search(folded) or _ANY_NUMBER.search(folded)
    if found is None:
        return Hours(None)
    raw = float(found.group(1))
    if _PER_DAY.search(folded) and not re.search(r"週|week", folded, re.IGNORECASE):
        raw *= 5
    hours = int(raw + 0.5)
    if hours > MAX_WEEKLY_HOURS:
        return Hours(None, out_of_range=hours)
    return Hours(hours)


# --- time windows -----------------------------------------------------------------------------------

_ALL_WINDOWS = frozenset(TimeWindow)
_WINDOW_WORDS: tuple[tuple[re.Pattern[str], frozenset[TimeWindow]], ...] = (
    (re.compile(r"いつでも|全部|すべて|全て|anytime|any time|all of them", re.IGNORECASE), _ALL_WINDOWS),
    (
        re.compile(
            # 平日 alone is the daytime; 「平日の夕方以降」「平日夜」 only name the evening (their own pattern)
            r"平日(?!\s*の?\s*(?:午前|午後|朝|昼|夕方|夕|夜))|日中|daytime"
            r"|weekdays?(?! ?(?:mornings?|afternoons?|evenings?|nights?))",
            re.IGNORECASE,
        ),
        frozenset({TimeWindow.WEEKDAY_MORNING, TimeWindow.WEEKDAY_AFTERNOON}),
    ),
    (re.compile(r"午前|朝|morning", re.IGNORECASE), frozenset({TimeWindow.WEEKDAY_MORNING})),
    (re.compile(r"午後|昼|afternoon", re.IGNORECASE), frozenset({TimeWindow.WEEKDAY_AFTERNOON})),
    (re.compile(r"夕方|夜|evening|night", re.IGNORECASE), frozenset({TimeWindow.EVENING})),
    (re.compile(r"土日|週末|土曜|日曜|休日|weekends?|saturday|sunday", re.IGNORECASE), frozenset({TimeWindow.WEEKEND})),
)


def parse_time_windows(text: str) -> frozenset[TimeWindow]:
    """「平日午前と土日」 → {weekday_morning, weekend}; 「平日」 alone is morning and afternoon; 「いつでも」 all."""
    words = normalize(text)
    found: set[TimeWindow] = set()
    for pattern, windows in _WINDOW_WORDS:
        if pattern.search(words):
            found |= windows
    return frozenset(found)


# --- free text ------------------------------------------------------------------------------------

NAME_LIMIT = 50
REGION_LIMIT = 100
CONSTRAINTS_LIMIT = 500


# How people say a name in a sentence: 「佐藤です」「花子と申します」「名前は山田です」, "I'm Hana".
_NAME_LEAD = re.compile(
    r"^(?:(?:私|わたし|僕|ぼく)?の?(?:名前|なまえ|氏名)は|my name is|my name's|i am|i'm|call me|it's)\s*",
    re.IGNORECASE,
)
_NAME_TAIL = re.compile(
    r"\s*(?:と申します|ともうします|といいます|と言います|です|でーす|って呼んでください|と呼んでください)"
    r"[、。,.!！\s]*(?:よろしくお願いいたします|よろしくお願いします|よろしく)?[!！。.♪~〜\s]*$"
)


def clean_name(text: str) -> str | None:
    """The name out of a sentence that says it (「花子と申します」 → 花子, "I'm Hana" → Hana), tidied;
    None when nothing is left or it is longer than `NAME_LIMIT`."""
    value = normalize(text)
    name = _NAME_TAIL.sub("", _NAME_LEAD.sub("", value)).strip()
    return clean_text(name or value, NAME_LIMIT)


def clean_text(text: str, limit: int) -> str | None:
    """The answer tidied (NFKC, single spaces), or None when empty or longer than `limit`."""
    value = normalize(text)
    if not value or len(value) > limit:
        return None
    return value
