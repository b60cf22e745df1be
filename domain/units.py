"""Numbers and units of work, shared by the task-draft and progress-report parsers.

A task registered as 「請求書200件」 and a report 「請求書50件やりました」 must count the same thing, so
both parsers read numbers and counters with these tables. Units are Japanese counters whatever the
language: English nouns map onto them ("200 invoices" → 件, "30 pages" → ページ, "10 hours" → 時間).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from domain.text import kanji_to_int

KANJI_NUM = r"[〇一二三四五六七八九十百千万]+"
DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
# Each number starts only where a number starts (the look-behinds): linear time on long digit runs.
KANJI_NUM_START = r"(?<![〇一二三四五六七八九十百千万])" + KANJI_NUM
DIGITS_START = r"(?<![\d,.])" + DIGITS


def read_number(raw: str) -> Decimal | None:
    """12 / 1,200 / 1.5 / 5万 / 1万5千 / 50k / 二百 / 一万五千 → the number; None if unreadable."""
    text = raw.replace(",", "").replace(" ", "").lower()
    try:
        if re.fullmatch(KANJI_NUM, text):
            return Decimal(kanji_to_int(text))
        if text.endswith("k"):
            return Decimal(text[:-1]) * 1000
        if "万" in text:
            head, tail = text.split("万", 1)
            total = Decimal(head) * 10_000
            if tail:
                total += Decimal(tail[:-1]) * 1000 if tail.endswith("千") else Decimal(tail)
            return total
        if text.endswith("千"):
            return Decimal(text[:-1]) * 1000
        return Decimal(text)
    except (InvalidOperation, ValueError):
        return None


_EN_ONES = [
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
]
_EN_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_EN_WORD_VALUE = {w: i for i, w in enumerate(_EN_ONES)} | {w: 20 + 10 * i for i, w in enumerate(_EN_TENS)}
_EN_NUMBER_WORDS = re.compile(
    r"(?<![a-z-])(?:(?P<tens>" + "|".join(_EN_TENS) + r")(?:[- ](?P<unit>" + "|".join(_EN_ONES[1:10]) + r"))?"
    r"|(?P<one>" + "|".join(sorted(_EN_ONES[1:], key=len, reverse=True)) + r"))(?:\s+hundred(?P<hundred>))?(?![a-z-])",
    re.IGNORECASE,
)


def english_numbers_as_digits(text: str) -> str:
    """ "twelve transcriptions", "forty-five invoices", "two hundred" → 12, 45, 200: people spell small counts out."""

    def digits(m: re.Match[str]) -> str:
        word = (m.group("tens") or m.group("one")).lower()
        value = _EN_WORD_VALUE[word] + (_EN_WORD_VALUE[m.group("unit").lower()] if m.group("unit") else 0)
        return str(value * 100 if m.group("hundred") is not None else value)

    return _EN_NUMBER_WORDS.sub(digits, text)


# Japanese counters, longest first so 時間 wins over a bare 間 and 商品 over 品.
JA_UNITS = (
    "レコード",
    "時間",
    "記事",
    "ページ",
    "商品",
    "文字",
    "投稿",
    "箇所",
    "か所",
    "ヶ所",
    "店舗",
    "件",
    "枚",
    "本",
    "頁",
    "名",
    "人",
    "社",
    "点",
    "語",
    "分",
    "行",
    "個",
    "冊",
    "通",
    "部",
    "品",
)
CANONICAL_UNIT = {"頁": "ページ", "人": "名", "か所": "箇所", "ヶ所": "箇所", "レコード": "件"}


def _plural(noun: str) -> str:
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + ("es" if noun.endswith(("ch", "sh", "x", "s")) else "s")


# English nouns → the Japanese counter they are counted in.
EN_UNITS: dict[str, str] = {}
for _unit, _nouns in {
    "件": "item,entry,record,invoice,receipt,row,form,ticket,case,inquiry,enquiry,email,e-mail,application,order,"
    "questionnaire,survey,response,listing,transaction,call,lead,file,document,contract,expense-report,description",
    "枚": "sheet,image,photo,picture,scan,slip,card,business-card,banner,flyer",
    "ページ": "page",
    "時間": "hour,hr",
    "分": "minute,min",
    "記事": "article,blog-post",
    "投稿": "post",
    "本": "video,clip",
    "語": "word",
    "文字": "character,char",
    "名": "name,employee",
    "社": "company,business",
    "商品": "product,sku",
}.items():
    for _noun in _nouns.replace("-", " ").split(","):
        EN_UNITS[_noun] = EN_UNITS[_plural(_noun)] = _unit

# "12 blog posts": a pattern reads "blog" as an adjective, so multiword nouns are checked afterwards.
EN_MULTIWORD = tuple(noun for noun in EN_UNITS if " " in noun)
JA_UNIT_RE = "|".join(JA_UNITS)
EN_UNIT_RE = "|".join(sorted((re.escape(n) for n in EN_UNITS), key=len, reverse=True))
ANY_UNIT_RE = f"{JA_UNIT_RE}|{EN_UNIT_RE}"


def unit_of(word: str) -> str:
    """The canonical counter for a Japanese counter or an English noun: 頁 → ページ, invoices → 件."""
    lower = word.lower()
    return EN_UNITS.get(lower) or CANONICAL_UNIT.get(word, word)
