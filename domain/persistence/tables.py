"""SQLAlchemy table definitions. Rows are storage shapes; repositories map them to domain types."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Stable constraint names so Alembic migrations are identical on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp that is always timezone-aware UTC in Python, on every back end.

    SQLite has no timezone-aware type: SQLAlchemy stores the text and hands back a naive datetime,
    which then cannot be compared with `Clock.now()`. Converting here keeps the rest of the code
    free of "is this naive?" checks. Naive input is refused rather than guessed.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store timezone-aware UTC times")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if not isinstance(value, datetime):
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class OrganizationRow(Base):
    __tablename__ = "organizations"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    slack_team_id: Mapped[str | None] = mapped_column(String(32), unique=True)
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Tokyo")
    region: Mapped[str] = mapped_column(String(200), default="", server_default="")  # 0010: for 域外 income


class PersonRow(Base):
    __tablename__ = "people"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(200))
    locale: Mapped[str] = mapped_column(String(8), default="ja")
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Tokyo")
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    organization_id: Mapped[str | None] = mapped_column(ForeignKey("organizations.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))


class IdentityRow(Base):
    __tablename__ = "identities"
    __table_args__ = (UniqueConstraint("platform", "workspace", "user_id", name="uq_identities_account"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str] = mapped_column(String(200), default="")
    blocked: Mapped[bool] = mapped_column(Boolean, default=False)


class WorkerProfileRow(Base):
    __tablename__ = "worker_profiles"
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    other_skills: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    weekly_hours: Mapped[int] = mapped_column(Integer, default=0)
    time_windows: Mapped[list[str]] = mapped_column(JSON, default=list)
    region: Mapped[str] = mapped_column(String(200), default="")
    constraints: Mapped[str] = mapped_column(Text, default="")
    annual_earnings_cap_yen: Mapped[int | None] = mapped_column(BigInteger)


class ConversationRow(Base):
    """Where a person is in a LINE conversation (onboarding question, confirmation ...)."""

    __tablename__ = "conversations"
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    flow: Mapped[str | None] = mapped_column(String(16))
    step: Mapped[str | None] = mapped_column(String(32))
    pending: Mapped[list[str]] = mapped_column(JSON, default=list)
    picked: Mapped[list[str]] = mapped_column(JSON, default=list)
    free_skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    page: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class AbsenceRow(Base):
    __tablename__ = "absences"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    reported_at: Mapped[datetime] = mapped_column(UtcDateTime)


class LinkCodeRow(Base):
    """One-time account-linking codes (`/yui link`): valid ten minutes, used once."""

    __tablename__ = "link_codes"
    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class TeamRow(Base):
    __tablename__ = "teams"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"))
    leader_id: Mapped[str] = mapped_column(ForeignKey("people.id"))
    join_code: Mapped[str | None] = mapped_column(String(8), unique=True)


class TeamMemberRow(Base):
    __tablename__ = "team_members"
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)


class TaskRow(Base):
    __tablename__ = "tasks"
    __table_args__ = (Index("ix_tasks_status", "status", "created_at"),)  # 0012: the console's work board
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    # A draft may not know its volume or deadline yet; confirming it requires them (domain rule).
    volume_amount: Mapped[int | None] = mapped_column(Integer)
    volume_unit: Mapped[str | None] = mapped_column(String(32))
    deadline: Mapped[date | None] = mapped_column(Date)
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    other_skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    shape: Mapped[str] = mapped_column(String(16))
    recurrence: Mapped[str] = mapped_column(String(16))
    budget_yen: Mapped[int | None] = mapped_column(BigInteger)
    rate_yen: Mapped[int | None] = mapped_column(BigInteger)
    rate_unit: Mapped[str | None] = mapped_column(String(32))
    updates_channel: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    paused_from: Mapped[str | None] = mapped_column(String(16))
    previous_id: Mapped[str | None] = mapped_column(String(32), index=True)
    # 0008: where the client wants the work done (a municipality); only there when region_only
    region: Mapped[str] = mapped_column(String(200), default="", server_default="")
    region_only: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    created_by: Mapped[str] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class TaskChangeRow(Base):
    """The task change log: append-only, one row per change (who, when, what, why)."""

    __tablename__ = "task_changes"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    task_id: Mapped[str] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"))
    kind: Mapped[str] = mapped_column(String(32))
    changed_by: Mapped[str | None] = mapped_column(ForeignKey("people.id"))
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    fields: Mapped[list[list[str]]] = mapped_column(JSON, default=list)  # [[field, before, after], ...]
    reason: Mapped[str] = mapped_column(Text, default="")


class InboxEventRow(Base):
    """Every platform delivery we accepted, keyed by the platform's event id (the dedupe key).

    The unique constraint is what makes "processed once" hold across retries, restarts and several
    server processes: a second insert of the same id is a no-op and tells the caller "duplicate".
    """

    __tablename__ = "inbox_events"
    __table_args__ = (
        UniqueConstraint("platform", "event_id", name="uq_inbox_events_platform_event"),
        # Workers look for unhandled rows; a partial index stays as small as the backlog while
        # the table keeps every handled event for dedupe.
        Index(
            "ix_inbox_events_pending",
            "id",
            sqlite_where=text("handled_at IS NULL"),
            postgresql_where=text("handled_at IS NULL"),
        ),
        # 0015: a worker leases an event only when no earlier one with its key is unhandled.
        Index(
            "ix_inbox_events_pending_key",
            "order_key",
            "id",
            sqlite_where=text("handled_at IS NULL"),
            postgresql_where=text("handled_at IS NULL"),
        ),
    )
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(16))
    event_id: Mapped[str] = mapped_column(String(128))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    payload: Mapped[str] = mapped_column(Text)
    handled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Worker bookkeeping: a lease keeps two workers off the same row; attempts stop a poison event
    # (one that crashes its worker) from being retried forever.
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    outcome: Mapped[str | None] = mapped_column(String(16))  # handled | ignored | failed
    error: Mapped[str | None] = mapped_column(Text)
    # 0015: whose event it is (a platform account, a timed job): their events run in stored order
    order_key: Mapped[str | None] = mapped_column(String(200))


class ProposalRow(Base):
    """A candidate offered for a share of a task (see domain.proposals); scoped by organisation."""

    __tablename__ = "proposals"
    __table_args__ = (Index("ix_proposals_task", "organization_id", "task_id"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"))
    task_id: Mapped[str] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    team_id: Mapped[str | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"))
    units: Mapped[int] = mapped_column(Integer)
    hours: Mapped[float] = mapped_column(Float)
    earnings_yen: Mapped[int] = mapped_column(BigInteger)
    score: Mapped[float] = mapped_column(Float)
    rank: Mapped[int] = mapped_column(Integer)
    reasons: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16))
    approved_by: Mapped[str | None] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    offered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    card_workspace: Mapped[str | None] = mapped_column(String(64))
    card_channel: Mapped[str | None] = mapped_column(String(64))
    card_ts: Mapped[str | None] = mapped_column(String(32))
    # 0008: team work waits for the team leader's approval from this moment (None: not asked)
    leader_asked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class AssignmentRow(Base):
    """An accepted share of a task (担当); progress reports (issue 6) attach here."""

    __tablename__ = "assignments"
    __table_args__ = (Index("ix_assignments_task", "organization_id", "task_id"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"))
    task_id: Mapped[str] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    proposal_id: Mapped[str | None] = mapped_column(ForeignKey("proposals.id", ondelete="SET NULL"), unique=True)
    units: Mapped[int] = mapped_column(Integer)
    hours: Mapped[float] = mapped_column(Float)
    earnings_yen: Mapped[int] = mapped_column(BigInteger)
    accepted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # 0008: a share taken over from an absent member's assignment (cover)
    cover_of: Mapped[str | None] = mapped_column(ForeignKey("assignments.id", ondelete="SET NULL"))


class CoverRequestRow(Base):
    """0008: an absence hit an assignment; its leaders choose who takes the rest (domain.proposals)."""

    __tablename__ = "cover_requests"
    __table_args__ = (Index("ix_cover_requests_assignment", "assignment_id", "status"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"))
    task_id: Mapped[str] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    assignment_id: Mapped[str] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"))
    absence_id: Mapped[str] = mapped_column(ForeignKey("absences.id", ondelete="CASCADE"))
    absent_person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    units: Mapped[int] = mapped_column(Integer)
    candidates: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    decider_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    resolved_by: Mapped[str | None] = mapped_column(ForeignKey("people.id"))
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    covered_by: Mapped[str | None] = mapped_column(ForeignKey("people.id"))
    moved_units: Mapped[int] = mapped_column(Integer, default=0)
    cover_assignment_id: Mapped[str | None] = mapped_column(ForeignKey("assignments.id", ondelete="SET NULL"))


class CoverCardRow(Base):
    """0011: where a decider's cover card landed (Slack), to update it in place once someone decides.
    Its own table, written once after sending: saving the request never overwrites it."""

    __tablename__ = "cover_cards"
    request_id: Mapped[str] = mapped_column(ForeignKey("cover_requests.id", ondelete="CASCADE"), primary_key=True)
    decider_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    workspace: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(64))
    message_id: Mapped[str] = mapped_column(String(64))


class ProgressReportRow(Base):
    """What one message said about one assignment (domain.proposals.ProgressReport), raw text kept."""

    __tablename__ = "progress_reports"
    __table_args__ = (
        Index("ix_progress_reports_assignment", "assignment_id", "reported_at"),
        Index("ix_progress_reports_reported_at", "reported_at"),  # 0012: the console's month figures
        UniqueConstraint("source", "assignment_id", name="uq_progress_reports_source"),
    )
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"))
    assignment_id: Mapped[str] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"))
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    units_done: Mapped[int | None] = mapped_column(Integer)
    units_cumulative: Mapped[int] = mapped_column(Integer)
    hours: Mapped[float | None] = mapped_column(Float)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    blockers: Mapped[str] = mapped_column(Text, default="")
    raw_text: Mapped[str] = mapped_column(Text)
    parser: Mapped[str] = mapped_column(String(32))
    reported_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # 0007: a correction is its own row pointing at the report it fixes; `source` is the inbound
    # message it came from (unique per assignment: a redelivered event stores nothing twice).
    corrects_id: Mapped[str | None] = mapped_column(ForeignKey("progress_reports.id", ondelete="CASCADE"))
    source: Mapped[str | None] = mapped_column(String(64))


class ReportDialogRow(Base):
    """Where a guided 今日の報告 or a 訂正 conversation is (domain.report_dialog.ReportDialog)."""

    __tablename__ = "report_dialogs"
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    step: Mapped[str] = mapped_column(String(16))
    assignment_id: Mapped[str | None] = mapped_column(String(32))
    report_id: Mapped[str | None] = mapped_column(String(32))
    units: Mapped[int | None] = mapped_column(Integer)
    choices: Mapped[list[list[str]]] = mapped_column(JSON, default=list)  # [[id, label], ...]
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ReminderSettingRow(Base):
    """A worker's own reminder time ("17:00" in their timezone) and whether they want it at all."""

    __tablename__ = "reminder_settings"
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    remind_at: Mapped[str] = mapped_column(String(5))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)


