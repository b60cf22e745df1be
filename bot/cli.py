"""`yui` command line: serve, worker, demo, db upgrade / status, inbox status."""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import sys
from collections.abc import Callable, Coroutine, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console

from bot.digest_cli import digest_cli
from bot.logs import configure_logging
from bot.settings import Settings
from domain.persistence import Database, InboxCounts, SchemaNotMigrated, SchemaStatus, display_url, upgrade

if TYPE_CHECKING:
    from bot.line.richmenu import MenuKind, SetUp
    from domain.knowhow.model import KnowhowCounts
    from domain.refs import Locale
    from domain.regional_report import ProgrammeFigures
    from handlers.matching import MatchPlan

cli = typer.Typer(help="Yui (結): chat-first assistant for regional BPO teams.", no_args_is_help=True)
db = typer.Typer(help="Database schema (Alembic migrations).", no_args_is_help=True)
cli.add_typer(db, name="db")
inbox_cli = typer.Typer(help="The inbox of accepted platform events.", no_args_is_help=True)
cli.add_typer(inbox_cli, name="inbox")
tasks_cli = typer.Typer(help="Clients' work (案件).", no_args_is_help=True)
cli.add_typer(tasks_cli, name="tasks")
line_cli = typer.Typer(help="The LINE official account (rich menu, pushes per day).", no_args_is_help=True)
cli.add_typer(line_cli, name="line")
team_cli = typer.Typer(
    help="Teams: create them, appoint leaders, list them with their join codes.", no_args_is_help=True
)
cli.add_typer(team_cli, name="team")
people_cli = typer.Typer(help="People Yui knows (ids for `yui team`).", no_args_is_help=True)
cli.add_typer(people_cli, name="people")
cli.add_typer(digest_cli, name="digest")
report_cli = typer.Typer(help="Programme reports for coordinators (monthly figures).", no_args_is_help=True)
cli.add_typer(report_cli, name="report")
export_cli = typer.Typer(help="Exports for coordinators (CSV for Excel).", no_args_is_help=True)
cli.add_typer(export_cli, name="export")
org_cli = typer.Typer(help="Organisations: name, kind and region (域外 income).", no_args_is_help=True)
cli.add_typer(org_cli, name="org")
coordinator_cli = typer.Typer(help="The coordinator role.", no_args_is_help=True)
cli.add_typer(coordinator_cli, name="coordinator")
console_cli = typer.Typer(help="The web console at /console.", no_args_is_help=True)
cli.add_typer(console_cli, name="console")
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
    if settings.worker == "external":
        console.print("[yellow]YUI_WORKER=external[/]: run `yui worker` too, or accepted events wait unhandled.")
    uvicorn.run(
        create_app(settings, freeze_gc=True),
        host=host or settings.host,
        port=port or settings.port,
        log_config=None,
        access_log=False,
        proxy_headers=True,
    )


@cli.command()
def worker(
    nice: Annotated[int, typer.Option(help="Lower this process's CPU priority by this much (0: unchanged).")] = 0,
    parent: Annotated[
        int | None, typer.Option(help="Stop when this process (the `yui serve` that started us) is gone.")
    ] = None,
) -> None:
    """Handle accepted events from the inbox until stopped (SIGTERM / Ctrl-C). `serve` starts one."""
    settings = Settings()
    configure_logging(settings.log_format, settings.log_level)
    if nice:
        os.nice(nice)
    from bot.worker import WorkerDied

    try:
        _run_fast(_work(settings, parent))
    except SchemaNotMigrated as exc:
        console.print(f"[bold red]{exc}[/]")
        raise typer.Exit(code=1) from exc
    except WorkerDied as exc:
        console.print(f"[bold red]The worker stopped handling events[/] ({exc}); exiting so it is restarted.")
        raise typer.Exit(code=3) from exc


def _run_fast(work: Coroutine[Any, Any, None]) -> None:
    """Run on uvloop (installed with uvicorn[standard]) like the web process, else on asyncio."""
    try:
        import uvloop
    except ImportError:
        asyncio.run(work)
    else:
        uvloop.run(work)


