"""Where the work should be done: a task may name a municipality (伊那市, 高遠町, 長野県南箕輪村), and
matching prefers, or with 「のみ」 keeps to, the people who live there.

A profile's region is what the person typed (「長野県伊那市」, 「伊那市」, 「いなし」 is not read), so a
match is containment after NFKC folding and without spaces and a trailing 在住: 「伊那市」 matches
「長野県伊那市」 and 「長野県 伊那市」, never 「伊那」 alone against 「伊那市」's neighbour 「南箕輪村」.

The client names it after the task in `/yui match`: 「/yui match 請求書 地域:伊那市」 (preferred),
「地域:伊那市のみ」 (only there), 「地域:なし」 (any region); English 「region:Ina」, 「region:Ina only」,
「region:none」.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.text import normalize

_CLAUSE = re.compile(r"(?:地域|エリア|region)\s*[:：]\s*(?P<place>\S+(?:\s+only)?)\s*$", re.IGNORECASE)
_ONLY = re.compile(r"(?:のみ|限定|だけ|\s+only)$", re.IGNORECASE)
_NONE = frozenset({"なし", "無し", "指定なし", "none", "any", "-"})
_LIVES = re.compile(r"(?:在住|住み|の方)$")


@dataclass(frozen=True, slots=True)
class RegionWish:
    """What the client asked: `region` ("" = any region), and whether only there."""

    region: str
    only: bool


def read_region(text: str) -> tuple[str, RegionWish | None]:
    """Split 「請求書 地域:伊那市のみ」 into ("請求書", RegionWish("伊那市", only=True)); no clause → (text, None)."""
    folded = normalize(text)
    found = _CLAUSE.search(folded)
    if found is None:
        return text.strip(), None
    return folded[: found.start()].strip(), read_place(found.group("place"))


def read_place(value: str) -> RegionWish:
    """A region as named on its own (the task form's field, or a clause's value): 「伊那市」,
    「伊那市のみ」, 「なし」 or nothing (any region)."""
    place = normalize(value).strip()
    only = bool(_ONLY.search(place))
    place = _ONLY.sub("", place).strip()
    if place.lower() in _NONE or not place:
        return RegionWish("", only=False)
    return RegionWish(place, only=only)


def place_text(region: str, only: bool) -> str:
    """The form's prefill for a task's region: read back by `read_place` as the same wish."""
    return f"{region}のみ" if region and only else region


def _key(place: str) -> str:
    return _LIVES.sub("", normalize(place).replace(" ", "")).lower()


def same_region(wanted: str, lives: str) -> bool:
    """Whether someone living in `lives` is in `wanted` (either names the other, after folding)."""
    a, b = _key(wanted), _key(lives)
    return bool(a and b) and (a in b or b in a)
