"""The first model types: organisations, people and their platform identities, worker profiles,
teams and tasks (案件). Pure Python: no I/O, no framework.

Entities are plain (mutable) dataclasses identified by `id`; value objects are frozen.
Times are timezone-aware UTC; money is integer yen.
"""

from __future__ import annotations

import calendar
import enum
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from domain.refs import Locale, PersonRef, Platform


def new_id() -> str:
    return uuid.uuid4().hex


class DomainError(Exception):
    """A rule of the domain was broken; `key` names the user-facing message in the catalog."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class OrganizationKind(enum.StrEnum):
    CLIENT = "client"  # 都市企業・取引先
    LOCAL_COMPANY = "local_company"  # 地域企業
    MUNICIPALITY = "municipality"  # 自治体
    OPERATOR = "operator"  # BPO operator / secretariat


class Role(enum.StrEnum):
    CLIENT_MEMBER = "client_member"
    TELEWORKER = "teleworker"
    LEADER = "leader"
    COORDINATOR = "coordinator"


@dataclass
class Organization:
    name: str
    kind: OrganizationKind
    slack_team_id: str | None = None
    timezone: str = "Asia/Tokyo"
    id: str = field(default_factory=new_id)
    region: str = ""  # prefecture / municipality (長野県伊那市): decides 域外 income in the monthly report


@dataclass(frozen=True, slots=True)
class Identity:
    """One platform account of a person. `blocked` is LINE's unfollow: no pushes until re-follow."""

    ref: PersonRef
    display_name: str = ""
    blocked: bool = False


@dataclass
class Person:
    display_name: str
    locale: Locale = Locale.JA
    timezone: str = "Asia/Tokyo"
    roles: frozenset[Role] = frozenset()
    organization_id: str | None = None
    identities: list[Identity] = field(default_factory=list)
    withdrawn: bool = False
    id: str = field(default_factory=new_id)

    def identity_on(self, platform: Platform) -> Identity | None:
        return next((i for i in self.identities if i.ref.platform is platform), None)

    def add_identity(self, identity: Identity) -> None:
        if any(i.ref == identity.ref for i in self.identities):
            return
        self.identities.append(identity)

    def set_blocked(self, ref: PersonRef, blocked: bool) -> None:
        self.identities = [Identity(i.ref, i.display_name, blocked) if i.ref == ref else i for i in self.identities]

    def grant(self, role: Role) -> None:
        self.roles = self.roles | {role}

    def absorb(self, other: Person) -> None:
        """Linking accounts: `other`'s platform accounts and roles become this person's."""
        for identity in other.identities:
            self.add_identity(identity)
        self.roles = self.roles | other.roles
        self.display_name = self.display_name or other.display_name
        self.organization_id = self.organization_id or other.organization_id

    def forget_personal_data(self) -> None:
        """退会: keep only the id (work history points at it); names and accounts go.

        The platform accounts are removed too, so the LINE user id no longer leads to this id, and
        following again starts as a new person.
        """
        self.display_name = ""
        self.identities = []
        self.roles = frozenset()
        self.withdrawn = True


class TimeWindow(enum.StrEnum):
    WEEKDAY_MORNING = "weekday_morning"  # 平日午前
    WEEKDAY_AFTERNOON = "weekday_afternoon"  # 平日午後
    EVENING = "evening"  # 夕方以降
    WEEKEND = "weekend"  # 土日


@dataclass
class WorkerProfile:
    """What a teleworker offers: skills, weekly hours and when, region, and private constraints."""

    person_id: str
    skills: frozenset[str] = frozenset()
    other_skills: tuple[str, ...] = ()  # what the person named outside the catalog, as written
    weekly_hours: int = 0
    time_windows: frozenset[TimeWindow] = frozenset()
    region: str = ""
    constraints: str = ""  # shared with the leader only (childcare pick-up, caregiving ...)
    annual_earnings_cap_yen: int | None = None  # 扶養の範囲 / 年収の壁

    def __post_init__(self) -> None:
        if not 0 <= self.weekly_hours <= 80:
            raise DomainError("error.weekly_hours_range", hours=self.weekly_hours)


