"""Signing and verifying webhook bodies the way Slack and LINE do (the app, the demo, the tests, the benchmark)."""

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


# Verifying, on the raw bytes: the SDKs' checks take text, so a signed body that is not UTF-8 (or a
# timestamp that is not a number) raised inside them and became a 500 instead of a 400 or 401.


def slack_signature_valid(
    signing_secret: str, body: bytes, timestamp: str | None, signature: str | None, *, now: float | None = None
) -> bool:
    """Slack's v0 signature over `v0:{timestamp}:{body}`, within its 5-minute replay window."""
    if not timestamp or not signature or not timestamp.isdigit():
        return False
    if abs((time.time() if now is None else now) - int(timestamp)) > 60 * 5:
        return False
    expected = hmac.new(signing_secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256)
    return hmac.compare_digest(f"v0={expected.hexdigest()}".encode(), signature.encode("utf-8", "replace"))


def line_signature_valid(channel_secret: str, body: bytes, signature: str | None) -> bool:
    """LINE's Base64(HMAC-SHA256(channel secret, body)) against `x-line-signature`."""
    if not signature:
        return False
    digest = hmac.new(channel_secret.encode(), body, hashlib.sha256).digest()
    return hmac.compare_digest(base64.b64encode(digest), signature.encode("utf-8", "replace"))