async def _work(settings: Settings, parent: int | None = None) -> None:
    from bot.handling import handling
    from bot.outbound import SystemClock
    from bot.services import open_services
    from bot.supervisor import follow_parent
    from bot.worker import WorkerDied

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    # Started by `yui serve`: never outlive it, even when it was killed with SIGKILL.
    orphaned = asyncio.create_task(follow_parent(parent, stop.set)) if parent is not None else None
    async with open_services(settings, SystemClock()) as services, handling(services) as inbox_worker:
        gc.collect()
        gc.freeze()  # see create_app: start-up objects stay out of later collections
        stopped = asyncio.create_task(stop.wait())
        died = asyncio.create_task(inbox_worker.wait())
        await asyncio.wait({stopped, died}, return_when=asyncio.FIRST_COMPLETED)
        stopped.cancel()
    if orphaned is not None:
        orphaned.cancel()
    if died.done() and not died.cancelled() and died.exception() is not None:
        # Exit non-zero: `yui serve` (or systemd, Docker) starts a fresh worker.
        raise WorkerDied(str(died.exception()))
    died.cancel()


@inbox_cli.command("status")
def inbox_status() -> None:
    """How many accepted events are pending, handled, ignored and failed."""
    settings = Settings()
    counts = asyncio.run(_inbox_counts(settings.database_url))
    console.print(
        f"pending {counts.pending}, handled {counts.handled}, ignored {counts.ignored}, "
        f"[{'red' if counts.failed else 'green'}]failed {counts.failed}[/]"
    )


async def _inbox_counts(url: str) -> InboxCounts:
    database = Database(url)
    try:
        return await database.inbox().counts()
    finally:
        await database.dispose()


@tasks_cli.command("roll")
def tasks_roll() -> None:
    """Create the next occurrence of recurring tasks whose deadline passed (in each client's timezone)."""
    settings = Settings()
    created = asyncio.run(_roll(settings))
    console.print(f"[green]{created} new occurrence{'s' if created != 1 else ''}[/] of recurring tasks")


async def _roll(settings: Settings) -> int:
    from bot.outbound import SystemClock
    from bot.services import open_services
    from handlers.recurring import roll_and_propose

    # Through the configured platforms: the assignees a new occurrence keeps are told in LINE, and
    # clients are proposed people for what they do not cover.
    async with open_services(settings, SystemClock()) as services:
        return len(await roll_and_propose(services.database.unit_of_work, services.clock, services.notifier))


@cli.command("match")
def match(
    all_tasks: Annotated[bool, typer.Option("--all", help="Every open task of every client at once.")] = False,
    send: Annotated[
        bool, typer.Option("--send", help="Carry the plan out: each share offered in LINE, each client shown.")
    ] = False,
) -> None:
    """Plan who takes what: `--all` assigns all open tasks together without over-booking anyone
    (HiGHS LP via scipy, see README) and prints the plan; with `--send` each planned share is
    offered to its person in LINE and each client gets the card of their task's shares (Slack's
    `/yui match <task>` proposes one task to its client)."""
    from rich.table import Table

    from bot.outbound import SystemClock
    from handlers.matching import plan_all

    if not all_tasks:
        console.print("Use [bold]yui match --all[/] (one task: `/yui match <task>` in Slack).")
        raise typer.Exit(code=2)
    plan = asyncio.run(_offer_all(Settings())) if send else _team_call(lambda uow: plan_all(uow, SystemClock()))
    table = Table("client", "task", "person", "share", "hours", "yen", "fit")
    for s in plan.shares:
        table.add_row(
            s.organization,
            s.task,
            s.person,
            f"{s.units}{s.unit}",
            f"{s.hours:.1f}",
            f"{s.earnings_yen:,}",
            f"{s.fit:.2f}",
        )
    _wide().print(table)
    for title, units, unit in plan.unfilled:
        console.print(f"[yellow]{title}: {units}{unit} nobody can take[/]")
    done = "offered" if send else "planned"
    console.print(f"{len(plan.shares)} shares {done} in {plan.seconds:.2f} s")


