"""People named in a Slack command's text: 「/yui team add <@U0123|yamada>」 when the command escapes
mentions (the manifest's `should_escape: true`), or a plain 「@山田」 when it does not (then the name
is looked up among the people Yui knows in that workspace). Full-width ＠ works like @."""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.text import normalize

_ESCAPED = re.compile(r"<@(?P<id>[UW][A-Z0-9]+)(?:\|(?P<name>[^>]*))?>")
_PLAIN = re.compile(r"(?<![\w<])@(?P<name>[^\s@<>|:]+)")


@dataclass(frozen=True, slots=True)
class Mention:
    """A Slack user id when the text carried one, else only the name as typed."""

    user_id: str | None
    name: str
    text: str  # the words as they appear in the command, to remove them from the rest


def find_mentions(text: str) -> list[Mention]:
    words = normalize(text)
    found = [Mention(m.group("id"), m.group("name") or "", m.group(0)) for m in _ESCAPED.finditer(words)]
    plain_words = _ESCAPED.sub(" ", words)
    found.extend(Mention(None, m.group("name"), m.group(0)) for m in _PLAIN.finditer(plain_words))
    return found


def without_mentions(text: str, *extra: str) -> str:
    """The text with every mention (and the `extra` words) taken out, spaces tidied."""
    words = _PLAIN.sub(" ", _ESCAPED.sub(" ", normalize(text)))
    for word in extra:
        words = words.replace(word, " ")
    return normalize(words)
