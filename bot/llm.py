"""LanguageModel implementations: any OpenAI-compatible server, or none (the rules decide)."""

from __future__ import annotations

import openai
import pydantic
import structlog
from openai import AsyncOpenAI

from handlers.ports import Structured

log = structlog.get_logger(__name__)


class OfflineLanguageModel:
    """No LLM configured: every extraction falls back to the deterministic rules."""

    async def extract(self, prompt: str, schema: type[Structured]) -> Structured | None:
        return None


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