async def _offer_all(settings: Settings) -> MatchPlan:
    from bot.outbound import SystemClock
    from bot.services import open_services
    from handlers.matching import offer_all

    # Through the configured platforms, like `yui tasks roll`: offers go out in LINE, cards in Slack.
    # Without LINE nobody could answer an offer, so nothing is offered.
    if settings.line_channel_access_token is None:
        console.print("[bold red]LINE_CHANNEL_ACCESS_TOKEN is not set[/]: offers are answered in LINE.")
        raise typer.Exit(code=1)
    async with open_services(settings, SystemClock()) as services:
        assert services.notifier is not None  # open_services always builds one
        plan, _ = await offer_all(services.database.unit_of_work(), services.notifier, services.clock)
    return plan


@line_cli.command("setup-richmenu")
def line_setup_richmenu(
    font: Annotated[
        Path | None,
        typer.Option(help="A font with Japanese glyphs (default: IPAex Gothic from matplotlib-fontja)."),
    ] = None,
    image: Annotated[Path | None, typer.Option(help="Use this 2500x1686 PNG instead of drawing one.")] = None,
    image_en: Annotated[
        Path | None, typer.Option(help="The English menu's PNG (default: drawn, no CJK font needed).")
    ] = None,
    output: Annotated[Path | None, typer.Option(help="Also save the images here (with --dry-run: only that).")] = None,
    dry_run: Annotated[bool, typer.Option(help="Draw the images, call no API.")] = False,
) -> None:
    """Create Yui's rich menus (今日の報告, 自分の案件, 休みの連絡, プロフィール, ヘルプ, and the same in
    English; leaders' menus add まとめ, メンバー, 代打): the Japanese one is everyone's default, the
    others are linked to the English speakers and team leaders they are for."""
    from bot.line import richmenu
    from domain.refs import Locale

    font_path: Path | None = None

    settings = Settings()
    if not dry_run and settings.line_channel_access_token is None:
        console.print("[bold red]LINE_CHANNEL_ACCESS_TOKEN is not set[/]: the Messaging API needs it.")
        raise typer.Exit(code=1)
    try:
        font_path = richmenu.find_japanese_font(font)
    except richmenu.NoJapaneseFont as exc:
        if image is None:
            console.print(
                f"[bold red]Cannot draw the menu: {exc}.[/]\n"
                "The labels are Japanese, so the image needs a CJK font: reinstall Yui's dependencies "
                "(matplotlib-fontja ships IPAex Gothic), or pass [bold]--font PATH[/] "
                "(any .ttf/.otf/.ttc with Japanese glyphs), or a ready image with [bold]--image PATH[/]."
            )
            raise typer.Exit(code=1) from exc
    images: dict[richmenu.MenuKind, bytes] = {}
    for kind in richmenu.KINDS:
        if kind == richmenu.DEFAULT and image is not None:
            images[kind] = image.read_bytes()
        elif kind == richmenu.MenuKind(Locale.EN) and image_en is not None:
            images[kind] = image_en.read_bytes()
        elif kind.locale is Locale.EN:
            images[kind] = richmenu.render_english(font_path, leader=kind.leader)
        else:
            assert font_path is not None  # no font and no --image stopped above; leaders' menus need one too
            images[kind] = richmenu.render_with_font(font_path, kind)
    if font_path is not None:
        console.print(f"Drew the menus with {font_path} ({len(images[richmenu.DEFAULT]) // 1024} KB)")
    if output is not None:
        for kind, data in images.items():
            path = output.with_name(output.stem + kind.name.removeprefix("yui").removeprefix("-main") + output.suffix)
            path.write_bytes(data)
            console.print(f"Saved {kind.name} to {path}")
    if dry_run:
        return
    links = asyncio.run(_menu_links(settings.database_url))
    if links is None:
        console.print(
            "[yellow]The database is not migrated (yui db upgrade): the English and leaders' menus are "
            "linked to nobody yet.[/]"
        )
    done = asyncio.run(_setup_richmenu(settings, images, links or {}))
    console.print(f"[green]Rich menu {done.menus[richmenu.DEFAULT]} is now every follower's default.[/]")
    english = done.linked.get(richmenu.MenuKind(Locale.EN), 0)
    leaders = sum(n for k, n in done.linked.items() if k.leader)
    console.print(
        f"English menu {done.menus[richmenu.MenuKind(Locale.EN)]} linked to {english} English speaker"
        f"{'s' if english != 1 else ''}; leaders' menus linked to {leaders} team leader{'s' if leaders != 1 else ''}"
        + (f" ([yellow]{done.failed} refused by LINE[/])" if done.failed else "")
    )


