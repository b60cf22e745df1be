"""A local stand-in for the Slack Web API, the LINE Messaging API and an OpenAI-compatible server.

Used by `yui demo` (no network, no credentials) and by the adapter tests: point
`YUI_SLACK_API_URL`, `YUI_LINE_API_URL` and `OPENAI_BASE_URL` at it and every outbound call lands
here, recorded in order. It behaves like the real services where it matters to Yui: reply tokens
are single use, a repeated `X-Line-Retry-Key` answers 409, and failures can be injected the way
LINE and Slack fail: 429 with Retry-After, 5xx (also after the request was carried out, as when
the answer is lost on the way back), and LINE's monthly limit (`line_monthly_limit`: pushes past
it answer 429 "You have reached your monthly limit.", replies are not counted).
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass(frozen=True)
class Call:
    service: str  # "slack" | "slack_response" | "slack_upload" | "line" | "openai"
    path: str
    body: Any
    headers: dict[str, str]


@dataclass
class Failure:
    path_suffix: str
    status: int
    times: int
    retry_after: str | None = None
    message: str = "injected failure"
    accepted: bool = False  # the request was carried out, only the answer is an error


LINE_MONTHLY_LIMIT_MESSAGE = "You have reached your monthly limit."


@dataclass
class SandboxState:
    calls: list[Call] = field(default_factory=list)
    rejected: list[Call] = field(default_factory=list)  # attempts answered with an injected failure
    failures: list[Failure] = field(default_factory=list)
    slack_users: dict[str, dict[str, str]] = field(default_factory=dict)
    line_profiles: dict[str, dict[str, str]] = field(default_factory=dict)
    used_reply_tokens: set[str] = field(default_factory=set)
    retry_keys: set[str] = field(default_factory=set)
    line_monthly_limit: int | None = None  # pushes LINE accepts this month (None: no limit)
    line_pushes_this_month: int = 0
    llm_answer: Callable[[str], str] | None = None
    llm_delay_seconds: float = 0.0  # how long the OpenAI stand-in thinks (timeout tests, benchmarks)
    rich_menus: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> the create request
    rich_menu_images: dict[str, bytes] = field(default_factory=dict)
    default_rich_menu: str | None = None
    user_rich_menus: dict[str, str] = field(default_factory=dict)  # LINE user id -> menu linked to them
    # Slack files_upload_v2: file id -> the announced name and length, the uploaded bytes, and the
    # completion (channel, title, comment) once files.completeUploadExternal shares it.
    upload_urls: dict[str, dict[str, Any]] = field(default_factory=dict)
    uploaded: dict[str, bytes] = field(default_factory=dict)
    shared_files: list[dict[str, Any]] = field(default_factory=list)
    bot_channels: set[str] | None = None  # channels Yui is a member of (None: all); DMs always work
    # What Yui posted, per conversation (a user id's DM is D + the id, as conversations.open names
    # it), oldest first: conversations.history and .replies read it, metadata included.
    slack_messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # Sign in with Slack (OpenID Connect): who "signs in" at the authorize page, as (team_id,
    # user_id, name); the codes and access tokens handed out for them.
    openid_user: tuple[str, str, str] | None = None
    openid_codes: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    openid_tokens: dict[str, tuple[str, str, str]] = field(default_factory=dict)


class PlatformSandbox:
    def __init__(self) -> None:
        self.state = SandboxState()
        self._runner: web.AppRunner | None = None
        self._ts = itertools.count(1)
        self._changed = asyncio.Condition()
        self._menus = itertools.count(1)
        self._files = itertools.count(1)
        self._last_upload = b""
        self.port = 0

    # --- lifecycle -------------------------------------------------------------------------
    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        app = web.Application(client_max_size=4 * 1024 * 1024)
        app.router.add_post("/api/{method}", self._slack)
        app.router.add_get("/api/{method}", self._slack)
        app.router.add_post("/slack/response/{rest:.*}", self._slack_response)
        app.router.add_get("/openid/connect/authorize", self._openid_authorize)
        app.router.add_post("/slack/upload/{file_id}", self._slack_upload)
        app.router.add_get("/v2/bot/profile/{user_id}", self._line_profile)
        app.router.add_get("/v2/bot/richmenu/list", self._rich_menu_list)
        app.router.add_delete("/v2/bot/richmenu/{menu_id}", self._rich_menu_delete)
        app.router.add_post("/v2/bot/{rest:.*}", self._line)
        app.router.add_post("/v1/chat/completions", self._openai)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def slack_authorize_url(self) -> str:
        return f"{self.base}/openid/connect/authorize"

    @property
    def slack_api_url(self) -> str:
        return f"{self.base}/api/"

    @property
    def openai_base_url(self) -> str:
        return f"{self.base}/v1"

    def response_url(self, name: str) -> str:
        return f"{self.base}/slack/response/{name}"

    # --- test helpers ----------------------------------------------------------------------
    def fail(
        self,
        path_suffix: str,
        status: int,
        *,
        times: int = 1,
        retry_after: str | None = None,
        message: str = "injected failure",
        accepted: bool = False,
    ) -> None:
        """The next `times` calls to paths ending in `path_suffix` answer `status` (with a body like
        the platform's: `message`, and `ok: false`). `accepted` (LINE): the call is carried out first (a
        message delivered, a reply token used, a retry key taken) and only the answer fails."""
        self.state.failures.append(Failure(path_suffix, status, times, retry_after, message, accepted))

    def calls_to(self, path_suffix: str) -> list[Call]:
        return [c for c in self.state.calls if c.path.endswith(path_suffix)]

    async def wait_for(self, predicate: Callable[[list[Call]], bool], timeout: float = 5.0) -> list[Call]:
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: predicate(self.state.calls)), timeout)
        return self.state.calls

    # --- handlers --------------------------------------------------------------------------
    async def _record(self, service: str, request: web.Request) -> tuple[Call, web.Response | None]:
        raw = await request.read()
        body: Any
        if request.content_type.startswith("image/"):  # a rich menu image (LINE's data API)
            body = {"content_type": request.content_type, "bytes": len(raw)}
            self._last_upload = raw
        elif request.content_type == "application/json":
            body = json.loads(raw or b"null")
        elif raw:
            body = dict(await request.post())
        else:
            body = dict(request.query)
        call = Call(service, request.path, body, {k.lower(): v for k, v in request.headers.items()})
        failure = next((f for f in self.state.failures if request.path.endswith(f.path_suffix) and f.times > 0), None)
        response = None
        if failure and not failure.accepted:
            failure.times -= 1
            self.state.rejected.append(call)
            response = _failure_response(failure)
        else:
            self.state.calls.append(call)
            async with self._changed:
                self._changed.notify_all()
        return call, response

    async def _slack(self, request: web.Request) -> web.Response:
        call, failed = await self._record("slack", request)
        if failed:
            return failed
        method = request.match_info["method"]
        body = call.body if isinstance(call.body, dict) else {}
        if method == "auth.test":
            return web.json_response(
                {
                    "ok": True,
                    "url": "https://sandbox.slack.com/",
                    "team": "Sandbox",
                    "user": "yui",
                    "team_id": body.get("team_id", "T111"),
                    "user_id": "UYUI",
                    "bot_id": "BYUI",
                }
            )
        if method == "users.info":
            user_id = str(body.get("user", ""))
            user = self.state.slack_users.get(user_id, {})
            return web.json_response(
                {
                    "ok": True,
                    "user": {
                        "id": user_id,
                        "name": user.get("name", user_id),
                        "real_name": user.get("name", ""),
                        "locale": user.get("locale", "ja-JP"),
                        "is_admin": user.get("admin") == "true",
                        "profile": {"display_name": user.get("name", "")},
                    },
                }
            )
        if method in {"chat.postMessage", "chat.update"}:
            channel = str(body.get("channel") or "")
            members = self.state.bot_channels  # a DM, or a user id (Slack opens the DM), always works
            if members is not None and channel[:1] not in ("D", "U", "W") and channel not in members:
                return web.json_response({"ok": False, "error": "not_in_channel"})
            ts = f"1700000000.{next(self._ts):06d}"
            if method == "chat.postMessage":
                conversation = "D" + channel if channel[:1] in ("U", "W") else channel
                message = {"ts": ts, "text": body.get("text", ""), "thread_ts": body.get("thread_ts")}
                if body.get("metadata"):
                    message["metadata"] = body["metadata"]
                self.state.slack_messages.setdefault(conversation, []).append(message)
            return web.json_response({"ok": True, "channel": body.get("channel"), "ts": ts})
        if method in {"conversations.history", "conversations.replies"}:
            messages = self.state.slack_messages.get(str(body.get("channel", "")), [])
            if method == "conversations.replies":
                parent = str(body.get("ts", ""))
                messages = [m for m in messages if parent in (m["ts"], m.get("thread_ts"))]
            else:  # the channel's own messages, not thread replies
                messages = [m for m in messages if not m.get("thread_ts")]
            if method == "conversations.history":
                messages = messages[::-1]  # newest first, as Slack answers
            return web.json_response({"ok": True, "messages": messages[: int(body.get("limit", 100))]})
        if method == "chat.postEphemeral":
            return web.json_response({"ok": True, "message_ts": f"1700000000.{next(self._ts):06d}"})
        if method.startswith("files."):
            return self._slack_files(method, body)
        if method.startswith("openid.connect."):
            return self._openid(method, body, call.headers)
        if method == "conversations.open":
            users = str(body.get("users", ""))
            return web.json_response({"ok": True, "channel": {"id": "D" + users.split(",")[0]}})
        return web.json_response({"ok": True})

    def _slack_files(self, method: str, body: dict[str, Any]) -> web.Response:
        """files_upload_v2's two API calls, checked like Slack: the upload URL is for one file id,
        the bytes must arrive before completion and match the announced length."""
        if method == "files.getUploadURLExternal":
            if not body.get("filename") or not str(body.get("length", "")).isdigit():
                return web.json_response({"ok": False, "error": "invalid_arguments"})
            file_id = f"F{next(self._files):010d}"
            self.state.upload_urls[file_id] = {"filename": body["filename"], "length": int(body["length"])}
            return web.json_response(
                {"ok": True, "file_id": file_id, "upload_url": f"{self.base}/slack/upload/{file_id}"}
            )
        if method == "files.completeUploadExternal":
            channel = str(body.get("channel_id") or "")
            members = self.state.bot_channels
            if members is not None and channel and not channel.startswith("D") and channel not in members:
                return web.json_response({"ok": False, "error": "not_in_channel"})
            files = json.loads(str(body.get("files", "[]")))
            shared = []
            for entry in files:
                file_id = str(entry.get("id", ""))
                announced = self.state.upload_urls.get(file_id)
                data = self.state.uploaded.get(file_id)
                if announced is None or data is None or len(data) != announced["length"]:
                    return web.json_response({"ok": False, "error": "file_not_found"})
                shared.append(
                    {
                        "id": file_id,
                        "name": announced["filename"],
                        "title": entry.get("title") or announced["filename"],
                        "size": len(data),
                        "channel": body.get("channel_id"),
                        "thread_ts": body.get("thread_ts"),
                        "initial_comment": body.get("initial_comment"),
                    }
                )
            self.state.shared_files.extend(shared)
            return web.json_response({"ok": True, "files": [{"id": f["id"], "title": f["title"]} for f in shared]})
        return web.json_response({"ok": False, "error": "unknown_method"})

    async def _openid_authorize(self, request: web.Request) -> web.Response:
        """Slack's consent page, answered at once: back to the app with a code for `openid_user`
        (or with error=access_denied when nobody is set to sign in)."""
        redirect = request.query.get("redirect_uri", "")
        state = request.query.get("state", "")
        if self.state.openid_user is None:
            raise web.HTTPFound(f"{redirect}?error=access_denied&state={state}")
        code = f"code-{next(self._ts)}"
        self.state.openid_codes[code] = self.state.openid_user
        raise web.HTTPFound(f"{redirect}?code={code}&state={state}")

    def _openid(self, method: str, body: dict[str, Any], headers: dict[str, str]) -> web.Response:
        """openid.connect.token (a code, once, for an access token) and openid.connect.userInfo."""
        if method == "openid.connect.token":
            user = self.state.openid_codes.pop(str(body.get("code", "")), None)
            # slack_sdk sends the client's id and secret as HTTP Basic auth, others in the form
            if user is None or not (body.get("client_secret") or headers.get("authorization", "").startswith("Basic ")):
                return web.json_response({"ok": False, "error": "invalid_code"})
            token = f"xoxp-openid-{next(self._ts)}"
            self.state.openid_tokens[token] = user
            return web.json_response({"ok": True, "access_token": token, "token_type": "Bearer", "id_token": ""})
        if method == "openid.connect.userInfo":
            token = headers.get("authorization", "").removeprefix("Bearer ").strip() or str(body.get("token", ""))
            found = self.state.openid_tokens.get(token)
            if found is None:
                return web.json_response({"ok": False, "error": "invalid_auth"})
            team, member, name = found
            return web.json_response(
                {
                    "ok": True,
                    "sub": member,
                    "https://slack.com/user_id": member,
                    "https://slack.com/team_id": team,
                    "name": name,
                    "locale": "ja-JP",
                }
            )
        return web.json_response({"ok": False, "error": "unknown_method"})

    async def _slack_upload(self, request: web.Request) -> web.Response:
        """The upload step of files_upload_v2: raw bytes POSTed to the URL Slack handed out."""
        file_id = request.match_info["file_id"]
        data = await request.read()
        call = Call(
            "slack_upload", request.path, {"bytes": len(data)}, {k.lower(): v for k, v in request.headers.items()}
        )
        if file_id not in self.state.upload_urls:
            return web.Response(status=404, text="unknown upload url")
        self.state.uploaded[file_id] = data
        self.state.calls.append(call)
        async with self._changed:
            self._changed.notify_all()
        return web.Response(text="OK - " + str(len(data)))

    async def _slack_response(self, request: web.Request) -> web.Response:
        _, failed = await self._record("slack_response", request)
        return failed or web.Response(text="ok")

    async def _line_profile(self, request: web.Request) -> web.Response:
        _, failed = await self._record("line", request)
        if failed:
            return failed
        user_id = request.match_info["user_id"]
        profile = self.state.line_profiles.get(user_id)
        if profile is None:
            return web.json_response({"message": "Not found"}, status=404)
        return web.json_response(
            {"userId": user_id, "displayName": profile.get("name", ""), "language": profile.get("language", "ja")}
        )

    async def _line(self, request: web.Request) -> web.Response:
        call, failed = await self._record("line", request)
        if failed:
            return failed
        answer = self._line_answer(request, call)
        failure = next((f for f in self.state.failures if request.path.endswith(f.path_suffix) and f.times > 0), None)
        if failure is not None and failure.accepted and answer.status < 300:  # done, but the answer is lost
            failure.times -= 1
            return _failure_response(failure)
        return answer

    def _line_answer(self, request: web.Request, call: Call) -> web.Response:
        body = call.body if isinstance(call.body, dict) else {}
        rich_menu = self._rich_menu(request.path, body)
        if rich_menu is not None:
            return rich_menu
        if request.path.endswith("/message/reply"):
            token = str(body.get("replyToken", ""))
            if token in self.state.used_reply_tokens:
                self.state.calls.remove(call)
                return web.json_response({"message": "Invalid reply token"}, status=400)
            self.state.used_reply_tokens.add(token)
        if request.path.endswith("/message/push"):
            key = call.headers.get("x-line-retry-key")
            if key and key in self.state.retry_keys:
                self.state.calls.remove(call)
                return web.json_response(
                    {"message": "The retry key is already accepted"},
                    status=409,
                    headers={"X-Line-Accepted-Request-Id": "sandbox"},
                )
            limit = self.state.line_monthly_limit
            if limit is not None and self.state.line_pushes_this_month >= limit:
                self.state.calls.remove(call)
                self.state.rejected.append(call)
                return web.json_response({"message": LINE_MONTHLY_LIMIT_MESSAGE}, status=429)
            self.state.line_pushes_this_month += 1
            if key:
                self.state.retry_keys.add(key)
        return web.json_response({"sentMessages": [{"id": str(next(self._ts))}]})

    def _rich_menu(self, path: str, body: dict[str, Any]) -> web.Response | None:
        """Create (POST /v2/bot/richmenu), image upload (POST .../{id}/content, the data API's path)
        and set default (POST /v2/bot/user/all/richmenu/{id}); unknown ids are 404 as at LINE."""
        parts = path.removeprefix("/v2/bot/").split("/")
        if parts == ["richmenu"]:
            menu_id = f"richmenu-sandbox{next(self._menus):04d}"
            self.state.rich_menus[menu_id] = body
            return web.json_response({"richMenuId": menu_id})
        if len(parts) == 3 and parts[0] == "richmenu" and parts[2] == "content":
            if parts[1] not in self.state.rich_menus:
                return web.json_response({"message": "Not found"}, status=404)
            self.state.rich_menu_images[parts[1]] = self._last_upload
            return web.json_response({})
        if len(parts) == 4 and parts[0] == "user" and parts[1] != "all" and parts[2] == "richmenu":
            # Per-user link (POST /v2/bot/user/{userId}/richmenu/{richMenuId}): this person's menu
            if parts[3] not in self.state.rich_menus:
                return web.json_response({"message": "Not found"}, status=404)
            if parts[3] not in self.state.rich_menu_images:
                return web.json_response({"message": "An image has not been uploaded to the rich menu"}, status=400)
            self.state.user_rich_menus[parts[1]] = parts[3]
            return web.json_response({})
        if parts[:3] == ["user", "all", "richmenu"] and len(parts) == 4:
            if parts[3] not in self.state.rich_menu_images:  # LINE: a menu needs its image first
                return web.json_response({"message": "An image has not been uploaded to the rich menu"}, status=400)
            self.state.default_rich_menu = parts[3]
            return web.json_response({})
        return None

    async def _rich_menu_list(self, request: web.Request) -> web.Response:
        _, failed = await self._record("line", request)
        if failed:
            return failed
        menus = [{"richMenuId": i, **m} for i, m in self.state.rich_menus.items()]
        return web.json_response({"richmenus": menus})

    async def _rich_menu_delete(self, request: web.Request) -> web.Response:
        _, failed = await self._record("line", request)
        if failed:
            return failed
        menu_id = request.match_info["menu_id"]
        if self.state.rich_menus.pop(menu_id, None) is None:
            return web.json_response({"message": "Not found"}, status=404)
        self.state.rich_menu_images.pop(menu_id, None)
        if self.state.default_rich_menu == menu_id:
            self.state.default_rich_menu = None
        for user in [u for u, m in self.state.user_rich_menus.items() if m == menu_id]:
            del self.state.user_rich_menus[user]  # LINE unlinks a deleted menu from its people
        return web.json_response({})

    async def _openai(self, request: web.Request) -> web.Response:
        call, failed = await self._record("openai", request)
        if failed:
            return failed
        prompt = call.body["messages"][-1]["content"]
        if self.state.llm_delay_seconds:
            await asyncio.sleep(self.state.llm_delay_seconds)
        content = self.state.llm_answer(prompt) if self.state.llm_answer else "{}"
        return web.json_response(
            {
                "id": "chatcmpl-sandbox",
                "object": "chat.completion",
                "created": 0,
                "model": call.body.get("model", "m"),
                "choices": [
                    {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}
                ],
                "usage": {
                    "prompt_tokens": estimate_tokens(prompt),
                    "completion_tokens": estimate_tokens(content),
                    "total_tokens": estimate_tokens(prompt) + estimate_tokens(content),
                },
            }
        )


def _failure_response(failure: Failure) -> web.Response:
    headers = {"Retry-After": failure.retry_after} if failure.retry_after else {}
    return web.json_response({"ok": False, "message": failure.message}, status=failure.status, headers=headers)


def estimate_tokens(text: str) -> int:
    """Tokens as a GPT-4o-class tokenizer (o200k) roughly counts them, for the stand-in's `usage`:
    one token per non-ASCII character (kana and kanji come out at 0.7-1.2 tokens each) and one per
    four ASCII characters (English words, digits, JSON punctuation). A documented estimate, not a
    tokenizer: good for comparing two prompts, within about 20 % of the real count."""
    ascii_chars = sum(1 for ch in text if ord(ch) < 128)
    return (len(text) - ascii_chars) + -(-ascii_chars // 4)
