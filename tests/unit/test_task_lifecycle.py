"""Task lifecycle rules and the change log they write (pure domain, no storage)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.model import (
    ChangeKind,
    DomainError,
    FieldChange,
    Recurrence,
    Task,
    TaskStatus,
    Volume,
    next_deadline,
    next_occurrence,
)

AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _draft(**overrides: object) -> Task:
    values: dict[str, object] = {
        "organization_id": "org",
        "title": "請求書のデータ入力",
        "volume": Volume(200, "件"),
        "deadline": date(2026, 12, 4),
        "created_by": "p1",
    }
    values.update(overrides)
    return Task(**values)  # type: ignore[arg-type]


def test_a_draft_missing_fields_cannot_be_registered_and_says_which() -> None:
    task = _draft(volume=None, deadline=None)
    assert task.missing == ("volume", "deadline")
    with pytest.raises(DomainError) as error:
        task.register("p1", AT)
    assert error.value.key == "error.task_incomplete" and error.value.params == {"fields": "volume,deadline"}
    assert task.status is TaskStatus.DRAFT and task.changes == []


def test_every_change_is_logged_with_who_when_and_what() -> None:
    task = _draft()
    task.record_draft("p1", AT)
    task.register("p1", AT)
    task.extend_deadline(date(2026, 12, 11), "p2", AT)
    task.change_volume(Volume(250, "件"), "p2", AT)
    task.pause("p2", AT)
    task.resume("p1", AT)
    task.cancel("p1", AT, "  予算が取れなくなりました ")
    kinds = [c.kind for c in task.changes]
    assert kinds == [
        ChangeKind.DRAFTED,
        ChangeKind.REGISTERED,
        ChangeKind.DEADLINE_EXTENDED,
        ChangeKind.VOLUME_CHANGED,
        ChangeKind.PAUSED,
        ChangeKind.RESUMED,
        ChangeKind.CANCELLED,
    ]
    assert task.changes[2].fields == (FieldChange("deadline", "2026-12-04", "2026-12-11"),)
    assert task.changes[3].by == "p2" and task.changes[3].fields == (FieldChange("volume", "200件", "250件"),)
    assert task.changes[-1].reason == "予算が取れなくなりました"
    assert task.status is TaskStatus.CANCELLED


def test_resume_returns_to_the_status_before_the_pause() -> None:
    task = _draft(status=TaskStatus.IN_PROGRESS)
    task.pause("p1", AT)
    assert task.paused_from is TaskStatus.IN_PROGRESS
    task.resume("p1", AT)
    assert task.status is TaskStatus.IN_PROGRESS and task.paused_from is None


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (TaskStatus.OPEN, lambda t: t.mark_done("p1", AT)),  # nobody has worked on it yet
        (TaskStatus.CANCELLED, lambda t: t.pause("p1", AT)),
        (TaskStatus.DONE, lambda t: t.cancel("p1", AT, "")),
        (TaskStatus.CANCELLED, lambda t: t.resume("p1", AT)),
    ],
)
def test_illegal_moves_are_rejected_and_not_logged(status: TaskStatus, action: object) -> None:
    task = _draft(status=status)
    with pytest.raises(DomainError) as error:
        action(task)  # type: ignore[operator]
    assert error.value.key == "error.task_transition"
    assert task.status is status and task.changes == []


def test_closed_tasks_cannot_be_edited_and_deadlines_only_move_later() -> None:
    with pytest.raises(DomainError) as closed:
        _draft(status=TaskStatus.DONE).edit("p1", AT, title="別件")
    assert closed.value.key == "error.task_closed"
    with pytest.raises(DomainError) as earlier:
        _draft(status=TaskStatus.OPEN).extend_deadline(date(2026, 12, 1), "p1", AT)
    assert earlier.value.key == "error.deadline_not_later"


def test_edit_records_only_what_changed() -> None:
    task = _draft(status=TaskStatus.OPEN)
    changed = task.edit("p1", AT, title="請求書のデータ入力", description="PDFから転記", budget_yen=60_000)
    assert [c.field for c in changed] == ["description", "budget_yen"]
    assert task.edit("p1", AT, title="請求書のデータ入力") == ()
    assert len(task.changes) == 1


@pytest.mark.parametrize(
    ("deadline", "recurrence", "expected"),
    [
        (date(2026, 12, 4), Recurrence.WEEKLY, date(2026, 12, 11)),
        (date(2026, 12, 31), Recurrence.MONTHLY, date(2027, 1, 31)),
        (date(2027, 1, 31), Recurrence.MONTHLY, date(2027, 2, 28)),  # month end stays month end
        (date(2027, 2, 28), Recurrence.MONTHLY, date(2027, 3, 31)),
        (date(2027, 1, 15), Recurrence.MONTHLY, date(2027, 2, 15)),
    ],
)
def test_next_deadline(deadline: date, recurrence: Recurrence, expected: date) -> None:
    assert next_deadline(deadline, recurrence) == expected


def test_next_occurrence_only_after_the_deadline_and_skips_missed_cycles() -> None:
    task = _draft(status=TaskStatus.OPEN, recurrence=Recurrence.WEEKLY, deadline=date(2026, 11, 6))
    assert next_occurrence(task, date(2026, 11, 6), AT) is None  # the deadline day itself is not past
    successor = next_occurrence(task, date(2026, 11, 23), AT)
    assert successor is not None
    assert successor.deadline == date(2026, 11, 27) and successor.status is TaskStatus.OPEN
    assert successor.previous_id == task.id and successor.volume == task.volume
    assert [c.kind for c in successor.changes] == [ChangeKind.RECURRED] and successor.changes[0].by is None
    assert next_occurrence(_draft(status=TaskStatus.OPEN, deadline=date(2026, 1, 1)), date(2026, 11, 23), AT) is None
    cancelled = _draft(status=TaskStatus.CANCELLED, recurrence=Recurrence.MONTHLY, deadline=date(2026, 1, 1))
    assert next_occurrence(cancelled, date(2026, 11, 23), AT) is None
    paused = _draft(status=TaskStatus.PAUSED, recurrence=Recurrence.WEEKLY, deadline=date(2026, 11, 6))
    assert next_occurrence(paused, date(2026, 11, 23), AT) is None


@pytest.mark.parametrize("kind", list(ChangeKind))
def test_every_kind_of_change_reads_as_a_line_in_both_languages(kind: ChangeKind) -> None:
    """Digests and the change history name each change in words: a kind without its catalog line
    would break the digest of the day it happened (a declined recurring share, say)."""
    from domain.i18n import CATALOGS
    from domain.refs import Locale

    for locale in Locale:
        assert f"digest.change.{kind.value}" in CATALOGS[locale], (kind, locale)


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (TaskStatus.OPEN, lambda t: t.register("p1", AT)),  # Confirm pressed twice
        (TaskStatus.PAUSED, lambda t: t.pause("p1", AT)),
        (TaskStatus.OPEN, lambda t: t.resume("p1", AT)),  # nothing to resume
        (TaskStatus.IN_PROGRESS, lambda t: t.resume("p1", AT)),
        (TaskStatus.CANCELLED, lambda t: t.cancel("p1", AT, "")),
    ],
)
def test_a_move_to_where_the_task_already_is_says_so(status: TaskStatus, action: object) -> None:
    task = _draft(status=status)
    with pytest.raises(DomainError) as error:
        action(task)  # type: ignore[operator]
    assert error.value.key == "error.task_already" and error.value.params == {"status": status.value}
    assert task.status is status and task.changes == []