async def _menu_links(url: str) -> dict[str, MenuKind] | None:
    """LINE user id → the menu each person needs when it is not the default: English speakers the
    English one, team leaders the leaders' one in their language (not withdrawn, not blocking Yui);
    None when the database has no schema yet."""
    from bot.line.richmenu import DEFAULT, MenuKind
    from domain.refs import Platform

    database = Database(url)
    try:
        if not (await database.schema_status()).up_to_date:
            return None
        async with database.unit_of_work() as uow:
            people = await uow.people.all()
            leaders = {t.leader_id for t in await uow.teams.all()}
    finally:
        await database.dispose()
    links = {}
    for person in people:
        identity = person.identity_on(Platform.LINE)
        if person.withdrawn or identity is None or identity.blocked:
            continue
        kind = MenuKind(person.locale, person.id in leaders)
        if kind != DEFAULT:
            links[identity.ref.user_id] = kind
    return links


async def _setup_richmenu(settings: Settings, images: dict[MenuKind, bytes], links: dict[str, MenuKind]) -> SetUp:
    from linebot.v3.messaging import AsyncApiClient, AsyncMessagingApi, AsyncMessagingApiBlob, Configuration

    from bot.line import richmenu

    assert settings.line_channel_access_token
    token = settings.line_channel_access_token.get_secret_value()
    async with (
        AsyncApiClient(Configuration(host=settings.line_api_url, access_token=token)) as client,
        AsyncApiClient(Configuration(host=richmenu.data_api_url(settings.line_api_url), access_token=token)) as data,
    ):
        return await richmenu.set_up(AsyncMessagingApi(client), AsyncMessagingApiBlob(data), images, links)


@team_cli.command("create")
def team_create(
    name: Annotated[str, typer.Argument(help="The team's name, e.g. 伊那チーム.")],
    leader: Annotated[str, typer.Option(help="The leader's person id (see `yui people list`).")],
    organization: Annotated[str, typer.Option(help="The operator organisation the team belongs to.")] = (
        "BPO operator"
    ),
) -> None:
    """Create a team with its leader; prints the join code the leader shares."""
    from handlers.teams import create_team

    team = _team_call(lambda uow: create_team(uow, name, leader, organization=organization))
    console.print(f"[green]Team {team.name}[/] ({team.id}) created; join code [bold]{team.join_code}[/]")
    _give_leader_menu(Settings(), leader)


@team_cli.command("add-leader")
def team_add_leader(
    team: Annotated[str, typer.Argument(help="Team id or join code.")],
    person: Annotated[str, typer.Argument(help="The new leader's person id.")],
) -> None:
    """Appoint a team's leader (the previous leader stays in the team as a member)."""
    from handlers.teams import appoint_leader

    changed = _team_call(lambda uow: appoint_leader(uow, team, person))
    console.print(f"[green]{changed.name}[/]: leader is now {person}")
    _give_leader_menu(Settings(), person)


