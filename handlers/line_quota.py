"""Coordinators hear it in Slack when LINE's monthly message limit is reached (at most once a day).

LINE refuses every push for the rest of the month once the official account's messages are used
up: reminders, offers, cover requests and digests in LINE stop reaching people, while answers to
what people write (free replies) keep working. The LINE adapter stores one run of this job per
local day when LINE first refuses a push (`bot/line/quota.py`); this tells every coordinator
linked to Slack, in their language, so someone changes the plan or tells the teams.
"""

from __future__ import annotations

from domain.i18n import translate
from domain.permissions import is_coordinator
from domain.ports import UnitOfWork
from domain.refs import ChatRef, Platform
from handlers.ports import Notifier, OutgoingMessage


async def tell_coordinators_line_limit(uow: UnitOfWork, notifier: Notifier, day: str) -> list[str]:
    """DM each coordinator linked to Slack; the ids of those told."""
    async with uow:
        coordinators = [p for p in await uow.people.all() if is_coordinator(p)]
    told: list[str] = []
    for person in coordinators:
        identity = person.identity_on(Platform.SLACK)
        if identity is None:
            continue
        chat = ChatRef(Platform.SLACK, identity.ref.workspace, identity.ref.user_id)
        await notifier.send(
            OutgoingMessage(
                chat=chat,
                header=translate("line_quota.limit_reached.header", person.locale),
                text=translate("line_quota.limit_reached", person.locale, day=day),
            )
        )
        told.append(person.id)
    return told
