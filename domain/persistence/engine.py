"""Engine construction for the two supported back ends: SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def make_engine(url: str, *, schema: str | None = None, echo: bool = False) -> AsyncEngine:
    """Create the async engine. `schema` (PostgreSQL only) isolates a test run in its own schema."""
    connect_args: dict[str, Any] = {}
    # Enough pooled connections for a worker's concurrent handlers (YUI_WORKER_CONCURRENCY, 16)
    # plus the inbox and lease queries: past the pool size every checkout opens and closes a
    # connection, which showed up as a fifth of the worker's CPU under load.
    options: dict[str, Any] = {"echo": echo, "pool_size": 20, "max_overflow": 10}
    if is_sqlite(url):
        # The inbox writer and request handlers share one file: wait for locks instead of failing.
        connect_args["timeout"] = 30
    else:
        options.update(pool_pre_ping=True)
        if schema:
            connect_args["server_settings"] = {"search_path": schema}
    engine = create_async_engine(url, connect_args=connect_args, **options)
    if is_sqlite(url):
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers proceed while the inbox writer commits; NORMAL sync is durable across
    # process crashes (only an OS crash can lose the last commits), the usual choice with WAL.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
