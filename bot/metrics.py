"""`GET /metrics` in Prometheus's text format (prometheus-client).

The inbox figures are read from the database at each scrape, so they are right whichever process
(the web process, `yui serve`'s worker, separate `yui worker`s) handles the events: how many wait,
how many failed, and how long the oldest has waited (the figure to alert on: it grows when handling
is stuck, as `/readyz` does).
"""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Gauge, generate_latest

from domain.persistence import InboxCounts


def render_metrics(counts: InboxCounts, oldest_pending_seconds: float) -> tuple[bytes, str]:
    registry = CollectorRegistry()
    events = Gauge(
        "yui_inbox_events", "Accepted platform events and timed-job runs, by state.", ["state"], registry=registry
    )
    for state, value in (
        ("pending", counts.pending),
        ("handled", counts.handled),
        ("ignored", counts.ignored),
        ("failed", counts.failed),
    ):
        events.labels(state=state).set(value)
    Gauge(
        "yui_inbox_oldest_pending_age_seconds",
        "How long the oldest event not yet handled has waited (0 when none waits).",
        registry=registry,
    ).set(oldest_pending_seconds)
    return generate_latest(registry), CONTENT_TYPE_LATEST