def _give_leader_menu(settings: Settings, person_id: str) -> None:
    """A new leader in LINE gets the leaders' rich menu now, not at the next setup-richmenu."""
    if settings.line_channel_access_token is None:
        return
    linked = asyncio.run(_link_leader_menu(settings, person_id))
    if linked:
        console.print("Linked the leaders' rich menu to them in LINE.")


async def _link_leader_menu(settings: Settings, person_id: str) -> bool:
    from linebot.v3.messaging import AsyncApiClient, AsyncMessagingApi, Configuration

    from bot.line.richmenu import LineRichMenus
    from domain.refs import Platform

    database = Database(settings.database_url)
    try:
        async with database.unit_of_work() as uow:
            person = await uow.people.get(person_id)
    finally:
        await database.dispose()
    identity = person.identity_on(Platform.LINE) if person is not None else None
    if person is None or identity is None or identity.blocked:
        return False
    assert settings.line_channel_access_token
    token = settings.line_channel_access_token.get_secret_value()
    async with AsyncApiClient(Configuration(host=settings.line_api_url, access_token=token)) as client:
        return await LineRichMenus(AsyncMessagingApi(client)).use_menu(identity.ref, person.locale, leader=True)


@team_cli.command("list")
def team_list() -> None:
    """Teams with their join code, leader and members."""
    from rich.table import Table

    from handlers.teams import list_teams

    table = Table("team", "join code", "leader", "members", "id")
    for summary in _team_call(list_teams):
        table.add_row(summary.name, summary.join_code, summary.leader, ", ".join(summary.members), summary.id)
    _wide().print(table)


@line_cli.command("pushes")
def line_pushes(
    day: Annotated[str | None, typer.Option(help="2026-11-24 (default: today in Asia/Tokyo).")] = None,
) -> None:
    """LINE pushes (the messages that cost quota) per person on one day, on each person's local day.
    Answers with the free reply token are not pushes: who reports on their own costs none."""
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from rich.table import Table

    try:
        chosen = date.fromisoformat(day) if day else datetime.now(ZoneInfo("Asia/Tokyo")).date()
    except ValueError as exc:
        console.print(f"[bold red]Not a date: {day} (use 2026-11-24)[/]")
        raise typer.Exit(code=2) from exc

    async def counted(uow: Any) -> tuple[dict[str, int], dict[str, str]]:
        async with uow:
            pushes = await uow.reminders.pushes_on(chosen)
            return pushes, await uow.people.display_names(list(pushes))

    pushes, names = _team_call(counted)
    table = Table("id", "name", "pushes")
    for person_id, count in sorted(pushes.items(), key=lambda item: (-item[1], names.get(item[0], ""))):
        table.add_row(person_id, names.get(person_id, ""), str(count))
    _wide().print(table)
    console.print(f"{chosen.isoformat()}: {sum(pushes.values())} LINE pushes to {len(pushes)} people")


@people_cli.command("list")
def people_list() -> None:
    """Everyone Yui knows (withdrawn people excepted): id, name, roles, platforms."""
    from rich.table import Table

    async def everyone(uow: Any) -> list[Any]:
        async with uow:
            return list(await uow.people.all())

    table = Table("id", "name", "roles", "platforms")
    for person in _team_call(everyone):
        table.add_row(
            person.id,
            person.display_name,
            ", ".join(sorted(r.value for r in person.roles)),
            ", ".join(i.ref.platform.value for i in person.identities),
        )
    _wide().print(table)


@people_cli.command("export")
def people_export(
    person: Annotated[str, typer.Argument(help="The person's id (see `yui people list`).")],
    out: Annotated[Path | None, typer.Option(help="Write the JSON here instead of printing it.")] = None,
) -> None:
    """Everything Yui holds on one person, as JSON (an APPI disclosure request)."""
    import json

    from handlers.privacy import export_person

    held = _team_call(lambda uow: export_person(uow, person))
    text = json.dumps(held, ensure_ascii=False, indent=2)
    if out is None:
        typer.echo(text)
    else:
        out.write_text(text + "\n", encoding="utf-8")
        console.print(f"Wrote {out}")


