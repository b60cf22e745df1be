"""The web console at /console (issue 17): routes, sign-in, pages, downloads and light operations.

Pages are rendered on the server (Jinja2, templates and static files shipped in this package);
htmx (vendored from npm, `static/htmx.min.js`) only refreshes the people list while typing. Who
sees what is decided once per request (`domain.console_access.console_scope`) and every query and
page takes that scope; a record outside it is a 404, like one that does not exist.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import structlog
from fastapi import APIRouter, FastAPI, HTTPException, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.console import charts
from bot.console.figures import Fairness, FiguresCache, fairness, months_back
from bot.console.security import SecurityHeaders, Session, Sessions, csrf_ok
from bot.console.spreadsheet import monthly_workbook
from bot.settings import Settings
from domain.console_access import ConsoleScope, console_scope
from domain.i18n import translate
from domain.matching.reasons import render_reasons
from domain.model import DomainError, OrganizationKind, Person, TimeWindow
from domain.periods import Period, parse_month
from domain.persistence import Database
from domain.persistence.console import BoardColumn, PeopleFilter, SqlConsole, TaskLine
from domain.progress import WorkCalendar, progress, units_by_day
from domain.refs import ChatRef, Locale, PersonRef, Platform
from domain.regional_report import ExportShape, to_csv
from domain.skills import SKILLS
from handlers import teams as team_cases
from handlers.commands import ApproveCandidate
from handlers.coordinator import export_filename, export_table, grant_coordinator_role, update_organization
from handlers.messagebus import MessageBus
from handlers.ports import Clock
from handlers.privacy import delete_person, export_person

log = structlog.get_logger(__name__)

BOARD_LABELS = {
    BoardColumn.OPEN: "board.open",
    BoardColumn.LEADER: "board.leader",
    BoardColumn.MATCHED: "board.matched",
    BoardColumn.IN_PROGRESS: "board.in_progress",
    BoardColumn.DONE: "board.done",
}


@dataclass(frozen=True, slots=True)
class Viewer:
    person: Person
    scope: ConsoleScope
    locale: Locale
    session: Session


class NotFound(Exception):
    """A record that does not exist or is outside the viewer's scope: the same 404 for both."""


