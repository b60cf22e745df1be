"""Coordinator work (the BPO operator / 自治体 secretariat): the monthly programme report and report
exports (issue 7), and setting teams and coordinators up from Slack (issue 4).

The figures are computed in `domain.regional_report` from rows loaded here; who may ask is decided
by `domain.permissions`. The same loaders serve the CLI (`yui report monthly`, `yui export
reports`) and the Slack commands (`/yui export`, `/yui team`, `/yui coordinator`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from datetime import tzinfo
from zoneinfo import ZoneInfo

from domain.i18n import translate
from domain.mentions import Mention, find_mentions, without_mentions
from domain.model import DomainError, Organization, OrganizationKind, Person, Role, WorkerProfile
from domain.periods import Period, parse_month, parse_period
from domain.permissions import (
    is_coordinator,
    may_add_member,
    may_grant_coordinator,
    may_manage_teams,
    may_see_programme,
)
from domain.ports import UnitOfWork
from domain.refs import ChatRef, Locale, PersonRef, Platform
from domain.regional_report import (
    Client,
    ClientFigures,
    ExportShape,
    ProgrammeFigures,
    ReportRow,
    Resident,
    TaskTerms,
    export_rows,
    programme_figures,
    to_csv,
)
from domain.skills import skill_label
from handlers import teams
from handlers.commands import Command, ExportReports, GrantCoordinator, ManageTeams, ShowProgrammeReport
from handlers.events import Event
from handlers.people import find_or_register
from handlers.ports import Attachment, ChatUnavailable, Clock, Field, Notifier, OutgoingMessage, ProfileDirectory

# --- loading a period --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PeriodRows:
    """Everything the figures and exports of a period read, as the domain's plain rows."""

    reports: list[ReportRow]
    tasks: dict[str, TaskTerms]
    clients: dict[str, Client]
    residents: dict[str, Resident]


def find_organization(organizations: list[Organization], wanted: str) -> Organization:
    """An organisation by id or by name (NFKC, case and spaces ignored)."""
    key = _key(wanted)
    for organization in organizations:
        if organization.id == wanted.strip() or _key(organization.name) == key:
            return organization
    raise DomainError("error.organization_not_found", organization=wanted)


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


async def load_period(uow: UnitOfWork, period: Period, zone: tzinfo, organization: str | None = None) -> PeriodRows:
    """The period's reports (corrections included), their tasks, clients and people, and the people
    who joined in it. With `organization`, only work for that client (and its workers' joins)."""
    start, end = period.bounds(zone)
    async with uow:
        organizations = await uow.organizations.all()
        stored = await uow.reports.reported_between(start, end)
        if organization is not None:
            only = find_organization(organizations, organization).id
            stored = [r for r in stored if r.organization_id == only]
        authors = sorted({r.person_id for r in stored})
        assignments = await uow.assignments.for_people(authors)
        task_of = {a.id: a.task_id for group in assignments.values() for a in group}
        tasks: dict[str, TaskTerms] = {}
        for organization_id in sorted({r.organization_id for r in stored}):
            for task in await uow.tasks.for_organization(organization_id):
                tasks[task.id] = TaskTerms(
                    task.id,
                    task.title,
                    task.organization_id,
                    task.volume.unit if task.volume else "",
                    task.rate_yen,
                    task.rate_unit,
                    task.skills,
                )
        joined = [
            (p, at) for p, at in await uow.people.joined_between(start, end) if organization is None or p.id in authors
        ]
        people = await uow.people.many(authors)
        people.update((p.id, p) for p, _ in joined)
        profiles = await uow.profiles.many(list(people))
        residents = {pid: _resident(pid, people.get(pid), profiles.get(pid)) for pid in authors}
        for person, joined_at in joined:
            residents[person.id] = replace(_resident(person.id, person, profiles.get(person.id)), joined_at=joined_at)
    reports = [
        ReportRow(
            r.id,
            r.person_id,
            r.organization_id,
            task_of.get(r.assignment_id, ""),
            r.units_done,
            r.hours,
            r.blockers,
            r.parser,
            r.reported_at,
            r.corrects_id,
        )
        for r in stored
    ]
    clients = {o.id: Client(o.id, o.name, o.kind, o.region) for o in organizations}
    return PeriodRows(reports, tasks, clients, residents)


