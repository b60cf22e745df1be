"""`yui` command line: serve, demo, db upgrade / status."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer
from rich.console import Console

from bot.logs import configure_logging
from bot.settings import Settings
from domain.persistence import Database, SchemaStatus, display_url, upgrade

cli = typer.Typer(help="Yui (結): chat-first assistant for regional BPO teams.", no_args_is_help=True)
db = typer.Typer(help="Database schema (Alembic migrations).", no_args_is_help=True)
cli.add_typer(db, name="db")
console = Console(stderr=True)


@cli.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind (default YUI_HOST or 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default YUI_PORT or 8000).")] = None,
) -> None:
    """Run the service: POST /slack/events, POST /line/webhook, GET /healthz, GET /readyz."""
    import uvicorn

    from bot.app import create_app

    settings = Settings()
    configure_logging(settings.log_format, settings.log_level)
    status = asyncio.run(_status(settings.database_url))
    if not status.up_to_date:
        console.print(
            f"[bold red]The database is not migrated[/] (at {status.current or 'no schema'}, needs {status.head}).\n"
            "Run [bold]yui db upgrade[/] first, then start the service again."
        )
        raise typer.Exit(code=1)
    if not settings.slack_configured:
        console.print("[yellow]Slack is not configured[/]: /slack/events will answer 503.")
    if not settings.line_configured:
        console.print("[yellow]LINE is not configured[/]: /line/webhook will answer 503.")
    uvicorn.run(
        create_app(settings),
        host=host or settings.host,
        port=port or settings.port,
        log_config=None,
        access_log=False,
        proxy_headers=True,
    )


@db.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument(help="Target revision.")] = "head") -> None:
    """Apply the database migrations (safe to run again: it does nothing when up to date)."""
    settings = Settings()
    upgrade(settings.database_url, revision=revision)
    status = asyncio.run(_status(settings.database_url))
    console.print(f"[green]Database schema at {status.current}[/] ({display_url(settings.database_url)})")


@db.command("status")
def db_status() -> None:
    """Show the current and the expected schema revision."""
    settings = Settings()
    status = asyncio.run(_status(settings.database_url))
    state = "[green]up to date[/]" if status.up_to_date else "[red]needs `yui db upgrade`[/]"
    console.print(f"current {status.current or '-'}, head {status.head}: {state}")
    if not status.up_to_date:
        raise typer.Exit(code=1)


@cli.command()
def demo(
    keep_database: Annotated[bool, typer.Option(help="Keep the demo's SQLite file and print its path.")] = False,
) -> None:
    """Play a short conversation through the real app, offline, and print the transcript."""
    from bot.demo import run_demo

    raise typer.Exit(code=run_demo(keep_database=keep_database))


async def _status(url: str) -> SchemaStatus:
    database = Database(url)
    try:
        return await database.schema_status()
    finally:
        await database.dispose()


def main() -> None:
    cli()
