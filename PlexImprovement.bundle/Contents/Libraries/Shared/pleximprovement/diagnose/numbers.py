# -*- coding: utf-8 -*-
"""Numbers as a diagnosis states them: rounded and written alike on Python 2.7 and 3.

Python 3 rounds a tie to the even neighbour (``round(2.5) == 2``, ``round(0.03125, 4) ==
0.0312``), Python 2.7 away from zero (3.0 and 0.0313), so the same shares and confidences
came out differently under Plex's 2.7 and the 3.x CLI. In: floats (shares, rates,
confidences). Out: the same floats rounded half away from zero with plain IEEE arithmetic,
which both interpreters compute bit for bit, and their texts as percentages. Every number
the diagnosis stores or prints is rounded here.
"""
from __future__ import absolute_import, division, print_function

import math


def round_half_up(value, digits=0):
    """``value`` rounded to ``digits`` decimals, a tie away from zero, the same on 2.7 and 3."""
    scale = 10.0 ** digits
    rounded = math.floor(abs(value) * scale + 0.5) / scale
    return -rounded if value < 0 else rounded


def ratio(part, whole, digits=4):
    """part / whole rounded (round_half_up), at most 1; None when ``whole`` is 0 (no rate)."""
    if not whole:
        return None
    return round_half_up(min(1.0, float(part) / whole), digits)


def percent_text(value):
    """A share (0..1) as text: 0.125 -> '12.5 %'; None (no denominator) -> '-'."""
    if value is None:
        return u'-'
    return u'%.1f %%' % round_half_up(100.0 * value, 1)
