"""The LINE rich menu: Yui's five everyday actions, drawn with Pillow and set up through the
Messaging API (`yui line setup-richmenu`), in Japanese and in English.

Each area is a message action sending the word Yui already understands typed (今日の報告, 自分の案件,
休みの連絡, プロフィール, ヘルプ; Today's report, My tasks, Absence, Profile, Help), so the menu, the
quick replies and typing all take the same path. The Japanese menu is everyone's default; the
English one is linked to each person whose locale is English, and team leaders get a menu of their
own with まとめ, メンバー and 代打 (Digest, Members, Cover) below their everyday four (per-user links).
Japanese labels need a CJK font: `--font`, else IPAex Gothic, which the PyPI package
matplotlib-fontja ships (a pinned dependency, so a fresh machine and the Docker image draw the menu
with nothing installed by hand), else the first Japanese font fontconfig knows. English labels are
drawn with that font when there is one (same look), else with Pillow's own scalable font.
"""

from __future__ import annotations

import importlib.util
import io
import shutil
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import structlog
from linebot.v3.messaging import (
    AsyncMessagingApi,
    AsyncMessagingApiBlob,
    MessageAction,
    RichMenuArea,
    RichMenuBounds,
    RichMenuRequest,
    RichMenuSize,
)
from linebot.v3.messaging.exceptions import ApiException
from PIL import Image, ImageDraw, ImageFont

from domain.i18n import translate
from domain.refs import Locale, PersonRef, Platform

log = structlog.get_logger(__name__)

LABEL_SIZE = 110
WIDTH, HEIGHT = 2500, 1686  # LINE's large size: big targets for thumbs
IMAGE_LIMIT = 1024 * 1024  # LINE rejects rich menu images over 1 MB

# The project's colours: 結's green on warm paper.
PAPER = (250, 247, 240)
GREEN = (46, 125, 80)
LEAF = (221, 237, 224)
INK = (38, 50, 43)
KNOWN_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
    "/System/Library/Fonts/ヒラギノ角ゴシック W6.ttc",
)


@dataclass(frozen=True, slots=True)
class MenuItem:
    key: str  # catalog key of the label; the label is also the text the tap sends
    icon: str
    bounds: tuple[int, int, int, int]  # x, y, width, height

    def label(self, locale: Locale = Locale.JA) -> str:
        return translate(self.key, locale)


_TOP = HEIGHT // 2
ITEMS: tuple[MenuItem, ...] = (
    MenuItem("menu.report", "report", (0, 0, 833, _TOP)),
    MenuItem("menu.my_tasks", "tasks", (833, 0, 834, _TOP)),
    MenuItem("menu.absence", "absence", (1667, 0, 833, _TOP)),
    MenuItem("menu.profile", "profile", (0, _TOP, 1250, HEIGHT - _TOP)),
    MenuItem("menu.help", "help", (1250, _TOP, 1250, HEIGHT - _TOP)),
)
# A team leader's menu: their everyday four above, what leading asks of them below (the day's
# digest, their teams' members, the cover requests waiting for their choice) beside ヘルプ.
_Q = WIDTH // 4
LEADER_ITEMS: tuple[MenuItem, ...] = (
    MenuItem("menu.report", "report", (0, 0, _Q, _TOP)),
    MenuItem("menu.my_tasks", "tasks", (_Q, 0, _Q, _TOP)),
    MenuItem("menu.absence", "absence", (2 * _Q, 0, _Q, _TOP)),
    MenuItem("menu.profile", "profile", (3 * _Q, 0, WIDTH - 3 * _Q, _TOP)),
    MenuItem("menu.digest", "digest", (0, _TOP, _Q, HEIGHT - _TOP)),
    MenuItem("menu.members", "members", (_Q, _TOP, _Q, HEIGHT - _TOP)),
    MenuItem("menu.cover", "cover", (2 * _Q, _TOP, _Q, HEIGHT - _TOP)),
    MenuItem("menu.help", "help", (3 * _Q, _TOP, WIDTH - 3 * _Q, HEIGHT - _TOP)),
)


