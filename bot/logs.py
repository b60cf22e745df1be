"""Structured logging: one line per event, JSON in production, readable in a terminal.

Every line goes through the same processors, Yui's own (structlog) and the libraries' (uvicorn,
slack-bolt, slack_sdk, alembic, ... through the standard `logging` module), so a JSON log is JSON
on every line. Two rules keep a log an operator can store and share:

- tracebacks carry frames, never their local variables (a fuzzed request's locals are its whole
  body: 10,000 of them grew a log to 1.6 GB), and a payload appears only as an excerpt;
- secrets never appear: values of keys that name a token, secret or key, and anything shaped like
  a Slack token, a bearer token or an OpenAI key, are replaced before the line is written.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Mapping
from typing import Any

import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

EXCERPT_CHARS = 300
REDACTED = "[redacted]"

# Keys whose values are credentials or capabilities (a reply token or response_url lets anyone
# answer in the person's chat for a while).
_SECRET_KEY = re.compile(
    r"(token|secret|password|passwd|api[_-]?key|authorization|signature|response_url|cookie)", re.IGNORECASE
)
_SECRET_TEXT = (
    re.compile(r"xox[abeoprs]-[A-Za-z0-9-]+"),  # Slack tokens
    re.compile(r"(?i)\bbearer\s+[A-Za-z0-9._~+/=-]+"),
    re.compile(r"\bsk-[A-Za-z0-9_-]{8,}"),  # OpenAI-style keys
    # "token": "…" / replyToken=… / response_url inside a logged payload or message text
    re.compile(
        r"""(?i)(["']?[a-z_]*(?:token|secret|password|api_key|response_url)["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,&}]+)"""
    ),
)


def redact_text(text: str) -> str:
    for pattern in _SECRET_TEXT:
        if pattern.groups:
            text = pattern.sub(lambda m: m.group(1) + '"' + REDACTED + '"', text)
        else:
            text = pattern.sub(REDACTED, text)
    return text


def excerpt(payload: bytes | str, limit: int = EXCERPT_CHARS) -> str:
    """The start of a payload for a log line: decoded leniently, cut, secrets removed."""
    text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else payload
    cut = text[:limit] + (f"…(+{len(text) - limit} chars)" if len(text) > limit else "")
    return redact_text(cut)


def _redact_value(key: str, value: Any) -> Any:
    if isinstance(key, str) and _SECRET_KEY.search(key) and value not in (None, "", True, False):
        return REDACTED
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, Mapping):
        return {k: _redact_value(k, v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_redact_value("", v) for v in value]
    return value


def redact_secrets(_logger: WrappedLogger, _name: str, event_dict: EventDict) -> EventDict:
    """structlog processor: no secret in any line, whatever logged it."""
    for key, value in list(event_dict.items()):
        if key == "exception":
            continue  # a rendered traceback: scrubbed as text below
        event_dict[key] = _redact_value(key, value)
    if isinstance(event_dict.get("exception"), str):
        event_dict["exception"] = redact_text(event_dict["exception"])
    return event_dict


def _shared_processors(json_output: bool) -> list[Processor]:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        # Frames and the error, no locals: a line an operator can keep (see the module docstring).
        structlog.processors.ExceptionRenderer(structlog.tracebacks.ExceptionDictTransformer(show_locals=False))
        if json_output
        else structlog.dev.set_exc_info,
        redact_secrets,
    ]


def _drop_color_message(_logger: WrappedLogger, _name: str, event_dict: EventDict) -> EventDict:
    event_dict.pop("color_message", None)  # uvicorn's duplicate of the message with ANSI colours
    return event_dict


def configure_logging(fmt: str = "auto", level: str = "INFO") -> None:
    json_output = fmt == "json" or (fmt == "auto" and not sys.stderr.isatty())
    renderer: Processor = (
        structlog.processors.JSONRenderer(ensure_ascii=False) if json_output else structlog.dev.ConsoleRenderer()
    )
    shared = _shared_processors(json_output)
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.stdlib.LoggerFactory(),
        cache_logger_on_first_use=False,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[structlog.stdlib.ExtraAdder(), _drop_color_message, *shared],
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
    )
    handler = _StderrHandler()
    handler.setFormatter(formatter)
    root = logging.getLogger()
    for old in root.handlers[:]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    # Libraries that configure their own handlers or stop propagation would bypass the formatter.
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "alembic", "slack_bolt", "slack_sdk", "sqlalchemy"):
        library = logging.getLogger(name)
        library.handlers.clear()
        library.propagate = True


class _StderrHandler(logging.Handler):
    """Writes to whatever sys.stderr is when a line is written, not when logging was configured: a
    test runner (or anything else) may swap it later, and a handler holding the old, closed stream
    would fail on every line."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
        except Exception:
            self.handleError(record)