@dataclass
class Absence:
    """Days someone cannot work (both ends included), as they reported them."""

    person_id: str
    start: date
    end: date
    reason: str
    reported_at: datetime
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise DomainError("error.absence_range", start=self.start.isoformat(), end=self.end.isoformat())

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass
class Team:
    name: str
    organization_id: str
    leader_id: str
    member_ids: set[str] = field(default_factory=set)
    join_code: str | None = None  # what the leader shares; a teleworker sends it to join
    id: str = field(default_factory=new_id)

    def add_member(self, person_id: str) -> None:
        self.member_ids.add(person_id)

    def includes(self, person_id: str) -> bool:
        return person_id == self.leader_id or person_id in self.member_ids


LINK_CODE_TTL = timedelta(minutes=10)
LINK_CODE_LENGTH = 8


@dataclass(frozen=True, slots=True)
class LinkCode:
    """A one-time code shown in Slack (`/yui link`) that, sent to the LINE bot within ten minutes,
    puts both accounts on one person. Single use: the repository marks it used atomically."""

    code: str
    person_id: str
    expires_at: datetime


def read_link_code(text: str) -> str | None:
    """The code in 「連携 ABCD2345」 / 「link abcd2345」 (NFKC, upper-cased); None otherwise."""
    words = unicodedata.normalize("NFKC", text).strip().upper()
    for prefix in ("連携コード", "連携", "LINK"):
        if words.startswith(prefix):
            code = words[len(prefix) :].strip(" :：")
            if len(code) == LINK_CODE_LENGTH and all(ch in JOIN_CODE_ALPHABET for ch in code):
                return code
            return ""  # asked to link, but the code is not readable
    return None


# Join codes: six characters a person can read aloud and type on a phone (no 0/O, 1/I/L).
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6


def read_join_code(text: str) -> str | None:
    """The join code in 「参加 ABC123」, 「ａｂｃ１２３」 or 「abc123」, upper-cased; None if there is none."""
    words = said = unicodedata.normalize("NFKC", text).strip().upper()
    for prefix in ("チーム参加", "参加コード", "参加", "JOIN TEAM", "JOIN"):
        if words.startswith(prefix):
            words = words[len(prefix) :].strip(" :：")
            break
    if len(words) == JOIN_CODE_LENGTH and all(ch in JOIN_CODE_ALPHABET for ch in words):
        return words
    # 「チームに参加します HE427P」「コードはHE427Pです」: one code-shaped word in a short message about joining
    if len(said) <= 40 and re.search(r"参加|JOIN", said):
        found: list[str] = re.findall(rf"(?<![A-Z0-9])[A-Z0-9]{{{JOIN_CODE_LENGTH}}}(?![A-Z0-9])", said)
        codes = [c for c in found if all(ch in JOIN_CODE_ALPHABET for ch in c) and re.search(r"\d", c)]
        if len(codes) == 1:
            return codes[0]
    return None


class TaskStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    MATCHED = "matched"
    IN_PROGRESS = "in_progress"
    PAUSED = "paused"
    DONE = "done"
    CANCELLED = "cancelled"


class TeamShape(enum.StrEnum):
    TEAM = "team"  # チーム受託型
    INDIVIDUAL = "individual"  # スキルマッチング型
    HYBRID = "hybrid"  # ハイブリッド型


class Recurrence(enum.StrEnum):
    ONE_OFF = "one_off"
    WEEKLY = "weekly"
    MONTHLY = "monthly"


# Which lifecycle moves are legal; anything else is rejected with a message naming both states.
_TRANSITIONS: dict[TaskStatus, frozenset[TaskStatus]] = {
    TaskStatus.DRAFT: frozenset({TaskStatus.OPEN, TaskStatus.CANCELLED}),
    TaskStatus.OPEN: frozenset({TaskStatus.MATCHED, TaskStatus.PAUSED, TaskStatus.CANCELLED}),
    TaskStatus.MATCHED: frozenset({TaskStatus.IN_PROGRESS, TaskStatus.OPEN, TaskStatus.PAUSED, TaskStatus.CANCELLED}),
    TaskStatus.IN_PROGRESS: frozenset({TaskStatus.DONE, TaskStatus.PAUSED, TaskStatus.CANCELLED}),
    TaskStatus.PAUSED: frozenset({TaskStatus.OPEN, TaskStatus.IN_PROGRESS, TaskStatus.CANCELLED}),
    TaskStatus.DONE: frozenset(),
    TaskStatus.CANCELLED: frozenset(),
}