def signin_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def create_signin_link(database: Database, settings: Settings, person_id: str, now: datetime) -> str:
    """A single-use sign-in link for `person_id`, valid `console_link_minutes` (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    expires = now + timedelta(minutes=settings.console_link_minutes)
    await database.console().add_signin(signin_token_hash(token), person_id, expires)
    return f"{settings.console_base_url}/console/signin?{urlencode({'token': token})}"


class Console:
    def __init__(self, settings: Settings, runtime: Callable[[], Any]) -> None:
        self.settings = settings
        self._runtime = runtime
        secret = settings.console_secret.get_secret_value() if settings.console_secret else secrets.token_urlsafe(32)
        if settings.console_secret is None:
            log.warning("console.ephemeral_secret", hint="set YUI_CONSOLE_SECRET to keep sign-ins across restarts")
        self.sessions = Sessions(secret, secure=settings.console_base_url.startswith("https://"))
        self.zone = ZoneInfo(settings.timezone)
        self.templates = Environment(
            loader=PackageLoader("bot.console", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
        )
        self._figures: FiguresCache | None = None

    # --- the running app's services ------------------------------------------------------------

    @property
    def database(self) -> Database:
        database: Database = self._runtime().services.database
        return database

    @property
    def queries(self) -> SqlConsole:
        return self.database.console()

    @property
    def clock(self) -> Clock:
        clock: Clock = self._runtime().services.clock
        return clock

    @property
    def bus(self) -> MessageBus:
        bus: MessageBus = self._runtime().services.bus
        return bus

    @property
    def figures(self) -> FiguresCache:
        if self._figures is None:
            self._figures = FiguresCache(self.database, self.clock, self.zone)
        return self._figures

    def today(self) -> date:
        return self.clock.now().astimezone(self.zone).date()

    # --- who is asking ---------------------------------------------------------------------------

    async def viewer(self, request: Request) -> Viewer | None:
        session = self.sessions.read(request)
        if session is None or session.person_id is None:
            return None
        async with self.database.unit_of_work() as uow:
            person = await uow.people.get(session.person_id)
            if person is None or person.withdrawn:
                return None
            teams = await uow.teams.of_person(person.id)
        locale = Locale(session.lang) if session.lang in ("ja", "en") else person.locale
        return Viewer(person, console_scope(person, teams), locale, session)

    # --- rendering -------------------------------------------------------------------------------

    def render(
        self, request: Request, name: str, locale: Locale, session: Session | None, status: int = 200, **context: Any
    ) -> HTMLResponse:
        def t(key: str, **params: object) -> str:
            return translate(f"console.{key}", locale, **params)

        fresh = session or Session.fresh()
        html = self.templates.get_template(name).render(
            t=t,
            lang=locale.value,
            csrf=fresh.csrf,
            path=request.url.path,
            yen=lambda v: translate("report.value.yen", locale, yen=f"{int(v):,}"),
            percent=lambda v: "—" if v is None else f"{100 * v:.0f}%",
            **context,
        )
        response = HTMLResponse(html, status_code=status)
        if session is None:
            self.sessions.write(response, fresh)
        return response

    def not_found(self, request: Request, viewer: Viewer) -> HTMLResponse:
        return self.render(request, "error.html", viewer.locale, viewer.session, 404, viewer=viewer, message="404")


def _month_label(period: Period, locale: Locale) -> str:
    return f"{period.start.month}月" if locale is Locale.JA else period.start.strftime("%b")


def _page(value: str | None) -> int:
    try:
        return max(int(value or 0), 0)
    except ValueError:
        return 0


def build_console(app: FastAPI, settings: Settings) -> Console:
    """Mount the console on `app`: its routes, static files and security headers."""
    console = Console(settings, lambda: app.state.runtime)
    app.add_middleware(SecurityHeaders)
    static = resources.files("bot.console") / "static"
    app.mount("/console/static", StaticFiles(directory=str(static)), name="console-static")
    router = APIRouter(prefix="/console")
    Page = Callable[[Request, Viewer], Awaitable[Response]]

    def page(handler: Page) -> Callable[[Request], Awaitable[Response]]:
        async def run(request: Request) -> Response:
            viewer = await console.viewer(request)
            if viewer is None:
                return RedirectResponse("/console/signin", status_code=303)
            if not viewer.scope.any_access:
                return console.render(
                    request,
                    "error.html",
                    viewer.locale,
                    viewer.session,
                    403,
                    viewer=viewer,
                    message=translate("console.error.no_access", viewer.locale),
                )
            try:
                return await handler(request, viewer)
            except NotFound:
                return console.not_found(request, viewer)

        return run

    def form_page(handler: Callable[[Request, Viewer, dict[str, str]], Awaitable[Response]]) -> Page:
        async def run(request: Request, viewer: Viewer) -> Response:
            form = {k: str(v) for k, v in (await request.form()).items()}
            if not csrf_ok(request, viewer.session, form.get("csrf", "")):
                return console.render(
                    request,
                    "error.html",
                    viewer.locale,
                    viewer.session,
                    403,
                    viewer=viewer,
                    message=translate("console.error.csrf", viewer.locale),
                )
            return await handler(request, viewer, form)

        return run

    async def log_change(viewer: Viewer, action: str, target: str, detail: str = "") -> None:
        await console.queries.log(console.clock.now(), viewer.person.id, action, target, detail)
        log.info("console.change", by=viewer.person.id, action=action, target=target)

    # --- sign-in -------------------------------------------------------------------------------

    @router.get("/signin")
    async def signin_page(request: Request, token: str = "", lang: str = "") -> Response:
        session = console.sessions.read(request)
        locale = Locale.EN if (lang or (session.lang if session else "")) == "en" else Locale.JA
        return console.render(
            request, "signin.html", locale, session, token=token, slack=settings.slack_sign_in_configured, viewer=None
        )

    @router.post("/signin")
    async def signin(request: Request) -> Response:
        session = console.sessions.read(request)
        form = {k: str(v) for k, v in (await request.form()).items()}
        locale = Locale.EN if session and session.lang == "en" else Locale.JA
        if session is None or not csrf_ok(request, session, form.get("csrf", "")):
            return console.render(
                request,
                "signin.html",
                locale,
                None,
                403,
                token="",
                slack=False,
                viewer=None,
                error=translate("console.error.csrf", locale),
            )
        person_id = await console.queries.use_signin(signin_token_hash(form.get("token", "")), console.clock.now())
        if person_id is None:
            return console.render(
                request,
                "signin.html",
                locale,
                session,
                400,
                token="",
                slack=settings.slack_sign_in_configured,
                viewer=None,
                error=translate("console.signin.link_invalid", locale),
            )
        response = RedirectResponse("/console", status_code=303)
        console.sessions.signed_in(response, session, person_id)
        log.info("console.signed_in", person=person_id, via="link")
        return response

    @router.get("/login/slack")
    async def slack_login(request: Request) -> Response:
        if not settings.slack_sign_in_configured:
            raise HTTPException(404)
        session = console.sessions.read(request) or Session.fresh()
        state = secrets.token_urlsafe(24)
        query = urlencode(
            {
                "response_type": "code",
                "scope": "openid profile",
                "client_id": settings.slack_client_id or "",
                "state": state,
                "nonce": secrets.token_urlsafe(16),
                "redirect_uri": _callback_url(request, settings),
            }
        )
        response = RedirectResponse(f"{settings.slack_authorize_url}?{query}", status_code=303)
        console.sessions.write(response, replace(session, state=state))
        return response

    @router.get("/login/slack/callback")
    async def slack_callback(request: Request, code: str = "", state: str = "") -> Response:
        session = console.sessions.read(request)
        locale = Locale.EN if session and session.lang == "en" else Locale.JA
        if not settings.slack_sign_in_configured or session is None or not state or session.state != state or not code:
            return console.render(
                request,
                "signin.html",
                locale,
                session,
                400,
                token="",
                slack=True,
                viewer=None,
                error=translate("console.signin.slack_failed", locale),
            )
        client = AsyncWebClient(base_url=settings.slack_api_url)
        try:
            token = await client.openid_connect_token(
                client_id=settings.slack_client_id or "",
                client_secret=settings.slack_client_secret.get_secret_value() if settings.slack_client_secret else "",
                code=code,
                redirect_uri=_callback_url(request, settings),
            )
            info = await client.openid_connect_userInfo(token=str(token["access_token"]))
        except (SlackApiError, KeyError) as error:
            log.warning("console.slack_signin_failed", error=type(error).__name__)
            return console.render(
                request,
                "signin.html",
                locale,
                session,
                400,
                token="",
                slack=True,
                viewer=None,
                error=translate("console.signin.slack_failed", locale),
            )
        ref = PersonRef(
            Platform.SLACK,
            str(info.get("https://slack.com/team_id", "")),
            str(info.get("https://slack.com/user_id", "")),
        )
        async with console.database.unit_of_work() as uow:
            person = await uow.people.by_identity(ref)
        if person is None or person.withdrawn:
            return console.render(
                request,
                "signin.html",
                locale,
                session,
                403,
                token="",
                slack=True,
                viewer=None,
                error=translate("console.signin.unknown_person", locale),
            )
        response = RedirectResponse("/console", status_code=303)
        console.sessions.signed_in(response, replace(session, state=None), person.id)
        log.info("console.signed_in", person=person.id, via="slack")
        return response

    @router.post("/logout")
    async def logout(request: Request) -> Response:
        session = console.sessions.read(request)
        form = {k: str(v) for k, v in (await request.form()).items()}
        if not csrf_ok(request, session, form.get("csrf", "")):
            raise HTTPException(403)
        response = RedirectResponse("/console/signin", status_code=303)
        console.sessions.clear(response)
        return response

    @router.post("/lang")
    async def choose_language(request: Request) -> Response:
        session = console.sessions.read(request)
        form = {k: str(v) for k, v in (await request.form()).items()}
        if session is None or not csrf_ok(request, session, form.get("csrf", "")):
            raise HTTPException(403)
        back = form.get("back", "/console")
        response = RedirectResponse(back if back.startswith("/console") and "//" not in back else "/console", 303)
        console.sessions.write(response, replace(session, lang="en" if form.get("lang") == "en" else "ja"))
        return response

    # --- overview ------------------------------------------------------------------------------

    async def overview(request: Request, viewer: Viewer) -> Response:
        if not viewer.scope.programme:
            return RedirectResponse("/console/work", status_code=303)
        locale = viewer.locale
        today = console.today()
        periods = months_back(today, 12)
        trend = [await console.figures.month(p) for p in periods]
        this, before = trend[-1], trend[-2]
        start, end = periods[-1].bounds(console.zone)
        key = periods[-1].start.isoformat()

        async def spread_of_work() -> Fairness:  # a Gini over every resident: kept, not per view
            return fairness(this, await console.queries.teleworkers())

        spread = await console.figures.kept_figure(f"spread:{key}", spread_of_work)
        by_team = await console.figures.kept_figure(f"teams:{key}", lambda: console.queries.hours_by_team(start, end))
        risky = await at_risk(viewer.scope, today)
        week_ago = datetime.combine(today - timedelta(days=7), time(), console.zone).astimezone(UTC)
        reported, holding = await console.queries.report_rate(week_ago)
        questions = await console.queries.open_questions()
        labels = [_month_label(p, locale) for p in periods]

        def t(key: str) -> str:
            return translate(f"console.{key}", locale)

        earnings_chart = charts.trend_chart(
            labels,
            [
                charts.Series(t("overview.earnings"), [m.figures.earnings_yen for m in trend]),
                charts.Series(t("overview.outside"), [m.figures.outside_yen for m in trend]),
            ],
            t("overview.trend_title"),
            lambda v: f"¥{v:,.0f}",
        )
        people_chart = charts.trend_chart(
            labels,
            [
                charts.Series(t("overview.hours"), [m.figures.hours for m in trend]),
                charts.Series(t("overview.active"), [m.figures.active_residents for m in trend]),
            ],
            t("overview.hours_title"),
            lambda v: f"{v:,.0f}",
        )
        team_chart = charts.bar_chart(by_team, t("overview.by_team"), lambda v: f"{v:,.0f}h")
        client_chart = charts.bar_chart(
            [(c.name, c.earnings_yen) for c in this.figures.clients[:12]],
            t("overview.by_client"),
            lambda v: f"¥{v:,.0f}",
        )
        return console.render(
            request,
            "overview.html",
            locale,
            viewer.session,
            viewer=viewer,
            month=this.figures,
            before=before.figures,
            spread=spread,
            risky=risky,
            reported=reported,
            holding=holding,
            questions=questions,
            month_label=translate("report.period.month", locale, year=today.year, month=today.month),
            earnings_chart=earnings_chart,
            people_chart=people_chart,
            team_chart=team_chart,
            client_chart=client_chart,
        )

    async def at_risk(scope: ConsoleScope, today: date) -> list[tuple[TaskLine, str]]:
        """Near-deadline work judged by `domain.progress` (the same verdict as the digests)."""
        found: list[tuple[TaskLine, str]] = []
        calendar = WorkCalendar()
        near = await console.queries.at_risk(scope, today)
        since = datetime.combine(today - timedelta(days=21), time(), console.zone).astimezone(UTC)
        reported = await console.queries.reported_since([line.id for line in near], since)
        for line in near:
            days = units_by_day((at.astimezone(console.zone).date(), n) for at, n in reported[line.id])
            # the pace counts the last three weeks; what came before is already in `line.reported`
            first = since.astimezone(console.zone).date()
            days[first] = days.get(first, 0) + line.reported - sum(days.values())
            verdict = progress(line.volume, days, today, line.deadline, calendar).verdict
            if verdict.value in ("at_risk", "late", "not_started"):
                found.append((line, verdict.value))
        return found[:20]

    router.add_api_route("", page(overview), methods=["GET"], response_class=HTMLResponse)

    # --- people --------------------------------------------------------------------------------

    async def people(request: Request, viewer: Viewer) -> Response:
        if not viewer.scope.sees_people:
            raise NotFound
        q = request.query_params
        wanted = PeopleFilter(
            text=q.get("q", ""),
            skill=q.get("skill", ""),
            region=q.get("region", ""),
            team_id=q.get("team", ""),
            window=q.get("window", ""),
            status=q.get("status", "active"),
            page=_page(q.get("page")),
        )
        lines, total = await console.queries.people(viewer.scope, wanted)
        teams = await console.queries.teams(viewer.scope)
        name = "people_rows.html" if request.headers.get("hx-request") else "people.html"
        return console.render(
            request,
            name,
            viewer.locale,
            viewer.session,
            viewer=viewer,
            lines=lines,
            total=total,
            wanted=wanted,
            skills=[(s.id, s.label(viewer.locale)) for s in SKILLS],
            windows=[w.value for w in TimeWindow],
            teams=teams,
            page_size=50,
            query=urlencode({k: v for k, v in q.items() if k != "page"}),
        )

    async def person_page(request: Request, viewer: Viewer) -> Response:
        person_id = request.path_params["person_id"]
        if not viewer.scope.may_see_person(person_id):
            raise NotFound
        today = console.today()
        async with console.database.unit_of_work() as uow:
            person = await uow.people.get(person_id)
            if person is None:
                raise NotFound
            profile = await uow.profiles.get(person_id)
            teams = await uow.teams.of_person(person_id)
        year_start = datetime.combine(date(today.year, 1, 1), time(), console.zone).astimezone(UTC)
        year_end = datetime.combine(date(today.year + 1, 1, 1), time(), console.zone).astimezone(UTC)
        earned = await console.queries.earnings_in(person_id, year_start, year_end)
        work = await console.queries.current_work(person_id)
        absences = await console.queries.absences([person_id], today - timedelta(days=30), today + timedelta(days=60))
        return console.render(
            request,
            "person.html",
            viewer.locale,
            viewer.session,
            viewer=viewer,
            subject=person,
            profile=profile,
            teams=teams,
            earned=earned,
            work=work,
            absences=absences,
            private=viewer.scope.sees_private,
            skill_names=[_skill_label(s, viewer.locale) for s in sorted(profile.skills)] if profile else [],
        )

    async def person_export(request: Request, viewer: Viewer) -> Response:
        """Everything Yui holds on the person (APPI disclosure), the same JSON as `yui people export`."""
        person_id = request.path_params["person_id"]
        if not viewer.scope.programme:
            raise NotFound
        try:
            held = await export_person(console.database.unit_of_work(), person_id)
        except DomainError as error:
            raise NotFound from error
        await log_change(viewer, "person.export", person_id)
        return Response(
            json.dumps(held, ensure_ascii=False, indent=2),
            media_type="application/json",
            headers={"content-disposition": f'attachment; filename="yui-person-{person_id}.json"'},
        )

    async def person_delete(request: Request, viewer: Viewer, form: dict[str, str]) -> Response:
        """退会 on the person's behalf, confirmed on the form: `handlers.privacy.delete_person`, its
        events (work given back, leaders told) through the bus, as `yui people delete` does."""
        person_id = request.path_params["person_id"]
        if not viewer.scope.programme:
            raise NotFound
        if form.get("confirm") != "yes":
            return console.render(
                request,
                "error.html",
                viewer.locale,
                viewer.session,
                400,
                viewer=viewer,
                message=translate("console.person.delete_unconfirmed", viewer.locale),
            )
        try:
            events = await delete_person(console.database.unit_of_work(), person_id, console.clock)
        except DomainError as error:
            raise NotFound from error
        await console.bus.publish(events)
        await log_change(viewer, "person.delete", person_id, f"{len(events)} event(s)")
        return RedirectResponse(f"/console/people/{person_id}?done=delete", status_code=303)

    router.add_api_route("/people/{person_id}/export", page(person_export), methods=["GET"])
    router.add_api_route("/people/{person_id}/delete", page(form_page(person_delete)), methods=["POST"])
    router.add_api_route("/people", page(people), methods=["GET"], response_class=HTMLResponse)
    router.add_api_route("/people/{person_id}", page(person_page), methods=["GET"], response_class=HTMLResponse)

    # --- work ----------------------------------------------------------------------------------

    async def work(request: Request, viewer: Viewer) -> Response:
        q = request.query_params
        organization, team = q.get("org", ""), q.get("team", "")
        columns = await console.queries.board(viewer.scope, organization, team, _page(q.get("page")))
        organizations = await console.queries.organizations() if viewer.scope.programme else []
        teams = await console.queries.teams(viewer.scope)
        return console.render(
            request,
            "work.html",
            viewer.locale,
            viewer.session,
            viewer=viewer,
            columns=columns,
            labels=BOARD_LABELS,
            organizations=organizations,
            teams=teams,
            org=organization,
            team=team,
        )

    async def task_page(request: Request, viewer: Viewer) -> Response:
        task_id = request.path_params["task_id"]
        access = await console.queries.task_access(task_id)
        if access is None or not viewer.scope.may_see_task(*access):
            raise NotFound
        organization_id = access[0]
        locale = viewer.locale
        today = console.today()
        async with console.database.unit_of_work() as uow:
            task = await uow.tasks.get(organization_id, task_id)
            if task is None:
                raise NotFound
            assignments = await uow.assignments.for_task(organization_id, task_id)
            reports = await uow.reports.for_assignments([a.id for a in assignments])
            history = await uow.tasks.history(organization_id, task_id)
            proposals = await uow.proposals.for_task(organization_id, task_id)
            names = await uow.people.display_names(
                sorted(
                    {a.person_id for a in assignments}
                    | {p.person_id for p in proposals}
                    | {c.by for c in history if c.by}
                )
            )
        days = units_by_day((r.reported_at.astimezone(console.zone).date(), r.units_done or 0) for r in reports)
        total = task.volume.amount if task.volume else None
        started = task.created_at.astimezone(console.zone).date() if task.created_at else None
        state = progress(total, days, today, task.deadline, WorkCalendar(), started=started)
        ordered = sorted(days)
        cumulative: list[int] = []
        for day in ordered:
            cumulative.append((cumulative[-1] if cumulative else 0) + days[day])
        if started is not None and (not ordered or ordered[0] > started):
            ordered, cumulative = [started, *ordered], [0, *cumulative]
        burnup = charts.burnup_chart(
            ordered,
            cumulative,
            total,
            task.deadline,
            state.forecast,
            translate("console.task.burnup", locale),
            (
                translate("console.task.reported", locale),
                translate("console.task.deadline", locale),
                translate("console.task.forecast", locale),
            ),
        )
        return console.render(
            request,
            "task.html",
            locale,
            viewer.session,
            viewer=viewer,
            task=task,
            assignments=assignments,
            reports=sorted(reports, key=lambda r: r.reported_at, reverse=True)[:100],
            history=history,
            proposals=proposals,
            names=names,
            state=state,
            burnup=burnup,
            private=viewer.scope.sees_private,
            reasons=lambda p: render_reasons(p.reasons, locale),
            zone=console.zone,
            may_approve=viewer.person.organization_id == organization_id,
        )

    router.add_api_route("/work", page(work), methods=["GET"], response_class=HTMLResponse)
    router.add_api_route("/tasks/{task_id}", page(task_page), methods=["GET"], response_class=HTMLResponse)

    # --- teams ---------------------------------------------------------------------------------

    async def teams_page(request: Request, viewer: Viewer) -> Response:
        if not viewer.scope.sees_people:
            raise NotFound
        lines = await console.queries.teams(viewer.scope)
        return console.render(request, "teams.html", viewer.locale, viewer.session, viewer=viewer, lines=lines)

    async def team_page(request: Request, viewer: Viewer) -> Response:
        team_id = request.path_params["team_id"]
        if not viewer.scope.may_see_team(team_id):
            raise NotFound
        today = console.today()
        async with console.database.unit_of_work() as uow:
            team = await uow.teams.get(team_id)
            if team is None:
                raise NotFound
            member_ids = sorted({team.leader_id, *team.member_ids})
            people_ = await uow.people.many(member_ids)
            profiles = await uow.profiles.many(member_ids)
        load = await console.queries.team_load(member_ids, today)
        monday = today - timedelta(days=today.weekday())
        calendar_days = [monday + timedelta(days=i) for i in range(14)]
        absences = await console.queries.absences(member_ids, calendar_days[0], calendar_days[-1])
        off = {(p, d) for p, s, e, _ in absences for d in calendar_days if s <= d <= e}
        return console.render(
            request,
            "team.html",
            viewer.locale,
            viewer.session,
            viewer=viewer,
            team=team,
            members=member_ids,
            people=people_,
            profiles=profiles,
            load=load,
            days=calendar_days,
            off=off,
            absences=absences,
            private=viewer.scope.sees_private,
            today=today,
        )

    router.add_api_route("/teams", page(teams_page), methods=["GET"], response_class=HTMLResponse)
    router.add_api_route("/teams/{team_id}", page(team_page), methods=["GET"], response_class=HTMLResponse)

    # --- downloads -----------------------------------------------------------------------------

    def chosen_period(viewer: Viewer, month: str) -> Period:
        period = parse_month(month or "今月", console.today())
        if period is None:
            raise DomainError("error.month_unreadable", text=month)
        return period

    async def downloads(request: Request, viewer: Viewer) -> Response:
        if not viewer.scope.programme:
            raise NotFound
        organizations = await console.queries.organizations()
        months = [p.start.strftime("%Y-%m") for p in months_back(console.today(), 12)][::-1]
        return console.render(
            request,
            "downloads.html",
            viewer.locale,
            viewer.session,
            viewer=viewer,
            organizations=organizations,
            months=months,
        )

    async def download(request: Request, viewer: Viewer) -> Response:
        if not viewer.scope.programme:
            raise NotFound
        kind = request.path_params["kind"]
        q = request.query_params
        organization = q.get("org") or None
        try:
            period = chosen_period(viewer, q.get("month", ""))
            if kind == "report.xlsx":
                month = await console.figures.month(period, organization)
                content = monthly_workbook(month.figures, viewer.locale)
                filename = f"yui-report-{period.start.strftime('%Y-%m')}.xlsx"
                media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            elif kind == "reports.csv":
                table = await export_table(
                    console.database.unit_of_work(),
                    period,
                    console.zone,
                    viewer.locale,
                    ExportShape.REPORTS,
                    organization,
                )
                content, filename, media = to_csv(table), export_filename(period, ExportShape.REPORTS), "text/csv"
            else:
                raise NotFound
        except DomainError as error:
            return console.render(
                request,
                "error.html",
                viewer.locale,
                viewer.session,
                400,
                viewer=viewer,
                message=translate(error.key, viewer.locale, **error.params),
            )
        return Response(
            content, media_type=media, headers={"content-disposition": f'attachment; filename="{filename}"'}
        )

    router.add_api_route("/downloads", page(downloads), methods=["GET"], response_class=HTMLResponse)
    router.add_api_route("/downloads/{kind}", page(download), methods=["GET"])

    # --- light operations (coordinators; approving a proposal: the task's client) ----------------

    async def operations(request: Request, viewer: Viewer) -> Response:
        if not viewer.scope.programme:
            raise NotFound
        organizations = await console.queries.organizations()
        changes = await console.queries.recent_changes()
        return console.render(
            request,
            "operations.html",
            viewer.locale,
            viewer.session,
            viewer=viewer,
            organizations=organizations,
            changes=changes,
            kinds=[k.value for k in OrganizationKind],
            done=request.query_params.get("done", ""),
        )

    async def operate(request: Request, viewer: Viewer, form: dict[str, str]) -> Response:
        action = request.path_params["action"]
        locale = viewer.locale
        uow = console.database.unit_of_work()
        try:
            if action == "approve":
                return await approve(request, viewer, form)
            if not viewer.scope.programme:
                raise NotFound
            if action == "org":
                kind = OrganizationKind(form["kind"]) if form.get("kind") else None
                changed = await update_organization(
                    uow,
                    form.get("organization", ""),
                    name=form.get("name") or None,
                    kind=kind,
                    region=form.get("region") or None,
                )
                await log_change(
                    viewer, "org.update", changed.id, f"{changed.name} / {changed.kind.value} / {changed.region}"
                )
            elif action == "team":
                team = await team_cases.create_team(uow, form.get("name", ""), form.get("leader", "").strip())
                await log_change(viewer, "team.create", team.id, f"{team.name} / leader {team.leader_id}")
            elif action == "leader":
                team = await team_cases.appoint_leader(uow, form.get("team", ""), form.get("person", "").strip())
                await log_change(viewer, "team.leader", team.id, f"leader {team.leader_id}")
            elif action == "coordinator":
                granted, changed_role = await grant_coordinator_role(uow, form.get("person", "").strip())
                await log_change(viewer, "coordinator.grant", granted.id, "granted" if changed_role else "already")
            else:
                raise NotFound
        except (DomainError, ValueError, KeyError) as error:
            message = (
                translate(error.key, locale, **error.params)
                if isinstance(error, DomainError)
                else translate("console.error.bad_form", locale)
            )
            return console.render(request, "error.html", locale, viewer.session, 400, viewer=viewer, message=message)
        back = form.get("back", "/console/operations")
        if not back.startswith("/console") or "//" in back:
            back = "/console/operations"
        return RedirectResponse(f"{back}?done={action}", status_code=303)

    async def approve(request: Request, viewer: Viewer, form: dict[str, str]) -> Response:
        """The client approves a proposal: the same command as the card's 承認 button, through the bus."""
        task_id = form.get("task", "")
        access = await console.queries.task_access(task_id)
        slack = viewer.person.identity_on(Platform.SLACK)
        if access is None or viewer.person.organization_id != access[0] or slack is None:
            raise NotFound
        chat = ChatRef(Platform.SLACK, slack.ref.workspace, slack.ref.user_id)
        await console.bus.handle(
            ApproveCandidate(
                person=slack.ref,
                chat=chat,
                reply=None,
                locale_hint=viewer.locale,
                proposal_id=form.get("proposal", ""),
                card=None,
            )
        )
        await log_change(viewer, "proposal.approve", form.get("proposal", ""), f"task {task_id}")
        return RedirectResponse(f"/console/tasks/{task_id}?done=approve", status_code=303)

    router.add_api_route("/operations", page(operations), methods=["GET"], response_class=HTMLResponse)
    router.add_api_route("/operations/{action}", page(form_page(operate)), methods=["POST"])

    font = _ipaex_gothic()

    @router.get("/font/ipaexg.ttf")
    async def japanese_font() -> Response:
        """IPAex Gothic from matplotlib-fontja: the CSS's last resort for a device without a
        Japanese font (a browser only fetches it when no earlier font has the glyphs)."""
        if font is None:
            raise HTTPException(404)
        return Response(font.read_bytes(), media_type="font/ttf", headers={"cache-control": "public, max-age=604800"})

    @router.get("/healthz")
    async def console_health() -> JSONResponse:
        return JSONResponse({"status": "ok"})

    app.include_router(router)
    return console


def _callback_url(request: Request, settings: Settings) -> str:
    """Where Slack sends the browser back: the configured address, else the one it came in on."""
    base = settings.console_url.rstrip("/") if settings.console_url else str(request.base_url).rstrip("/")
    return f"{base}/console/login/slack/callback"


def _ipaex_gothic() -> Path | None:
    """The font file, found without importing the package (which would import matplotlib)."""
    spec = importlib.util.find_spec("matplotlib_fontja")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "fonts" / "ipaexg.ttf"
        if path.is_file():
            return path
    return None


def _skill_label(skill_id: str, locale: Locale) -> str:
    return next((s.label(locale) for s in SKILLS if s.id == skill_id), skill_id)
