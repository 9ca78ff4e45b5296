# -*- coding: utf-8 -*-
"""trial/stats.py: the exact one-sided sign test against values computed by hand."""
from __future__ import absolute_import, division, print_function

from fractions import Fraction

import pytest

from pleximprovement.trial.stats import as_fraction, binomial, min_discordant, sign_test_p, significant

# (improved, worsened, P(X >= improved | n = improved + worsened, p = 1/2)) worked out by hand:
# the upper tail sum of C(n, k) for k = improved..n, over 2**n.
HAND = [
    (5, 0, Fraction(1, 32)),                # C(5,5) = 1 of 32
    (8, 1, Fraction(10, 512)),              # C(9,8) + C(9,9) = 9 + 1 = 10 of 512
    (3, 0, Fraction(1, 8)),
    (1, 1, Fraction(3, 4)),                 # C(2,1) + C(2,2) = 3 of 4
    (6, 2, Fraction(37, 256)),              # 28 + 8 + 1 = 37 of 256
    (4, 4, Fraction(163, 256)),             # 70 + 56 + 28 + 8 + 1 = 163 of 256
    (10, 2, Fraction(79, 4096)),            # 66 + 12 + 1 = 79 of 4096
    (15, 5, Fraction(21700, 1048576)),      # 15504 + 4845 + 1140 + 190 + 20 + 1 = 21700 of 2**20
    (0, 3, Fraction(1)),                    # every outcome has X >= 0
    (0, 0, Fraction(1)),                    # no discordant pair: no evidence
]


@pytest.mark.parametrize('improved, worsened, expected', HAND)
def test_hand_computed_values(improved, worsened, expected):
    assert sign_test_p(improved, worsened) == expected


def test_float_values_are_the_same_on_every_python():
    assert float(sign_test_p(5, 0)) == 0.03125
    assert float(sign_test_p(8, 1)) == 0.01953125
    assert repr(float(sign_test_p(10, 2))) == '0.019287109375'


def test_binomial():
    assert [binomial(6, k) for k in range(-1, 8)] == [0, 1, 6, 15, 20, 15, 6, 1, 0]
    assert binomial(40, 20) == 137846528820


def test_alpha_is_read_exactly():
    assert as_fraction(0.05) == Fraction(1, 20)
    assert as_fraction('0.05') == Fraction(1, 20)
    assert as_fraction(Fraction(1, 100)) == Fraction(1, 100)
    assert as_fraction(1e-05) == Fraction(1, 100000)
    for bad in (0, 1, 1.5, -0.1):
        with pytest.raises(ValueError):
            as_fraction(bad)
    with pytest.raises(ValueError):
        sign_test_p(-1, 2)


def test_significance_boundary_and_min_discordant():
    assert significant(5, 0) and not significant(4, 0)
    assert significant(8, 1, 0.05) and not significant(8, 1, 0.01)
    assert not significant(6, 1)    # 8/128 = 0.0625
    assert [min_discordant(a) for a in (0.5, 0.1, 0.05, 0.01, 0.001)] == [1, 4, 5, 7, 10]
