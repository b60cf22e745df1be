"""Every text key the console's templates and code use is in both catalogs (Japanese first)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.console.app import BOARD_LABELS
from domain.i18n import CATALOGS
from domain.model import ChangeKind, OrganizationKind, Role, TaskStatus, TimeWindow
from domain.progress import Verdict
from domain.proposals import ProposalStatus
from domain.refs import Locale

CONSOLE = Path(__file__).resolve().parents[2] / "bot" / "console"


def _used_keys() -> set[str]:
    keys: set[str] = set()
    for template in (CONSOLE / "templates").glob("*.html"):
        keys |= set(re.findall(r"""\bt\(["']([a-z_.]+)["']""", template.read_text(encoding="utf-8")))
    for module in CONSOLE.glob("*.py"):
        text = module.read_text(encoding="utf-8")  # translate("console.…") and t("…"); not log event names
        keys |= set(re.findall(r'translate\(\s*"console\.([a-z_.]+)"', text))
        # spreadsheet.py's t() takes whole keys (it also reads the report's); the pages' t() console ones
        local = set(re.findall(r'\bt\("([a-z_.]+)"', text))
        whole = {k for k in local if k.startswith("console.")} if module.name == "spreadsheet.py" else set()
        keys |= {k.removeprefix("console.") for k in whole} | (set() if module.name == "spreadsheet.py" else local)
    keys |= set(BOARD_LABELS.values())
    # keys built from a value in the templates: one per member of the enum
    for prefix, values in (
        ("change.", ChangeKind),
        ("orgkind.", OrganizationKind),
        ("role.", Role),
        ("taskstatus.", TaskStatus),
        ("window.", TimeWindow),
        ("verdict.", Verdict),
        ("proposal.", ProposalStatus),
    ):
        keys |= {prefix + v.value for v in values}
    keys |= {"status.active", "status.withdrawn", "status.all"}
    return {k for k in keys if not k.endswith(".")}


@pytest.mark.parametrize("locale", [Locale.JA, Locale.EN])
def test_every_console_text_is_in_the_catalog(locale: Locale) -> None:
    missing = sorted(k for k in _used_keys() if f"console.{k}" not in CATALOGS[locale])
    assert not missing
