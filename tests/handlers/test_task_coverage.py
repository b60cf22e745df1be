"""A client's volume change against the shares already taken, through the bus on SQLite and
PostgreSQL: work that was only partly covered (still 募集中) and whose takers have reported can be
brought to 完了 by setting the volume to what was taken; the lifecycle stays explicit (a report
never skips MATCHED, DONE only from IN_PROGRESS)."""

from __future__ import annotations

import dataclasses
from datetime import date

from domain.model import ChangeKind, Person, Task, TaskChange, TaskStatus, Volume
from domain.proposals import Assignment
from domain.refs import Platform
from domain.task_form import TaskFields, form_of
from handlers.buttons import TASK_DONE as DONE
from handlers.commands import ChangeTaskStatus, HandleMessage, StatusChange, SubmitTaskForm
from handlers.events import TaskChanged
from tests.handlers.test_matching import World, _chat, _client, _teleworker
from tests.handlers.test_reports import _assign, _line, _line_chat
from tests.handlers.test_reports import world as reports_world

world = reports_world

BIG_REQUEST = "12/4までに請求書1000件のデータ入力をお願いします"  # 50 hours: more than one person's week


async def _state(world: World, worker: Person, task_id: str) -> tuple[Task, Assignment, list[TaskChange], Person]:
    async with world.database.unit_of_work() as uow:
        [assignment] = (await uow.assignments.for_people([worker.id]))[worker.id]
        task = await uow.tasks.get(assignment.organization_id, task_id)
        history = await uow.tasks.history(assignment.organization_id, task_id)
        creator = await uow.people.get(task.created_by) if task else None
    assert task is not None and creator is not None
    return task, assignment, history, creator


def _fields(task: Task, volume: Volume) -> TaskFields:
    form = form_of(task)
    return TaskFields(
        title=form.title,
        description=form.description,
        skills=frozenset(task.skills),
        other_skills=task.other_skills,
        volume=volume,
        deadline=task.deadline or date(2026, 12, 4),
        recurrence=task.recurrence,
        shape=task.shape,
        budget_yen=task.budget_yen,
        rate_yen=task.rate_yen,
        updates_channel=task.updates_channel,
    )


async def test_partly_covered_work_is_finished_by_setting_the_volume_to_what_was_taken(world: World) -> None:
    worker = await _teleworker(world, "青木 あや", 20)
    ref = _client(world)
    task_id = await _assign(world, worker, ref, BIG_REQUEST)
    task, share, _, creator = await _state(world, worker, task_id)
    assert task.status is TaskStatus.OPEN and 0 < share.units < 1000  # the rest is still looked for

    said = HandleMessage(_line(worker), _line_chat(worker), None, None, text="全部終わりました！")
    assert await world.bus.handle(said) == []  # today's count is asked first, with the likely reading
    [rest] = world.notifier.sent[-1].quick_replies
    await world.bus.handle(HandleMessage(_line(worker), _line_chat(worker), None, None, text=rest.text))
    task, *_ = await _state(world, worker, task_id)
    assert task.status is TaskStatus.OPEN  # a report does not skip MATCHED: DONE is not reachable yet
    slack = creator.identity_on(Platform.SLACK)
    assert slack is not None
    done = ChangeTaskStatus(slack.ref, _chat(slack.ref), None, None, task_id, StatusChange.DONE, None)
    assert await world.bus.handle(done) == []
    assert world.notifier.sent[-1].text == "案件の状態を「募集中」から「完了」に変えることはできません。"

    # The client decides the rest is not needed: the volume becomes what was taken.
    edit = SubmitTaskForm(
        slack.ref,
        _chat(slack.ref),
        None,
        None,
        fields=_fields(task, Volume(share.units, "件")),
        task_id=task_id,
        card=None,
    )
    events = await world.bus.handle(edit)
    kinds = [e.kind for e in events if isinstance(e, TaskChanged)]
    assert kinds[:3] == ["volume_changed", "matched", "started"]
    task, _, history, _ = await _state(world, worker, task_id)
    assert task.status is TaskStatus.IN_PROGRESS
    assert [c.kind for c in history[-3:]] == [ChangeKind.VOLUME_CHANGED, ChangeKind.MATCHED, ChangeKind.STARTED]
    assert history[-3].by == creator.id and history[-2].by == creator.id and history[-1].by is None
    [card] = [m for m in world.notifier.sent if m.text.startswith("案件「") and "を更新しました" in m.text]
    assert any(a.action_id == DONE for a in card.actions)
    told = [m.text for m in world.notifier.sent if m.chat.platform is Platform.LINE]
    assert any(f"{share.units}件" in text for text in told)  # the assignee hears of the new volume

    await world.bus.handle(done)
    task, *_ = await _state(world, worker, task_id)
    assert task.status is TaskStatus.DONE


