"""One person on two platforms: `/yui link` in Slack shows a one-time code; sending it to the LINE
bot within ten minutes puts the LINE account on the same person (a leader is often on both)."""

from __future__ import annotations

import secrets

from domain.i18n import translate
from domain.model import JOIN_CODE_ALPHABET, LINK_CODE_LENGTH, LINK_CODE_TTL, LinkCode, Person, read_link_code
from domain.ports import UnitOfWork
from domain.refs import Platform
from handlers.commands import Command
from handlers.events import AccountsLinked, Event
from handlers.ports import Clock, Notifier, OutgoingMessage


def new_link_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(LINK_CODE_LENGTH))


async def issue_link_code(command: Command, person: Person, uow: UnitOfWork, notifier: Notifier, clock: Clock) -> None:
    """Slack: a fresh code for this person, shown only to them."""
    code = LinkCode(new_link_code(), person.id, clock.now() + LINK_CODE_TTL)
    async with uow:
        await uow.link_codes.add(code)
        await uow.commit()
    text = translate("link.code", person.locale, code=code.code, minutes=int(LINK_CODE_TTL.total_seconds() // 60))
    await notifier.send(OutgoingMessage(chat=command.chat, text=text, reply=command.reply, ephemeral_to=command.person))


async def link_from_text(
    command: Command, person: Person, text: str, uow: UnitOfWork, notifier: Notifier, clock: Clock
) -> list[Event] | None:
    """LINE: 「連携 ABCD2345」 links this LINE account to the person who got the code; None when the
    message is not about linking."""
    code = read_link_code(text)
    if code is None:
        return None
    events: list[Event] = []
    locale = person.locale
    async with uow:
        owner_id = await uow.link_codes.use(code, clock.now()) if code else None
        owner = await uow.people.get(owner_id) if owner_id else None
        if owner is None or owner.withdrawn:
            reply = translate("link.invalid", locale)
        elif owner.id == person.id:
            reply = translate("link.already", locale)
            await uow.commit()
        elif owner.identity_on(Platform.LINE) is not None:
            reply = translate("link.other_line", locale)  # the code is spent: ask for a new one
            await uow.commit()
        else:
            await uow.people.merge(person.id, owner.id)
            owner.absorb(person)
            await uow.people.save(owner)
            await uow.commit()
            reply = translate("link.done", owner.locale, name=owner.display_name)
            events.append(AccountsLinked(person_id=owner.id, merged_id=person.id))
    await notifier.send(OutgoingMessage(chat=command.chat, text=reply, reply=command.reply))
    return events
