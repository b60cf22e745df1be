"""`yui line setup-richmenu` against the platform sandbox, and the drawn image."""

from __future__ import annotations

import asyncio
import io
import os
from pathlib import Path

import pytest
from PIL import Image, ImageFont
from typer.testing import CliRunner, Result

from bot.cli import cli
from bot.harness import RunningApp
from bot.line import richmenu
from bot.sandbox import PlatformSandbox
from domain.digest_schedule import parse_line_digest
from domain.model import Identity, Organization, OrganizationKind, Person, Role, Team
from domain.persistence import Database, upgrade
from domain.profile_answers import MENU_WORDS, Word, word_of
from domain.refs import Locale, PersonRef, Platform
from tests.adapters.test_line_onboarding import Teleworker


def _png(size: tuple[int, int] = (richmenu.WIDTH, richmenu.HEIGHT)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (250, 247, 240)).save(out, format="PNG")
    return out.getvalue()


async def _invoke(sandbox: PlatformSandbox, tmp_path: Path, *args: str, database_url: str | None = None) -> Result:
    env = {
        "YUI_LINE_API_URL": sandbox.base,
        "LINE_CHANNEL_ACCESS_TOKEN": "line-test-token",
        "LINE_CHANNEL_SECRET": "unused",
        "YUI_DATABASE_URL": database_url or f"sqlite+aiosqlite:///{tmp_path / 'unused.db'}",
    }
    # The CLI runs its own event loop; the sandbox serves on this one.
    return await asyncio.to_thread(CliRunner().invoke, cli, ["line", "setup-richmenu", *args], env=env)


def test_every_area_sends_a_word_yui_serves() -> None:
    request = richmenu.menu_request()
    assert [a.action.text for a in request.areas] == [
        "今日の報告",
        "自分の案件",
        "休みの連絡",
        "プロフィール",
        "ヘルプ",
    ]
    assert all(word_of(a.action.text) in MENU_WORDS for a in request.areas)
    assert sum(a.bounds.width * a.bounds.height for a in request.areas) == richmenu.WIDTH * richmenu.HEIGHT
    assert len(request.chat_bar_text) <= 14 and len(request.name) <= 300


def test_the_english_menu_sends_english_words_yui_serves() -> None:
    request = richmenu.menu_request(richmenu.MenuKind(Locale.EN))
    texts = [a.action.text for a in request.areas]
    assert texts == ["Today's report", "My tasks", "Absence", "Profile", "Help"]
    assert [word_of(t) for t in texts] == [Word.REPORT, Word.MY_TASKS, Word.ABSENCE, Word.PROFILE, Word.HELP]
    assert all(len(a.action.label) <= 20 for a in request.areas)  # LINE's action label limit
    assert request.name == "yui-main-en" and request.chat_bar_text == "Menu"
    assert [a.bounds for a in request.areas] == [a.bounds for a in richmenu.menu_request().areas]


def test_the_english_image_needs_no_japanese_font() -> None:
    data = richmenu.render_english(None)
    image = Image.open(io.BytesIO(data))
    assert (image.format, image.size) == ("PNG", (richmenu.WIDTH, richmenu.HEIGHT))
    assert len(data) < richmenu.IMAGE_LIMIT
    assert image.getpixel((100, 100)) == richmenu.LEAF  # the same tiles as the Japanese menu
    # The labels differ, the drawing does not: the English and Japanese images differ only in text.
    japanese = Image.open(io.BytesIO(richmenu.render(ImageFont.load_default(size=110))))
    assert image.getpixel((416, 300)) == japanese.getpixel((416, 300))  # an icon's stroke, same place


def test_the_image_is_a_png_of_the_menu_size_under_one_megabyte() -> None:
    data = richmenu.render(ImageFont.load_default(size=110))  # geometry only: this font has no kanji
    image = Image.open(io.BytesIO(data))
    assert (image.format, image.size) == ("PNG", (richmenu.WIDTH, richmenu.HEIGHT))
    assert len(data) < richmenu.IMAGE_LIMIT
    assert image.getpixel((5, 5)) == richmenu.PAPER and image.getpixel((100, 100)) == richmenu.LEAF


