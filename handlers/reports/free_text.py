"""A progress report written freely in LINE (「50件終わりました」): read by the model when one is
configured, by the rules otherwise; stored when sure, asked about when not."""

from __future__ import annotations

from domain.i18n import translate
from domain.model import Person
from domain.ports import UnitOfWork
from domain.reports import ParsedReport, parse_report
from handlers.commands import Command
from handlers.events import Event
from handlers.ports import Clock, LanguageModel, Notifier, OutgoingMessage
from handlers.reports.llm import extract_with_llm
from handlers.reports.messages import choices
from handlers.reports.storing import store
from handlers.reports.work import has_content, load_work, source_of, today_of


async def report_from_text(
    command: Command,
    person: Person,
    text: str,
    uow: UnitOfWork,
    notifier: Notifier,
    clock: Clock,
    llm: LanguageModel | None = None,
) -> list[Event] | None:
    """Handle `text` as a progress report if the person has accepted work and it says something about
    it; None leaves the message to the general handler (greetings, help ...). With an LLM configured
    it reads the message first; the rules decide when it fails or is unsure."""
    today = today_of(person, clock)
    source = source_of(command)
    async with uow:
        if source is not None and await uow.reports.from_source(source):
            return []  # this very message was stored already (a redelivered or re-run event)
        work = await load_work(person, uow)
        if not work.hints:
            return None
        hints = list(work.hints.values())
        parsed = (await extract_with_llm(text, hints, today, llm) if llm else None) or parse_report(text, hints, today)
        if not _worth_answering(parsed) and parsed.correction is None:
            return None
        if parsed.ask:
            await notifier.send(
                OutgoingMessage(
                    chat=command.chat,
                    text="\n".join(translate(f"report.ask.{ask}", person.locale) for ask in parsed.ask),
                    reply=command.reply,
                    quick_replies=choices(parsed, work.hints, text, person.locale),
                )
            )
            return []
    return await store(command, person, parsed, work, text, source, uow, notifier, clock)


def _worth_answering(parsed: ParsedReport) -> bool:
    """Something about the work was said (or must be asked about); small talk goes elsewhere."""
    return any(has_content(item) for item in parsed.items)
