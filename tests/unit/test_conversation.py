"""The conversation state machine and the answer parsers, without I/O."""

from __future__ import annotations

from datetime import date

import pytest

from domain.absence import AbsenceNotice, parse_absence
from domain.conversation import PROFILE_STEPS, Conversation, Ended, Flow, Input, ProfileChanges, Step
from domain.model import TimeWindow
from domain.profile_answers import Hours, Word, parse_time_windows, parse_weekly_hours, word_of

TODAY = date(2026, 11, 23)  # a Monday


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("20", Hours(20)),
        ("２０時間", Hours(20)),
        ("週20時間", Hours(20)),
        ("週二十時間くらい", Hours(20)),
        ("十五時間", Hours(15)),
        ("10〜15時間", Hours(10)),
        ("10~15", Hours(10)),
        ("１０から１５時間", Hours(10)),
        ("1日3時間", Hours(15)),
        ("一日二時間ぐらい", Hours(10)),
        ("7.5時間", Hours(8)),
        ("0時間", Hours(0)),
        ("80時間", Hours(80)),
        ("週100時間", Hours(None, out_of_range=100)),
        ("about 12 hours a week", Hours(12)),
        ("2 hours a day", Hours(10)),
        ("twenty hours", Hours(20)),
        ("Ten to fifteen hours", Hours(10)),
        ("three hours a day", Hours(15)),
        ("わかりません", Hours(None)),
        ("none", Hours(None)),  # "one" inside a word is no number
    ],
)
def test_weekly_hours(text: str, hours: Hours) -> None:
    assert parse_weekly_hours(text) == hours


@pytest.mark.parametrize(
    ("text", "windows"),
    [
        ("平日午前", {TimeWindow.WEEKDAY_MORNING}),
        ("平日午前と土日", {TimeWindow.WEEKDAY_MORNING, TimeWindow.WEEKEND}),
        ("平日", {TimeWindow.WEEKDAY_MORNING, TimeWindow.WEEKDAY_AFTERNOON}),
        ("夕方以降", {TimeWindow.EVENING}),
        ("夜だけ", {TimeWindow.EVENING}),
        ("いつでも", set(TimeWindow)),
        ("Weekday mornings", {TimeWindow.WEEKDAY_MORNING}),
        ("evenings and weekends", {TimeWindow.EVENING, TimeWindow.WEEKEND}),
        # 平日 with a time of day names only that time: the evening is not the weekday daytime too
        ("平日の夕方以降", {TimeWindow.EVENING}),
        ("平日夜と土日", {TimeWindow.EVENING, TimeWindow.WEEKEND}),
        ("平日の午前", {TimeWindow.WEEKDAY_MORNING}),
        ("weekday evenings", {TimeWindow.EVENING}),
        ("weekdays", {TimeWindow.WEEKDAY_MORNING, TimeWindow.WEEKDAY_AFTERNOON}),
        ("わからない", set()),
    ],
)
def test_time_windows(text: str, windows: set[TimeWindow]) -> None:
    assert parse_time_windows(text) == windows


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("やめる", Word.CANCEL),
        ("やめる！", Word.CANCEL),
        ("最初から", Word.RESTART),
        ("ｽｷｯﾌﾟ", Word.SKIP),
        ("完了", Word.DONE),
        ("このままでOK", Word.KEEP),
        ("このままでＯＫ", Word.KEEP),
        ("プロフィール登録を続ける", Word.RESUME),
        ("スキル変更", Word.EDIT_SKILLS),
        ("退会", Word.WITHDRAW),
        ("退会する", Word.WITHDRAW_CONFIRM),
        ("Skip", Word.SKIP),
        ("やめる予定はありません", None),
        ("長野県伊那市", None),
    ],
)
def test_steering_words_are_whole_messages(text: str, word: Word | None) -> None:
    assert word_of(text) == word


