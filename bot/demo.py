"""`yui demo`: the real app, offline, playing a short conversation on both platforms.

Everything goes through the real endpoints: webhook bodies are signed exactly as Slack and LINE
sign them, and Yui's answers are caught by the local platform sandbox and printed as a chat.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
from rich.align import Align
from rich.console import Console
from rich.panel import Panel
from rich.rule import Rule
from rich.text import Text

from bot.console.app import create_signin_link
from bot.harness import RunningApp, running_app
from bot.logs import configure_logging
from bot.sandbox import Call, PlatformSandbox
from bot.settings import Settings
from bot.signing import line_headers, slack_headers
from domain.model import Person, Role
from domain.persistence import Database, upgrade

SLACK_SECRET = "demo-slack-signing-secret"  # noqa: S105 - the demo signs its own requests
LINE_SECRET = "demo-line-channel-secret"  # noqa: S105
LINE_BOT = "U" + "0" * 31 + "1"
HANAKO = "U" + "a1" * 16  # a teleworker on LINE
TARO = "U" + "b2" * 16  # another teleworker on LINE
TANAKA = "W0CLIENT01"  # a client company member on Slack
TEAM = "T0ABCSHOJI"

STYLE = {"slack": "magenta", "line": "green"}


@dataclass(frozen=True)
class Step:
    platform: str
    who: str
    says: str
    body: str
    headers: dict[str, str]
    path: str


def _line_step(who: str, says: str, event: dict[str, object], user: str = HANAKO) -> Step:
    event = {
        "mode": "active",
        "timestamp": int(time.time() * 1000),
        "source": {"type": "user", "userId": user},
        "webhookEventId": str(uuid.uuid4()).replace("-", "").upper()[:26],
        "deliveryContext": {"isRedelivery": False},
        "replyToken": uuid.uuid4().hex,
        **event,
    }
    body = json.dumps({"destination": LINE_BOT, "events": [event]}, ensure_ascii=False)
    return Step("line", who, says, body, line_headers(LINE_SECRET, body), "/line/webhook")


def _text_step(who: str, user: str, text: str) -> Step:
    message = {"id": str(uuid.uuid4().int)[:18], "type": "text", "text": text, "quoteToken": "q"}
    return _line_step(who, text, {"type": "message", "message": message}, user)


def _tap_step(who: str, user: str, label: str, last: Call | None) -> Step:
    """The teleworker taps the quick reply `label` under Yui's last LINE message to them."""
    items = (
        [] if last is None else [i for m in last.body["messages"] for i in (m.get("quickReply") or {}).get("items", [])]
    )
    action = next((i["action"] for i in items if i["action"]["label"] == label), None)
    if action is None or action["type"] != "postback":
        return _text_step(who, user, label)
    return _line_step(who, f"（「{label}」をタップ）", {"type": "postback", "postback": {"data": action["data"]}}, user)


# Two teleworkers join: each answer is typed or tapped, as a person on a phone would.
JOINING: tuple[tuple[str, str, str, bool], ...] = (
    ("佐藤 花子", HANAKO, "このままでOK", True),
    ("佐藤 花子", HANAKO, "データ入力と経理、Excelも少し", False),
    ("佐藤 花子", HANAKO, "完了", True),
    ("佐藤 花子", HANAKO, "週10〜15時間くらい", False),
    ("佐藤 花子", HANAKO, "平日午前", True),
    ("佐藤 花子", HANAKO, "完了", True),
    ("佐藤 花子", HANAKO, "長野県伊那市", False),
    ("佐藤 花子", HANAKO, "平日15時に保育園のお迎えがあります", False),
    ("山田 太郎", TARO, "（LINE公式アカウントを友だち追加）", False),
    ("山田 太郎", TARO, "このままでOK", True),
    ("山田 太郎", TARO, "文字起こし、翻訳（英語）、データ入力", False),
    ("山田 太郎", TARO, "完了", True),
    ("山田 太郎", TARO, "1日4時間", False),
    ("山田 太郎", TARO, "夕方以降と土日", False),
    ("山田 太郎", TARO, "完了", True),
    ("山田 太郎", TARO, "駒ヶ根市", False),
    ("山田 太郎", TARO, "特になし", True),
)


def _answer_since(sandbox: PlatformSandbox, before: int) -> Call | None:
    replies = [c for c in sandbox.state.calls[before:] if c.path.endswith(("/message/reply", "/message/push"))]
    return replies[-1] if replies else None


