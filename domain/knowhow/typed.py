"""What a leader types to keep, list, edit or delete notes by hand:

- 「メモ 請求書: 取引先コードが無いものは備考欄に『コード無』と書く」 keeps a note on 請求書 work
- 「メモ 請求書」 lists the notes on it, numbered
- 「メモ修正 請求書 2: …」 rewrites note 2, 「メモ削除 請求書 2」 deletes it
- "note invoices: …", "notes invoices", "edit note invoices 2: …", "delete note invoices 2" in English
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass


class NoteAction(enum.StrEnum):
    KEEP = "keep"
    LIST = "list"
    EDIT = "edit"
    DELETE = "delete"


@dataclass(frozen=True, slots=True)
class TypedNote:
    action: NoteAction
    label: str
    number: int | None = None
    body: str = ""


_WORDS = (
    (NoteAction.EDIT, r"(?:メモ修正|メモを修正|edit note)"),
    (NoteAction.DELETE, r"(?:メモ削除|メモを削除|delete note)"),
    (NoteAction.KEEP, r"(?:メモ|notes?)"),
)
_SHAPE = r"^\s*{word}\s+(?P<label>[^:：\d\s][^:：]*?)\s*(?P<number>\d+)?\s*(?:[:：]\s*(?P<body>.+))?\s*$"


def read_typed_note(text: str) -> TypedNote | None:
    """The note command in `text`, or None when it is not one (「メモ」 alone is not one)."""
    folded = unicodedata.normalize("NFKC", text).strip()
    for action, word in _WORDS:
        match = re.match(_SHAPE.format(word=word), folded, flags=re.IGNORECASE | re.DOTALL)
        if match is None:
            continue
        label = match["label"].strip()
        # The body as typed (full-width brackets and all), not the folded copy the match ran on.
        body = re.split(r"[:：]", text, maxsplit=1)[1].strip() if match["body"] else ""
        number = int(match["number"]) if match["number"] else None
        if action is NoteAction.KEEP:
            if number is not None:
                label = f"{label}{number}".strip()  # 「メモ 請求書2: …」: a label that ends in a digit
            return TypedNote(NoteAction.KEEP if body else NoteAction.LIST, label, None, body)
        if number is None or (action is NoteAction.EDIT and not body):
            return None
        return TypedNote(action, label, number, body)
    return None
