"""Japanese-aware text normalisation shared by every parser.

Users type on phones with IMEs: full-width digits and letters, ideographic spaces, wave dashes and
kanji numerals all have to mean the same as their plain forms.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")

_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_KANJI_LARGE_UNITS = {"万": 10_000, "億": 100_000_000}
_KANJI_NUMBER = re.compile(r"[〇零一二三四五六七八九十百千万億]+")


def normalize(text: str) -> str:
    """NFKC-fold (full-width → half-width digits/latin, half-width kana → full-width) and tidy spaces."""
    folded = unicodedata.normalize("NFKC", text)
    return _SPACES.sub(" ", folded).strip()


def kanji_to_int(numeral: str) -> int:
    """Read a kanji numeral: 二十 → 20, 百五十 → 150, 三千二百 → 3200, 一万五千 → 15000, 二〇二六 → 2026.

    Raises ValueError for text that is not a kanji numeral.
    """
    if not numeral or not _KANJI_NUMBER.fullmatch(numeral):
        raise ValueError(f"not a kanji numeral: {numeral!r}")
    if all(ch in _KANJI_DIGITS for ch in numeral):  # positional form: 二〇二六
        return int("".join(str(_KANJI_DIGITS[ch]) for ch in numeral))
    total, section, digit = 0, 0, None
    for ch in numeral:
        if ch in _KANJI_DIGITS:
            digit = _KANJI_DIGITS[ch]
        elif ch in _KANJI_SMALL_UNITS:
            section += (1 if digit is None else digit) * _KANJI_SMALL_UNITS[ch]
            digit = None
        else:
            section += digit or 0
            total += (section or 1) * _KANJI_LARGE_UNITS[ch]
            section, digit = 0, None
    return total + section + (digit or 0)