def _mention_step(text: str, event_id: str) -> Step:
    ts = f"{time.time():.6f}"
    body = json.dumps(
        {
            "token": "unused",
            "team_id": TEAM,
            "api_app_id": "A0YUI",
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "event": {
                "type": "app_mention",
                "user": TANAKA,
                "text": f"<@UYUI> {text}",
                "ts": ts,
                "channel": "C0ORDERS",
                "event_ts": ts,
            },
        },
        ensure_ascii=False,
    )
    return Step("slack", "田中（ABC商事）", f"@Yui {text}", body, slack_headers(SLACK_SECRET, body), "/slack/events")


def _slash_step(text: str, response_url: str) -> Step:
    body = urlencode(
        {
            "token": "unused",
            "team_id": TEAM,
            "team_domain": "abc-shoji",
            "channel_id": "C0ORDERS",
            "channel_name": "orders",
            "user_id": TANAKA,
            "user_name": "tanaka",
            "command": "/yui",
            "text": text,
            "api_app_id": "A0YUI",
            "response_url": response_url,
            "trigger_id": "1.2.demo",
        }
    )
    return Step(
        "slack",
        "田中（ABC商事）",
        f"/yui {text}",
        body,
        slack_headers(SLACK_SECRET, body, json_body=False),
        "/slack/events",
    )


def _confirm_step(update: Call) -> Step:
    """The client presses Confirm on the card Yui posted: the block_actions body Slack would send."""
    [button] = [e for e in _buttons(update) if e["action_id"] == "task.confirm"]
    return _press_step(update.body["channel"], update.body["ts"], button, block_id="task", trigger="2.2.demo")


def _approve_step(card: Call, index: int) -> Step:
    """The client presses the `index`-th 依頼 button of the proposals Yui posted."""
    button = _buttons(card)[index]
    return _press_step(card.body["channel"], "0", button, block_id="match", trigger="3.3.demo")


def _buttons(message: Call) -> list[dict[str, Any]]:
    return [e for b in message.body["blocks"] if b["type"] == "actions" for e in b["elements"]]


def _press_step(channel: str, message_ts: str, button: dict[str, Any], *, block_id: str, trigger: str) -> Step:
    """The client (田中) presses `button` on a message of Yui's: the signed block_actions body."""
    payload = {
        "type": "block_actions",
        "user": {"id": TANAKA, "username": "tanaka", "name": "tanaka", "team_id": TEAM},
        "api_app_id": "A0YUI",
        "token": "unused",
        "container": {"type": "message", "message_ts": message_ts, "channel_id": channel, "is_ephemeral": False},
        "trigger_id": trigger,
        "team": {"id": TEAM, "domain": "abc-shoji"},
        "channel": {"id": channel, "name": "orders"},
        "actions": [{**button, "block_id": block_id, "action_ts": f"{time.time():.6f}"}],
    }
    body = urlencode({"payload": json.dumps(payload, ensure_ascii=False)})
    return Step(
        "slack",
        "田中（ABC商事）",
        f"（「{button['text']['text']}」を押す）",
        body,
        slack_headers(SLACK_SECRET, body, json_body=False),
        "/slack/events",
    )


def _offer_tap_step(who: str, user: str, label: str, sandbox: PlatformSandbox) -> Step:
    """The teleworker taps `label` on the Flex offer last pushed to them."""
    [*_, push] = [c for c in sandbox.calls_to("/message/push") if c.body["to"] == user]
    buttons = [b["action"] for m in push.body["messages"] for b in m["contents"]["footer"]["contents"]]
    action = next(a for a in buttons if a["label"] == label)
    return _line_step(who, f"（「{label}」をタップ）", {"type": "postback", "postback": {"data": action["data"]}}, user)


def _blocks_text(blocks: list[dict[str, Any]]) -> str:
    """Block Kit as the transcript shows it: header, texts, fields, [buttons]."""
    lines: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            lines.append(f"【{block['text']['text']}】")
        elif kind == "section":
            if "text" in block:
                lines.append(str(block["text"]["text"]))
            lines.extend(str(f["text"]).replace("\n", ": ", 1) for f in block.get("fields", []))
        elif kind == "context":
            lines.extend(str(e.get("text", "")) for e in block["elements"])
        elif kind == "actions":
            lines.append(" ".join(f"[{e['text']['text']}]" for e in block["elements"]))
    return "\n".join(lines)


