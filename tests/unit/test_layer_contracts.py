"""The import-linter contracts name the pure domain modules one by one; a new module must be added
to them, or the "no I/O" and "no SQLAlchemy" rules silently stop covering it."""

from __future__ import annotations

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