@people_cli.command("delete")
def people_delete(
    person: Annotated[str, typer.Argument(help="The person's id (see `yui people list`).")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete one person's data the way 「退会」 does (a request by letter or phone, or from someone who
    blocked the account): work not yet reported is given back and their leaders are told."""
    if not yes:
        typer.confirm(f"Delete the personal data of {person}? This cannot be undone", abort=True)
    settings = Settings()

    async def run() -> int:
        from bot.outbound import SystemClock
        from bot.services import open_services
        from handlers.privacy import delete_person

        async with open_services(settings, SystemClock()) as services:
            events = await delete_person(services.database.unit_of_work(), person, services.clock)
            await services.bus.publish(events)
            return len(events)

    from domain.i18n import translate
    from domain.model import DomainError
    from domain.refs import Locale

    try:
        events = asyncio.run(run())
    except DomainError as exc:
        console.print(f"[bold red]{translate(exc.key, Locale.EN, **exc.params)}[/]")
        raise typer.Exit(code=1) from exc
    console.print(f"[green]Deleted the personal data of {person}[/] ({events} change(s) told to those concerned)")


@report_cli.command("monthly")
def report_monthly(
    month: Annotated[str | None, typer.Option(help="2026-11, 11月, 先月 ... (default: this month so far).")] = None,
    org: Annotated[str | None, typer.Option(help="Only work for this client organisation (name or id).")] = None,
    lang: Annotated[str, typer.Option(help="ja or en.")] = "ja",
) -> None:
    """Hours worked, earnings paid to residents, active residents, new participants, skills used,
    and income from outside the region (域外) against local income, for one month."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from domain.periods import parse_month
    from handlers.coordinator import monthly_report
    from handlers.questions.figures import knowhow_by_team

    locale = _locale(lang)
    zone = ZoneInfo(Settings().timezone)
    today = datetime.now(zone).date()
    period = parse_month(month or "今月", today)
    if period is None:
        _fail(locale, "error.month_unreadable", text=month or "")
    figures = _coordinator_call(lambda uow: monthly_report(uow, period, zone, org), locale)
    _print_figures(figures, locale)
    _print_knowhow(_coordinator_call(lambda uow: knowhow_by_team(uow, period, zone), locale), locale)


def _print_knowhow(counts: Mapping[str, KnowhowCounts], locale: Locale) -> None:
    """結の知恵 per team: questions asked, answered (median time to answer), notes kept."""
    from rich.table import Table

    from domain.i18n import translate

    def t(key: str, **params: object) -> str:
        return translate(key, locale, **params)

    table = Table(
        t("report.column.team"),
        t("knowhow.column.asked"),
        t("knowhow.column.answered"),
        t("knowhow.column.median"),
        t("knowhow.column.notes"),
        title=t("knowhow.title"),
    )
    for team, row in counts.items():
        median = (
            "-"
            if row.median_answer_time is None
            else t("knowhow.hours", hours=f"{row.median_answer_time.total_seconds() / 3600:.1f}")
        )
        table.add_row(team or t("knowhow.no_team"), str(row.asked), str(row.answered), median, str(row.notes_kept))
    _wide().print(table if counts else t("knowhow.none"))


def _print_figures(figures: ProgrammeFigures, locale: Locale) -> None:
    from rich.table import Table

    from domain.i18n import translate
    from handlers.coordinator import client_kind, period_label, report_notes, skill_name, summary_rows

    def t(key: str, **params: object) -> str:
        return translate(key, locale, **params)

    label = period_label(figures.period, locale)
    out = _wide()
    if figures.reports == 0:
        out.print(t("report.title", period=label))
        out.print(t("report.empty", period=label))
        return

    summary = Table(t("report.column.item"), t("report.column.value"), title=t("report.title", period=label))
    for item, value in summary_rows(figures, locale):
        summary.add_row(item, value)
    out.print(summary)

    skills = Table(
        t("report.column.skill"),
        t("report.column.residents"),
        t("report.column.hours"),
        t("report.column.reports"),
        title=t("report.skills_title"),
    )
    for use in figures.skills:
        skills.add_row(skill_name(use.skill, locale), str(use.residents), f"{use.hours:g}", str(use.reports))
    out.print(skills)
    clients = Table(
        t("report.column.organization"),
        t("report.column.kind"),
        t("report.column.residents"),
        t("report.column.hours"),
        t("report.column.yen"),
        title=t("report.clients_title"),
    )
    for client in figures.clients:
        clients.add_row(
            client.name,
            client_kind(client, locale),
            str(client.residents),
            f"{client.hours:g}",
            f"{client.earnings_yen:,}",
        )
    out.print(clients)
    for note in report_notes(figures, locale):
        out.print(note)


@export_cli.command("reports")
def export_reports(
    start: Annotated[
        str | None, typer.Option("--from", help="First day: 2026-11-01, 11月1日, 先月 ... (default: this month).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last day (default: the end of --from's month or day).")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Write the CSV here (default: standard output).")] = None,
    per: Annotated[str, typer.Option(help="report (one row per report) or person-day (a timesheet).")] = "report",
    org: Annotated[str | None, typer.Option(help="Only work for this client organisation (name or id).")] = None,
    lang: Annotated[str, typer.Option(help="Column names in ja or en.")] = "ja",
) -> None:
    """Progress reports as CSV (UTF-8 with BOM, for Excel): one row per report, or `--per
    person-day` for a timesheet. Dates in the programme's timezone (YUI_TIMEZONE)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from domain.i18n import translate
    from domain.periods import Period, parse_period
    from domain.regional_report import ExportShape, to_csv
    from handlers.coordinator import export_filename, export_table, period_label

    locale = _locale(lang)
    try:
        shape = ExportShape(per)
    except ValueError:
        console.print(f"[bold red]--per must be one of: {', '.join(s.value for s in ExportShape)}[/]")
        raise typer.Exit(code=2) from None
    zone = ZoneInfo(Settings().timezone)
    today = datetime.now(zone).date()
    # Read together, 「--from 2026-11-01 --to 11月30日」 puts the end in the start's year.
    both = parse_period(f"{start}〜{end}", today) if start and end else None
    first = both or parse_period(start or "今月", today)
    last = both or (parse_period(end, today) if end else first)
    if first is None or last is None or last.end < first.start:
        _fail(locale, "export.period_unreadable", text=" ".join(w for w in (start, end) if w))
    period = Period(first.start, last.end)
    table = _coordinator_call(lambda uow: export_table(uow, period, zone, locale, shape, org), locale)
    data = to_csv(table)
    label = period_label(period, locale)
    key = "export.done_timesheet" if shape is ExportShape.PERSON_DAY else "export.done"
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        out.write_bytes(data)
    where = str(out) if out is not None else f"stdout; suggested name {export_filename(period, shape)}"
    console.print(f"[green]{translate(key, locale, period=label, count=len(table) - 1)}[/] ({where})")


@org_cli.command("list")
def org_list() -> None:
    """Organisations with their kind and region (the region decides 域外 income in `yui report`)."""
    from rich.table import Table

    from handlers.coordinator import list_organizations

    table = Table("name", "kind", "region", "slack workspace", "id")
    for o in _team_call(list_organizations):
        table.add_row(o.name, o.kind.value, o.region, o.slack_team_id or "", o.id)
    _wide().print(table)


@org_cli.command("set")
def org_set(
    organization: Annotated[str, typer.Argument(help="Name or id (see `yui org list`).")],
    name: Annotated[str | None, typer.Option(help="A new name (Slack workspaces start as 「Slack T…」).")] = None,
    kind: Annotated[
        str | None, typer.Option(help="client (city company), local_company, municipality or operator.")
    ] = None,
    region: Annotated[str | None, typer.Option(help="Prefecture and municipality, e.g. 長野県伊那市.")] = None,
) -> None:
    """Rename an organisation, set its kind or its region."""
    from domain.model import OrganizationKind
    from handlers.coordinator import update_organization

    try:
        chosen = OrganizationKind(kind) if kind is not None else None
    except ValueError:
        console.print(f"[bold red]--kind must be one of: {', '.join(k.value for k in OrganizationKind)}[/]")
        raise typer.Exit(code=2) from None
    changed = _team_call(lambda uow: update_organization(uow, organization, name=name, kind=chosen, region=region))
    console.print(f"[green]{changed.name}[/]: {changed.kind.value}, region {changed.region or '-'}")


@coordinator_cli.command("grant")
def coordinator_grant(person: Annotated[str, typer.Argument(help="The person's id (see `yui people list`).")]) -> None:
    """Make someone a coordinator (from the server's shell, no other check: see domain/permissions.py)."""
    from handlers.coordinator import grant_coordinator_role

    granted, changed = _team_call(lambda uow: grant_coordinator_role(uow, person))
    state = "is now a coordinator" if changed else "was already a coordinator"
    console.print(f"[green]{granted.display_name or granted.id}[/] {state}")


@console_cli.command("link")
def console_link(
    person: Annotated[
        str | None, typer.Option(help="The person's id (see `yui people list`); default: the first coordinator.")
    ] = None,
    lang: Annotated[str, typer.Option(help="ja or en.")] = "ja",
) -> None:
    """Print a single-use, short-lived sign-in link to the web console (YUI_CONSOLE_LINK_MINUTES)."""
    from datetime import UTC, datetime

    from bot.console.app import create_signin_link
    from domain.i18n import translate
    from domain.model import DomainError
    from domain.permissions import is_coordinator

    settings = Settings()
    locale = _locale(lang)

    async def link(uow: Any) -> str:
        async with uow:
            chosen = await uow.people.get(person) if person else None
            if person is None:
                chosen = next((p for p in await uow.people.all() if is_coordinator(p)), None)
        if chosen is None or chosen.withdrawn:
            raise DomainError("error.person_not_found", person=person or "coordinator")
        database = Database(settings.database_url)
        try:
            return await create_signin_link(database, settings, chosen.id, datetime.now(UTC))
        finally:
            await database.dispose()

    url = _coordinator_call(link, locale)
    console.print(translate("console.link.printed", locale, minutes=settings.console_link_minutes))
    print(url)  # plain, so it can be piped or copied whole


def _locale(lang: str) -> Locale:
    from domain.refs import Locale

    return Locale.EN if lang.lower().startswith("en") else Locale.JA


def _fail(locale: Locale, key: str, **params: object) -> NoReturn:
    from domain.i18n import translate

    console.print(f"[bold red]{translate(key, locale, **params)}[/]")
    raise typer.Exit(code=2)


def _coordinator_call(call: Callable[[Any], Coroutine[Any, Any, T]], locale: Locale) -> T:
    """Run a use case on a unit of work; a broken rule is shown in `locale`, not a traceback."""
    from domain.i18n import translate
    from domain.model import DomainError

    async def run() -> T:
        database = Database(Settings().database_url)
        try:
            return await call(database.unit_of_work())
        finally:
            await database.dispose()

    try:
        return asyncio.run(run())
    except DomainError as exc:
        console.print(f"[bold red]{translate(exc.key, locale, **exc.params)}[/]")
        raise typer.Exit(code=1) from exc


T = TypeVar("T")


def _wide() -> Console:
    """Tables whole when piped (rich assumes 80 columns without a terminal)."""
    return Console() if sys.stdout.isatty() else Console(width=200)


def _team_call(call: Callable[[Any], Coroutine[Any, Any, T]]) -> T:
    """`_coordinator_call` for the operator commands that have no --lang: a broken rule in English."""
    from domain.refs import Locale

    return _coordinator_call(call, Locale.EN)


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