def _carousel_text(message: dict[str, Any]) -> str:
    """A Flex carousel (my tasks, the profile, a digest's cards) as the transcript shows it: per card
    its header, its text (a digest's 困りごと and 変更 are only text), "label: value" rows and [buttons];
    "" for anything else."""
    contents = message.get("contents") or {}
    if message.get("type") != "flex" or contents.get("type") != "carousel":
        return ""
    lines: list[str] = []
    for bubble in contents["contents"]:
        lines.extend(t["text"] for t in (bubble.get("header") or {}).get("contents", []) if t.get("text"))
        for row in bubble["body"]["contents"]:
            if row.get("layout") == "baseline":
                lines.append(": ".join(t["text"] for t in row["contents"]))
            elif row.get("type") == "text" and row["text"].strip():
                lines.append(row["text"])
        buttons = (bubble.get("footer") or {}).get("contents", [])
        if buttons:
            lines.append(" ".join(f"[{b['action']['label']}]" for b in buttons))
    return "\n".join(lines)


def _said_by_yui(call: Call) -> tuple[str, str] | None:
    """(how it was sent, text) for outbound calls that put words in front of a person."""
    body = call.body if isinstance(call.body, dict) else {}
    if call.service == "line" and call.path.endswith(("/message/reply", "/message/push")):
        kind = "reply (free)" if call.path.endswith("reply") else "push (counts against quota)"
        texts = [m.get("text") or _carousel_text(m) or m.get("altText", "") for m in body.get("messages", [])]
        texts += [
            " ".join(f"[{b['action']['label']}]" for b in m["contents"]["footer"]["contents"])
            for m in body.get("messages", [])
            if m.get("type") == "flex" and m["contents"].get("footer")
        ]
        quick = [
            i["action"]["label"]
            for m in body.get("messages", [])
            if m.get("quickReply")
            for i in m["quickReply"]["items"]
        ]
        suffix = f"\n[quick replies: {' | '.join(quick)}]" if quick else ""
        return kind, "\n".join(texts) + suffix
    if call.service == "slack" and call.path.endswith("chat.update"):
        return f"chat.update of {body.get('ts')}", _blocks_text(body.get("blocks") or [])
    if call.service == "slack" and call.path.endswith(("chat.postMessage", "chat.postEphemeral")):
        where = "thread reply" if body.get("thread_ts") else call.path.rsplit("/", 1)[-1]
        # A card as the person sees it (header, buttons), not its notification text.
        return where, _blocks_text(body["blocks"]) if body.get("blocks") else str(body.get("text", ""))
    if call.service == "slack_response":
        return f"{body.get('response_type', 'ephemeral')} response", str(body.get("text", ""))
    return None


