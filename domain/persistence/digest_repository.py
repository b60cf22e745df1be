"""Digest settings, channel subscriptions and delivered digests (issue 7), on SQLAlchemy.

The claim is the heart of it: a digest's row is inserted (INSERT … ON CONFLICT DO NOTHING on the
unique key) in its own committed transaction before anything is sent, so of any number of runs
(a second process, a retried job, a restart) exactly one holds it. A claim whose run failed, or
died (older than `STALE_CLAIM`), is taken again by one conditional UPDATE: the row lock and the
re-checked condition let only one of two concurrent runs win it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from domain.digest import Audience, DigestKind, DigestScope, ScopeKind
from domain.digest_schedule import (
    MAX_ATTEMPTS,
    ChannelSubscription,
    DigestKey,
    DigestStatus,
    LeaderDigestSetting,
    StoredDigest,
    format_clock,
)
from domain.model import Identity, Person, Role
from domain.persistence.tables import (
    DigestRow,
    DigestSettingRow,
    DigestSubscriptionRow,
    IdentityRow,
    PersonRow,
    TeamRow,
)
from domain.refs import ChatRef, Locale, PersonRef, Platform
from domain.reminders import parse_time


def _insert_for(session: AsyncSession) -> Any:
    """The dialect's INSERT (both SQLite and PostgreSQL have ON CONFLICT)."""
    return sqlite_insert if session.get_bind().dialect.name == "sqlite" else pg_insert


class SqlDigestRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    # --- settings and subscriptions -----------------------------------------------------------

    async def leader_setting(self, person_id: str) -> LeaderDigestSetting:
        row = await self._session.get(DigestSettingRow, person_id)
        if row is None:
            return LeaderDigestSetting(person_id)
        return LeaderDigestSetting(person_id, parse_time(row.daily_at), row.enabled)

    async def leader_settings(self) -> dict[str, LeaderDigestSetting]:
        rows = (await self._session.scalars(select(DigestSettingRow))).all()
        return {r.person_id: LeaderDigestSetting(r.person_id, parse_time(r.daily_at), r.enabled) for r in rows}

    async def save_leader_setting(self, setting: LeaderDigestSetting) -> None:
        await self._session.merge(
            DigestSettingRow(
                person_id=setting.person_id, daily_at=format_clock(setting.daily_at), enabled=setting.enabled
            )
        )
        await self._session.flush()

    async def subscriptions(self) -> list[ChannelSubscription]:
        rows = (await self._session.scalars(select(DigestSubscriptionRow).order_by(DigestSubscriptionRow.id))).all()
        return [_subscription(r) for r in rows]

    async def subscription(self, chat: ChatRef) -> ChannelSubscription | None:
        row = await self._session.scalar(_channel_query(chat))
        return _subscription(row) if row else None

    async def save_subscription(self, subscription: ChannelSubscription) -> None:
        """One subscription per channel: subscribing again replaces what it covers and its times."""
        chat = subscription.chat
        await self._session.execute(
            delete(DigestSubscriptionRow).where(
                DigestSubscriptionRow.platform == chat.platform.value,
                DigestSubscriptionRow.workspace == chat.workspace,
                DigestSubscriptionRow.channel_id == chat.channel_id,
            )
        )
        self._session.add(
            DigestSubscriptionRow(
                id=subscription.id,
                organization_id=subscription.organization_id,
                platform=chat.platform.value,
                workspace=chat.workspace,
                channel_id=chat.channel_id,
                scope_kind=subscription.scope.kind.value,
                scope_id=subscription.scope.id,
                locale=subscription.locale.value,
                subscribed_by=subscription.subscribed_by,
                daily_at=format_clock(subscription.daily_at),
                weekly_at=format_clock(subscription.weekly_at) if subscription.weekly_at else None,
            )
        )
        await self._session.flush()

    async def remove_subscription(self, chat: ChatRef) -> bool:
        result = await self._session.execute(
            delete(DigestSubscriptionRow).where(
                DigestSubscriptionRow.platform == chat.platform.value,
                DigestSubscriptionRow.workspace == chat.workspace,
                DigestSubscriptionRow.channel_id == chat.channel_id,
            )
        )
        return bool(getattr(result, "rowcount", 0))

    async def team_leaders(self) -> list[tuple[str, Person]]:
        """(team id, its leader) for every team, in two queries (the job asks every 5 minutes; one
        query per team and person would be thousands)."""
        rows = (
            await self._session.execute(
                select(TeamRow.id, PersonRow).join(PersonRow, PersonRow.id == TeamRow.leader_id)
            )
        ).all()
        leader_ids = sorted({person.id for _, person in rows})
        identities: dict[str, list[Identity]] = {}
        if leader_ids:
            found = await self._session.scalars(
                select(IdentityRow).where(IdentityRow.person_id.in_(leader_ids)).order_by(IdentityRow.id)
            )
            for i in found:
                identities.setdefault(i.person_id, []).append(
                    Identity(PersonRef(Platform(i.platform), i.workspace, i.user_id), i.display_name, i.blocked)
                )
        return [(team_id, _leader(person, identities.get(person.id, []))) for team_id, person in rows]

    # --- delivered digests --------------------------------------------------------------------

    async def statuses(self, keys: Sequence[DigestKey]) -> dict[DigestKey, DigestStatus]:
        """The stored status of each of these keys that has a row."""
        if not keys:
            return {}
        days = sorted({k.day for k in keys})
        recipients = sorted({k.recipient for k in keys})
        rows = (
            await self._session.execute(
                select(DigestRow.recipient, DigestRow.kind, DigestRow.local_date, DigestRow.status).where(
                    DigestRow.local_date.in_(days), DigestRow.recipient.in_(recipients)
                )
            )
        ).all()
        wanted = set(keys)
        found = {DigestKey(r[0], DigestKind(r[1]), r[2]): DigestStatus(r[3]) for r in rows}
        return {k: v for k, v in found.items() if k in wanted}

    async def claim(self, digest: StoredDigest, stale_before: datetime) -> StoredDigest | None:
        """Take the digest's key for this run; None when another run has it or it was sent.

        New key: inserted. Existing: taken again only if its last attempt failed, or its claim is
        older than `stale_before` (that run died), and it has attempts left."""
        key = digest.key
        values: dict[str, object] = {
            "recipient": key.recipient,
            "kind": key.kind.value,
            "local_date": key.day,
            "audience": digest.audience.value,
            "scope_kind": digest.scope.kind.value,
            "scope_id": digest.scope.id,
            "platform": digest.chat.platform.value,
            "workspace": digest.chat.workspace,
            "channel_id": digest.chat.channel_id,
            "status": DigestStatus.CLAIMED.value,
            "attempts": 1,
            "late": digest.late,
            "claimed_at": digest.claimed_at,
            "facts": {},
            "narrative": "",
            "source": "",
            "text": "",
            "message_id": "",
            "pushes": 0,
            "error": "",
        }
        statement = _insert_for(self._session)(DigestRow).values(values)
        inserted = await self._session.scalar(
            statement.on_conflict_do_nothing(index_elements=["recipient", "kind", "local_date"]).returning(DigestRow.id)
        )
        if inserted is not None:
            return digest
        retaken = await self._session.execute(
            update(DigestRow)
            .where(
                *_key_filter(key),
                DigestRow.attempts < MAX_ATTEMPTS,
                or_(
                    DigestRow.status == DigestStatus.FAILED.value,
                    and_(DigestRow.status == DigestStatus.CLAIMED.value, DigestRow.claimed_at < stale_before),
                ),
            )
            .values(
                status=DigestStatus.CLAIMED.value,
                claimed_at=digest.claimed_at,
                attempts=DigestRow.attempts + 1,
                late=digest.late,
                platform=digest.chat.platform.value,
                workspace=digest.chat.workspace,
                channel_id=digest.chat.channel_id,
            )
            .returning(DigestRow.attempts)
        )
        attempts = retaken.scalar()
        if attempts is None:
            return None
        return StoredDigest(
            key,
            digest.audience,
            digest.scope,
            digest.chat,
            DigestStatus.CLAIMED,
            digest.claimed_at,
            attempts,
            digest.late,
        )

    async def record_sent(self, digest: StoredDigest) -> None:
        """Store what was delivered under the key this run claimed."""
        await self._session.execute(
            update(DigestRow)
            .where(*_key_filter(digest.key))
            .values(
                status=DigestStatus.SENT.value,
                facts=digest.facts,
                narrative=digest.narrative,
                source=digest.source,
                text=digest.text,
                sent_at=digest.sent_at,
                message_id=digest.message_id,
                pushes=digest.pushes,
                error="",
            )
        )

    async def record_failure(self, key: DigestKey, error: str) -> None:
        """The attempt failed after the claim: the next run takes it again (see `claim`)."""
        await self._session.execute(
            update(DigestRow)
            .where(*_key_filter(key), DigestRow.status == DigestStatus.CLAIMED.value)
            .values(status=DigestStatus.FAILED.value, error=error[:2000])
        )

    async def stored(self, *, day: date | None = None, recipient: str | None = None) -> list[StoredDigest]:
        query = select(DigestRow).order_by(DigestRow.local_date, DigestRow.recipient, DigestRow.kind)
        if day is not None:
            query = query.where(DigestRow.local_date == day)
        if recipient is not None:
            query = query.where(or_(DigestRow.recipient == recipient, DigestRow.recipient.like(f"%{recipient}%")))
        return [_stored(r) for r in (await self._session.scalars(query)).all()]


