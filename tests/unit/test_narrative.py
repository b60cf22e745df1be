"""The narrative guard: invented numbers are caught, facts pass; names make a stable round trip."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from domain.narrative import Pseudonyms, allowed_numbers, numbers_in, unsupported_numbers

FACTS = allowed_numbers([120, 200, 60.0, 3, date(2026, 12, 5), 14.5, 66.6667])


def test_numbers_are_read_as_people_write_them() -> None:
    text = "本日１２０件、累計1,200件。進捗60.5％、残り二十件、三万円。12/5納期、12月5日。"
    assert numbers_in(text) == [Decimal(n) for n in ("120", "1200", "60.5", "20", "30000", "12", "5", "12", "5")]


def test_ordinary_words_with_one_kanji_numeral_are_not_numbers() -> None:
    assert numbers_in("一人で十分に対応できます。一緒に進めましょう。") == []


def test_a_narrative_built_from_the_facts_passes() -> None:
    text = "請求書入力は累計120件／200件（60%）。12/5の納期に対し残り約14.5時間、3件が保留中です。進捗は66.7%。"
    assert unsupported_numbers(text, FACTS) == []


def test_an_invented_number_is_caught() -> None:
    text = "請求書入力は累計150件で、予定通り12/5に終わる見込みです。"
    assert unsupported_numbers(text, FACTS) == [Decimal(150)]


def test_an_invented_kanji_number_is_caught() -> None:
    assert unsupported_numbers("残りは五十件です。", FACTS) == [Decimal(50)]


def test_pseudonyms_round_trip_and_longer_names_win() -> None:
    names = Pseudonyms(["山田", "山田 花子", "佐藤"])
    masked = names.mask("山田 花子さんが50件、佐藤さんが休み。山田さんへ連絡。")
    assert "山田" not in masked and "佐藤" not in masked
    assert names.unmask(masked) == "山田 花子さんが50件、佐藤さんが休み。山田さんへ連絡。"
    assert len(set(names.mapping.values())) == 3


@given(st.text(max_size=200))
def test_reading_numbers_never_raises(text: str) -> None:
    numbers_in(text)


@given(st.lists(st.text(alphabet="山田花子佐藤太郎鈴木 ", min_size=1, max_size=6), max_size=30))
def test_many_pseudonyms_stay_distinct(names: list[str]) -> None:
    aliases = list(Pseudonyms(names).mapping.values())
    assert len(aliases) == len(set(aliases))