@dataclass(frozen=True, slots=True)
class MenuKind:
    """One of Yui's menus: a language, for teleworkers or for team leaders."""

    locale: Locale = Locale.JA
    leader: bool = False

    @property
    def name(self) -> str:  # how Yui finds its menus again in LINE's list
        return ("yui-leader" if self.leader else "yui-main") + ("" if self.locale is Locale.JA else "-en")

    @property
    def items(self) -> tuple[MenuItem, ...]:
        return LEADER_ITEMS if self.leader else ITEMS


DEFAULT = MenuKind()  # everyone's menu until linked to another
KINDS = (DEFAULT, MenuKind(Locale.EN), MenuKind(Locale.JA, True), MenuKind(Locale.EN, True))
NAMES = {Locale.JA: DEFAULT.name, Locale.EN: MenuKind(Locale.EN).name}
NAME = DEFAULT.name


class NoJapaneseFont(RuntimeError):
    """No font with Japanese glyphs was given or found."""


def shipped_font() -> Path | None:
    """IPAex Gothic from the matplotlib-fontja package, found without importing it (its import
    loads matplotlib and rebuilds matplotlib's font list: seconds for one file path)."""
    spec = importlib.util.find_spec("matplotlib_fontja")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        font = Path(folder) / "fonts" / "ipaexg.ttf"
        if font.is_file():
            return font
    return None


def find_japanese_font(explicit: Path | None = None) -> Path:
    """`explicit` if given (it must exist), else the shipped IPAex Gothic, else a Japanese font
    fontconfig or a known path offers."""
    if explicit is not None:
        if not explicit.is_file():
            raise NoJapaneseFont(f"font file not found: {explicit}")
        return explicit
    shipped = shipped_font()
    if shipped is not None:
        return shipped
    fc_list = shutil.which("fc-list")
    if fc_list:
        found = subprocess.run(  # noqa: S603 - a fixed command, no user input
            [fc_list, ":lang=ja", "file"], capture_output=True, text=True, check=False, timeout=10
        )
        files = sorted(line.split(":")[0].strip() for line in found.stdout.splitlines() if line.strip())
        preferred = [f for f in files if "Bold" in f] + [f for f in files if "Sans" in f or "Gothic" in f] + files
        if preferred:
            return Path(preferred[0])
    for known in KNOWN_FONTS:
        if Path(known).is_file():
            return Path(known)
    raise NoJapaneseFont("no font with Japanese glyphs found")


