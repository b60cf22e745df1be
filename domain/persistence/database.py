"""The database as the rest of the service sees it: no SQLAlchemy types leak out of here."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import make_url

from domain.persistence.console import SqlConsole
from domain.persistence.engine import make_engine, make_sessionmaker
from domain.persistence.inbox import SqlInbox
from domain.persistence.schema import SchemaStatus, schema_status
from domain.persistence.uow import SqlUnitOfWork


class Database:
    def __init__(self, url: str, *, schema: str | None = None) -> None:
        self.engine = make_engine(url, schema=schema)
        self._sessions = make_sessionmaker(self.engine)

    @property
    def backend(self) -> str:
        return self.engine.url.get_backend_name()

    def unit_of_work(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self._sessions)

    def console(self) -> SqlConsole:
        """The web console's reads, sign-in links and change log (issue 17)."""
        return SqlConsole(self._sessions)

    def inbox(self) -> SqlInbox:
        return SqlInbox(self.engine)

    async def schema_status(self) -> SchemaStatus:
        return await schema_status(self.engine)

    async def ping(self) -> None:
        """Raise if the database cannot answer a trivial query."""
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()


def display_url(url: str) -> str:
    """The URL with any password hidden, for logs and terminal output."""
    return make_url(url).render_as_string(hide_password=True)
