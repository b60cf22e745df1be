import pytest

from domain.i18n import CATALOGS, placeholders, translate
from domain.intents import Intent, SlashCommand, classify, parse_slash, strip_mentions
from domain.refs import Locale
from domain.text import kanji_to_int, normalize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("請求書５０件", "請求書50件"),
        ("ＡＢＣ　商事", "ABC 商事"),
        ("ﾃﾞｰﾀ入力", "データ入力"),
        ("  ヘルプ\n", "ヘルプ"),
    ],
)
def test_normalize_folds_full_width_and_spaces(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("二十", 20),
        ("二十五", 25),
        ("百", 100),
        ("百五十", 150),
        ("三千二百", 3200),
        ("一万五千", 15000),
        ("十万", 100000),
        ("二〇二六", 2026),
        ("百三万", 1030000),
    ],
)
def test_kanji_numerals(numeral: str, value: int) -> None:
    assert kanji_to_int(numeral) == value


def test_kanji_to_int_rejects_other_text() -> None:
    with pytest.raises(ValueError):
        kanji_to_int("請求書")


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("ヘルプ", Intent.HELP),
        ("ﾍﾙﾌﾟ", Intent.HELP),
        ("help", Intent.HELP),
        ("HELP!", Intent.HELP),
        ("？", Intent.HELP),
        ("こんにちは！使い方を教えてください", Intent.HELP),
        ("何ができるの？", Intent.HELP),
        ("", Intent.HELP),
        ("こんにちは", Intent.GREETING),
        ("よろしくお願いします！", Intent.GREETING),
        ("Hi there!", Intent.GREETING),
        ("請求書50件入力しました", Intent.UNKNOWN),
    ],
)
def test_classify(text: str, intent: Intent) -> None:
    assert classify(text) is intent


def test_strip_mentions_keeps_only_the_words() -> None:
    assert strip_mentions("<@W111> Hi there! <!here>") == "Hi there!"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", (SlashCommand.HELP, "", "")),
        ("help", (SlashCommand.HELP, "help", "")),
        ("ヘルプ", (SlashCommand.HELP, "ヘルプ", "")),
        ("task 請求書入力 200件 12/5まで", (SlashCommand.TASK, "task", "請求書入力 200件 12/5まで")),
        ("案件　請求書入力", (SlashCommand.TASK, "案件", "請求書入力")),
        ("TASKS", (SlashCommand.TASKS, "TASKS", "")),
        ("frobnicate now", (SlashCommand.UNKNOWN, "frobnicate", "now")),
    ],
)
def test_parse_slash(text: str, expected: tuple[SlashCommand, str, str]) -> None:
    assert parse_slash(text) == expected


@pytest.mark.parametrize(
    ("tag", "locale"),
    [
        ("ja", Locale.JA),
        ("ja-JP", Locale.JA),
        ("en", Locale.EN),
        ("en-US", Locale.EN),
        ("en_GB", Locale.EN),
        ("zh-TW", Locale.JA),
        (None, Locale.JA),
    ],
)
def test_locale_from_platform_tag(tag: str | None, locale: Locale) -> None:
    assert Locale.from_tag(tag) is locale


def test_catalogs_have_the_same_keys_and_placeholders() -> None:
    ja, en = CATALOGS[Locale.JA], CATALOGS[Locale.EN]
    assert set(ja) == set(en)
    for key in ja:
        assert placeholders(ja[key]) == placeholders(en[key]), key


def test_translate_fills_placeholders_per_locale() -> None:
    assert "花子" in translate("greeting.follow", Locale.JA, name="花子")
    assert translate("greeting.follow", Locale.EN, name="Hana").startswith("Nice to meet you, Hana")