def _resident(person_id: str, person: Person | None, profile: WorkerProfile | None) -> Resident:
    if person is None:
        return Resident(person_id, "", withdrawn=True, teleworker=False)
    return Resident(
        person.id,
        person.display_name,
        person.withdrawn,
        None,
        profile.region if profile else "",
        Role.TELEWORKER in person.roles,
    )


async def monthly_report(
    uow: UnitOfWork, period: Period, zone: tzinfo, organization: str | None = None
) -> ProgrammeFigures:
    rows = await load_period(uow, period, zone, organization)
    enrolled: list[str] = []
    if organization is None:  # reach is the programme's: one client's report leaves it out
        async with uow:
            enrolled = [p.id for p in await uow.people.all() if Role.TELEWORKER in p.roles and not p.withdrawn]
    return programme_figures(period, zone, rows.reports, rows.tasks, rows.clients, rows.residents, enrolled)


async def export_table(
    uow: UnitOfWork,
    period: Period,
    zone: tzinfo,
    locale: Locale,
    shape: ExportShape = ExportShape.REPORTS,
    organization: str | None = None,
) -> list[list[str]]:
    rows = await load_period(uow, period, zone, organization)
    return export_rows(period, zone, rows.reports, rows.tasks, rows.clients, rows.residents, locale, shape)


def period_label(period: Period, locale: Locale) -> str:
    if period.is_month:
        return translate("report.period.month", locale, year=period.start.year, month=period.start.month)
    return translate("report.period.range", locale, start=period.start.isoformat(), end=period.end.isoformat())


def summary_rows(figures: ProgrammeFigures, locale: Locale) -> list[tuple[str, str]]:
    """The report's headline figures as (label, value) in `locale`: the terminal table, the Slack card."""

    def t(key: str, **params: object) -> str:
        return translate(key, locale, **params)

    def yen(amount: int) -> str:
        return t("report.value.yen", yen=f"{amount:,}")

    def with_share(amount: int) -> str:
        if not figures.earnings_yen:
            return yen(amount)
        return t("report.value.share", value=yen(amount), percent=round(100 * amount / figures.earnings_yen))

    active = t("report.value.people", count=figures.active_residents)
    if figures.withdrawn_active:
        active = t("report.value.withdrawn_included", value=active, count=figures.withdrawn_active)
    units = t("list.separator").join(f"{n:,}{unit}" for unit, n in figures.units.items())
    return [
        (t("report.row.hours"), t("report.value.hours", hours=f"{figures.hours:g}")),
        (t("report.row.earnings"), yen(figures.earnings_yen)),
        (t("report.row.outside"), with_share(figures.outside_yen)),
        (t("report.row.local"), with_share(figures.local_yen)),
        (t("report.row.active"), active),
        (t("report.row.new"), t("report.value.people", count=figures.new_participants)),
        *_spread_rows(figures, locale),
        (t("report.row.reports"), t("report.value.count", count=figures.reports)),
        (t("report.row.units"), units),
    ]


def _spread_rows(figures: ProgrammeFigures, locale: Locale) -> list[tuple[str, str]]:
    """How evenly the work reached people: the share of enrolled residents with any work, and the
    Gini of hours (only in the programme's report, where the enrolled are known)."""
    if figures.reach is None:
        return []

    def t(key: str, **params: object) -> str:
        return translate(key, locale, **params)

    reach = t(
        "report.value.reach",
        active=figures.active_residents,
        enrolled=figures.enrolled,
        percent=round(100 * figures.reach),
    )
    rows = [(t("report.row.reach"), reach)]
    if figures.hours_gini is not None:
        rows.append((t("report.row.gini"), f"{figures.hours_gini:.2f}"))
    return rows


def skill_name(skill_id: str, locale: Locale) -> str:
    """A skill's label; an id the catalog no longer has (old tasks) is shown as stored, not an error."""
    try:
        return skill_label(skill_id, locale)
    except KeyError:
        return skill_id


def client_kind(client: ClientFigures, locale: Locale) -> str:
    if client.earnings_yen and client.outside_yen == client.earnings_yen:
        return translate("report.kind.outside", locale)
    if client.outside_yen == 0:
        return translate("report.kind.local", locale)
    return translate("report.kind.mixed", locale)


