"""LanguageModel / TextModel implementations: any OpenAI-compatible server, or none (the rules and
the templates decide)."""

from __future__ import annotations

import openai
import pydantic
import structlog
from openai import AsyncOpenAI

from handlers.ports import Structured, TextModelError

log = structlog.get_logger(__name__)


class OfflineLanguageModel:
    """No LLM configured: every extraction falls back to the deterministic rules."""

    async def extract(self, prompt: str, schema: type[Structured]) -> Structured | None:
        return None

    async def write(self, prompt: str, *, timeout: float) -> str:
        raise TextModelError("not_configured")


class OpenAILanguageModel:
    """Structured output through the chat completions API, validated with pydantic.

    Any failure (timeout, HTTP error, refusal, invalid JSON) returns None: the caller uses its
    rules. The LLM makes Yui better; it never makes Yui work.
    """

    def __init__(self, client: AsyncOpenAI, model: str) -> None:
        self._client = client
        self._model = model

    async def extract(self, prompt: str, schema: type[Structured]) -> Structured | None:
        try:
            completion = await self._client.chat.completions.parse(
                model=self._model,
                messages=[{"role": "user", "content": prompt}],
                response_format=schema,
                temperature=0,
            )
        except (openai.OpenAIError, pydantic.ValidationError, ValueError) as exc:
            log.warning("llm.extract_failed", schema=schema.__name__, error=type(exc).__name__)
            return None
        message = completion.choices[0].message
        if message.parsed is None:
            log.warning("llm.extract_refused", schema=schema.__name__)
        return message.parsed

    async def write(self, prompt: str, *, timeout: float) -> str:
        """Free text (a digest's narrative) in one call: no retry, `timeout` seconds at most, so a
        slow model costs one timeout and the template goes out instead."""
        try:
            completion = await self._client.with_options(timeout=timeout, max_retries=0).chat.completions.create(
                model=self._model,
                messages=[{"role": "user", "content": prompt}],
                temperature=0.2,
            )
        except openai.APITimeoutError as exc:
            raise TextModelError("timeout") from exc
        except openai.APIStatusError as exc:
            raise TextModelError(f"http_{exc.status_code}") from exc
        except openai.OpenAIError as exc:
            raise TextModelError(type(exc).__name__) from exc
        if not completion.choices:
            raise TextModelError("no_choices")
        choice = completion.choices[0]
        content = choice.message.content
        if choice.finish_reason not in ("stop", None) or not content:
            raise TextModelError(f"finish_{choice.finish_reason}" if content else "empty")
        usage = completion.usage
        log.info(
            "llm.write",
            prompt_tokens=usage.prompt_tokens if usage else None,
            completion_tokens=usage.completion_tokens if usage else None,
        )
        return content
