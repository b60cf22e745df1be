"""The console's session, CSRF and response headers.

- The session is a signed cookie (itsdangerous, timestamped: 12 hours), holding the person's id,
  the CSRF token of the session and the chosen language. Nothing secret is in it; the signature
  stops anyone from writing another person's id into it. HttpOnly, SameSite=Lax, Secure on https.
- Every form carries the session's CSRF token; a POST without the right one is refused (403),
  and so is one whose Origin names another site.
- Every console response says: no framing, no sniffing, no referrer (a sign-in link must not leak
  to another site), scripts and styles from this origin only (the CSP has no 'unsafe-inline').
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "yui_console"
SESSION_SECONDS = 12 * 60 * 60
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
HEADERS = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


@dataclass(frozen=True, slots=True)
class Session:
    csrf: str
    person_id: str | None = None
    lang: str | None = None  # "ja" | "en" when the person chose one with the toggle
    state: str | None = None  # Sign in with Slack: the state sent to Slack, checked on the way back

    @classmethod
    def fresh(cls) -> Session:
        return cls(csrf=secrets.token_urlsafe(24))


class Sessions:
    def __init__(self, secret: str, *, secure: bool) -> None:
        self._codec = URLSafeTimedSerializer(secret, salt="yui-console-session")
        self._secure = secure

    def read(self, request: Request) -> Session | None:
        raw = request.cookies.get(COOKIE)
        if not raw:
            return None
        try:
            data = self._codec.loads(raw, max_age=SESSION_SECONDS)
        except BadSignature:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("c"), str):
            return None
        return Session(csrf=data["c"], person_id=data.get("p"), lang=data.get("l"), state=data.get("s"))

    def write(self, response: Response, session: Session) -> None:
        value = self._codec.dumps({"c": session.csrf, "p": session.person_id, "l": session.lang, "s": session.state})
        response.set_cookie(
            COOKIE,
            value,
            max_age=SESSION_SECONDS,
            httponly=True,
            samesite="lax",
            secure=self._secure,
            path="/console",
        )

    def signed_in(self, response: Response, session: Session, person_id: str) -> None:
        """A new CSRF token with every sign-in: a token seen before signing in is worth nothing after."""
        self.write(response, replace(Session.fresh(), person_id=person_id, lang=session.lang))

    def clear(self, response: Response) -> None:
        response.delete_cookie(COOKIE, path="/console")


def csrf_ok(request: Request, session: Session | None, submitted: str) -> bool:
    """The form's token is the session's, and the browser (when it says) posts from this site."""
    if session is None or not submitted or not hmac.compare_digest(session.csrf, submitted):
        return False
    origin = request.headers.get("origin")
    if origin and origin != "null":
        return urlsplit(origin).netloc == request.headers.get("host", "")
    return True


class SecurityHeaders:
    """ASGI middleware: the headers above on every response under /console."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not str(scope.get("path", "")).startswith("/console"):
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in HEADERS if name not in names]
                if b"cache-control" not in names:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)