def report_notes(figures: ProgrammeFigures, locale: Locale) -> list[str]:
    """What the reader must know to trust the figures: reports left out of the earnings, the 域外 rule."""
    notes = []
    if figures.hourly_reports_without_hours:
        notes.append(translate("report.note.no_hours", locale, count=figures.hourly_reports_without_hours))
    if figures.unpriced_reports:
        notes.append(translate("report.note.unpriced", locale, count=figures.unpriced_reports))
    notes.append(translate("report.note.rule", locale))
    return notes


def export_filename(period: Period, shape: ExportShape) -> str:
    kind = "timesheet" if shape is ExportShape.PERSON_DAY else "reports"
    return f"yui-{kind}-{period.start.isoformat()}_{period.end.isoformat()}.csv"


async def grant_coordinator_role(uow: UnitOfWork, person_id: str) -> tuple[Person, bool]:
    """The operator's own grant (CLI): no permission check, the server's shell is the authority."""
    async with uow:
        person = await uow.people.get(person_id)
        if person is None or person.withdrawn:
            raise DomainError("error.person_not_found", person=person_id)
        if Role.COORDINATOR in person.roles:
            return person, False
        person.grant(Role.COORDINATOR)
        await uow.people.save(person)
        await uow.commit()
    return person, True


async def list_organizations(uow: UnitOfWork) -> list[Organization]:
    async with uow:
        return await uow.organizations.all()


async def update_organization(
    uow: UnitOfWork,
    wanted: str,
    *,
    name: str | None = None,
    kind: OrganizationKind | None = None,
    region: str | None = None,
) -> Organization:
    """`yui org set`: rename an organisation (Slack workspaces start as 「Slack T…」), say what kind
    it is (a local company's work is local income) and where it is (its region decides 域外)."""
    async with uow:
        organization = find_organization(await uow.organizations.all(), wanted)
        if name is not None and name.strip():
            organization.name = name.strip()
        if kind is not None:
            organization.kind = kind
        if region is not None:
            organization.region = unicodedata.normalize("NFKC", region).strip()
        await uow.organizations.save(organization)
        await uow.commit()
    return organization


# --- Slack commands ----------------------------------------------------------------------------------

# 「/yui export 先月 勤務表」: one row per person and day instead of one per report.
_TIMESHEET_WORDS = ("timesheet", "person-day", "per-day", "勤務表", "日別", "タイムシート")


async def export_reports(
    command: ExportReports, uow: UnitOfWork, notifier: Notifier, directory: ProfileDirectory, clock: Clock
) -> list[Event]:
    """`/yui export 2026-11-01 2026-11-30`: the period's reports as a CSV file in this chat."""
    person = await _asker(command, uow, directory)
    locale = person.locale
    if not may_see_programme(person):
        await _say(command, notifier, translate("coordinator.only", locale))
        return []
    text = command.text
    shape = ExportShape.REPORTS
    for word in _TIMESHEET_WORDS:
        if word in text.lower():
            shape = ExportShape.PERSON_DAY
            text = text.lower().replace(word, " ") if word.isascii() else text.replace(word, " ")
    zone = ZoneInfo(person.timezone)
    today = clock.now().astimezone(zone).date()
    period = parse_period(text, today) if text.strip() else parse_period("先月", today)
    if period is None:
        await _say(command, notifier, translate("export.period_unreadable", locale, text=command.text.strip()))
        return []
    table = await export_table(uow, period, zone, locale, shape)
    label = period_label(period, locale)
    rows = len(table) - 1
    if rows == 0:
        await _say(command, notifier, translate("report.empty", locale, period=label))
        return []
    key = "export.done_timesheet" if shape is ExportShape.PERSON_DAY else "export.done"
    file = Attachment(
        filename=export_filename(period, shape),
        content=to_csv(table),
        title=translate("export.file_title", locale, period=label),
    )
    # A file cannot be ephemeral: it goes to the chat the command came from (see README: use it in
    # a DM with Yui or the coordinators' private channel, the rows name residents and their pay).
    text = translate(key, locale, period=label, count=rows)
    try:
        await notifier.send(OutgoingMessage(chat=command.chat, text=text, attachment=file))
    except ChatUnavailable:  # Yui is not in that channel: the coordinator gets it in a DM instead
        dm = ChatRef(command.person.platform, command.person.workspace, command.person.user_id)
        note = translate("export.sent_to_dm", locale)
        await notifier.send(OutgoingMessage(chat=dm, text=f"{text}\n{note}", attachment=file))
        await _say(command, notifier, note)
    return []


