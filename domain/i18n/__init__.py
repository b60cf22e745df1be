"""User-facing text, one catalog per locale. Keys are shared; `tests` check both catalogs agree.

Everything a user reads goes through `translate`, so no Japanese or English sentence is written in
the code that decides *what* to say.
"""

from __future__ import annotations

import string
from collections.abc import Mapping

from domain.i18n import en, ja
from domain.refs import Locale

CATALOGS: Mapping[Locale, Mapping[str, str]] = {Locale.JA: ja.MESSAGES, Locale.EN: en.MESSAGES}


def translate(key: str, locale: Locale = Locale.JA, **params: object) -> str:
    """The message `key` in `locale` (Japanese when the locale lacks it), filled with `params`."""
    template = CATALOGS[locale].get(key) or CATALOGS[Locale.JA][key]
    return template.format(**params)


def placeholders(template: str) -> set[str]:
    """The `{names}` a template expects, for catalog consistency checks."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
