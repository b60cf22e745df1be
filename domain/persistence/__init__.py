"""Persistence: the only part of the code base that knows SQLAlchemy."""

from domain.persistence.database import Database, display_url
from domain.persistence.engine import is_sqlite, make_engine, make_sessionmaker
from domain.persistence.inbox import InboundEvent, InboxCounts, InboxUnavailable, Outcome, PendingEvent, SqlInbox
from domain.persistence.schema import SchemaNotMigrated, SchemaStatus, schema_status, upgrade
from domain.persistence.uow import SqlUnitOfWork

__all__ = [
    "Database",
    "InboundEvent",
    "InboxCounts",
    "InboxUnavailable",
    "Outcome",
    "PendingEvent",
    "SchemaNotMigrated",
    "SchemaStatus",
    "SqlInbox",
    "SqlUnitOfWork",
    "display_url",
    "is_sqlite",
    "make_engine",
    "make_sessionmaker",
    "schema_status",
    "upgrade",
]
