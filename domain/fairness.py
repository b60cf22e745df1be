"""How evenly paid work is spread among residents: the Gini coefficient of their earnings and the
share of residents who had any work. Pure; shared by the console's overview and the monthly report.

The Gini is computed over every resident who could have worked (zeros included): a programme where
three people earn everything and forty earn nothing is uneven even if the three earn alike.
"""

from __future__ import annotations

from collections.abc import Iterable


def gini(values: Iterable[float]) -> float | None:
    """0 (everyone the same) to nearly 1 (one person has everything); None for no one or all zero."""
    ordered = sorted(max(v, 0.0) for v in values)
    total = sum(ordered)
    n = len(ordered)
    if n == 0 or total == 0:
        return None
    # The mean absolute difference over twice the mean, in its O(n log n) sorted form.
    weighted = sum((2 * (i + 1) - n - 1) * v for i, v in enumerate(ordered))
    return weighted / (n * total)


def share_with_work(active: int, residents: int) -> float | None:
    """Of the residents who could work, the share who did (None when there is nobody)."""
    if residents <= 0:
        return None
    return min(active, residents) / residents
