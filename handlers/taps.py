"""The postback data of Yui's own LINE taps: `y1|<word>|<step>|<value>` (well under LINE's 300
characters). The same words typed work the same way (domain.profile_answers.word_of).

Its own module so that every screen that offers a tap (the profile, my tasks) builds it the same
way without importing the conversation that serves it.
"""

from __future__ import annotations

from domain.conversation import Step
from domain.profile_answers import Word

TAP_VERSION = "y1"


def tap_data(word: Word, step: Step | None = None, value: str = "") -> str:
    return "|".join((TAP_VERSION, word.value, step.value if step else "", value))


def read_tap(data: str) -> tuple[Word, Step | None, str] | None:
    parts = data.split("|")
    if len(parts) != 4 or parts[0] != TAP_VERSION:
        return None
    try:
        return Word(parts[1]), Step(parts[2]) if parts[2] else None, parts[3]
    except ValueError:
        return None