@dataclass(frozen=True, slots=True)
class Volume:
    """An amount of work: 200 件, 30 時間, 12 記事."""

    amount: int
    unit: str

    def __post_init__(self) -> None:
        if self.amount <= 0:
            raise DomainError("error.volume_positive", amount=self.amount)
        if not self.unit.strip():
            raise DomainError("error.volume_unit_missing")


REQUIRED_TASK_FIELDS = ("title", "volume", "deadline")


class ChangeKind(enum.StrEnum):
    """What happened to a task; one entry in its change log per change."""

    DRAFTED = "drafted"
    REGISTERED = "registered"  # confirmed from a draft, or registered straight from the form
    EDITED = "edited"
    DEADLINE_EXTENDED = "deadline_extended"
    VOLUME_CHANGED = "volume_changed"
    PAUSED = "paused"
    RESUMED = "resumed"
    CANCELLED = "cancelled"
    DONE = "done"
    RECURRED = "recurred"  # created as the next occurrence of a recurring task
    MATCHED = "matched"  # accepted offers cover the whole volume
    SHARE_RELEASED = "share_released"  # an assignee gave their share back (a declined recurring share)
    STARTED = "started"  # the first progress report arrived (recorded by Yui: `by` is None)
    REOPENED = "reopened"  # the client raised the volume past the accepted shares: looked for again


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field's value before and after, as display-neutral text ("" for unset)."""

    field: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class TaskChange:
    """Who changed a task, when, and what (the change log is append-only)."""

    task_id: str
    kind: ChangeKind
    by: str | None  # person id; None for Yui itself (the recurrence roll)
    at: datetime
    fields: tuple[FieldChange, ...] = ()
    reason: str = ""


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Volume):
        return f"{value.amount}{value.unit}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset | set | tuple | list):
        return ",".join(sorted(str(v) for v in value))
    if isinstance(value, enum.Enum):
        return str(value.value)
    return str(value)


