"""Signing webhook bodies the way Slack and LINE do: for the demo, the tests and the benchmark."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time


def slack_headers(
    signing_secret: str, body: str, *, timestamp: int | None = None, json_body: bool = True
) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(signing_secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {
        "content-type": "application/json" if json_body else "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": ts,
        "x-slack-signature": f"v0={digest}",
    }


def line_signature(channel_secret: str, body: str) -> str:
    digest = hmac.new(channel_secret.encode(), body.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def line_headers(channel_secret: str, body: str) -> dict[str, str]:
    return {"content-type": "application/json", "x-line-signature": line_signature(channel_secret, body)}
