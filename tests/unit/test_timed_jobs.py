"""Timed jobs: slots are aligned and each slot is stored once, however many processes try."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.handling import TimedJob, TimedJobs, slot_of


def test_slots_are_aligned_to_their_length() -> None:
    every = timedelta(minutes=10)
    assert slot_of(datetime(2026, 11, 23, 13, 47, 5, tzinfo=UTC), every) == datetime(2026, 11, 23, 13, 40, tzinfo=UTC)
    assert slot_of(datetime(2026, 11, 23, 13, 50, tzinfo=UTC), every) == datetime(2026, 11, 23, 13, 50, tzinfo=UTC)


class FakeInbox:
    def __init__(self) -> None:
        self.keys: set[str] = set()

    async def claim(self, event: object) -> bool:
        key = event.event_id  # type: ignore[attr-defined]
        is_new = key not in self.keys
        self.keys.add(key)
        return is_new


class Clock:
    def __init__(self, now: datetime) -> None:
        self.value = now

    def now(self) -> datetime:
        return self.value


async def test_each_slot_is_stored_once_by_any_number_of_timers() -> None:
    inbox, clock = FakeInbox(), Clock(datetime(2026, 11, 23, 13, 41, tzinfo=UTC))
    job = TimedJob("roll_recurring_tasks", timedelta(minutes=10))
    timers = [TimedJobs(inbox, clock, [job]) for _ in range(3)]  # type: ignore[arg-type]
    first = [await t.enqueue(job) for t in timers]
    clock.value += timedelta(minutes=8)  # still the 13:40 slot
    again = await timers[0].enqueue(job)
    clock.value += timedelta(minutes=2)  # 13:51: the next slot
    next_slot = await timers[1].enqueue(job)
    assert first == [True, False, False] and again is False and next_slot is True
    assert inbox.keys == {
        "roll_recurring_tasks@2026-11-23T13:40:00+00:00",
        "roll_recurring_tasks@2026-11-23T13:50:00+00:00",
    }