@pytest.mark.parametrize(
    ("text", "notice"),
    [
        ("明日は子どもの発熱で休みます", AbsenceNotice(date(2026, 11, 24), date(2026, 11, 24), "子どもの発熱")),
        ("今日はお休みします", AbsenceNotice(TODAY, TODAY, "")),
        ("１２／１から１２／３まで休みます", AbsenceNotice(date(2026, 12, 1), date(2026, 12, 3), "")),
        ("明日から3日間、通院のため休みます", AbsenceNotice(date(2026, 11, 24), date(2026, 11, 26), "通院")),
        ("来週月曜から水曜まで介護で休みます", AbsenceNotice(date(2026, 11, 30), date(2026, 12, 2), "介護")),
        (
            "I can't work tomorrow because my son is sick",
            AbsenceNotice(date(2026, 11, 24), date(2026, 11, 24), "my son is sick"),
        ),
        # A range written the way people write it (today is Monday 2026-11-23)
        ("１２月２４日から２６日まで休みます", AbsenceNotice(date(2026, 12, 24), date(2026, 12, 26), "")),
        ("12月30日から3日まで休みます", AbsenceNotice(date(2026, 12, 30), date(2027, 1, 3), "")),
        ("明日と明後日は休みます", AbsenceNotice(date(2026, 11, 24), date(2026, 11, 25), "")),
        ("金曜まで介護で休みます", AbsenceNotice(TODAY, date(2026, 11, 27), "介護")),
        ("今週いっぱい休みます", AbsenceNotice(TODAY, date(2026, 11, 27), "")),
        ("来週いっぱい休みます", AbsenceNotice(date(2026, 11, 30), date(2026, 12, 4), "")),
        ("来月中は介護で休みます", AbsenceNotice(date(2026, 12, 1), date(2026, 12, 31), "介護")),
        (
            "明日は入院中の母の付き添いで休みます",  # 中 in the reason is not 「今週中」
            AbsenceNotice(date(2026, 11, 24), date(2026, 11, 24), "入院中の母の付き添い"),
        ),
        # English, for people whose LINE is in English
        ("I will be off tomorrow", AbsenceNotice(date(2026, 11, 24), date(2026, 11, 24), "")),
        ("I'm off from Dec 24 to Dec 26", AbsenceNotice(date(2026, 12, 24), date(2026, 12, 26), "")),
        ("I'm taking Friday off", AbsenceNotice(date(2026, 11, 27), date(2026, 11, 27), "")),
        ("I won't be available tomorrow", AbsenceNotice(date(2026, 11, 24), date(2026, 11, 24), "")),
        ("休みます", None),  # no date: the person is asked when
        ("明日の打ち合わせは10時からです", None),  # a date, but not an absence
        ("2/30に休みます", None),  # an impossible date
    ],
)
def test_absence_sentences(text: str, notice: AbsenceNotice | None) -> None:
    assert parse_absence(text, TODAY) == notice


def at(conversation: Conversation) -> Step | None:
    """The open question (a function, so mypy does not keep a narrowed attribute across answers)."""
    return conversation.step


def picked(conversation: Conversation) -> tuple[str, ...]:
    return conversation.picked


def _say(conversation: Conversation, text: str) -> ProfileChanges:
    outcome = conversation.answer(Input(text=text, word=word_of(text), today=TODAY))
    return outcome.changes


def test_onboarding_walks_the_questions_in_order_and_collects_choices() -> None:
    c = Conversation("p1")
    c.start_onboarding()
    assert (c.flow, c.step, c.pending) == (Flow.ONBOARDING, Step.NAME, PROFILE_STEPS)
    assert _say(c, "変更する") == ProfileChanges() and at(c) is Step.NAME_INPUT
    assert _say(c, "はなこ") == ProfileChanges(display_name="はなこ") and at(c) is Step.SKILLS
    c.answer(Input(word=Word.PICK, value="excel"))
    c.answer(Input(word=Word.PICK, value="excel"))  # a second tap adds nothing
    _say(c, "翻訳、そろばん")
    assert picked(c) == ("excel", "translation") and c.free_skills == ("そろばん",)
    assert _say(c, "完了") == ProfileChanges(skills=frozenset({"excel", "translation"}), other_skills=("そろばん",))
    assert at(c) is Step.HOURS
    assert picked(c) == ()  # choices start afresh with each question
    outcome = c.answer(Input(text="百時間", word=None))
    assert outcome.notice == "onboarding.hours_out_of_range" and at(c) is Step.HOURS
    assert _say(c, "スキップ") == ProfileChanges() and at(c) is Step.WINDOWS
    _say(c, "平日午後")
    assert _say(c, "完了") == ProfileChanges(time_windows=frozenset({TimeWindow.WEEKDAY_AFTERNOON}))
    assert _say(c, "特になし") == ProfileChanges(region="")
    outcome = c.answer(Input(text="", word=Word.SKIP))
    assert outcome.ended is Ended.ONBOARDED and c.flow is None
    assert c.pending == (Step.HOURS, Step.CONSTRAINTS)  # what was skipped stays open

    assert c.resume() and at(c) is Step.HOURS
    assert _say(c, "10") == ProfileChanges(weekly_hours=10) and at(c) is Step.CONSTRAINTS
    assert _say(c, "火曜は介護").constraints == "火曜は介護"
    assert not c.resume()  # nothing is open any more


