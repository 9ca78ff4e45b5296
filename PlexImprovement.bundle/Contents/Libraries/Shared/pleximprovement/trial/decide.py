# -*- coding: utf-8 -*-
"""The decision of a trial from its paired outcomes: KEEP, ROLLBACK or MONITOR, and why.

In: the counts of a finished trial -- items improved (failed before the fix, succeeded
after), worsened (the reverse), the number of pairs planned, and how many items the worst
new error class touched (a class of failure the after-refreshes show and the baseline
refreshes did not; trial/outcome.py new_error_items) -- and the Rules (alpha, from Prefs;
the new-error threshold). Out: (decision, reason) or, with verdict(), a dict of every
number that led to it, for the report.

The rule, first match wins:
    new_errors          the worst new error class touched more items than the threshold
                        (default: a tenth of the planned items, at least 1)    -> ROLLBACK
    significant         sign test p <= alpha (stats.py)                        -> KEEP
    worse               more items worsened than improved                      -> ROLLBACK
    sample_too_small    fewer pairs planned than the test needs even if every
                        one improved (5 at alpha 0.05)                         -> MONITOR
    no_improvement      as many improved as worsened (none of either included) -> ROLLBACK
    too_few_discordant  more improved than worsened, but too few discordant
                        pairs: even all of them improved could not reach alpha -> MONITOR
    not_significant     more improved than worsened, enough discordant pairs,
                        p > alpha                                              -> ROLLBACK
MONITOR means "the data cannot tell yet: re-test later"; a fix that changed nothing on
enough items is rolled back rather than monitored forever.
"""
from __future__ import absolute_import, division, print_function

from fractions import Fraction

from .stats import DEFAULT_ALPHA, as_fraction, min_discordant, sign_test_p

KEEP = 'KEEP'
ROLLBACK = 'ROLLBACK'
MONITOR = 'MONITOR'
DECISIONS = (KEEP, ROLLBACK, MONITOR)
DEFAULT_NEW_ERROR_SHARE = Fraction(1, 10)


class Rules(object):
    """alpha and the new-error threshold (a share of the planned items, at least one item).

    errors_exact: whether early stopping (sequential.py) must also rule out that the items
    it skips would push a new error class over the threshold. Off by default: the threshold
    is then judged on the items refreshed (see sequential.py).
    """

    def __init__(self, alpha=DEFAULT_ALPHA, new_error_share=DEFAULT_NEW_ERROR_SHARE, errors_exact=False):
        self.alpha = as_fraction(alpha)
        self.new_error_share = as_fraction(new_error_share)
        self.errors_exact = errors_exact
        self.min_discordant = min_discordant(self.alpha)

    def new_error_limit(self, planned):
        """How many items a new error class may touch before it blocks KEEP."""
        return max(1, int(self.new_error_share * planned))

    def __repr__(self):
        return 'Rules(alpha=%s, new_error_share=%s, errors_exact=%r)' % (
            self.alpha, self.new_error_share, self.errors_exact)


DEFAULT_RULES = Rules()


def decide(improved, worsened, planned, new_error_items=0, rules=DEFAULT_RULES):
    """(decision, reason) for final counts; see the module docstring for the rule."""
    if new_error_items > rules.new_error_limit(planned):
        return ROLLBACK, 'new_errors'
    if sign_test_p(improved, worsened) <= rules.alpha:
        return KEEP, 'significant'
    if worsened > improved:
        return ROLLBACK, 'worse'
    if planned < rules.min_discordant:
        return MONITOR, 'sample_too_small'
    if improved == worsened:
        return ROLLBACK, 'no_improvement'
    if improved + worsened < rules.min_discordant:
        return MONITOR, 'too_few_discordant'
    return ROLLBACK, 'not_significant'


def verdict(improved, worsened, planned, new_error_items=0, rules=DEFAULT_RULES):
    """decide() with the numbers behind it: the dict a report and the loop keep."""
    decision, reason = decide(improved, worsened, planned, new_error_items, rules)
    p_value = sign_test_p(improved, worsened)
    return {
        'decision': decision,
        'reason': reason,
        'improved': improved,
        'worsened': worsened,
        'discordant': improved + worsened,
        'planned': planned,
        'p_value': float(p_value),
        'p_exact': '%d/%d' % (p_value.numerator, p_value.denominator),
        'alpha': float(rules.alpha),
        'min_discordant': rules.min_discordant,
        'new_error_items': new_error_items,
        'new_error_limit': rules.new_error_limit(planned),
    }