async def show_programme_report(
    command: ShowProgrammeReport, uow: UnitOfWork, notifier: Notifier, directory: ProfileDirectory, clock: Clock
) -> list[Event]:
    """`/yui report [先月|2026-11] [client]`: the month's figures as a card, for the coordinator only.
    Words after the month name a client organisation (`/yui report 先月 伊那精密`)."""
    person = await _asker(command, uow, directory)
    locale = person.locale
    if not may_see_programme(person):
        await _say(command, notifier, translate("coordinator.only", locale))
        return []
    zone = ZoneInfo(person.timezone)
    today = clock.now().astimezone(zone).date()
    month_words, _, client = unicodedata.normalize("NFKC", command.text).strip().partition(" ")
    period = parse_month(month_words or "今月", today)
    if period is None:  # no month first: the whole text may name the client, for this month
        period, client = parse_month("今月", today), command.text.strip()
    assert period is not None
    try:
        figures = await monthly_report(uow, period, zone, client.strip() or None)
    except DomainError as error:
        await _say(command, notifier, translate(error.key, locale, **error.params))
        return []
    label = period_label(period, locale)
    if figures.reports == 0:
        await _say(command, notifier, translate("report.empty", locale, period=label))
        return []
    separator = translate("list.separator", locale)
    skills = separator.join(
        translate("report.skill_use", locale, skill=skill_name(s.skill, locale), count=s.residents)
        for s in figures.skills[:8]
    )
    await notifier.send(
        OutgoingMessage(
            chat=command.chat,
            text=translate("report.skills_line", locale, skills=skills) if skills else "",
            reply=command.reply,
            ephemeral_to=command.person,
            header=translate("report.title", locale, period=label),
            fields=tuple(Field(item, value) for item, value in summary_rows(figures, locale)),
            note="\n".join(report_notes(figures, locale)),
        )
    )
    return []


_CREATE = ("create", "new", "作成", "作る", "新規")
_ADD = ("add", "追加", "招待")
_LIST = ("list", "ls", "一覧", "リスト")
_APPOINT = ("leader", "リーダー", "リーダー交代")
_LEADER_WORDS = ("leader:", "リーダー:", "leader=", "リーダー=")


async def manage_teams(
    command: ManageTeams, uow: UnitOfWork, notifier: Notifier, directory: ProfileDirectory
) -> list[Event]:
    """`/yui team create <name> leader:@user`, `/yui team add @user [team]`, `/yui team list`."""
    person = await _asker(command, uow, directory)
    locale = person.locale
    head, _, rest = unicodedata.normalize("NFKC", command.text).strip().partition(" ")
    action = head.lower()
    try:
        if action in _CREATE:
            reply = await _create_team(command, person, rest, uow, directory)
        elif action in _ADD:
            reply = await _add_member(command, person, rest, uow, directory)
        elif action in _LIST:
            reply = await _list_teams(person, uow)
        elif action in _APPOINT:
            reply = await _appoint_leader(command, person, rest, uow, directory)
        else:
            reply = translate("teamcmd.usage", locale)
    except DomainError as error:
        reply = translate(error.key, locale, **error.params)
    await _say(command, notifier, reply)
    return []