@dataclass
class Task:
    """A piece of client work. A DRAFT may lack required fields; opening it needs them all.

    Every change goes through a method that records a `TaskChange` in `changes` (the entries not
    yet stored); the repository appends them to the change log when it saves the task.
    """

    organization_id: str
    title: str
    volume: Volume | None
    deadline: date | None
    created_by: str
    description: str = ""
    skills: frozenset[str] = frozenset()
    other_skills: tuple[str, ...] = ()  # what the client asked for outside the catalog
    shape: TeamShape = TeamShape.INDIVIDUAL
    recurrence: Recurrence = Recurrence.ONE_OFF
    budget_yen: int | None = None
    rate_yen: int | None = None  # per `rate_unit` (単価), never the budget
    rate_unit: str | None = None
    updates_channel: str | None = None  # where the client wants to hear about this task
    status: TaskStatus = TaskStatus.DRAFT
    paused_from: TaskStatus | None = None
    previous_id: str | None = None  # the occurrence this one recurs from
    region: str = ""  # where the client wants the work done (a municipality): preferred in matching
    region_only: bool = False  # ... or required
    created_at: datetime | None = None
    id: str = field(default_factory=new_id)
    changes: list[TaskChange] = field(default_factory=list, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.status is not TaskStatus.DRAFT and not self.title.strip():
            raise DomainError("error.task_title_missing")
        for amount, key in ((self.budget_yen, "error.budget_negative"), (self.rate_yen, "error.budget_negative")):
            if amount is not None and amount < 0:
                raise DomainError(key, budget=amount)

    # --- lifecycle ---------------------------------------------------------------------------------

    @property
    def missing(self) -> tuple[str, ...]:
        """Required fields still unknown (a draft is asked for them, never guessed)."""
        present = {
            "title": bool(self.title.strip()),
            "volume": self.volume is not None,
            "deadline": bool(self.deadline),
        }
        return tuple(name for name in REQUIRED_TASK_FIELDS if not present[name])

    @property
    def is_active(self) -> bool:
        return self.status not in (TaskStatus.DRAFT, TaskStatus.DONE, TaskStatus.CANCELLED)

    def can_move_to(self, target: TaskStatus) -> bool:
        return target in _TRANSITIONS[self.status]

    def move_to(self, target: TaskStatus) -> None:
        if target is self.status:  # a second press of the same button: say where it stands
            raise DomainError("error.task_already", status=self.status.value)
        if not self.can_move_to(target):
            raise DomainError("error.task_transition", current=self.status.value, target=target.value)
        if target is TaskStatus.OPEN and self.status is TaskStatus.DRAFT and self.missing:
            raise DomainError("error.task_incomplete", fields=",".join(self.missing))
        self.status = target

    def record_draft(self, by: str, at: datetime) -> None:
        self._log(ChangeKind.DRAFTED, by, at)

    def register(self, by: str, at: datetime) -> None:
        """Confirm a draft: it becomes OPEN work (needs title, volume and deadline)."""
        self.move_to(TaskStatus.OPEN)
        self._log(ChangeKind.REGISTERED, by, at)

    def pause(self, by: str, at: datetime) -> None:
        before = self.status
        self.move_to(TaskStatus.PAUSED)
        self.paused_from = before
        self._log(ChangeKind.PAUSED, by, at, (FieldChange("status", before.value, self.status.value),))

    def resume(self, by: str, at: datetime) -> None:
        if self.status in (TaskStatus.OPEN, TaskStatus.MATCHED, TaskStatus.IN_PROGRESS):
            raise DomainError("error.task_already", status=self.status.value)  # not paused: nothing to resume
        if self.status is not TaskStatus.PAUSED:
            raise DomainError("error.task_transition", current=self.status.value, target=TaskStatus.OPEN.value)
        target = self.paused_from if self.paused_from in (TaskStatus.OPEN, TaskStatus.IN_PROGRESS) else TaskStatus.OPEN
        assert target is not None
        self.move_to(target)
        self.paused_from = None
        self._log(ChangeKind.RESUMED, by, at, (FieldChange("status", TaskStatus.PAUSED.value, target.value),))

    def cancel(self, by: str, at: datetime, reason: str = "") -> None:
        before = self.status
        self.move_to(TaskStatus.CANCELLED)
        fields = (FieldChange("status", before.value, self.status.value),)
        self._log(ChangeKind.CANCELLED, by, at, fields, reason.strip())

    def mark_matched(self, by: str | None, at: datetime) -> None:
        """Accepted shares cover the volume: OPEN → MATCHED (`by` is the person whose accept did it;
        None when Yui did it, e.g. a recurring task's next occurrence keeping its assignees)."""
        before = self.status
        self.move_to(TaskStatus.MATCHED)
        self._log(ChangeKind.MATCHED, by, at, (FieldChange("status", before.value, self.status.value),))

    def reopen(self, by: str, at: datetime) -> None:
        """The accepted shares no longer cover the volume (the client raised it): MATCHED → OPEN, so
        the rest is proposed and offered again (matching works on OPEN tasks only)."""
        before = self.status
        self.move_to(TaskStatus.OPEN)
        self._log(ChangeKind.REOPENED, by, at, (FieldChange("status", before.value, self.status.value),))

    def start(self, at: datetime) -> None:
        """The first progress report on MATCHED work: IN_PROGRESS, logged as Yui's change (by None)."""
        before = self.status
        self.move_to(TaskStatus.IN_PROGRESS)
        self._log(ChangeKind.STARTED, None, at, (FieldChange("status", before.value, self.status.value),))

    def release_share(self, by: str, at: datetime) -> None:
        """An assignee gave their share back before work started: MATCHED → OPEN, so the freed
        units are proposed again (other statuses keep theirs: open work stays open)."""
        if self.status is TaskStatus.MATCHED:
            self.move_to(TaskStatus.OPEN)
            fields: tuple[FieldChange, ...] = (FieldChange("status", TaskStatus.MATCHED.value, self.status.value),)
        else:
            fields = ()
        self._log(ChangeKind.SHARE_RELEASED, by, at, fields)

    def mark_done(self, by: str, at: datetime) -> None:
        before = self.status
        self.move_to(TaskStatus.DONE)
        self._log(ChangeKind.DONE, by, at, (FieldChange("status", before.value, self.status.value),))

    # --- content -----------------------------------------------------------------------------------

    def extend_deadline(self, new_deadline: date, by: str, at: datetime) -> None:
        """Move the deadline later (an earlier one is an edit the client must make explicitly)."""
        self._require_changeable()
        if self.deadline is not None and new_deadline <= self.deadline:
            raise DomainError("error.deadline_not_later", current=self.deadline.isoformat())
        before, self.deadline = self.deadline, new_deadline
        self._log(
            ChangeKind.DEADLINE_EXTENDED, by, at, (FieldChange("deadline", _shown(before), _shown(new_deadline)),)
        )

    def change_volume(self, volume: Volume, by: str, at: datetime) -> None:
        self._require_changeable()
        before, self.volume = self.volume, volume
        if before != volume:
            self._log(ChangeKind.VOLUME_CHANGED, by, at, (FieldChange("volume", _shown(before), _shown(volume)),))

    def edit(self, by: str, at: datetime, **values: object) -> tuple[FieldChange, ...]:
        """Change any of the editable fields at once; records only what really changed."""
        self._require_changeable()
        editable = {
            "title",
            "description",
            "volume",
            "deadline",
            "skills",
            "other_skills",
            "shape",
            "recurrence",
            "budget_yen",
            "rate_yen",
            "rate_unit",
            "updates_channel",
            "region",
            "region_only",
        }
        unknown = set(values) - editable
        if unknown:
            raise TypeError(f"not editable: {sorted(unknown)}")
        if "title" in values and self.status is not TaskStatus.DRAFT and not str(values["title"]).strip():
            raise DomainError("error.task_title_missing")
        changed: list[FieldChange] = []
        for name, value in values.items():
            before = getattr(self, name)
            if before != value:
                setattr(self, name, value)
                changed.append(FieldChange(name, _shown(before), _shown(value)))
        if changed:
            self._log(ChangeKind.EDITED, by, at, tuple(changed))
        return tuple(changed)

    def _require_changeable(self) -> None:
        if self.status in (TaskStatus.DONE, TaskStatus.CANCELLED):
            raise DomainError("error.task_closed", status=self.status.value)

    def _log(
        self, kind: ChangeKind, by: str | None, at: datetime, fields: tuple[FieldChange, ...] = (), reason: str = ""
    ) -> None:
        self.changes.append(TaskChange(self.id, kind, by, at, fields, reason))


def next_deadline(deadline: date, recurrence: Recurrence) -> date:
    """The deadline one cycle later: a week, or the same day next month (a month-end stays one)."""
    if recurrence is Recurrence.WEEKLY:
        return deadline + timedelta(days=7)
    if recurrence is Recurrence.MONTHLY:
        year, month = (deadline.year + 1, 1) if deadline.month == 12 else (deadline.year, deadline.month + 1)
        last = calendar.monthrange(year, month)[1]
        was_month_end = deadline.day == calendar.monthrange(deadline.year, deadline.month)[1]
        return date(year, month, last if was_month_end else min(deadline.day, last))
    raise ValueError("a one-off task has no next deadline")


def next_occurrence(task: Task, today: date, at: datetime) -> Task | None:
    """The next occurrence of a recurring task whose deadline has passed (by `today`, the client's
    local date), or None. Missed cycles are skipped: the new deadline is the first one not before
    `today`. Cancelled tasks and drafts do not recur, and neither do paused ones: a client who
    paused a recurring engagement gets no new work from it until they resume it (then the next
    cycle not before that day follows)."""
    if (
        task.recurrence is Recurrence.ONE_OFF
        or task.deadline is None
        or task.volume is None
        or task.status in (TaskStatus.DRAFT, TaskStatus.CANCELLED, TaskStatus.PAUSED)
        or task.deadline >= today
    ):
        return None
    deadline = next_deadline(task.deadline, task.recurrence)
    while deadline < today:
        deadline = next_deadline(deadline, task.recurrence)
    successor = Task(
        organization_id=task.organization_id,
        title=task.title,
        volume=task.volume,
        deadline=deadline,
        created_by=task.created_by,
        description=task.description,
        skills=task.skills,
        other_skills=task.other_skills,
        shape=task.shape,
        recurrence=task.recurrence,
        budget_yen=task.budget_yen,
        rate_yen=task.rate_yen,
        rate_unit=task.rate_unit,
        updates_channel=task.updates_channel,
        status=TaskStatus.OPEN,
        previous_id=task.id,
        region=task.region,
        region_only=task.region_only,
        created_at=at,
    )
    successor._log(ChangeKind.RECURRED, None, at, (FieldChange("deadline", _shown(task.deadline), _shown(deadline)),))
    return successor
