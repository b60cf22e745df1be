"""LLM prompt templates. One entry point: `render(name, **facts)`; no logic lives here.

Templates are Jinja2 with StrictUndefined, so a missing fact fails loudly in tests instead of
sending the model an empty hole. User text must be passed through the `quoted` filter: it goes
into the prompt as data inside a fenced block, never as instructions.
"""

from __future__ import annotations

import json
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined


def _quoted(text: str) -> str:
    # JSON string escaping neutralises quotes and newlines that could break out of the data block.
    return json.dumps(str(text), ensure_ascii=False)


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("prompts", "templates"),
        undefined=StrictUndefined,
        autoescape=False,  # noqa: S701 - prompts are plain text for a model, never HTML
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["quoted"] = _quoted
    return env


def render(name: str, **facts: object) -> str:
    """Render `templates/<name>.j2` with `facts`."""
    return _environment().get_template(f"{name}.j2").render(**facts)