async def _play(console: Console, database_url: str) -> int:
    sandbox = PlatformSandbox()
    await sandbox.start()
    sandbox.state.line_profiles[HANAKO] = {"name": "佐藤 花子", "language": "ja"}
    sandbox.state.line_profiles[TARO] = {"name": "山田 太郎", "language": "ja"}
    sandbox.state.slack_users[TANAKA] = {"name": "田中", "locale": "ja-JP"}
    settings = Settings(
        database_url=database_url,
        slack_signing_secret=SLACK_SECRET,
        slack_bot_token="xoxb-demo",  # noqa: S106
        slack_api_url=sandbox.slack_api_url,
        line_channel_secret=LINE_SECRET,
        line_channel_access_token="demo-line-token",  # noqa: S106
        line_api_url=sandbox.base,
        openai_api_key=None,
        worker="inline",
        log_format="console",
        log_level="WARNING",
    )
    mention = _mention_step("こんにちは！使い方を教えてください", "Ev0DEMO0001")
    steps = [
        _line_step(
            "佐藤 花子", "（LINE公式アカウントを友だち追加）", {"type": "follow", "follow": {"isUnblocked": False}}
        ),
        _line_step(
            "佐藤 花子",
            "よろしくお願いします！",
            {
                "type": "message",
                "message": {"id": "1", "type": "text", "text": "よろしくお願いします！", "quoteToken": "q"},
            },
        ),
        mention,
        _slash_step("help", sandbox.response_url("demo-help")),
    ]
    failures = 0
    try:
        async with running_app(settings) as running, httpx.AsyncClient(base_url=running.url, timeout=10) as http:
            last: dict[str, Call | None] = {}
            for step in steps[:2]:
                before = len(sandbox.state.calls)
                failures += await _exchange(console, running, sandbox, http, step)
                last[HANAKO] = _answer_since(sandbox, before)
            for who, user, says, tapped in JOINING:
                if says.startswith("（"):
                    step = _line_step(who, says, {"type": "follow", "follow": {"isUnblocked": False}}, user)
                elif tapped:
                    step = _tap_step(who, user, says, last.get(user))
                else:
                    step = _text_step(who, user, says)
                before = len(sandbox.state.calls)
                failures += await _exchange(console, running, sandbox, http, step)
                last[user] = _answer_since(sandbox, before)
            for step in steps[2:]:
                failures += await _exchange(console, running, sandbox, http, step)
            # A client hands Yui a piece of work in one sentence, checks the draft and confirms it.
            failures += await _exchange(
                console,
                running,
                sandbox,
                http,
                _mention_step(
                    "来週金曜までに請求書200件のデータ入力をお願いしたいです。Excelが使える方", "Ev0DEMO0002"
                ),
            )
            drafts = sandbox.calls_to("chat.update")
            if drafts:
                failures += await _exchange(console, running, sandbox, http, _confirm_step(drafts[-1]))
            else:
                failures += 1
            # Yui proposes people with reasons; the client asks the first, who declines in LINE; the
            # next candidate is asked without bothering the client, accepts, and the card follows.
            cards = [c for c in sandbox.calls_to("chat.postMessage") if c.body["channel"] == TANAKA]
            if cards:
                failures += await _exchange(console, running, sandbox, http, _approve_step(cards[-1], 0))
                failures += await _exchange(
                    console, running, sandbox, http, _offer_tap_step("佐藤 花子", HANAKO, "お断りする", sandbox)
                )
                failures += await _exchange(
                    console, running, sandbox, http, _offer_tap_step("山田 太郎", TARO, "引き受ける", sandbox)
                )
                # A coordinator makes 佐藤 花子 the leader of a team that 山田 太郎 joins.
                failures += await _leaders_team(console, running, sandbox, http)
                # 山田 reports in plain Japanese (the blocker reaches 佐藤 花子, his leader, at once), corrects
                # it, and taps 自分の案件 in the rich menu: his work as a Flex card with the corrected progress.
                for report in (
                    "請求書 50件入力しました。取引先コードが無いものが3件あって止まってます",
                    "さっきの報告、50件じゃなくて45件でした",
                    "自分の案件",
                ):
                    failures += await _exchange(console, running, sandbox, http, _text_step("山田 太郎", TARO, report))
            else:
                failures += 1
            # Slack retries an event it thinks we missed; Yui acknowledges and does not answer twice.
            retry_headers = {
                **slack_headers(SLACK_SECRET, mention.body),
                "x-slack-retry-num": "1",
                "x-slack-retry-reason": "http_timeout",
            }
            before = len(sandbox.state.calls)
            response = await http.post("/slack/events", content=mention.body, headers=retry_headers)
            await running.settle()
            again = len([c for c in sandbox.state.calls[before:] if _said_by_yui(c)])
            console.print(Rule(style="dim"))
            console.print(
                Text(
                    f"Slack retried event {json.loads(mention.body)['event_id']} "
                    f"(X-Slack-Retry-Num: 1) → HTTP {response.status_code}, "
                    f"{again} new messages (already handled once)",
                    style="dim",
                )
            )
            failures += again != 0 or response.status_code != 200
            # 山田 will be off until the deadline: his leader is offered a teammate and covers with one tap.
            failures += await _cover(console, running, sandbox, http)
            # The day ends with the leader's digest, as 佐藤 花子 would get it at 18:00 (keep this last).
            failures += await _exchange(console, running, sandbox, http, _text_step("佐藤 花子", HANAKO, "まとめ"))
    finally:
        await sandbox.stop()
    pushes = len(sandbox.calls_to("/message/push"))
    replies = len(sandbox.calls_to("/message/reply"))
    console.print(Text(f"LINE: {replies} replies (free), {pushes} pushes (quota).", style="dim"))
    return 1 if failures else 0


async def _leaders_team(
    console: Console, running: RunningApp, sandbox: PlatformSandbox, http: httpx.AsyncClient
) -> int:
    """A coordinator makes 佐藤 花子 the leader of 伊那チーム (`yui team create`) and 山田 太郎 joins
    with the code; at the end of the day she asks 「まとめ」 for the digest she would get at 18:00."""
    from domain.refs import PersonRef, Platform
    from handlers.teams import create_team

    database = running.runtime.services.database
    async with database.unit_of_work() as uow:
        leader = await uow.people.by_identity(PersonRef(Platform.LINE, LINE_BOT, HANAKO))
    if leader is None:
        return 1
    team = await create_team(database.unit_of_work(), "伊那チーム", leader.id)
    console.print(Rule(style="dim"))
    console.print(Text(f"coordinator: yui team create 伊那チーム --leader {leader.id} → join code {team.join_code}"))
    return await _exchange(console, running, sandbox, http, _text_step("山田 太郎", TARO, f"参加 {team.join_code}"))


