"""A task's region as the client writes it after `/yui match`, and who lives there."""

from datetime import date

import pytest

from domain.matching.region import RegionWish, place_text, read_place, read_region, same_region
from domain.task_form import TaskFormInput, validate_task_form


@pytest.mark.parametrize(
    ("text", "rest", "wish"),
    [
        ("請求書 地域:伊那市", "請求書", RegionWish("伊那市", only=False)),
        ("請求書 地域：伊那市のみ", "請求書", RegionWish("伊那市", only=True)),
        ("請求書　エリア：高遠町限定", "請求書", RegionWish("高遠町", only=True)),  # full-width space and colon
        ("invoices region:Ina only", "invoices", RegionWish("Ina", only=True)),
        ("請求書 地域:なし", "請求書", RegionWish("", only=False)),
        ("請求書", "請求書", None),
        ("地域の清掃記録", "地域の清掃記録", None),  # the word alone is a title, not a clause
    ],
)
def test_read_region(text: str, rest: str, wish: RegionWish | None) -> None:
    assert read_region(text) == (rest, wish)


@pytest.mark.parametrize(
    ("wanted", "lives", "expected"),
    [
        ("伊那市", "長野県伊那市", True),
        ("伊那市", "長野県 伊那市在住", True),
        ("長野県伊那市", "伊那市", True),
        ("ｲﾅ", "イナ", True),  # half-width kana folded
        ("伊那市", "南箕輪村", False),
        ("伊那市", "", False),
        ("", "伊那市", False),
    ],
)
def test_same_region(wanted: str, lives: str, expected: bool) -> None:
    assert same_region(wanted, lives) is expected


@pytest.mark.parametrize(
    ("typed", "region", "only"),
    [
        ("伊那市", "伊那市", False),
        ("伊那市のみ", "伊那市", True),
        ("　高遠町限定 ", "高遠町", True),  # full-width space
        ("Ina only", "Ina", True),
        ("なし", "", False),
        ("", "", False),
    ],
)
def test_the_task_form_reads_a_region_and_gives_it_back_as_typed(typed: str, region: str, only: bool) -> None:
    form = TaskFormInput(title="請求書", volume_amount="200", volume_unit="件", deadline="2026-12-04", region=typed)
    fields, errors = validate_task_form(form, date(2026, 11, 23))
    assert errors == () and fields is not None
    assert (fields.region, fields.region_only) == (region, only)
    assert read_place(place_text(region, only)) == RegionWish(region, only)


def test_a_region_longer_than_the_column_is_refused_with_the_field_named() -> None:
    form = TaskFormInput(
        title="請求書", volume_amount="200", volume_unit="件", deadline="2026-12-04", region="市" * 201
    )
    fields, errors = validate_task_form(form, date(2026, 11, 23))
    assert fields is None and [e.field for e in errors] == ["region"]
