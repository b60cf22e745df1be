"""Retries with exponential backoff that honour the platform's Retry-After."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from typing import TypeVar

import structlog

log = structlog.get_logger(__name__)
T = TypeVar("T")

# Returns None when the error is final, else the delay the server asked for (0.0: use backoff).
RetryAdvice = Callable[[Exception], float | None]


async def with_retries(
    call: Callable[[], Awaitable[T]],
    advice: RetryAdvice,
    *,
    attempts: int = 4,
    base_delay: float = 0.5,
    max_delay: float = 30.0,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    what: str = "call",
) -> T:
    for attempt in range(1, attempts + 1):
        try:
            return await call()
        except Exception as exc:
            asked = advice(exc)
            if asked is None or attempt == attempts:
                raise
            delay = min(max_delay, max(asked, backoff(attempt, base_delay)))
            log.warning("retrying", what=what, attempt=attempt, delay=round(delay, 2), error=str(exc)[:200])
            await sleep(delay)
    raise AssertionError("unreachable")


def backoff(attempt: int, base_delay: float) -> float:
    """Exponential backoff with a little jitter, so retries from many events do not arrive together."""
    return base_delay * 2.0 ** (attempt - 1) * (1 + random.random() / 4)


def parse_retry_after(value: str | None) -> float:
    """Retry-After in seconds (the HTTP-date form is not used by Slack or LINE); 0.0 if absent."""
    try:
        return max(0.0, float(value)) if value else 0.0
    except ValueError:
        return 0.0