def test_the_data_api_lives_beside_the_api() -> None:
    assert richmenu.data_api_url("https://api.line.me") == "https://api-data.line.me"
    assert richmenu.data_api_url("http://127.0.0.1:9911") == "http://127.0.0.1:9911"


async def test_setup_creates_uploads_sets_default_and_replaces_the_old_menu(
    sandbox: PlatformSandbox, tmp_path: Path
) -> None:
    image = tmp_path / "menu.png"
    image.write_bytes(_png())
    first = await _invoke(sandbox, tmp_path, "--image", str(image))
    assert first.exit_code == 0, first.output
    second = await _invoke(sandbox, tmp_path, "--image", str(image))
    assert second.exit_code == 0, second.output

    created = [c.body for c in sandbox.calls_to("/v2/bot/richmenu")]
    assert created[:4] == created[4:]
    new, new_en, leader, leader_en = created[4:]
    assert new["name"] == "yui-main" and new["chatBarText"] == "メニュー" and len(new["areas"]) == 5
    assert new_en["name"] == "yui-main-en" and new_en["chatBarText"] == "Menu"
    assert [a["action"]["text"] for a in leader["areas"]][4:] == ["まとめ", "メンバー", "代打", "ヘルプ"]
    assert [a["action"]["text"] for a in leader_en["areas"]][4:] == ["Digest", "Members", "Cover", "Help"]
    assert (leader["name"], leader_en["name"]) == ("yui-leader", "yui-leader-en")
    uploads = sandbox.calls_to("/content")
    assert [u.body["bytes"] for u in uploads][::4] == [len(image.read_bytes())] * 2  # ja; the rest drawn
    assert all(u.headers["authorization"] == "Bearer line-test-token" for u in uploads)
    # Only the new menus are left, the Japanese one everyone's default, with the uploaded image.
    assert list(sandbox.state.rich_menus) == [f"richmenu-sandbox000{i}" for i in (5, 6, 7, 8)]
    assert sandbox.state.default_rich_menu == "richmenu-sandbox0005"
    assert sandbox.state.rich_menu_images["richmenu-sandbox0005"] == image.read_bytes()
    assert "richmenu-sandbox0005 is now every follower's default" in second.output
    assert "The database is not migrated" in second.output  # so the English menu went to nobody


async def test_english_speakers_get_the_english_menu(sandbox: PlatformSandbox, tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'yui.db'}"
    await asyncio.to_thread(upgrade, url)
    database = Database(url)
    people = {
        "Uken": (Locale.EN, False),
        "Uhana": (Locale.JA, False),
        "Ublocked": (Locale.EN, True),  # blocked Yui: LINE would refuse, and nobody is pushed anything
    }
    async with database.unit_of_work() as uow:
        for user, (locale, blocked) in people.items():
            person = Person(display_name=user, locale=locale, roles=frozenset({Role.TELEWORKER}))
            person.add_identity(Identity(PersonRef(Platform.LINE, "Ubot", user), user, blocked))
            await uow.people.add(person)
        await uow.commit()
    await database.dispose()
    image = tmp_path / "menu.png"
    image.write_bytes(_png())
    result = await _invoke(sandbox, tmp_path, "--image", str(image), database_url=url)
    assert result.exit_code == 0, result.output
    ja_menu, en_menu, *_leaders = list(sandbox.state.rich_menus)
    assert sandbox.state.default_rich_menu == ja_menu
    assert sandbox.state.user_rich_menus == {"Uken": en_menu}  # the per-user link, only for English
    [link] = [c for c in sandbox.state.calls if c.path.startswith("/v2/bot/user/Uken/richmenu/")]
    assert link.path == f"/v2/bot/user/Uken/richmenu/{en_menu}"
    assert "linked to 1 English speaker; leaders' menus linked to 0 team leaders" in result.output.replace("\n", "")
    # Running it again moves the English speaker to the new English menu before the old one goes.
    again = await _invoke(sandbox, tmp_path, "--image", str(image), database_url=url)
    assert again.exit_code == 0, again.output
    assert sandbox.state.user_rich_menus == {"Uken": list(sandbox.state.rich_menus)[1]} != {"Uken": en_menu}


