"""`yui digest show | send-due`: stored digests in the terminal, and the delivery job run by hand."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from bot.settings import Settings
from domain.digest import digest_from_json
from domain.digest_schedule import DigestStatus, StoredDigest
from domain.persistence import Database

digest_cli = typer.Typer(help="Daily and weekly digests: what was delivered, and delivering the due ones.")
_STATUS_STYLE = {DigestStatus.SENT: "green", DigestStatus.CLAIMED: "yellow", DigestStatus.FAILED: "red"}
_VERDICT_STYLE = {"late": "bold red", "at_risk": "yellow", "on_track": "green", "done": "cyan", "not_started": "dim"}


@digest_cli.command("show")
def show(
    on: Annotated[
        str | None, typer.Option("--date", help="Local date of the digests, YYYY-MM-DD (default: today).")
    ] = None,
    recipient: Annotated[
        str | None,
        typer.Option(help="Only this recipient: a leader's or team's name or id, or a Slack channel id."),
    ] = None,
) -> None:
    """Print the digests stored for a day, as they were delivered (text, facts, how and when)."""
    settings = Settings()
    zone = ZoneInfo(settings.timezone)
    try:
        day = date.fromisoformat(on) if on else datetime.now(zone).date()
    except ValueError:
        Console(stderr=True).print(f"[red]Not a date:[/] {on!r} (expected YYYY-MM-DD, e.g. 2026-11-23)")
        raise typer.Exit(code=2) from None
    digests, names = asyncio.run(_stored(settings.database_url, day, recipient))
    console = Console()
    if not digests:
        who = f" for {recipient!r}" if recipient else ""
        console.print(f"No digests stored for {day.isoformat()}{who}.")
        raise typer.Exit(code=1)
    for stored in digests:
        print_digest(console, stored, names, zone)


async def _stored(url: str, day: date, recipient: str | None) -> tuple[list[StoredDigest], dict[str, str]]:
    database = Database(url)
    try:
        async with database.unit_of_work() as uow:
            everything = await uow.digests.stored(day=day)
            names = {p.id: p.display_name for p in await uow.people.all()}
            names.update({t.id: t.name for t in await uow.teams.all()})
    finally:
        await database.dispose()
    if recipient:
        wanted = {recipient} | {id_ for id_, name in names.items() if recipient in name}
        everything = [d for d in everything if any(w in d.key.recipient.split(":") for w in wanted)]
    return everything, names


def print_digest(console: Console, stored: StoredDigest, names: dict[str, str], zone: ZoneInfo) -> None:
    """One stored digest: who got it and how, then its text and (when readable) its tasks as a table."""
    parts = stored.key.recipient.split(":")
    if parts[0] == "leader" and len(parts) == 3:
        who = f"{names.get(parts[1], parts[1])} · team {names.get(parts[2], parts[2])}"
    else:
        who = f"channel {parts[-1]}"
    sent = stored.sent_at.astimezone(zone).strftime("%Y-%m-%d %H:%M") if stored.sent_at else "-"
    status = Text(stored.status.value, style=_STATUS_STYLE[stored.status])
    meta = Text.assemble(
        f"{stored.key.kind.value} digest for {stored.key.day.isoformat()} · {stored.chat.platform.value} · sent {sent}",
        " · ",
        status,
        Text(" · late", style="yellow") if stored.late else "",
        f" · narrative: {stored.source or '-'}",
        f" · LINE pushes: {stored.pushes}" if stored.chat.platform.value == "line" else "",
        f" · attempts: {stored.attempts}" if stored.attempts > 1 else "",
    )
    body: list[Text | Table] = [meta, Text("")]
    body.append(Text(stored.text or stored.error or "(nothing delivered yet)"))
    table = _tasks_table(stored)
    if table is not None:
        body += [Text(""), table]
    console.print(Panel(Group(*body), title=who, title_align="left", border_style="cyan"))


def _tasks_table(stored: StoredDigest) -> Table | None:
    try:
        facts = digest_from_json(stored.facts).facts
    except (KeyError, ValueError, TypeError):
        return None
    if not facts.tasks:
        return None
    table = Table(show_edge=False, pad_edge=False)
    for column in ("task", "today", "done", "%", "forecast", "deadline", "verdict"):
        table.add_column(column, justify="right" if column in {"today", "done", "%"} else "left")
    for task in facts.tasks:
        total = f"/{task.total}" if task.total is not None else ""
        table.add_row(
            task.title,
            f"{task.done_today}{task.unit}",
            f"{task.done_total}{total}{task.unit}",
            f"{task.percent}" if task.percent is not None else "-",
            task.forecast.isoformat() if task.forecast else "-",
            task.deadline.isoformat() if task.deadline else "-",
            Text(task.verdict.value, style=_VERDICT_STYLE.get(task.verdict.value, "")),
        )
    return table


@digest_cli.command("send-due")
def send_due_now() -> None:
    """Send every digest whose time has come and that was not sent yet (what the 5-minute job does)."""
    settings = Settings()
    sent, elsewhere, failed = asyncio.run(_send_due(settings))
    colour = "red" if failed else "green"
    Console().print(f"[{colour}]{sent} sent[/], {elsewhere} already taken by another run, {failed} failed")
    if failed:
        raise typer.Exit(code=1)


async def _send_due(settings: Settings) -> tuple[int, int, int]:
    from bot.outbound import SystemClock
    from bot.services import open_services
    from handlers.digest_delivery import send_due

    clock = SystemClock()
    async with open_services(settings, clock) as services:  # the LLM narrative when one is configured
        assert services.notifier is not None and services.digests is not None
        run = await send_due(
            services.database.unit_of_work,
            services.notifier,
            services.digests,
            clock,
            concurrency=settings.digest_llm_concurrency,
            platforms=services.platforms,  # a recipient on an unconfigured platform stays due, not lost
        )
    return len(run.sent), len(run.taken_elsewhere), len(run.failed)
