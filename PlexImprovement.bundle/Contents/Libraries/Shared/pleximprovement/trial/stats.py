# -*- coding: utf-8 -*-
"""The one-sided exact sign test (McNemar's exact test) on the discordant pairs of a trial.

In: how many items improved (failed before the fix, succeeded after) and how many worsened
(the reverse); the pairs that did not change carry no information about the fix and are
not an input. Out: the exact p-value

    P(X >= improved | X ~ Binomial(improved + worsened, 1/2))

as a Fraction: computed with integers only, so Python 2.7 and 3 give the same value, bit
for bit, and comparisons with alpha are exact. Also the smallest number of discordant pairs
with which the test can reach alpha at all (all of them improved: p = 1 / 2**n).

    sign_test_p(improved, worsened) -> Fraction   (1 when there is no discordant pair)
    as_fraction(alpha) -> Fraction                (0.05 -> 1/20: from the decimal text)
    significant(improved, worsened, alpha) -> bool
    min_discordant(alpha) -> int                  (0.05 -> 5, 0.01 -> 7)
"""
from __future__ import absolute_import, division, print_function

from fractions import Fraction

DEFAULT_ALPHA = Fraction(1, 20)
# sign_test_p values already computed: early stopping (sequential.py) asks for the same
# small counts many times. Trials have at most a few hundred pairs, so it stays small.
P_VALUES = {}
CACHED_UP_TO = 400


def binomial(n, k):
    """n choose k, exactly (math.comb is Python 3.8+)."""
    if k < 0 or k > n:
        return 0
    k = min(k, n - k)
    value = 1
    for step in range(1, k + 1):
        value = value * (n - k + step) // step
    return value


def sign_test_p(improved, worsened):
    """P(X >= improved) for X ~ Binomial(improved + worsened, 1/2), as a Fraction."""
    if improved < 0 or worsened < 0:
        raise ValueError('counts must not be negative: %r, %r' % (improved, worsened))
    n = improved + worsened
    if n == 0:
        return Fraction(1)
    known = P_VALUES.get((improved, worsened))
    if known is not None:
        return known
    tail = 0
    for k in range(improved, n + 1):
        tail += binomial(n, k)
    value = Fraction(tail, 2 ** n)
    if n <= CACHED_UP_TO:
        P_VALUES[(improved, worsened)] = value
    return value


def as_fraction(alpha):
    """alpha as an exact Fraction; a float is read from its shortest decimal text (repr), so
    0.05 is 1/20 and not the binary 0.05000000000000000277."""
    if isinstance(alpha, Fraction):
        value = alpha
    elif isinstance(alpha, float):
        value = Fraction(repr(alpha))
    else:
        value = Fraction(alpha)
    if not 0 < value < 1:
        raise ValueError('alpha must be between 0 and 1, not %r' % (alpha,))
    return value


def significant(improved, worsened, alpha=DEFAULT_ALPHA):
    return sign_test_p(improved, worsened) <= as_fraction(alpha)


def min_discordant(alpha=DEFAULT_ALPHA):
    """The fewest discordant pairs that can reach alpha (all improved: p = 1/2**n)."""
    limit = as_fraction(alpha)
    n = 0
    while Fraction(1, 2 ** n) > limit:
        n += 1
    return n
