"""Issue 6 through the bus, on SQLite and PostgreSQL, with a clock the test moves: the task follows the
reports (IN_PROGRESS, then the client's 完了にする), a retried message stores nothing twice,
corrections keep the history and fix the totals, 「進捗は？」, /yui status, the task list's bars and
the client's card, and the daily reminder (once, only when due)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time, timedelta

import pytest
from pydantic import BaseModel

from domain.intents import Intent
from domain.model import Absence, ChangeKind, Person, TaskStatus, TimeWindow
from domain.persistence import Database
from domain.refs import Platform, ReplyHandle
from handlers.bootstrap import bootstrap
from handlers.buttons import TASK_DONE as DONE
from handlers.commands import ChangeTaskStatus, HandleMessage, ListTasks, ShowStatus, StatusChange
from handlers.conversation import IntentAnswer
from handlers.events import ReportSubmitted, TaskChanged
from handlers.jobs import SEND_REMINDERS, JobRunner, RunJob
from handlers.reports.llm import LlmReport, LlmReportItem
from tests.handlers.fakes import FakeDirectory, FakeLLM, FakeNotifier, FixedClock
from tests.handlers.test_matching import REQUEST, World, _chat, _client, _teleworker
from tests.handlers.test_reports import _assign, _line, _line_chat


class MovableClock(FixedClock):
    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at

    def tokyo(self, day: date, hour: int, minute: int = 0) -> None:
        self.at = datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - timedelta(hours=9)


TUESDAY = date(2026, 11, 24)  # the day after 勤労感謝の日 (Monday 11/23, a public holiday)


@pytest.fixture
async def world(empty_database_url: str) -> AsyncIterator[World]:
    database = Database(empty_database_url)
    notifier, directory = FakeNotifier(), FakeDirectory()
    clock = MovableClock(datetime(2026, 11, 24, 1, 0, tzinfo=UTC))  # Tuesday 10:00 in Tokyo
    bus = bootstrap(
        uow_factory=database.unit_of_work, notifier=notifier, directory=directory, llm=FakeLLM(), clock=clock
    )
    yield World(bus, database, notifier, directory, clock)
    await database.dispose()


def _clock(world: World) -> MovableClock:
    assert isinstance(world.clock, MovableClock)
    return world.clock


async def _say(world: World, worker: Person, text: str, token: str | None = None) -> list[object]:
    reply = ReplyHandle(token, world.clock.now()) if token else None
    return list(await world.bus.handle(HandleMessage(_line(worker), _line_chat(worker), reply, None, text=text)))


async def _ready(world: World, name: str = "青木 あや") -> tuple[Person, str]:
    worker = await _teleworker(world, name, 20)
    ref = _client(world)
    task_id = await _assign(world, worker, ref, REQUEST)
    return worker, task_id


async def _task(world: World, worker: Person, task_id: str):
    async with world.database.unit_of_work() as uow:
        [assignment] = (await uow.assignments.for_people([worker.id]))[worker.id]
        task = await uow.tasks.get(assignment.organization_id, task_id)
        history = await uow.tasks.history(assignment.organization_id, task_id)
        reports = await uow.reports.for_assignment(assignment.id)
        total = (await uow.reports.cumulative_by_assignment([assignment.id]))[assignment.id]
    assert task is not None
    return task, history, reports, total


async def test_the_task_follows_the_reports_and_the_client_decides_done(world: World) -> None:
    worker, task_id = await _ready(world)
    task, *_ = await _task(world, worker, task_id)
    assert task.status is TaskStatus.MATCHED

    events = await _say(world, worker, "請求書 50件入力しました", token="a" * 32)
    assert [type(e) for e in events] == [ReportSubmitted, TaskChanged]
    task, history, reports, total = await _task(world, worker, task_id)
    assert task.status is TaskStatus.IN_PROGRESS and total == 50
    assert history[-1].kind is ChangeKind.STARTED and history[-1].by is None  # Yui's change, not a person's

    # LINE redelivers the same event (same reply token): nothing is stored or said twice.
    said = len(world.notifier.sent)
    assert await _say(world, worker, "請求書 50件入力しました", token="a" * 32) == []
    _, _, reports, total = await _task(world, worker, task_id)
    assert len(reports) == 1 and total == 50 and len(world.notifier.sent) == said

    # The client's card (the proposal card Yui keeps) now shows the progress, with the task's buttons.
    _, card = world.notifier.updated[-1]
    assert card.header == f"「{task.title}」の進捗" and "25%" in card.text and "50/200件" in card.text
    assert any(a.action_id == DONE for a in card.actions)

    _clock(world).tokyo(TUESDAY, 15)
    # 「全部終わりました」 does not say how much of it was today: Yui asks, offering the likely reading.
    assert await _say(world, worker, "全部終わりました！") == []
    [rest] = world.notifier.sent[-1].quick_replies
    assert rest.label == "今日150件で完了" and rest.data is None
    events = await _say(world, worker, rest.text)  # one tap sends the reading as the worker's words
    assert [type(e) for e in events] == [ReportSubmitted]
    task, _, reports, total = await _task(world, worker, task_id)
    assert total == 200 and reports[-1].done and task.status is TaskStatus.IN_PROGRESS  # the client decides
    [told] = [m for m in world.notifier.sent if m.chat.platform is Platform.SLACK and "完了の報告" in m.text]
    [button] = told.actions
    assert button.action_id == DONE and button.value == task_id and "200/200件" in told.text

    async with world.database.unit_of_work() as uow:
        creator = await uow.people.get(task.created_by)
    assert creator is not None
    slack = creator.identity_on(Platform.SLACK)
    assert slack is not None
    done = ChangeTaskStatus(slack.ref, _chat(slack.ref), None, None, button.value, StatusChange.DONE, None)
    await world.bus.handle(done)
    task, *_ = await _task(world, worker, task_id)
    assert task.status is TaskStatus.DONE


async def test_a_correction_keeps_the_history_and_fixes_the_totals(world: World) -> None:
    worker, task_id = await _ready(world)
    clock = _clock(world)
    await _say(world, worker, "請求書 50件入力しました")
    clock.tokyo(TUESDAY + timedelta(days=1), 11)
    await _say(world, worker, "請求書 30件入力しました")
    clock.tokyo(TUESDAY + timedelta(days=1), 12)

    events = await _say(world, worker, "昨日の報告、50件じゃなくて45件でした")

    assert events == []  # a correction is no new work: nothing to tell the leaders
    _, _, reports, total = await _task(world, worker, task_id)
    first, second, fixed = reports
    assert (fixed.corrects_id, fixed.units_done, fixed.units_cumulative) == (first.id, -5, 75)
    assert (first.units_done, second.units_done, total) == (50, 30, 75)  # the original row is kept
    reply = world.notifier.sent[-1].text
    assert "11/24の報告を45件に直しました" in reply and "累計75/200件" in reply

    # A correction of a number nobody reported changes nothing and says so (with 訂正する to pick one).
    await _say(world, worker, "さっきの報告、10件じゃなくて12件でした")
    _, _, reports, total = await _task(world, worker, task_id)
    assert total == 75 and len(reports) == 3
    assert "見つかりませんでした" in world.notifier.sent[-1].text
    assert [q.label for q in world.notifier.sent[-1].quick_replies] == ["訂正する"]

    # 「進捗は？」: the person's own totals, what is left, pace and forecast.
    await _say(world, worker, "進捗は？")
    own = world.notifier.sent[-1].text
    assert "75/200件（残り125件）" in own and "ペース 1日" in own and "完了見込み" in own


async def test_status_lists_and_bars_use_the_stored_reports(world: World) -> None:
    worker, task_id = await _ready(world)
    clock = _clock(world)
    await _say(world, worker, "請求書 40件入力しました")
    clock.tokyo(TUESDAY + timedelta(days=1), 11)
    await _say(world, worker, "請求書 40件入力しました")
    async with world.database.unit_of_work() as uow:
        task = (await _task(world, worker, task_id))[0]
        creator = await uow.people.get(task.created_by)
    assert creator is not None
    slack = creator.identity_on(Platform.SLACK)
    assert slack is not None

    await world.bus.handle(ShowStatus(slack.ref, _chat(slack.ref), None, None, task="1"))

    status = world.notifier.sent[-1]
    assert status.ephemeral_to == slack.ref and status.header == f"「{task.title}」の進捗"
    assert "80/200件（残り120件）" in status.text and "青木 あや：80/200件" in status.text
    fields = {f.label: f.value for f in status.fields}
    assert fields["本日"] == "40件" and fields["ペース"] == "1日40件（稼働日あたり）"
    # 120 left at 40 a working day: Thu, Fri, Mon → Monday 11/30, before the deadline 12/4.
    assert fields["完了見込み"].startswith("2026/11/30") and fields["判定"] == "順調"

    await world.bus.handle(ShowStatus(slack.ref, _chat(slack.ref), None, None, task="存在しない案件"))
    assert "どの案件の進捗を見ますか？" in world.notifier.sent[-1].text and task.title in world.notifier.sent[-1].text

    await world.bus.handle(ListTasks(slack.ref, _chat(slack.ref), None, None))
    assert "▰▰▰▰▱▱▱▱▱▱ 40%" in world.notifier.sent[-1].text


# --- reminders ------------------------------------------------------------------------------------------


async def _remind(world: World) -> int:
    runner = JobRunner(world.database.unit_of_work, world.clock, notifier=world.notifier)
    reminded = await runner.run(RunJob(SEND_REMINDERS, world.clock.now().isoformat()))
    assert isinstance(reminded, int)
    return reminded


def _reminders_to(world: World, worker: Person) -> list[str]:
    return [m.text for m in world.notifier.sent if m.chat == _line_chat(worker) and "進み具合" in m.text]


def _pushes(world: World, worker: Person, since: int = 0) -> int:
    """Messages to the worker's LINE chat without a reply token since the `since`-th send: pushes (the
    LINE notifier counts them per person and day, see tests/adapters/test_line_pushes.py)."""
    return len([m for m in world.notifier.sent[since:] if m.chat == _line_chat(worker) and m.reply is None])


async def test_one_reminder_at_the_chosen_time_on_working_days_only(world: World) -> None:
    worker, _ = await _ready(world)
    clock = _clock(world)

    since = len(world.notifier.sent)
    clock.tokyo(TUESDAY, 16, 55)
    assert await _remind(world) == 0  # before 17:00
    clock.tokyo(TUESDAY, 17, 5)
    assert await _remind(world) == 1
    assert await _remind(world) == 0  # the job ran twice: still one reminder
    [text] = _reminders_to(world, worker)
    assert "青木 あや" in text and "請求書" in text
    assert _pushes(world, worker, since) == 1

    clock.tokyo(TUESDAY + timedelta(days=1), 22, 10)
    assert await _remind(world) == 0  # too late in the evening: no reminder that day
    clock.tokyo(date(2026, 11, 28), 17, 30)
    assert await _remind(world) == 0  # Saturday: not one of their working days
    clock.tokyo(date(2026, 11, 23), 17, 30)
    assert await _remind(world) == 0  # 勤労感謝の日

    async with world.database.unit_of_work() as uow:
        await uow.absences.add(Absence(worker.id, date(2026, 11, 26), date(2026, 11, 26), "", clock.now()))
        await uow.commit()
    clock.tokyo(date(2026, 11, 26), 17, 30)
    assert await _remind(world) == 0  # they said they are off that day
    assert len(_reminders_to(world, worker)) == 1


async def test_who_reports_on_their_own_costs_no_push(world: World) -> None:
    worker, _ = await _ready(world)
    clock = _clock(world)
    clock.tokyo(TUESDAY, 12)
    since = len(world.notifier.sent)  # the offer and its acceptance came before
    await _say(world, worker, "請求書 20件入力しました", token="reply-1")
    clock.tokyo(TUESDAY, 17, 30)
    assert await _remind(world) == 0
    assert _pushes(world, worker, since) == 0


async def test_the_reminder_time_is_the_workers_own_and_in_their_timezone(world: World) -> None:
    worker, _ = await _ready(world)
    clock = _clock(world)
    clock.tokyo(TUESDAY, 9)
    await _say(world, worker, "リマインド ２０時")
    assert "20:00" in world.notifier.sent[-1].text
    clock.tokyo(TUESDAY, 17, 30)
    assert await _remind(world) == 0
    clock.tokyo(TUESDAY, 20, 0)
    assert await _remind(world) == 1

    await _say(world, worker, "リマインド停止")
    clock.tokyo(TUESDAY + timedelta(days=1), 20, 30)
    assert await _remind(world) == 0
    await _say(world, worker, "リマインド再開")
    assert await _remind(world) == 1

    # A worker in Hawaii: 17:00 there is 12:00 the next day in Tokyo.
    async with world.database.unit_of_work() as uow:
        stored = await uow.people.get(worker.id)
        assert stored is not None
        stored.timezone = "Pacific/Honolulu"
        await uow.people.save(stored)
        await uow.reminders.save_setting(
            (await uow.reminders.setting(worker.id)).__class__(worker.id, time(17, 0), True)
        )
        await uow.commit()
    clock.at = datetime(2026, 12, 2, 2, 30, tzinfo=UTC)  # Tue 12/1 16:30 in Honolulu, Wed 11:30 in Tokyo
    assert await _remind(world) == 0
    clock.at = datetime(2026, 12, 2, 3, 5, tzinfo=UTC)  # Tue 12/1 17:05 in Honolulu
    assert await _remind(world) == 1


async def test_reported_today_means_the_workers_own_day_not_tokyos_or_utcs(world: World) -> None:
    worker, _ = await _ready(world)
    clock = _clock(world)
    # Tokyo: a report at 00:10 on Wednesday (still Tuesday in UTC) counts for Wednesday ...
    clock.tokyo(date(2026, 11, 25), 0, 10)
    await _say(world, worker, "請求書 10件入力しました", token="r-1")
    clock.tokyo(date(2026, 11, 25), 17, 30)
    assert await _remind(world) == 0
    # ... and one at 23:50 on Wednesday (Wednesday in UTC too) does not count for Thursday.
    clock.tokyo(date(2026, 11, 25), 23, 50)
    await _say(world, worker, "請求書 10件入力しました", token="r-2")
    clock.tokyo(date(2026, 11, 26), 17, 30)
    assert await _remind(world) == 1

    # Honolulu (UTC-10): Monday 23:30 there is Tuesday 18:30 in Tokyo — Monday's report, so Tuesday's
    # reminder still comes; a report at 00:30 on Tuesday there (Tuesday 19:30 in Tokyo) stops it.
    async with world.database.unit_of_work() as uow:
        stored = await uow.people.get(worker.id)
        assert stored is not None
        stored.timezone = "Pacific/Honolulu"
        await uow.people.save(stored)
        await uow.commit()
    clock.at = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)  # Mon 11/30 23:30 in Honolulu
    await _say(world, worker, "請求書 10件入力しました", token="r-3")
    clock.at = datetime(2026, 12, 2, 3, 5, tzinfo=UTC)  # Tue 12/1 17:05 in Honolulu
    assert await _remind(world) == 1
    clock.at = datetime(2026, 12, 2, 10, 30, tzinfo=UTC)  # Wed 12/2 00:30 in Honolulu
    await _say(world, worker, "請求書 10件入力しました", token="r-4")
    clock.at = datetime(2026, 12, 3, 3, 5, tzinfo=UTC)  # Wed 12/2 17:05 in Honolulu
    assert await _remind(world) == 0


async def test_a_late_reminder_time_the_worker_chose_is_kept(world: World) -> None:
    worker, _ = await _ready(world)
    clock = _clock(world)
    clock.tokyo(TUESDAY, 9)
    await _say(world, worker, "リマインド 23時", token="r-1")
    assert "23:00" in world.notifier.sent[-1].text
    clock.tokyo(TUESDAY, 22, 30)
    assert await _remind(world) == 0  # not yet
    clock.tokyo(TUESDAY, 23, 10)
    assert await _remind(world) == 1  # after LATEST (22:00), but the time they chose


async def test_weekend_workers_get_reminders_on_weekends_and_holidays(world: World) -> None:
    worker, _ = await _ready(world)
    async with world.database.unit_of_work() as uow:
        profile = await uow.profiles.get(worker.id)
        assert profile is not None
        profile.time_windows = frozenset({TimeWindow.WEEKEND})
        await uow.profiles.save(profile)
        await uow.commit()
    clock = _clock(world)
    clock.tokyo(date(2026, 11, 28), 17, 30)  # Saturday
    assert await _remind(world) == 1
    clock.tokyo(TUESDAY, 17, 30)  # a weekday: not theirs
    assert await _remind(world) == 0


# --- the LLM extractor ----------------------------------------------------------------------------------


def _llm_answer(assignment: int, units: int, confidence: float) -> LlmReport:
    item = LlmReportItem(
        assignment=assignment,
        units_done=units,
        units_cumulative=None,
        hours=2.5,
        done=False,
        blockers=["取引先コード不明 3件"],
        questions=[],
    )
    return LlmReport(items=[item], correction=None, confidence=confidence)


@pytest.mark.parametrize(
    ("answer", "parser", "units"),
    [
        (_llm_answer(1, 48, 0.9), "llm-v1", 48),  # confident and fits the assignment: the model's reading
        (_llm_answer(1, 48, 0.4), "rules-v1", 50),  # unsure: the rules read it
        (_llm_answer(3, 48, 0.9), "rules-v1", 50),  # an assignment the worker does not have
        (IntentAnswer(intent=Intent.GREETING), "rules-v1", 50),  # an answer that fails validation
    ],
)
async def test_the_llm_reads_reports_when_sure_and_the_rules_otherwise(
    world: World, answer: BaseModel, parser: str, units: int
) -> None:
    worker, _ = await _ready(world)
    llm = FakeLLM(answer)
    bus = bootstrap(
        uow_factory=world.database.unit_of_work,
        notifier=world.notifier,
        directory=world.directory,
        llm=llm,
        clock=world.clock,
    )
    text = "請求書 50件入力しました。取引先コードが無いものが3件あって止まってます"

    [submitted, *_] = await bus.handle(HandleMessage(_line(worker), _line_chat(worker), None, None, text=text))

    assert isinstance(submitted, ReportSubmitted) and submitted.has_blockers
    async with world.database.unit_of_work() as uow:
        [report] = await uow.reports.for_assignment(submitted.assignment_id)
    assert (report.parser, report.units_done, report.raw_text) == (parser, units, text)
    [prompt] = llm.prompts
    assert '"請求書のデータ入力"' in prompt and json.dumps(text, ensure_ascii=False) in prompt