async def _cover(console: Console, running: RunningApp, sandbox: PlatformSandbox, http: httpx.AsyncClient) -> int:
    """お互いにカバー: 山田 says in LINE he will be off until the deadline; 佐藤 花子, his leader, gets
    the teammates who have the time (herself here) and taps one: the rest of his share moves."""
    absence = _text_step("山田 太郎", TARO, "明日から来週金曜まで子どもの入院で休みます")
    failures = await _exchange(console, running, sandbox, http, absence)
    flex = [
        b["action"]
        for c in sandbox.calls_to("/message/push")
        if c.body["to"] == HANAKO
        for m in c.body["messages"]
        if m.get("type") == "flex"
        for b in m["contents"].get("footer", {}).get("contents", [])
        if b["action"].get("data", "").startswith("cover:reassign:")
    ]
    if not flex:
        return failures + 1
    choice = flex[-1]
    tap = _line_step(
        "佐藤 花子", f"（「{choice['label']}」をタップ）", {"type": "postback", "postback": {"data": choice["data"]}}
    )
    return failures + await _exchange(console, running, sandbox, http, tap)


async def _exchange(
    console: Console, running: RunningApp, sandbox: PlatformSandbox, http: httpx.AsyncClient, step: Step
) -> int:
    console.print(Rule(style="dim"))
    colour = STYLE[step.platform]
    console.print(
        Panel(
            Text(step.says),
            title=f"{step.who} · {step.platform.upper()}",
            title_align="left",
            border_style=colour,
            width=72,
        )
    )
    before = len(sandbox.state.calls)
    response = await http.post(step.path, content=step.body.encode(), headers=step.headers)
    await running.settle()
    console.print(Text(f"  POST {step.path} → {response.status_code}", style="dim"))
    answers = [(call, said) for call in sandbox.state.calls[before:] if (said := _said_by_yui(call))]
    for call, (how, text) in answers:
        platform = "line" if call.service == "line" else "slack"  # a tap in LINE can update Slack
        console.print(
            Align.right(
                Panel(
                    Text(text),  # not markup: "[quick replies: ...]" and "[登録する]" are shown as they are
                    title=f"Yui (結) · {platform.upper()} {how}",
                    title_align="right",
                    border_style=f"bold {STYLE[platform]}",
                    width=72,
                )
            )
        )
    return 0 if response.status_code == 200 and answers else 1


async def _console_link(console: Console, database_url: str) -> None:
    """The web console on the demo's database: a coordinator to sign in as, and a one-time link."""
    settings = Settings(_env_file=None, database_url=database_url)
    database = Database(database_url)
    try:
        coordinator = Person("デモ コーディネーター", roles=frozenset({Role.COORDINATOR}))
        async with database.unit_of_work() as uow:
            await uow.people.add(coordinator)
            await uow.commit()
        link = await create_signin_link(database, settings, coordinator.id, datetime.now(UTC))
    finally:
        await database.dispose()
    console.print(Rule("Web console", style="cyan"))
    console.print(f"YUI_DATABASE_URL='{database_url}' YUI_WORKER=inline .venv/bin/yui serve", soft_wrap=True)
    console.print(f"then open within {settings.console_link_minutes} minutes (single use):")
    print(link)  # plain, so the whole link can be copied


def run_demo(*, keep_database: bool = False) -> int:
    console = Console()
    configure_logging("console", "WARNING")
    console.print(
        Panel.fit("Yui (結) demo: the real app, signed webhooks, no network, no credentials", border_style="cyan")
    )
    workdir = Path(tempfile.mkdtemp(prefix="yui-demo-"))
    database_url = f"sqlite+aiosqlite:///{workdir / 'demo.db'}"
    upgrade(database_url)
    code = asyncio.run(_play(console, database_url))
    if code == 0:  # the demo's people and work, left for the console to show
        asyncio.run(_console_link(console, database_url))
    elif keep_database:
        console.print(f"Database kept at {workdir / 'demo.db'}")
    else:
        for leftover in workdir.iterdir():
            leftover.unlink()
        workdir.rmdir()
    console.print("[green]Demo finished.[/]" if code == 0 else "[red]Demo finished with problems (see above).[/]")
    return code
