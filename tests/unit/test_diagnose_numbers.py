# -*- coding: utf-8 -*-
"""Rounding and percentages that read the same on Python 2.7 and 3 (diagnose/numbers.py)."""
from __future__ import absolute_import, division, print_function

from pleximprovement.diagnose import numbers


def test_ties_round_away_from_zero_as_on_neither_builtin_alone():
    assert numbers.round_half_up(2.5) == 3.0       # Python 3's round(): 2
    assert numbers.round_half_up(3.5) == 4.0
    assert numbers.round_half_up(0.03125, 4) == 0.0313   # Python 3's round(): 0.0312
    assert numbers.round_half_up(-2.5) == -3.0
    assert numbers.round_half_up(0.12344, 4) == 0.1234


def test_ratio_is_rounded_capped_and_none_without_a_denominator():
    assert numbers.ratio(1, 3) == 0.3333
    assert numbers.ratio(5, 4) == 1.0
    assert numbers.ratio(3, 0) is None


def test_percent_text():
    assert numbers.percent_text(0.125) == u'12.5 %'
    assert numbers.percent_text(0.72500) == u'72.5 %'
    assert numbers.percent_text(0.0025) == u'0.3 %'    # '%.1f' % 0.25 is '0.2' (a tie to even)
    assert numbers.percent_text(None) == u'-'