class ReminderSendRow(Base):
    """One reminder per person and local day: the primary key is the "exactly once"."""

    __tablename__ = "reminder_sends"
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    local_date: Mapped[date] = mapped_column(Date, primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime)


class LinePushRow(Base):
    """LINE pushes (they count against the operator's monthly quota) per person and local day."""

    __tablename__ = "line_pushes"
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    pushes: Mapped[int] = mapped_column(Integer, default=0)


class DigestSettingRow(Base):
    """0009: a leader's own daily digest time ("18:00" in their timezone), and whether they want it."""

    __tablename__ = "digest_settings"
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    daily_at: Mapped[str] = mapped_column(String(5))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)


class DigestSubscriptionRow(Base):
    """0009: a client channel that asked for digests (`/yui digest subscribe`), one row per channel."""

    __tablename__ = "digest_subscriptions"
    __table_args__ = (UniqueConstraint("platform", "workspace", "channel_id", name="uq_digest_subscriptions_channel"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(64))
    channel_id: Mapped[str] = mapped_column(String(64))
    scope_kind: Mapped[str] = mapped_column(String(16))
    scope_id: Mapped[str] = mapped_column(String(32))
    locale: Mapped[str] = mapped_column(String(8))
    subscribed_by: Mapped[str] = mapped_column(String(32))
    daily_at: Mapped[str] = mapped_column(String(5))
    weekly_at: Mapped[str | None] = mapped_column(String(5))


class DigestRow(Base):
    """0009: every scheduled digest, claimed before it is sent. The unique key (recipient, kind,
    local date) is the "exactly once": of any number of runs, one inserts the row and sends."""

    __tablename__ = "digests"
    __table_args__ = (UniqueConstraint("recipient", "kind", "local_date", name="uq_digests_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    recipient: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    local_date: Mapped[date] = mapped_column(Date, index=True)
    audience: Mapped[str] = mapped_column(String(16))
    scope_kind: Mapped[str] = mapped_column(String(16))
    scope_id: Mapped[str] = mapped_column(String(32))
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(64))
    channel_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    claimed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    narrative: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(16), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    message_id: Mapped[str] = mapped_column(String(64), default="")
    pushes: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")


class ConsoleSignInRow(Base):
    """0012: a one-time web console sign-in link (`yui console link`). Only the SHA-256 of the token
    is kept, so a copy of the database signs nobody in; `used_at` makes it single use."""

    __tablename__ = "console_signins"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class ConsoleAuditRow(Base):
    """0012: every change made from the web console: who, when, what, on which record."""

    __tablename__ = "console_audit"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="")


class QuestionRow(Base):
    """0013: a worker's question about a task (domain.knowhow.model.Question) and its answer."""

    __tablename__ = "questions"
    __table_args__ = (Index("ix_questions_org_status", "organization_id", "status"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    task_id: Mapped[str] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(200))
    asked_by: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    asked_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    status: Mapped[str] = mapped_column(String(16))
    answer_text: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[str | None] = mapped_column(String(32))
    answer_source: Mapped[str | None] = mapped_column(String(16))
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    note_id: Mapped[str | None] = mapped_column(String(32))
    client_thread: Mapped[str | None] = mapped_column(String(160))


class NoteRow(Base):
    """0013: a note (手順メモ / Q&A) of one client's kind of work (domain.knowhow.model.Note)."""

    __tablename__ = "notes"
    __table_args__ = (Index("ix_notes_org_kind", "organization_id", "kind"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(200))
    question: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    task_id: Mapped[str | None] = mapped_column(ForeignKey("tasks.id", ondelete="SET NULL"))
    question_id: Mapped[str | None] = mapped_column(String(32))


class AnsweringRow(Base):
    """0014: a LINE leader tapped 回答する: their next message is the answer to this question."""

    __tablename__ = "answering"
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
