"""`yui line setup-richmenu` against the platform sandbox, and the drawn image."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest
from PIL import Image, ImageFont
from typer.testing import CliRunner, Result

from bot.cli import cli
from bot.line import richmenu
from bot.sandbox import PlatformSandbox
from domain.profile_answers import MENU_WORDS, word_of


def _png(size: tuple[int, int] = (richmenu.WIDTH, richmenu.HEIGHT)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (250, 247, 240)).save(out, format="PNG")
    return out.getvalue()


async def _invoke(sandbox: PlatformSandbox, tmp_path: Path, *args: str) -> Result:
    env = {
        "YUI_LINE_API_URL": sandbox.base,
        "LINE_CHANNEL_ACCESS_TOKEN": "line-test-token",
        "LINE_CHANNEL_SECRET": "unused",
        "YUI_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'unused.db'}",
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

    [first_menu, new] = [c.body for c in sandbox.calls_to("/v2/bot/richmenu")]
    assert first_menu == new
    assert new["name"] == "yui-main" and new["chatBarText"] == "メニュー" and len(new["areas"]) == 5
    uploads = sandbox.calls_to("/content")
    assert [u.body for u in uploads] == [{"content_type": "image/png", "bytes": len(image.read_bytes())}] * 2
    assert all(u.headers["authorization"] == "Bearer line-test-token" for u in uploads)
    # Only the new menu is left, as everyone's default, with the uploaded image.
    assert list(sandbox.state.rich_menus) == [sandbox.state.default_rich_menu] == ["richmenu-sandbox0002"]
    assert sandbox.state.rich_menu_images["richmenu-sandbox0002"] == image.read_bytes()
    assert "richmenu-sandbox0002 is now every follower's default" in second.output


async def test_without_a_japanese_font_the_cli_explains_what_to_do(
    sandbox: PlatformSandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_font(explicit: Path | None = None) -> Path:
        raise richmenu.NoJapaneseFont("no font with Japanese glyphs found")

    monkeypatch.setattr(richmenu, "find_japanese_font", no_font)
    result = await _invoke(sandbox, tmp_path)
    assert result.exit_code == 1
    assert "apt-get install fonts-noto-cjk" in result.output and "--font PATH" in result.output
    assert sandbox.state.calls == []  # nothing half-created


async def test_a_missing_font_file_is_named(sandbox: PlatformSandbox, tmp_path: Path) -> None:
    result = await _invoke(sandbox, tmp_path, "--font", str(tmp_path / "nope.ttf"), "--dry-run")
    assert result.exit_code == 1 and "font file not found" in result.output
