from datetime import date

import pytest

from domain.model import DomainError, Identity, Person, Task, TaskStatus, Volume, WorkerProfile
from domain.refs import PersonRef, Platform


def _task(**overrides: object) -> Task:
    values: dict[str, object] = {
        "organization_id": "org",
        "title": "請求書入力",
        "volume": Volume(200, "件"),
        "deadline": date(2026, 12, 5),
        "created_by": "p1",
    }
    values.update(overrides)
    return Task(**values)  # type: ignore[arg-type]


def test_task_lifecycle_happy_path() -> None:
    task = _task()
    for status in (TaskStatus.OPEN, TaskStatus.MATCHED, TaskStatus.IN_PROGRESS, TaskStatus.DONE):
        task.move_to(status)
    assert task.status is TaskStatus.DONE


@pytest.mark.parametrize(
    ("path", "illegal"),
    [
        ((), TaskStatus.DONE),
        ((TaskStatus.OPEN,), TaskStatus.IN_PROGRESS),
        ((TaskStatus.CANCELLED,), TaskStatus.OPEN),
        ((TaskStatus.OPEN, TaskStatus.MATCHED, TaskStatus.IN_PROGRESS, TaskStatus.DONE), TaskStatus.PAUSED),
    ],
)
def test_illegal_transitions_are_rejected_with_both_states(path: tuple[TaskStatus, ...], illegal: TaskStatus) -> None:
    task = _task()
    for status in path:
        task.move_to(status)
    before = task.status
    with pytest.raises(DomainError) as error:
        task.move_to(illegal)
    assert error.value.key == "error.task_transition"
    assert error.value.params == {"current": before.value, "target": illegal.value}
    assert task.status is before


@pytest.mark.parametrize(
    ("amount", "unit", "key"), [(0, "件", "error.volume_positive"), (5, " ", "error.volume_unit_missing")]
)
def test_volume_validation(amount: int, unit: str, key: str) -> None:
    with pytest.raises(DomainError) as error:
        Volume(amount, unit)
    assert error.value.key == key


def test_task_needs_a_title_and_a_non_negative_budget() -> None:
    _task(title="  ")  # a draft may not know its title yet ...
    with pytest.raises(DomainError):
        _task(title="  ", status=TaskStatus.OPEN)  # ... registered work must have one
    with pytest.raises(DomainError):
        _task(budget_yen=-1)


def test_weekly_hours_are_bounded() -> None:
    with pytest.raises(DomainError):
        WorkerProfile(person_id="p", weekly_hours=81)


def test_identities_are_unique_and_can_be_blocked() -> None:
    ref = PersonRef(Platform.LINE, "Ubot", "U1")
    person = Person(display_name="花子")
    person.add_identity(Identity(ref))
    person.add_identity(Identity(ref))
    assert len(person.identities) == 1
    person.set_blocked(ref, True)
    identity = person.identity_on(Platform.LINE)
    assert identity is not None and identity.blocked
    assert person.identity_on(Platform.SLACK) is None


def test_blank_settings_mean_unset() -> None:
    from bot.settings import Settings

    settings = Settings(_env_file=None, openai_base_url="", slack_bot_token=" ", line_api_url="http://x/")
    assert settings.openai_base_url is None and settings.slack_bot_token is None
    assert settings.line_api_url == "http://x" and not settings.slack_configured
