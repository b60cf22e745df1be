"""Guard rails for text an LLM writes around facts the code computed (digests, summaries).

Two rules from the design: every number in a narrative must be one of the facts, or the template
text is used instead; and people's names can be replaced by stable pseudonyms before text leaves
for the LLM, then restored in what is delivered. Both are pure functions over strings.

Numbers are read the way Japanese text writes them: half- and full-width digits, thousands
separators, decimals, kanji numerals (百二十, 三万), and dates (12/5, 12月5日) whose parts count as
numbers of the date they name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from domain.text import kanji_to_int, normalize

# After NFKC: digits with optional thousands separators and decimals, or a kanji numeral.
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[〇一二三四五六七八九十百千万億]+")
# Kanji that are numerals only inside number words; alone they are usually ordinary words
# (一人, 一緒, 十分 ...), which a narrative uses freely.
_KANJI_ALONE_IS_WORD = frozenset("一二三四五六七八九十")


def numbers_in(text: str) -> list[Decimal]:
    """Every number written in `text`, in order (kanji numerals of two or more characters only)."""
    found: list[Decimal] = []
    for match in _NUMBER.finditer(normalize(text)):
        token = match.group()
        if token[0].isdigit():
            try:
                found.append(Decimal(token.replace(",", "")))
            except InvalidOperation:  # pragma: no cover - the pattern only matches numbers
                continue
        elif len(token) > 1 or token not in _KANJI_ALONE_IS_WORD:
            try:
                found.append(Decimal(kanji_to_int(token)))
            except ValueError:
                continue
    return found


def allowed_numbers(facts: Iterable[int | float | Decimal | date]) -> frozenset[Decimal]:
    """The numbers a narrative may use: the facts themselves, and the parts of dates (12/5 → 12, 5).

    Floats are allowed as written and rounded to one decimal and to a whole number, the ways a
    writer shortens 63.3333 (63.3, 63). 0 and 1 are always allowed: 「1件」「0人」 phrasing is not
    a claim about the facts worth rejecting a digest for.
    """
    allowed: set[Decimal] = {Decimal(0), Decimal(1)}
    for fact in facts:
        if isinstance(fact, date):
            allowed.update({Decimal(fact.year), Decimal(fact.month), Decimal(fact.day)})
        elif isinstance(fact, float):
            value = Decimal(str(fact))
            allowed.update({value, round(value, 1), round(value, 0)})
        else:
            allowed.add(Decimal(fact))
    return frozenset(_canonical(n) for n in allowed)


def unsupported_numbers(text: str, allowed: frozenset[Decimal]) -> list[Decimal]:
    """Numbers in `text` that are not among the facts; empty means the text may be delivered."""
    return [n for n in numbers_in(text) if _canonical(n) not in allowed]


def _canonical(value: Decimal) -> Decimal:
    return value.normalize() if value == value.to_integral_value() else value.quantize(Decimal("0.1"))


@dataclass
class Pseudonyms:
    """Stable stand-ins for names in one text's round trip to the LLM: 山田 花子 → メンバーA.

    Longer names are replaced first, so 「山田 花子」 is not half-replaced by a shorter 「山田」.
    """

    names: Iterable[str]
    prefix: str = "メンバー"
    _forward: dict[str, str] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        unique = sorted({n.strip() for n in self.names if n.strip()}, key=lambda n: (-len(n), n))
        self._forward = {name: f"{self.prefix}{_label(i)}" for i, name in enumerate(unique)}

    @property
    def mapping(self) -> Mapping[str, str]:
        return dict(self._forward)

    def mask(self, text: str) -> str:
        for name, alias in self._forward.items():
            text = text.replace(name, alias)
        return text

    def unmask(self, text: str) -> str:
        # Longest alias first: メンバーAB must not be read as メンバーA + "B".
        for name, alias in sorted(self._forward.items(), key=lambda item: -len(item[1])):
            text = text.replace(alias, name)
        return text


def _label(index: int) -> str:
    """A, B, ..., Z, AA, AB, ... (spreadsheet column names)."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(ord("A") + rest) + label
    return label
