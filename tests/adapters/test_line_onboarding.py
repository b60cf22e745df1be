"""A teleworker joins, keeps and deletes their profile in LINE: signed follow, text, postback and
unfollow bodies through the real app; taps are the quick replies Yui actually sent."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from bot.harness import RunningApp, running_app
from bot.sandbox import PlatformSandbox
from bot.signing import line_headers
from domain.model import Person, TimeWindow, WorkerProfile
from domain.refs import PersonRef, Platform
from tests.conftest import LINE_BOT, LINE_SECRET, line_body, make_settings

Q1 = "【1/6】お名前は「佐藤 花子」で登録してよいですか？"
Q2 = (
    "【2/6】できるお仕事を選んでください（いくつでも）。\n"
    "「経理とExcel、あとSNS」のように文章で送ってもOKです。選び終わったら「完了」を押してください。"
)
Q3 = "【3/6】1週間に何時間くらいお仕事できますか？（例：週10時間、10〜15時間、1日2時間）"
Q4 = "【4/6】お仕事できる時間帯を選んでください（いくつでも）。選び終わったら「完了」を押してください。"
Q5 = "【5/6】お住まいの市町村を教えてください（例：長野県 伊那市）。"


class Teleworker:
    """One LINE user talking to Yui: every message is a signed webhook through the real endpoint."""

    def __init__(self, app: RunningApp, sandbox: PlatformSandbox, name: str = "佐藤 花子", language: str = "ja"):
        self.app = app
        self.sandbox = sandbox
        self.user_id = "U" + uuid.uuid4().hex
        sandbox.state.line_profiles[self.user_id] = {"name": name, "language": language}

    @property
    def ref(self) -> PersonRef:
        return PersonRef(Platform.LINE, LINE_BOT, self.user_id)

    async def _post(self, fixture: str, **event: Any) -> dict[str, Any]:
        body = line_body(fixture, source={"type": "user", "userId": self.user_id}, **event)
        text = json.dumps(body, ensure_ascii=False)
        before = len(self.sandbox.state.calls)
        async with httpx.AsyncClient(base_url=self.app.url) as client:
            response = await client.post(
                "/line/webhook", content=text.encode(), headers=line_headers(LINE_SECRET, text)
            )
        assert response.status_code == 200
        await self.app.settle()
        calls = self.sandbox.state.calls[before:]
        pushed = [c for c in calls if c.path.endswith("/message/push") and c.body["to"] == self.user_id]
        assert pushed == [], "answers use the free reply token"
        replies = [c for c in calls if c.path.endswith("/message/reply")]
        assert len(replies) <= 1
        self.messages: list[dict[str, Any]] = replies[0].body["messages"] if replies else []
        return self.messages[-1] if replies else {}

    async def follow(self) -> dict[str, Any]:
        return await self._post("line/follow.json")

    async def unfollow(self) -> dict[str, Any]:
        return await self._post("line/unfollow.json")

    async def say(self, text: str) -> dict[str, Any]:
        return await self._post(
            "line/message_text_user.json", message={"id": "1", "type": "text", "text": text, "quoteToken": "q"}
        )

    async def tap(self, message: dict[str, Any], label: str) -> dict[str, Any]:
        """Tap the quick reply labelled `label` under `message`, as LINE would send it."""
        [action] = [i["action"] for i in quick_items(message) if i["action"]["label"] == label]
        if action["type"] == "postback":
            assert len(action["data"]) <= 300
            return await self._post("line/postback.json", postback={"data": action["data"]})
        return await self.say(action["text"])

    async def stored(self) -> tuple[Person | None, WorkerProfile | None]:
        async with self.app.runtime.services.database.unit_of_work() as uow:
            person = await uow.people.by_identity(self.ref)
            profile = await uow.profiles.get(person.id) if person else None
        return person, profile


def quick_items(message: dict[str, Any]) -> list[dict[str, Any]]:
    return list((message.get("quickReply") or {}).get("items", []))


def flex_rows(message: dict[str, Any]) -> list[str]:
    """A Flex carousel as text: per bubble its header, then "label: value" per row and its buttons."""
    rows: list[str] = []
    for bubble in message["contents"]["contents"]:
        rows.append(bubble["header"]["contents"][0]["text"])
        for row in bubble["body"]["contents"]:
            if row.get("layout") == "baseline":
                rows.append(": ".join(t["text"] for t in row["contents"]))
        rows.extend(f"[{b['action']['label']}]" for b in (bubble.get("footer") or {}).get("contents", []))
    return rows


def labels(message: dict[str, Any]) -> list[str]:
    return [i["action"]["label"] for i in quick_items(message)]


def tokyo_today() -> date:
    return datetime.now(ZoneInfo("Asia/Tokyo")).date()


async def test_joining_by_tapping_and_typing_fills_the_profile(app: RunningApp, sandbox: PlatformSandbox) -> None:
    hana = Teleworker(app, sandbox)
    welcome = await hana.follow()
    assert welcome["text"].startswith("はじめまして、佐藤 花子さん！")
    assert welcome["text"].endswith("最初から」でやり直しできます。\n\n" + Q1)
    assert labels(welcome) == ["このままでOK", "変更する", "スキップ"]

    skills = await hana.tap(welcome, "このままでOK")
    assert skills["text"] == Q2
    assert len(quick_items(skills)) == 13
    assert labels(skills)[:2] == ["データ入力", "経理・記帳"] and labels(skills)[-3:] == [
        "ほかのスキル",
        "完了",
        "スキップ",
    ]
    picked = await hana.tap(skills, "データ入力")
    assert picked["text"] == "選択中：データ入力\nほかにもあれば選んでください。\n\n" + Q2
    assert labels(picked)[0] == "✓データ入力"
    page_two = await hana.tap(picked, "ほかのスキル")
    assert "翻訳" in labels(page_two) and len(quick_items(page_two)) == 13
    typed = await hana.say("経理、そろばん")
    assert typed["text"].startswith("選択中：データ入力、経理・記帳、そろばん\n")

    hours = await hana.tap(typed, "完了")
    assert hours["text"] == Q3
    assert labels(hours) == ["週5時間", "週10時間", "週20時間", "週30時間", "週40時間", "スキップ"]
    too_many = await hana.say("週１００時間")
    assert too_many["text"] == "週100時間は登録できません。0〜80時間で教えてください。\n\n" + Q3
    windows = await hana.say("週２０時間")
    assert windows["text"] == Q4
    assert labels(windows) == ["平日午前", "平日午後", "夕方以降", "土日", "完了", "スキップ"]
    morning = await hana.tap(windows, "平日午前")
    weekend = await hana.say("土日も大丈夫です")
    assert weekend["text"] == "選択中：平日午前、土日\n\n" + Q4
    region = await hana.tap(morning, "完了")
    assert region["text"] == Q5
    constraints = await hana.say("長野県　伊那市")
    assert constraints["text"].startswith("【6/6】リーダーに伝えておきたいことはありますか？")
    assert labels(constraints) == ["特になし", "スキップ"]
    done = await hana.say("平日15時に保育園のお迎えがあります")
    lead, card = hana.messages
    assert lead["text"] == (
        "登録ありがとうございます！お仕事の提案が届いたらお知らせします。\n\n"
        "プロフィール\n\n"
        "変更したい項目のボタンを押してください（例：「スキル変更」）。退会は「退会」から。"
    )
    # The profile as a Flex card per part, with a button to change each field.
    assert card is done and done["type"] == "flex" and done["contents"]["type"] == "carousel"
    assert flex_rows(done) == [
        "お名前・スキル",
        "お名前: 佐藤 花子",
        "スキル: データ入力、経理・記帳、そろばん",
        "[名前変更]",
        "[スキル変更]",
        "お仕事できる時間",
        "稼働時間: 週20時間",
        "時間帯: 平日午前、土日",
        "[稼働時間変更]",
        "[時間帯変更]",
        "地域・リーダーへ",
        "地域: 長野県 伊那市",
        "リーダーに伝えたいこと: 平日15時に保育園のお迎えがあります",
        "[地域変更]",
        "[配慮事項変更]",
    ]

    person, profile = await hana.stored()
    assert person is not None and person.display_name == "佐藤 花子"
    assert profile == WorkerProfile(
        person_id=person.id,
        skills=frozenset({"data_entry", "bookkeeping"}),
        other_skills=("そろばん",),
        weekly_hours=20,
        time_windows=frozenset({TimeWindow.WEEKDAY_MORNING, TimeWindow.WEEKEND}),
        region="長野県 伊那市",
        constraints="平日15時に保育園のお迎えがあります",
    )


async def test_a_restart_in_the_middle_of_onboarding_loses_nothing(sqlite_url: str, sandbox: PlatformSandbox) -> None:
    settings = make_settings(sqlite_url, sandbox)
    async with running_app(settings) as first:
        hana = Teleworker(first, sandbox)
        welcome = await hana.follow()
        skills = await hana.tap(welcome, "このままでOK")
        await hana.tap(skills, "カスタマーサポート")
    async with running_app(settings) as second:  # a new process on the same database
        hana.app = second
        hours = await hana.say("完了")
        assert hours["text"] == Q3
        windows = await hana.say("10〜15時間")
        assert windows["text"] == Q4
        _, profile = await hana.stored()
    assert profile is not None and profile.skills == {"customer_support"} and profile.weekly_hours == 10


async def test_skipping_everything_then_resuming_asks_only_what_is_open(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    hana = Teleworker(app, sandbox)
    message = await hana.follow()
    await hana.tap(message, "このままでOK")
    for _ in range(4):
        message = await hana.say("スキップ")
    await hana.tap(message, "スキップ")  # the last question, by its button
    done = hana.messages[0]  # then the profile card
    assert done["text"].startswith("登録ありがとうございます！")
    assert "まだ登録していない項目：スキル、稼働時間、時間帯、地域、リーダーに伝えたいこと\n" in done["text"]

    resumed = await hana.say("プロフィール登録を続ける")
    assert resumed["text"] == "プロフィール登録の続きです。\n\n" + Q2
    hours = await hana.say("データ入力")
    hours = await hana.say("完了")
    assert hours["text"] == Q3
    paused = await hana.say("やめる")
    assert paused["text"] == "登録を中断しました。ここまでの内容は保存されています。"
    assert labels(paused) == ["プロフィール登録を続ける"]
    again = await hana.tap(paused, "プロフィール登録を続ける")
    assert again["text"] == "プロフィール登録の続きです。\n\n" + Q3  # skills are no longer open
    _, profile = await hana.stored()
    assert profile is not None and profile.skills == {"data_entry"}


async def test_menu_words_pause_the_question_and_restart_starts_over(app: RunningApp, sandbox: PlatformSandbox) -> None:
    hana = Teleworker(app, sandbox)
    welcome = await hana.follow()
    skills = await hana.tap(welcome, "このままでOK")
    card = await hana.say("プロフィール")  # the rich menu sends this
    assert hana.messages[0]["text"].startswith("プロフィール\n\n")
    assert flex_rows(card)[:3] == ["お名前・スキル", "お名前: 佐藤 花子", "スキル: 未登録"]
    stale = await hana.tap(skills, "データ入力")  # an old button: the question was paused
    assert stale["text"].startswith("その選択肢は今は使えません。")
    over = await hana.say("最初から")
    assert over["text"] == "最初からやり直します。\n\n" + Q1
    name = await hana.tap(over, "変更する")
    assert name["text"] == "【1/6】チームで表示するお名前を送ってください。"
    skills = await hana.say("はなこ")
    assert skills["text"] == Q2
    person, _ = await hana.stored()
    assert person is not None and person.display_name == "はなこ"


async def test_unfollow_keeps_the_question_and_following_again_resumes_it(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    hana = Teleworker(app, sandbox)
    welcome = await hana.follow()
    await hana.tap(welcome, "このままでOK")
    assert await hana.unfollow() == {}  # no reply token, and nothing pushed to a blocked person
    back = await hana.follow()
    assert back["text"] == (
        "おかえりなさい、佐藤 花子さん！また一緒にお仕事できてうれしいです。\n"
        "登録内容はそのまま残っています。困ったら「ヘルプ」と送ってください。\n\n" + Q2
    )


async def test_changing_one_field_and_deleting_the_account(app: RunningApp, sandbox: PlatformSandbox) -> None:
    hana = Teleworker(app, sandbox)
    await hana.follow()
    await hana.say("このままでOK")
    await hana.say("翻訳、デザイン")
    await hana.say("完了")
    await hana.say("週10時間")
    for _ in range(3):
        card = await hana.say("スキップ")
    assert labels(card) == [
        "名前変更",
        "スキル変更",
        "稼働時間変更",
        "時間帯変更",
        "地域変更",
        "配慮事項変更",
        "退会",
    ]
    question = await hana.tap(card, "スキル変更")
    assert question["text"] == Q2.removeprefix("【2/6】")  # just that step, no onboarding counter
    await hana.say("文字起こし")
    updated = await hana.say("完了")
    assert hana.messages[0]["text"].startswith("プロフィールを更新しました。\n\nプロフィール\n\n")
    assert flex_rows(updated)[:3] == ["お名前・スキル", "お名前: 佐藤 花子", "スキル: 文字起こし"]
    # The card's own button (a postback) opens the same one-field question as the quick reply.
    [hours_button] = [
        b["action"]
        for u in updated["contents"]["contents"]
        for b in u["footer"]["contents"]
        if b["action"]["label"] == "稼働時間変更"
    ]
    asked = await hana._post("line/postback.json", postback={"data": hours_button["data"]})
    assert asked["text"] == Q3.removeprefix("【3/6】")
    unchanged = await hana.say("時間変更")
    unchanged = await hana.say("やめる")
    assert unchanged["text"] == "変更はしていません。"
    person, profile = await hana.stored()
    assert profile is not None and profile.skills == {"transcription"} and profile.weekly_hours == 10

    confirm = await hana.say("退会")
    assert confirm["text"].endswith("本当に退会しますか？")
    assert labels(confirm) == ["退会する", "やめる"]
    kept = await hana.tap(confirm, "やめる")
    assert kept["text"] == "退会はしませんでした。これまでどおりご利用いただけます。"
    confirm = await hana.say("退会")
    gone = await hana.tap(confirm, "退会する")
    assert gone["text"].startswith("退会しました。登録されていた個人情報は削除しました。")
    assert quick_items(gone) == []

    assert await hana.stored() == (None, None)  # the LINE account no longer leads anywhere
    assert person is not None
    async with app.runtime.services.database.unit_of_work() as uow:
        remains = await uow.people.get(person.id)
        assert await uow.profiles.get(person.id) is None
    assert remains is not None and remains.withdrawn
    assert (remains.display_name, remains.identities, remains.roles) == ("", [], frozenset())

    again = await hana.follow()  # following again is a new start
    assert again["text"].startswith("はじめまして、佐藤 花子さん！")


async def test_english_profile_language_gets_english_questions(app: RunningApp, sandbox: PlatformSandbox) -> None:
    hana = Teleworker(app, sandbox, name="Hana", language="en")
    welcome = await hana.follow()
    assert welcome["text"].startswith("Nice to meet you, Hana!")
    assert welcome["text"].endswith('[1/6] Shall I call you "Hana"?')
    assert labels(welcome) == ["Keep it", "Change", "Skip"]
    skills = await hana.tap(welcome, "Keep it")
    assert labels(skills)[0] == "Data entry"
    await hana.say("data entry and bookkeeping")
    await hana.say("done")
    windows = await hana.say("2 hours a day")
    assert windows["text"].startswith("[4/6] When can you work?")
    _, profile = await hana.stored()
    assert profile is not None and profile.skills == {"data_entry", "bookkeeping"} and profile.weekly_hours == 10


@pytest.mark.parametrize(
    ("text", "days", "reason"),
    [
        ("明日は子どもの発熱で休みます", (1, 1), "子どもの発熱"),
        ("明日から3日間、親の通院のため休みます", (1, 3), "親の通院"),
    ],
)
async def test_an_absence_in_one_sentence_is_recorded(
    app: RunningApp, sandbox: PlatformSandbox, text: str, days: tuple[int, int], reason: str
) -> None:
    hana = Teleworker(app, sandbox)
    await hana.follow()
    await hana.say("やめる")
    answer = await hana.say(text)
    start, end = (tokyo_today() + timedelta(days=d) for d in days)
    assert answer["text"].endswith(
        f"のお休みを受け付けました（理由：{reason}）。無理をせず、お大事になさってください。"
    )
    person, _ = await hana.stored()
    assert person is not None
    async with app.runtime.services.database.unit_of_work() as uow:
        [absence] = await uow.absences.for_person(person.id)
    assert (absence.start, absence.end, absence.reason) == (start, end, reason)


async def test_absence_from_the_menu_asks_when(app: RunningApp, sandbox: PlatformSandbox) -> None:
    hana = Teleworker(app, sandbox)
    await hana.follow()
    asked = await hana.say("休みの連絡")
    assert asked["text"].startswith("いつお休みしますか？")
    assert labels(asked) == ["今日", "明日", "明後日", "やめる"]
    unclear = await hana.say("ちょっと体調が")
    assert unclear["text"].startswith("日付を読み取れませんでした。")
    recorded = await hana.tap(unclear, "明日")
    tomorrow = tokyo_today() + timedelta(days=1)
    weekday = "月火水木金土日"[tomorrow.weekday()]
    assert recorded["text"] == (
        f"{tomorrow.year}/{tomorrow.month}/{tomorrow.day}（{weekday}）のお休みを受け付けました。"
        "無理をせず、お大事になさってください。"
    )


async def test_an_absence_during_onboarding_is_recorded_and_the_question_stays(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    hana = Teleworker(app, sandbox)
    welcome = await hana.follow()
    await hana.tap(welcome, "このままでOK")
    answer = await hana.say("明日は子どもの発熱で休みます")
    assert "のお休みを受け付けました（理由：子どもの発熱）。" in answer["text"]
    assert answer["text"].endswith("\n\n" + Q2) and len(quick_items(answer)) == 13
    _, profile = await hana.stored()
    assert profile is None  # nothing was taken as a skill


async def test_in_a_line_group_no_profile_is_shown_or_asked(app: RunningApp, sandbox: PlatformSandbox) -> None:
    hana = Teleworker(app, sandbox)
    await hana.follow()
    before = len(sandbox.state.calls)
    group = {"type": "group", "groupId": "C" + "1" * 32, "userId": hana.user_id}
    body = line_body(
        "line/message_text_group.json",
        source=group,
        message={"id": "2", "type": "text", "text": "プロフィール", "quoteToken": "q"},
    )
    text = json.dumps(body, ensure_ascii=False)
    async with httpx.AsyncClient(base_url=app.url) as client:
        await client.post("/line/webhook", content=text.encode(), headers=line_headers(LINE_SECRET, text))
    await app.settle()
    [reply] = [c for c in sandbox.state.calls[before:] if c.path.endswith("/message/reply")]
    assert "お名前:" not in reply.body["messages"][0]["text"]
    assert reply.body["messages"][0]["text"].startswith(
        "ごめんなさい、「プロフィール」はまだうまく理解できませんでした。"
    )


async def test_buttons_of_a_finished_question_are_answered_politely(app: RunningApp, sandbox: PlatformSandbox) -> None:
    hana = Teleworker(app, sandbox)
    welcome = await hana.follow()
    skills = await hana.tap(welcome, "このままでOK")
    await hana.say("やめる")
    for label in ("完了", "スキップ", "データ入力"):
        stale = await hana.tap(skills, label)
        assert stale["text"] == "その選択肢は今は使えません。"
        assert labels(stale) == ["プロフィール登録を続ける"]


async def test_stopping_when_nothing_is_open_says_so_and_keeps_the_way_back(
    app: RunningApp, sandbox: PlatformSandbox
) -> None:
    hana = Teleworker(app, sandbox)
    await hana.follow()
    paused = await hana.say("やめる")
    assert paused["text"] == "登録を中断しました。ここまでの内容は保存されています。"
    again = await hana.say("やめる")  # typed again: nothing is open, and it is not taken as a report or chat
    assert again["text"] == "いま途中の質問や手続きはないので、止めるものはありません。"
    assert labels(again) == ["プロフィール登録を続ける"]
    over = await hana.say("最初から")  # and 「最初から」 still starts over from anywhere
    assert over["text"] == "最初からやり直します。\n\n" + Q1
