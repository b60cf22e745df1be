"""Alembic environment: runs migrations through the same async engine the service uses."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import Connection

from domain.persistence.engine import make_engine
from domain.persistence.tables import Base

config = context.config


def _migrate(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite needs table rebuilds for ALTER
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run() -> None:
    engine = make_engine(config.attributes["database_url"], schema=config.attributes.get("schema"))
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_migrate)
            await connection.commit()
    finally:
        await engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Offline (--sql) migrations are not supported; run `yui db upgrade` against a database.")
asyncio.run(_run())
