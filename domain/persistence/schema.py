"""Alembic migrations, driven from code: `yui db upgrade` and the start-up check."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).with_name("migrations")


class SchemaNotMigrated(RuntimeError):
    """The database is behind the code: `yui db upgrade` has not been run."""


def alembic_config(url: str, *, schema: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["database_url"] = url
    config.attributes["schema"] = schema
    return config


def upgrade(url: str, *, revision: str = "head", schema: str | None = None) -> None:
    """Apply migrations up to `revision`. Synchronous: Alembic's env runs its own event loop."""
    command.upgrade(alembic_config(url, schema=schema), revision)


@dataclass(frozen=True, slots=True)
class SchemaStatus:
    current: str | None
    head: str | None

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


async def schema_status(engine: AsyncEngine) -> SchemaStatus:
    head = ScriptDirectory.from_config(alembic_config(str(engine.url))).get_current_head()

    def current(connection: Connection) -> str | None:
        return MigrationContext.configure(connection).get_current_revision()

    async with engine.connect() as conn:
        return SchemaStatus(current=await conn.run_sync(current), head=head)