async def _create_team(
    command: Command, person: Person, rest: str, uow: UnitOfWork, directory: ProfileDirectory
) -> str:
    locale = person.locale
    if not may_manage_teams(person):
        return translate("coordinator.only", locale)
    mentions = find_mentions(rest)
    words = unicodedata.normalize("NFKC", rest)
    named_leader = next((w for w in _LEADER_WORDS if w in words.lower()), None)
    if not mentions or (named_leader is None and len(mentions) != 1):
        return translate("teamcmd.leader_missing", locale)
    mention = mentions[-1] if named_leader else mentions[0]
    leader: Person | None = None
    if mention.user_id is None:  # 「leader:@山本 健」: the whole display name leaves the team's name
        leader = await _mentioned(command, mention, uow, directory)
        words = words.replace("@" + unicodedata.normalize("NFKC", leader.display_name), " ")
    name = without_mentions(words, *_LEADER_WORDS, *(w.upper() for w in _LEADER_WORDS), "Leader:", "Leader=")
    if not name:
        return translate("teamcmd.name_missing", locale)
    leader = leader or await _mentioned(command, mention, uow, directory)
    team = await teams.create_team(uow, name, leader.id)
    return translate(
        "teamcmd.created", locale, team=team.name, leader=leader.display_name or "?", code=team.join_code or ""
    )


async def _add_member(command: Command, person: Person, rest: str, uow: UnitOfWork, directory: ProfileDirectory) -> str:
    locale = person.locale
    mentions = find_mentions(rest)
    if len(mentions) != 1:
        return translate("teamcmd.usage", locale)
    team_words = without_mentions(rest)
    named: Person | None = None
    if mentions[0].user_id is None:  # 「@小林 ゆき 伊那チーム」: the name may go on past the @word
        named = await _mentioned(command, mentions[0], uow, directory)
        team_words = _after_name(rest, named.display_name)
    async with uow:
        if team_words:
            team = await teams.find_team(uow, team_words)
            if team is None:
                raise DomainError("error.team_not_found", team=team_words)
        else:
            manageable = [t for t in await uow.teams.all() if may_add_member(person, t)]
            if len(manageable) != 1:
                if not manageable:
                    return translate("coordinator.only", locale)
                names = translate("list.separator", locale).join(t.name for t in manageable)
                return translate("teamcmd.which", locale, teams=names)
            team = manageable[0]
    if not may_add_member(person, team):
        return translate("teamcmd.not_allowed", locale, team=team.name)
    member = named or await _mentioned(command, mentions[0], uow, directory)
    team, added = await teams.add_member(uow, team.id, member.id)
    key = "teamcmd.added" if added else "teamcmd.already_in"
    return translate(key, locale, name=member.display_name or "?", team=team.name)


async def _appoint_leader(
    command: Command, person: Person, rest: str, uow: UnitOfWork, directory: ProfileDirectory
) -> str:
    """`/yui team leader @user [team]`: a coordinator gives an existing team a new leader (the
    previous one stays in the team as a member)."""
    locale = person.locale
    if not may_manage_teams(person):
        return translate("coordinator.only", locale)
    mentions = find_mentions(rest)
    if len(mentions) != 1:
        return translate("teamcmd.usage", locale)
    team_words = without_mentions(rest)
    named: Person | None = None
    if mentions[0].user_id is None:  # 「@山本 健 伊那チーム」: the name may go on past the @word
        named = await _mentioned(command, mentions[0], uow, directory)
        team_words = _after_name(rest, named.display_name)
    async with uow:
        if team_words:
            team = await teams.find_team(uow, team_words)
            if team is None:
                raise DomainError("error.team_not_found", team=team_words)
        else:
            every = await uow.teams.all()
            if len(every) != 1:
                names = translate("list.separator", locale).join(t.name for t in every)
                return (
                    translate("teamcmd.which_leader", locale, teams=names)
                    if every
                    else translate("teamcmd.list_empty", locale)
                )
            team = every[0]
    leader = named or await _mentioned(command, mentions[0], uow, directory)
    team = await teams.appoint_leader(uow, team.id, leader.id)
    return translate("teamcmd.leader_set", locale, name=leader.display_name or "?", team=team.name)


async def _list_teams(person: Person, uow: UnitOfWork) -> str:
    locale = person.locale
    if may_manage_teams(person):
        shown = await teams.list_teams(uow)
    else:  # a leader sees the teams they lead
        async with uow:
            led = {t.id for t in await uow.teams.of_person(person.id) if t.leader_id == person.id}
        if not led:
            return translate("coordinator.only", locale)
        shown = [s for s in await teams.list_teams(uow) if s.id in led]
    if not shown:
        return translate("teamcmd.list_empty", locale)
    separator = translate("list.separator", locale)
    lines = [
        translate(
            "teamcmd.list_line",
            locale,
            team=s.name,
            code=s.join_code,
            leader=s.leader,
            members=separator.join(s.members) or translate("teamcmd.no_members", locale),
        )
        for s in shown
    ]
    return "\n".join([translate("teamcmd.list_header", locale), *lines])