def _leader(row: PersonRow, identities: list[Identity]) -> Person:
    return Person(
        id=row.id,
        display_name=row.display_name,
        locale=Locale(row.locale),
        timezone=row.timezone,
        roles=frozenset(Role(r) for r in row.roles),
        organization_id=row.organization_id,
        withdrawn=row.withdrawn,
        identities=identities,
    )


def _key_filter(key: DigestKey) -> tuple[Any, ...]:
    return (DigestRow.recipient == key.recipient, DigestRow.kind == key.kind.value, DigestRow.local_date == key.day)


def _channel_query(chat: ChatRef) -> Any:
    return select(DigestSubscriptionRow).where(
        DigestSubscriptionRow.platform == chat.platform.value,
        DigestSubscriptionRow.workspace == chat.workspace,
        DigestSubscriptionRow.channel_id == chat.channel_id,
    )


def _subscription(row: DigestSubscriptionRow) -> ChannelSubscription:
    return ChannelSubscription(
        chat=ChatRef(Platform(row.platform), row.workspace, row.channel_id),
        organization_id=row.organization_id,
        scope=DigestScope(ScopeKind(row.scope_kind), row.scope_id, row.organization_id),
        locale=Locale(row.locale),
        subscribed_by=row.subscribed_by,
        daily_at=parse_time(row.daily_at),
        weekly_at=parse_time(row.weekly_at) if row.weekly_at else None,
        id=row.id,
    )


def _stored(row: DigestRow) -> StoredDigest:
    return StoredDigest(
        key=DigestKey(row.recipient, DigestKind(row.kind), row.local_date),
        audience=Audience(row.audience),
        scope=DigestScope(ScopeKind(row.scope_kind), row.scope_id),
        chat=ChatRef(Platform(row.platform), row.workspace, row.channel_id),
        status=DigestStatus(row.status),
        claimed_at=row.claimed_at,
        attempts=row.attempts,
        late=row.late,
        facts=dict(row.facts or {}),
        narrative=row.narrative,
        source=row.source,
        text=row.text,
        sent_at=row.sent_at,
        message_id=row.message_id,
        pushes=row.pushes,
        error=row.error,
    )
