"""A task's region as the client writes it after `/yui match`, and who lives there."""

import pytest

from domain.matching.region import RegionWish, read_region, same_region


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
