# -*- coding: utf-8 -*-
"""trial/decide.py: every branch of the rule, and the numbers a report keeps."""
from __future__ import absolute_import, division, print_function

from fractions import Fraction

import pytest

from pleximprovement.trial.decide import KEEP, MONITOR, ROLLBACK, Rules, decide, verdict


@pytest.mark.parametrize('improved, worsened, planned, errors, expected', [
    (5, 0, 20, 0, (KEEP, 'significant')),
    (8, 1, 9, 0, (KEEP, 'significant')),
    (8, 1, 20, 3, (ROLLBACK, 'new_errors')),       # limit: a tenth of 20 = 2 items
    (8, 1, 20, 2, (KEEP, 'significant')),
    (0, 3, 20, 0, (ROLLBACK, 'worse')),
    (2, 3, 4, 0, (ROLLBACK, 'worse')),             # worse beats a small sample
    (3, 0, 3, 0, (MONITOR, 'sample_too_small')),   # a tiny sample that helped
    (0, 0, 3, 0, (MONITOR, 'sample_too_small')),
    (0, 0, 20, 0, (ROLLBACK, 'no_improvement')),   # a fix that does nothing on 20 items
    (3, 3, 20, 0, (ROLLBACK, 'no_improvement')),
    (4, 0, 20, 0, (MONITOR, 'too_few_discordant')),
    (3, 1, 20, 0, (MONITOR, 'too_few_discordant')),
    (6, 1, 20, 0, (ROLLBACK, 'not_significant')),  # p = 8/128
    (4, 1, 20, 0, (ROLLBACK, 'not_significant')),
    (1, 0, 5, 2, (ROLLBACK, 'new_errors')),        # limit at least 1 item
])
def test_rule(improved, worsened, planned, errors, expected):
    assert decide(improved, worsened, planned, errors) == expected


def test_alpha_changes_the_boundary():
    strict = Rules(alpha=0.01)
    assert strict.min_discordant == 7
    assert decide(6, 0, 20, rules=strict) == (MONITOR, 'too_few_discordant')
    assert decide(7, 0, 20, rules=strict) == (KEEP, 'significant')
    assert decide(8, 1, 20, rules=strict) == (ROLLBACK, 'not_significant')


def test_new_error_limit():
    rules = Rules(new_error_share=0.25)
    assert rules.new_error_share == Fraction(1, 4)
    assert [rules.new_error_limit(n) for n in (1, 4, 8, 20)] == [1, 1, 2, 5]
    assert 'alpha=1/20' in repr(rules)


def test_verdict_holds_the_numbers():
    assert verdict(8, 1, 20, 1) == {
        'decision': KEEP, 'reason': 'significant', 'improved': 8, 'worsened': 1, 'discordant': 9, 'planned': 20,
        'p_value': 0.01953125, 'p_exact': '5/256', 'alpha': 0.05, 'min_discordant': 5, 'new_error_items': 1,
        'new_error_limit': 2}
