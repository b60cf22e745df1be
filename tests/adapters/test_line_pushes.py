"""LINE pushes counted through the real app (issue 6: "Count LINE pushes: a worker who reports on their
own costs zero pushes that day"). Every push the LINE notifier makes — the leader told of a blocker,
the daily reminder — is counted per person and local day; answers with the free reply token are not,
and `yui line pushes` shows the day's counts."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

from typer.testing import CliRunner

from bot.cli import cli
from bot.harness import RunningApp
from bot.sandbox import PlatformSandbox
from domain.refs import ChatRef, Platform, ReplyHandle
from handlers.ports import OutgoingMessage
from handlers.reminders import count_line_push, send_reminders
from handlers.teams import create_team
from tests.adapters.test_line_onboarding import Teleworker
from tests.adapters.test_line_reports import _assigned
from tests.conftest import LINE_BOT, SteppingClock

TUESDAY = date(2027, 3, 2)  # a day no other test of the session's database uses


def _at(clock: SteppingClock, moment: datetime) -> None:
    clock.offset = moment - datetime.now(UTC)


async def _person_id(worker: Teleworker) -> str:
    person, _ = await worker.stored()
    assert person is not None
    return person.id


async def _pushes_on(app: RunningApp, day: date, *people: str) -> dict[str, int]:
    """The day's counts for these people (the session's database holds other tests' people too)."""
    async with app.runtime.services.database.unit_of_work() as uow:
        return {p: n for p, n in (await uow.reminders.pushes_on(day)).items() if p in people}


async def test_every_push_is_counted_and_who_reports_on_their_own_costs_none(
    app: RunningApp, sandbox: PlatformSandbox, clock: SteppingClock, sqlite_url: str
) -> None:
    _at(clock, datetime(2027, 3, 2, 3, 0, tzinfo=UTC))  # Tuesday 12:00 in Tokyo
    aya, ken, leader = (Teleworker(app, sandbox, name) for name in ("青木 あや", "木村 健", "鈴木 一郎"))
    for person in (aya, ken, leader):
        await person.follow()
        await person.say("やめる")  # onboarding questions later
    await _assigned(app, aya, "請求書入力")
    await _assigned(app, ken, "アンケート入力")
    team = await create_team(app.runtime.services.database.unit_of_work(), "伊那チーム", await _person_id(leader))
    async with app.runtime.services.database.unit_of_work() as uow:
        stored = await uow.teams.get(team.id)
        assert stored is not None
        stored.add_member(await _person_id(aya))
        stored.add_member(await _person_id(ken))
        await uow.teams.save(stored)
        await uow.commit()

    # あや reports on her own: answered with the free reply token (Teleworker checks no push reached
    # her); her blocker reaches the leader at once, as a push.
    answer = await aya.say("請求書入力 30件やりました。取引先コードが無いものが2件あって止まってます")
    assert "本日30件" in answer["text"]
    [told] = [c for c in sandbox.calls_to("/message/push") if c.body["to"] == leader.user_id]
    assert "取引先コードが無いもの" in str(told.body["messages"])

    _at(clock, datetime(2027, 3, 2, 8, 30, tzinfo=UTC))  # 17:30 in Tokyo: the reminder time has come
    services = app.runtime.services
    assert services.notifier is not None
    reminded = await send_reminders(services.database.unit_of_work(), services.notifier, clock)
    await app.settle()
    # (the session's database may hold other tests' workers, who are reminded too)
    assert await _person_id(ken) in reminded and await _person_id(aya) not in reminded  # あや reported today

    everyone = [await _person_id(p) for p in (aya, ken, leader)]
    assert await _pushes_on(app, TUESDAY, *everyone) == {await _person_id(leader): 1, await _person_id(ken): 1}
    assert await _pushes_on(app, date(2027, 3, 3), *everyone) == {}

    shown = await asyncio.to_thread(
        CliRunner().invoke, cli, ["line", "pushes", "--day", "2027-03-02"], env={"YUI_DATABASE_URL": sqlite_url}
    )
    assert shown.exit_code == 0, shown.output
    assert "木村 健" in shown.output and "鈴木 一郎" in shown.output and "青木 あや" not in shown.output
    async with app.runtime.services.database.unit_of_work() as uow:  # with other tests' reminded workers
        day = await uow.reminders.pushes_on(TUESDAY)
    assert f"2027-03-02: {sum(day.values())} LINE pushes to {len(day)} people" in shown.output
    bad = await asyncio.to_thread(
        CliRunner().invoke, cli, ["line", "pushes", "--day", "12月1日?"], env={"YUI_DATABASE_URL": sqlite_url}
    )
    assert bad.exit_code == 2


async def test_a_push_counts_on_the_recipients_local_day_and_only_for_a_known_person(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    worker = Teleworker(app, sandbox, "青木 あや")
    await worker.follow()
    person_id = await _person_id(worker)
    uow = app.runtime.services.database.unit_of_work
    chat = ChatRef(Platform.LINE, LINE_BOT, worker.user_id)
    late_evening_utc = datetime(2027, 3, 2, 16, 30, tzinfo=UTC)  # Wednesday 01:30 in Tokyo
    assert await count_line_push(chat, late_evening_utc, uow()) == person_id
    assert await count_line_push(ChatRef(Platform.LINE, LINE_BOT, "Cgroup123"), late_evening_utc, uow()) is None
    assert await count_line_push(ChatRef(Platform.SLACK, "T1", "C1"), late_evening_utc, uow()) is None
    assert await _pushes_on(app, date(2027, 3, 3), person_id) == {person_id: 1}
    assert await _pushes_on(app, TUESDAY, person_id) == {}


async def test_a_reply_is_free_and_a_reply_whose_token_was_refused_is_a_counted_push(
    app: RunningApp, sandbox: PlatformSandbox, clock: SteppingClock
) -> None:
    _at(clock, datetime(2027, 3, 9, 3, 0, tzinfo=UTC))  # Tuesday 12:00 in Tokyo
    worker = Teleworker(app, sandbox, "青木 あや")
    await worker.follow()
    person_id = await _person_id(worker)
    services = app.runtime.services
    assert services.notifier is not None
    chat = ChatRef(Platform.LINE, LINE_BOT, worker.user_id)

    await services.notifier.send(OutgoingMessage(chat=chat, text="返信", reply=ReplyHandle("fresh", clock.now())))
    sandbox.state.used_reply_tokens.add("used")  # LINE answers 400: the message goes out as a push
    await services.notifier.send(OutgoingMessage(chat=chat, text="プッシュ", reply=ReplyHandle("used", clock.now())))
    await app.settle()

    assert [
        c.body["messages"][0]["text"] for c in sandbox.calls_to("/message/push") if c.body["to"] == worker.user_id
    ] == ["プッシュ"]
    assert await _pushes_on(app, date(2027, 3, 9), person_id) == {person_id: 1}
