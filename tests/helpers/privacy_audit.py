"""Auditing the privacy of reports the way an observer would attack them.

The observer knows two record sets that differ by one family, and their true counts,
and sees one report; it must say which set the report came from. For any test "the
statistic is at least t", ε-differential privacy promises
P(test | with) ≤ e^ε · P(test | without), and the same the other way round. So the log
of the ratio of the two observed frequencies, at the best threshold, estimates the ε
the reports really give that family.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def likelihood_statistic(
    noised: Mapping[str, int], without: Mapping[str, int], with_family: Mapping[str, int]
) -> int:
    """The observer's best single number: Σ |z − without| − |z − with| over the cells.

    For two-sided geometric noise the log-likelihood ratio of "with" against "without"
    is this sum times ε/Δ, so a threshold on it is the most powerful test there is
    (Neyman–Pearson), and the observer needs no knowledge of the noise scale: the scale
    is what is being audited.
    """
    return sum(
        abs(value - without.get(cell, 0)) - abs(value - with_family.get(cell, 0))
        for cell, value in noised.items()
    )


def estimated_epsilon(
    with_family: Sequence[int], without_family: Sequence[int], fewest: int = 200
) -> float:
    """The largest log-ratio of tail frequencies over every threshold at which both
    samples still have ``fewest`` reports in the tail (fewer would be noise, not a
    measurement). Both tails, both directions."""
    worst = 0.0
    for one, other in ((with_family, without_family), (without_family, with_family)):
        for upper in (True, False):
            ordered_one = sorted(one, reverse=upper)
            ordered_other = sorted(other, reverse=upper)
            for threshold in sorted(set(one) | set(other), reverse=upper):
                in_one = _tail(ordered_one, threshold, upper)
                in_other = _tail(ordered_other, threshold, upper)
                if min(in_one, in_other) < fewest:
                    continue
                ratio = (in_one / len(one)) / (in_other / len(other))
                worst = max(worst, math.log(ratio))
    return worst


def _tail(ordered: Sequence[int], threshold: int, upper: bool) -> int:
    """How many of the sorted values are at or beyond the threshold."""
    low, high = 0, len(ordered)
    while low < high:  # the first value not beyond the threshold
        middle = (low + high) // 2
        beyond = ordered[middle] >= threshold if upper else ordered[middle] <= threshold
        if beyond:
            low = middle + 1
        else:
            high = middle
    return low