def render(font: ImageFont.FreeTypeFont | ImageFont.ImageFont, kind: MenuKind = DEFAULT) -> bytes:
    """The menu image as PNG: a soft tile per action with a line icon and its label."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    for item in kind.items:
        x, y, w, h = item.bounds
        margin = 24
        draw.rounded_rectangle((x + margin, y + margin, x + w - margin, y + h - margin), radius=56, fill=LEAF)
        cx, cy = x + w // 2, y + int(h * 0.40)
        _icon(draw, item.icon, cx, cy, min(240, w // 3))
        label = item.label(kind.locale)
        fitted = _fit(font, label, w - 2 * margin - 60)
        draw.text((cx, y + int(h * 0.78)), label, font=fitted, fill=INK, anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    data = out.getvalue()
    if len(data) > IMAGE_LIMIT:
        raise ValueError(f"rich menu image is {len(data)} bytes, over LINE's 1 MB")
    return data


def _fit(
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont, text: str, width: int
) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """The font made smaller until `text` fits `width` (a long label, a wide font); as is otherwise."""
    if not isinstance(font, ImageFont.FreeTypeFont):
        return font
    fitted = font
    while fitted.getlength(text) > width and fitted.size > 40:
        fitted = fitted.font_variant(size=int(fitted.size * 0.9))
    return fitted


def render_with_font(path: Path, kind: MenuKind = DEFAULT) -> bytes:
    return render(ImageFont.truetype(str(path), LABEL_SIZE), kind)


def render_english(japanese_font: Path | None, *, leader: bool = False) -> bytes:
    """An English menu: the Japanese font has Latin glyphs too (same look); without one, Pillow's
    bundled scalable font draws the labels (no CJK needed for English)."""
    kind = MenuKind(Locale.EN, leader)
    if japanese_font is not None:
        return render_with_font(japanese_font, kind)
    return render(ImageFont.load_default(size=LABEL_SIZE), kind)


def _icon(draw: ImageDraw.ImageDraw, kind: str, cx: int, cy: int, size: int) -> None:
    """Simple line icons in the project's green (no emoji font needed)."""
    s = size // 2
    width = 22
    if kind == "report":  # a sheet with lines and a tick
        draw.rounded_rectangle((cx - s * 0.8, cy - s, cx + s * 0.8, cy + s), radius=20, outline=GREEN, width=width)
        for i in range(3):
            yy = cy - s * 0.45 + i * s * 0.45
            draw.line((cx - s * 0.45, yy, cx + s * 0.45, yy), fill=GREEN, width=width)
    elif kind == "tasks":  # two stacked cards
        draw.rounded_rectangle((cx - s * 0.6, cy - s, cx + s, cy + s * 0.6), radius=20, outline=GREEN, width=width)
        front = (cx - s, cy - s * 0.6, cx + s * 0.6, cy + s)
        draw.rounded_rectangle(front, radius=20, fill=LEAF, outline=GREEN, width=width)
    elif kind == "absence":  # a crescent moon
        draw.ellipse((cx - s, cy - s, cx + s, cy + s), fill=GREEN)
        draw.ellipse((cx - s * 0.45, cy - s * 1.1, cx + s * 1.25, cy + s * 0.6), fill=LEAF)
    elif kind == "profile":  # head and shoulders
        draw.ellipse((cx - s * 0.45, cy - s, cx + s * 0.45, cy - s * 0.1), outline=GREEN, width=width)
        draw.arc((cx - s * 0.9, cy, cx + s * 0.9, cy + s * 1.8), 180, 360, fill=GREEN, width=width)
    elif kind == "digest":  # a bar chart
        draw.line((cx - s, cy + s, cx + s, cy + s), fill=GREEN, width=width)
        for i, height in enumerate((0.8, 1.4, 1.1)):
            left = cx - s * 0.8 + i * s * 0.6
            draw.rectangle((left, cy + s - s * height, left + s * 0.4, cy + s), fill=GREEN)
    elif kind == "members":  # two heads side by side
        for dx in (-s * 0.45, s * 0.45):
            draw.ellipse((cx + dx - s * 0.3, cy - s * 0.8, cx + dx + s * 0.3, cy - s * 0.2), outline=GREEN, width=width)
            draw.arc((cx + dx - s * 0.6, cy, cx + dx + s * 0.6, cy + s * 1.4), 180, 360, fill=GREEN, width=width)
    elif kind == "cover":  # two arrows passing work over
        draw.line((cx - s, cy - s * 0.35, cx + s * 0.8, cy - s * 0.35), fill=GREEN, width=width)
        draw.polygon([(cx + s, cy - s * 0.35), (cx + s * 0.55, cy - s * 0.7), (cx + s * 0.55, cy)], fill=GREEN)
        draw.line((cx + s, cy + s * 0.35, cx - s * 0.8, cy + s * 0.35), fill=GREEN, width=width)
        draw.polygon([(cx - s, cy + s * 0.35), (cx - s * 0.55, cy), (cx - s * 0.55, cy + s * 0.7)], fill=GREEN)
    else:  # help: a question mark in a circle
        draw.ellipse((cx - s, cy - s, cx + s, cy + s), outline=GREEN, width=width)
        draw.arc((cx - s * 0.4, cy - s * 0.6, cx + s * 0.4, cy + s * 0.1), 200, 90, fill=GREEN, width=width)
        draw.line((cx, cy + s * 0.1, cx, cy + s * 0.3), fill=GREEN, width=width)
        draw.ellipse((cx - 12, cy + s * 0.5, cx + 12, cy + s * 0.5 + 24), fill=GREEN)


def menu_request(kind: MenuKind = DEFAULT) -> RichMenuRequest:
    return RichMenuRequest(
        size=RichMenuSize(width=WIDTH, height=HEIGHT),
        selected=True,
        name=kind.name,
        chatBarText=translate("menu.chat_bar", kind.locale),
        areas=[
            RichMenuArea(
                bounds=RichMenuBounds(x=i.bounds[0], y=i.bounds[1], width=i.bounds[2], height=i.bounds[3]),
                action=MessageAction(label=i.label(kind.locale), text=i.label(kind.locale)),
            )
            for i in kind.items
        ],
    )