async def test_team_leaders_get_the_leaders_menu_in_their_language(sandbox: PlatformSandbox, tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'yui.db'}"
    await asyncio.to_thread(upgrade, url)
    database = Database(url)
    async with database.unit_of_work() as uow:
        people = {}
        for user, locale in {"Uyama": Locale.JA, "Ukate": Locale.EN, "Uhana": Locale.JA}.items():
            person = Person(display_name=user, locale=locale, roles=frozenset({Role.TELEWORKER}))
            person.add_identity(Identity(PersonRef(Platform.LINE, "Ubot", user), user, False))
            await uow.people.add(person)
            people[user] = person
        owner = Organization(name="operator", kind=OrganizationKind.OPERATOR)
        await uow.organizations.add(owner)
        await uow.teams.add(Team("伊那チーム", owner.id, people["Uyama"].id, {people["Uhana"].id}))
        await uow.teams.add(Team("Komagane team", owner.id, people["Ukate"].id))
        await uow.commit()
    await database.dispose()

    result = await _invoke(sandbox, tmp_path, "--dry-run", "--output", str(tmp_path / "menu.png"))
    assert result.exit_code == 0, result.output
    drawn = sorted(n for n in os.listdir(tmp_path) if n.endswith(".png"))
    assert drawn == ["menu-en.png", "menu-leader-en.png", "menu-leader.png", "menu.png"]
    assert "ipaexg.ttf" in result.output.replace("\n", "")  # drawn with the shipped font, nothing installed
    result = await _invoke(sandbox, tmp_path, database_url=url)
    assert result.exit_code == 0, result.output

    by_name = {m["name"]: i for i, m in sandbox.state.rich_menus.items()}
    assert sandbox.state.user_rich_menus == {"Uyama": by_name["yui-leader"], "Ukate": by_name["yui-leader-en"]}
    assert "leaders' menus linked to 2 team leaders" in result.output.replace("\n", "")
    image = Image.open(io.BytesIO(sandbox.state.rich_menu_images[by_name["yui-leader"]]))
    assert image.size == (richmenu.WIDTH, richmenu.HEIGHT)

    # A leader appointed later gets the leaders' menu at once, in their language.
    env = {
        "YUI_LINE_API_URL": sandbox.base,
        "LINE_CHANNEL_ACCESS_TOKEN": "line-test-token",
        "YUI_DATABASE_URL": url,
    }
    hana = people["Uhana"].id
    created = await asyncio.to_thread(
        CliRunner().invoke, cli, ["team", "create", "駒ヶ根チーム", "--leader", hana], env=env
    )
    assert created.exit_code == 0, created.output
    assert sandbox.state.user_rich_menus["Uhana"] == by_name["yui-leader"]
    assert "Linked the leaders' rich menu" in created.output


