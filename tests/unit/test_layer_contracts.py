"""The import-linter contracts name the pure domain modules one by one; a new module must be added
to them, or the "no I/O" and "no SQLAlchemy" rules silently stop covering it."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_pure_domain_module_is_under_the_contracts() -> None:
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    modules = {
        f"domain.{path.stem if path.is_file() else path.name}"
        for path in (ROOT / "domain").iterdir()
        if (path.suffix == ".py" and path.stem != "__init__") or (path / "__init__.py").exists()
    } - {"domain.persistence"}
    for name in ("SQLAlchemy and Alembic only in domain.persistence", "The domain model does no I/O"):
        (contract,) = (c for c in contracts if c["name"] == name)
        assert modules - set(contract["source_modules"]) == set(), name


def test_the_adapters_read_presses_with_the_buttons_not_the_use_cases() -> None:
    """The Slack and LINE adapters turn payloads into commands with handlers.buttons (every action id
    and postback format), handlers.commands and handlers.ports; a use-case module imported there for
    a string would pull thousands of lines into the web process and hide where a format lives."""
    allowed = ("handlers.buttons", "handlers.commands", "handlers.ports")
    for path in (
        ROOT / "bot" / "slack" / "translate.py",
        ROOT / "bot" / "slack" / "app.py",
        ROOT / "bot" / "line" / "translate.py",
    ):
        imported: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.update(f"{node.module}.{a.name}" for a in node.names)
            elif isinstance(node, ast.Import):
                imported.update(a.name for a in node.names)
        wrong = {
            name
            for name in imported
            if name.startswith("handlers.")
            and not any(name == m or name.startswith(m + ".") for m in allowed)
            # handlers.questions.buttons (結の知恵) is a button module too, until it joins handlers.buttons
            and not name.startswith("handlers.questions.buttons")
        }
        assert not wrong, f"{path.relative_to(ROOT)} imports {sorted(wrong)}"
