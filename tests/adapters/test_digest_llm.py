"""The digest narrative through the real OpenAI client against the sandbox's OpenAI-compatible
stand-in: one call per digest, no retry, and a server error, a slow answer or garbage each end in
the template narrative."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from openai import AsyncOpenAI

from bot.llm import OfflineLanguageModel, OpenAILanguageModel
from bot.sandbox import PlatformSandbox, estimate_tokens
from domain.digest import DigestFacts, NarrativeSource, template_narrative
from domain.digest_facts import compute_facts
from handlers.narrative_writer import LLMNarrativeWriter, narrative_writer
from tests.unit.test_digest_facts import leader, team_inputs


@pytest.fixture
async def model(sandbox: PlatformSandbox) -> AsyncIterator[OpenAILanguageModel]:
    client = AsyncOpenAI(api_key="sk-test", base_url=sandbox.openai_base_url, max_retries=2)
    yield OpenAILanguageModel(client, "gpt-test")
    await client.close()


def facts() -> DigestFacts:
    inputs, _, _, _ = team_inputs()
    return compute_facts(leader(), inputs)


async def test_a_checked_answer_is_the_narrative_and_costs_one_call(
    sandbox: PlatformSandbox, model: OpenAILanguageModel
) -> None:
    sandbox.state.llm_answer = lambda prompt: (
        "メンバーAさんが本日20件、累計120件まで進みました。期限に間に合う見込みです。"
    )
    text, source = await LLMNarrativeWriter(model, timeout=5).write(facts())
    assert source is NarrativeSource.LLM
    assert "メンバーA" not in text and "さんが本日20件" in text  # the alias is restored to a member's name
    [call] = sandbox.calls_to("/chat/completions")
    assert call.body["model"] == "gpt-test" and len(call.body["messages"]) == 1


async def test_a_server_error_is_not_retried_and_gives_the_template(
    sandbox: PlatformSandbox, model: OpenAILanguageModel
) -> None:
    sandbox.fail("/chat/completions", 500, times=5)
    the_facts = facts()
    text, source = await LLMNarrativeWriter(model, timeout=5).write(the_facts)
    assert (text, source) == (template_narrative(the_facts), NarrativeSource.TEMPLATE)
    assert len(sandbox.state.rejected) == 1  # one attempt: a digest waits for no retry


async def test_a_slow_answer_times_out_into_the_template(sandbox: PlatformSandbox, model: OpenAILanguageModel) -> None:
    sandbox.state.llm_delay_seconds = 2.0
    sandbox.state.llm_answer = lambda prompt: "期限に間に合う見込みです。"
    _, source = await LLMNarrativeWriter(model, timeout=0.2).write(facts())
    assert source is NarrativeSource.TEMPLATE


async def test_garbage_gives_the_template(sandbox: PlatformSandbox, model: OpenAILanguageModel) -> None:
    _, source = await LLMNarrativeWriter(model, timeout=5).write(facts())  # the stand-in answers "{}"
    assert source is NarrativeSource.TEMPLATE


async def test_no_llm_configured_means_the_template_writer() -> None:
    writer = narrative_writer(None, timeout=5, pseudonymise=True)
    the_facts = facts()
    assert await writer.write(the_facts) == (template_narrative(the_facts), NarrativeSource.TEMPLATE)
    offline = LLMNarrativeWriter(OfflineLanguageModel(), timeout=5)
    assert (await offline.write(the_facts))[1] is NarrativeSource.TEMPLATE


def test_the_stand_in_estimates_tokens_for_japanese_and_english() -> None:
    assert estimate_tokens("請求書入力") == 5
    assert estimate_tokens("invoice entry") == 4  # 13 ASCII characters
    assert estimate_tokens("") == 0