def test_cancel_restart_and_edit() -> None:
    c = Conversation("p1")
    c.start_onboarding()
    _say(c, "このままでOK")
    assert c.answer(Input(word=Word.CANCEL)).ended is Ended.CANCELLED
    assert not c.active and Step.SKILLS in c.pending and Step.NAME not in c.pending
    c.resume()
    assert c.answer(Input(word=Word.RESTART)).notice == "onboarding.restarted"
    assert at(c) is Step.NAME and c.pending == PROFILE_STEPS

    c.edit(Step.REGION)
    outcome = c.answer(Input(text="伊那市"))
    assert outcome.ended is Ended.EDITED and outcome.changes == ProfileChanges(region="伊那市") and not c.active
    assert Step.REGION not in c.pending
    c.edit(Step.SKILLS)
    assert c.answer(Input(word=Word.SKIP)).ended is Ended.EDIT_SKIPPED


def test_withdrawal_needs_the_confirming_word() -> None:
    c = Conversation("p1")
    c.confirm_withdrawal()
    assert c.answer(Input(text="うーん")).ended is Ended.WITHDRAW_KEPT
    c.confirm_withdrawal()
    assert c.answer(Input(text="やめる", word=Word.CANCEL)).ended is Ended.WITHDRAW_KEPT
    c.confirm_withdrawal()
    assert c.answer(Input(text="退会する", word=Word.WITHDRAW_CONFIRM)).ended is Ended.WITHDRAWN


def test_absence_question_reads_dates_without_absence_words() -> None:
    c = Conversation("p1")
    c.ask_absence()
    assert c.answer(Input(text="うーん", today=TODAY)).notice == "absence.when_not_understood"
    outcome = c.answer(Input(text="明日", today=TODAY))
    assert outcome.ended is Ended.ABSENCE and outcome.absence == AbsenceNotice(
        date(2026, 11, 24), date(2026, 11, 24), ""
    )


def test_a_greeting_at_the_name_question_is_not_taken_as_a_name() -> None:
    c = Conversation("p1")
    c.start_onboarding()
    assert c.answer(Input(text="よろしくお願いします！")).notice == "onboarding.name_greeting"
    assert at(c) is Step.NAME
    assert _say(c, "佐藤はなこ") == ProfileChanges(display_name="佐藤はなこ")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("佐藤 花子", "佐藤 花子"),
        ("佐藤です", "佐藤"),
        ("花子と申します", "花子"),
        ("名前は山田 太郎です", "山田 太郎"),
        ("私の名前は佐藤花子です。よろしくお願いします！", "佐藤花子"),
        ("はなこって呼んでください", "はなこ"),
        ("I'm Hana", "Hana"),
        ("My name is Maria Garcia", "Maria Garcia"),
        ("です", "です"),  # nothing would be left: keep what they typed
        ("あ" * 51, None),  # too long: asked again
    ],
)
def test_a_name_said_in_a_sentence_is_the_name(text: str, name: str | None) -> None:
    conversation = Conversation("p")
    conversation.start_onboarding()
    conversation.answer(Input(word=Word.CHANGE))
    outcome = conversation.answer(Input(text=text))
    assert outcome.changes.display_name == name