@dataclass(frozen=True, slots=True)
class SetUp:
    menus: Mapping[MenuKind, str]  # the new menu of each kind
    linked: Mapping[MenuKind, int]  # people linked to each kind of menu other than the default
    failed: int  # links LINE refused (someone who blocked the account, an unknown user id)


async def set_up(
    api: AsyncMessagingApi,
    blob: AsyncMessagingApiBlob,
    images: Mapping[MenuKind, bytes],
    links: Mapping[str, MenuKind] | None = None,
) -> SetUp:
    """Create a menu per kind and upload its image; make the Japanese one everyone's default and
    link each person to the one they need (`links`: LINE user id → kind: English speakers, team
    leaders); then remove Yui's older menus (after the switch, so nobody is ever without a menu:
    LINE unlinks a deleted menu from its users).
    """
    names = {k.name for k in KINDS}
    older = [m.rich_menu_id for m in (await api.get_rich_menu_list()).richmenus if m.name in names]
    menus: dict[MenuKind, str] = {}
    for kind, image in images.items():
        created = await api.create_rich_menu(menu_request(kind))
        menus[kind] = created.rich_menu_id
        await blob.set_rich_menu_image(created.rich_menu_id, image, _headers={"Content-Type": "image/png"})
    await api.set_default_rich_menu(menus[DEFAULT])
    linked: dict[MenuKind, int] = {}
    failed = 0
    for user_id, kind in (links or {}).items():
        menu = menus.get(kind)
        if kind == DEFAULT or menu is None:
            continue
        try:
            await api.link_rich_menu_id_to_user(user_id, menu)
            linked[kind] = linked.get(kind, 0) + 1
        except ApiException as exc:  # one person's refusal does not stop the others
            log.warning("line.rich_menu_link_failed", status=exc.status, user=user_id[:6] + "…")
            failed += 1
    for old in older:
        await api.delete_rich_menu(old)
    log.info("line.rich_menu_set", menus={k.name: v for k, v in menus.items()}, failed=failed, replaced=len(older))
    return SetUp(menus, linked, failed)


class LineRichMenus:
    """Links a person to Yui's menu for them (the `handlers.ports.RichMenus` port): a follower whose
    locale is not Japanese to their language's, a team leader to the leaders' menu. The menu ids are
    looked up by name and kept for a few minutes, so a follow costs one link call; a failure is
    logged, never in the way of the greeting."""

    CACHE_SECONDS = 600.0

    def __init__(self, api: AsyncMessagingApi) -> None:
        self._api = api
        self._menus: dict[str, str] = {}
        self._fetched = -self.CACHE_SECONDS

    async def use_menu(self, person: PersonRef, locale: Locale, *, leader: bool = False) -> bool:
        """True when a menu was linked to the person (False: the default suits them, or it failed)."""
        if person.platform is not Platform.LINE:
            return False
        kind = MenuKind(locale, leader)
        try:
            if kind == DEFAULT:  # everyone's menu: nothing to link
                return False
            menu_id = await self._menu_id(kind.name)
            if menu_id is None:
                log.info("line.rich_menu_missing", menu=kind.name, hint="yui line setup-richmenu")
                return False
            await self._api.link_rich_menu_id_to_user(person.user_id, menu_id)
            return True
        except ApiException as exc:
            log.warning("line.rich_menu_link_failed", status=exc.status, menu=kind.name)
            return False

    async def _menu_id(self, name: str) -> str | None:
        now = time.monotonic()
        if now - self._fetched > self.CACHE_SECONDS or name not in self._menus:
            menus = (await self._api.get_rich_menu_list()).richmenus
            self._menus = {m.name: m.rich_menu_id for m in menus}
            self._fetched = now
        return self._menus.get(name)


def data_api_url(api_url: str) -> str:
    """The host of LINE's data API (image uploads): api-data.line.me beside api.line.me; any other
    host (the sandbox, a proxy) serves both."""
    return api_url.replace("://api.line.me", "://api-data.line.me")