async def test_a_smaller_volume_not_yet_covered_stays_open_and_nobody_started_stays_matched(world: World) -> None:
    worker = await _teleworker(world, "青木 あや", 20)
    ref = _client(world)
    task_id = await _assign(world, worker, ref, BIG_REQUEST)
    task, share, _, creator = await _state(world, worker, task_id)
    slack = creator.identity_on(Platform.SLACK)
    assert slack is not None

    def edit(amount: int) -> SubmitTaskForm:
        return SubmitTaskForm(
            slack.ref,
            _chat(slack.ref),
            None,
            None,
            fields=_fields(task, Volume(amount, "件")),
            task_id=task_id,
            card=None,
        )

    await world.bus.handle(edit(share.units + 1))
    task, *_ = await _state(world, worker, task_id)
    assert task.status is TaskStatus.OPEN  # one unit is still nobody's

    await world.bus.handle(edit(share.units))
    task, *_ = await _state(world, worker, task_id)
    assert task.status is TaskStatus.MATCHED  # covered, but nobody has reported: not started


async def test_a_volume_grown_past_the_shares_taken_is_looked_for_again(world: World) -> None:
    from handlers.commands import ProposeCandidates

    worker = await _teleworker(world, "青木 あや", 20)
    ref = _client(world)
    task_id = await _assign(world, worker, ref, "12/4までに請求書200件のデータ入力をお願いします")
    task, share, _, creator = await _state(world, worker, task_id)
    assert task.status is TaskStatus.MATCHED and share.units == 200
    slack = creator.identity_on(Platform.SLACK)
    assert slack is not None

    fields = _fields(task, Volume(260, "件"))
    events = await world.bus.handle(
        SubmitTaskForm(slack.ref, _chat(slack.ref), None, None, fields=fields, task_id=task_id, card=None)
    )
    assert [e.kind for e in events if isinstance(e, TaskChanged)][:2] == ["volume_changed", "reopened"]
    task, _, history, _ = await _state(world, worker, task_id)
    assert task.status is TaskStatus.OPEN and history[-1].kind is ChangeKind.REOPENED
    assert history[-1].by == creator.id

    # The rest (60件) can be proposed again; the one who already took 200 is not asked twice.
    other = await _teleworker(world, "山田 太郎", 20)
    before = len(world.notifier.sent)
    await world.bus.handle(ProposeCandidates(slack.ref, _chat(slack.ref), None, None, task=task_id))
    [card] = [m for m in world.notifier.sent[before:] if m.header.startswith("候補の提案")]
    assert other.display_name in card.text and worker.display_name not in card.text


async def test_assignees_hear_of_edits_to_their_work_not_of_the_clients_own_settings(world: World) -> None:
    worker = await _teleworker(world, "青木 あや", 20)
    ref = _client(world)
    task_id = await _assign(world, worker, ref, "12/4までに請求書200件のデータ入力をお願いします")
    task, _, _, creator = await _state(world, worker, task_id)
    slack = creator.identity_on(Platform.SLACK)
    assert slack is not None

    def to_worker() -> list[str]:
        return [m.text for m in world.notifier.sent if m.chat.platform is Platform.LINE and "お知らせ" in m.text]

    before = len(to_worker())
    moved = dataclasses.replace(_fields(task, Volume(200, "件")), updates_channel="C0ELSEWHERE")
    await world.bus.handle(
        SubmitTaskForm(slack.ref, _chat(slack.ref), None, None, fields=moved, task_id=task_id, card=None)
    )
    assert len(to_worker()) == before  # where the client follows the task is not the worker's news

    renamed = dataclasses.replace(moved, title="請求書のデータ入力（至急）")
    await world.bus.handle(
        SubmitTaskForm(slack.ref, _chat(slack.ref), None, None, fields=renamed, task_id=task_id, card=None)
    )
    assert len(to_worker()) == before + 1 and "至急" in to_worker()[-1]


async def test_one_save_of_the_form_is_one_notice_however_much_it_changed(world: World) -> None:
    worker = await _teleworker(world, "青木 あや", 20)
    ref = _client(world)
    task_id = await _assign(world, worker, ref, "12/4までに請求書200件のデータ入力をお願いします")
    task, _, _, creator = await _state(world, worker, task_id)
    slack = creator.identity_on(Platform.SLACK)
    assert slack is not None

    def to_worker() -> list[str]:
        return [m.text for m in world.notifier.sent if m.chat.platform is Platform.LINE and "お知らせ" in m.text]

    before = len(to_worker())
    later = dataclasses.replace(
        _fields(task, Volume(180, "件")), deadline=date(2026, 12, 11), title="請求書のデータ入力（12月分）"
    )
    events = await world.bus.handle(
        SubmitTaskForm(slack.ref, _chat(slack.ref), None, None, fields=later, task_id=task_id, card=None)
    )
    kinds = {e.kind for e in events if isinstance(e, TaskChanged)}
    assert {"deadline_extended", "volume_changed", "edited"} <= kinds  # each change is still its own event
    [notice] = to_worker()[before:]
    assert "12月分" in notice and "12/11" in notice and "180件" in notice

    only_deadline = dataclasses.replace(later, deadline=date(2026, 12, 18))
    await world.bus.handle(
        SubmitTaskForm(slack.ref, _chat(slack.ref), None, None, fields=only_deadline, task_id=task_id, card=None)
    )
    [notice] = to_worker()[before + 1 :]
    assert "納期が" in notice and "12/18" in notice  # a lone change keeps its own wording