async def grant_coordinator(
    command: GrantCoordinator, uow: UnitOfWork, notifier: Notifier, directory: ProfileDirectory
) -> list[Event]:
    """`/yui coordinator @user`: give the coordinator role (rule in `domain.permissions`)."""
    person = await _asker(command, uow, directory)
    locale = person.locale
    mentions = find_mentions(command.text)
    if len(mentions) != 1:
        await _say(command, notifier, translate("coordinator.usage", locale))
        return []
    async with uow:
        coordinators_exist = any(is_coordinator(p) for p in await uow.people.all())
    # Admin status is looked up now, not remembered: it changes in Slack without telling Yui.
    profile = None if is_coordinator(person) else await directory.lookup(command.person)
    allowed = may_grant_coordinator(
        person, coordinators_exist=coordinators_exist, workspace_admin=bool(profile and profile.is_admin)
    )
    if not allowed:
        await _say(command, notifier, translate("coordinator.not_allowed", locale))
        return []
    try:
        target = await _mentioned(command, mentions[0], uow, directory)
        _, granted = await grant_coordinator_role(uow, target.id)
    except DomainError as error:
        await _say(command, notifier, translate(error.key, locale, **error.params))
        return []
    key = "coordinator.granted" if granted else "coordinator.already"
    await _say(command, notifier, translate(key, locale, name=target.display_name or "?"))
    return []


# --- helpers -----------------------------------------------------------------------------------------


async def _asker(command: Command, uow: UnitOfWork, directory: ProfileDirectory) -> Person:
    async with uow:
        person, _ = await find_or_register(command.person, uow, directory, command.locale_hint)
        await uow.commit()
    return person


def _after_name(text: str, display_name: str) -> str:
    """What follows a plain 「@name」 once the whole display name (spaces and all) is taken out."""
    words = unicodedata.normalize("NFKC", text).strip()
    at = words.find("@")
    rest = words[at + 1 :] if at >= 0 else words
    name = unicodedata.normalize("NFKC", display_name)
    # the whole name when it was typed in full, else only the @word (「@小林」 for 小林 ゆき)
    rest = rest[len(name) :] if name and rest.startswith(name) else rest.partition(" ")[2]
    return " ".join((words[: max(at, 0)] + " " + rest).split())


async def _mentioned(command: Command, mention: Mention, uow: UnitOfWork, directory: ProfileDirectory) -> Person:
    """The person a mention names: by Slack user id (registered on first sight, like anyone who
    writes to Yui), or by name among the people Yui knows in this workspace (a whole name, or the
    start of exactly one person's name: 「@小林」 for 小林 ゆき)."""
    async with uow:
        if mention.user_id is not None:
            ref = PersonRef(Platform.SLACK, command.person.workspace, mention.user_id)
            person, _ = await find_or_register(ref, uow, directory, None)
            await uow.commit()
            return person
        wanted = _key(mention.name)
        here = [
            p
            for p in await uow.people.all()
            if any(
                i.ref.platform is Platform.SLACK and i.ref.workspace == command.person.workspace for i in p.identities
            )
        ]
    names = {p.id: {_key(p.display_name), *(_key(i.display_name) for i in p.identities)} - {""} for p in here}
    matches = [p for p in here if wanted in names[p.id]]
    if not matches:
        matches = [p for p in here if any(n.startswith(wanted) for n in names[p.id])]
    if not matches:
        raise DomainError("user.unknown", text=mention.text)
    if len(matches) > 1:
        raise DomainError("user.ambiguous", text=mention.text)
    return matches[0]


async def _say(command: Command, notifier: Notifier, text: str) -> None:
    """Coordinator answers are for the person who asked (they name people, codes and pay)."""
    await notifier.send(OutgoingMessage(chat=command.chat, text=text, reply=command.reply, ephemeral_to=command.person))
