"""The first model types: organisations, people and their platform identities, worker profiles,
teams and tasks (案件). Pure Python: no I/O, no framework.

Entities are plain (mutable) dataclasses identified by `id`; value objects are frozen.
Times are timezone-aware UTC; money is integer yen.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

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
    weekly_hours: int = 0
    time_windows: frozenset[TimeWindow] = frozenset()
    region: str = ""
    constraints: str = ""  # shared with the leader only (childcare pick-up, caregiving ...)
    annual_earnings_cap_yen: int | None = None  # 扶養の範囲 / 年収の壁

    def __post_init__(self) -> None:
        if not 0 <= self.weekly_hours <= 80:
            raise DomainError("error.weekly_hours_range", hours=self.weekly_hours)


@dataclass
class Team:
    name: str
    organization_id: str
    leader_id: str
    member_ids: set[str] = field(default_factory=set)
    id: str = field(default_factory=new_id)

    def add_member(self, person_id: str) -> None:
        self.member_ids.add(person_id)


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


@dataclass
class Task:
    organization_id: str
    title: str
    volume: Volume
    deadline: date
    created_by: str
    description: str = ""
    skills: frozenset[str] = frozenset()
    shape: TeamShape = TeamShape.INDIVIDUAL
    recurrence: Recurrence = Recurrence.ONE_OFF
    budget_yen: int | None = None
    status: TaskStatus = TaskStatus.DRAFT
    created_at: datetime | None = None
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise DomainError("error.task_title_missing")
        if self.budget_yen is not None and self.budget_yen < 0:
            raise DomainError("error.budget_negative", budget=self.budget_yen)

    def can_move_to(self, target: TaskStatus) -> bool:
        return target in _TRANSITIONS[self.status]

    def move_to(self, target: TaskStatus) -> None:
        if not self.can_move_to(target):
            raise DomainError("error.task_transition", current=self.status.value, target=target.value)
        self.status = target