async def test_without_a_japanese_font_the_cli_explains_what_to_do(
    sandbox: PlatformSandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_font(explicit: Path | None = None) -> Path:
        raise richmenu.NoJapaneseFont("no font with Japanese glyphs found")

    monkeypatch.setattr(richmenu, "find_japanese_font", no_font)
    result = await _invoke(sandbox, tmp_path)
    assert result.exit_code == 1
    assert "matplotlib-fontja" in result.output and "--font PATH" in result.output
    assert sandbox.state.calls == []  # nothing half-created


async def test_a_missing_font_file_is_named(sandbox: PlatformSandbox, tmp_path: Path) -> None:
    result = await _invoke(sandbox, tmp_path, "--font", str(tmp_path / "nope.ttf"), "--dry-run")
    assert result.exit_code == 1 and "font file not found" in result.output


async def test_an_english_follower_is_linked_to_the_english_menu(app: RunningApp, sandbox: PlatformSandbox) -> None:
    sandbox.state.rich_menus.update(
        {
            "richmenu-ja": richmenu.menu_request().to_dict(),
            "richmenu-en": richmenu.menu_request(richmenu.MenuKind(Locale.EN)).to_dict(),
        }
    )
    sandbox.state.rich_menu_images.update({"richmenu-ja": _png(), "richmenu-en": _png()})
    ken = Teleworker(app, sandbox, name="Ken", language="en")
    hana = Teleworker(app, sandbox, name="花子", language="ja")
    assert (await ken.follow())["text"].startswith("Nice to meet you, Ken!")
    await hana.follow()
    assert sandbox.state.user_rich_menus == {ken.user_id: "richmenu-en"}  # Japanese is the default
    await ken.unfollow()
    await ken.follow()  # following again: linked again, the menu list was not fetched twice
    assert len(sandbox.calls_to("/v2/bot/richmenu/list")) == 1


async def test_a_team_leader_who_follows_gets_the_leaders_menu(app: RunningApp, sandbox: PlatformSandbox) -> None:
    kinds = [richmenu.DEFAULT, richmenu.MenuKind(leader=True)]
    sandbox.state.rich_menus.update({k.name: richmenu.menu_request(k).to_dict() for k in kinds})
    sandbox.state.rich_menu_images.update({k.name: _png() for k in kinds})
    hana = Teleworker(app, sandbox, name="花子", language="ja")
    await hana.follow()
    assert sandbox.state.user_rich_menus == {}  # a teleworker keeps everyone's menu
    async with app.runtime.services.database.unit_of_work() as uow:
        person = await uow.people.by_identity(hana.ref)
        assert person is not None
        owner = Organization(name="operator", kind=OrganizationKind.OPERATOR)
        await uow.organizations.add(owner)
        await uow.teams.add(Team("伊那チーム", owner.id, person.id))
        await uow.commit()
    await hana.unfollow()
    await hana.follow()
    assert sandbox.state.user_rich_menus == {hana.user_id: "yui-leader"}


def test_a_label_too_long_for_its_tile_is_drawn_smaller() -> None:
    font = ImageFont.load_default(size=110)
    long = "Report what you did today"
    assert font.getlength(long) > 700
    fitted = richmenu._fit(font, long, 700)
    assert isinstance(fitted, ImageFont.FreeTypeFont) and fitted.getlength(long) <= 700
    assert richmenu._fit(font, "Help", 700) is font  # short labels keep the menu's size


def test_the_japanese_font_ships_with_yui() -> None:
    font = richmenu.find_japanese_font()
    assert font.name == "ipaexg.ttf" and font == richmenu.shipped_font()
    drawn = ImageFont.truetype(str(font), 110)
    assert drawn.getbbox("代打")[2] > 150  # real glyphs, not the missing-glyph box of a Latin font


def test_every_leader_area_sends_a_word_yui_serves() -> None:
    for locale in Locale:
        request = richmenu.menu_request(richmenu.MenuKind(locale, leader=True))
        texts = [a.action.text for a in request.areas]
        assert [word_of(t) for t in texts[:4]] == [Word.REPORT, Word.MY_TASKS, Word.ABSENCE, Word.PROFILE]
        assert [word_of(t) for t in texts[5:]] == [Word.TEAM, Word.COVER, Word.HELP]
        assert parse_line_digest(texts[4]) is not None  # まとめ / Digest: the day's digest
        assert sum(a.bounds.width * a.bounds.height for a in request.areas) == richmenu.WIDTH * richmenu.HEIGHT
