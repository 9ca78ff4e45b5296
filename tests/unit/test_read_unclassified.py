# -*- coding: utf-8 -*-
"""read/unclassified.py: unclassified errors grouped by template, the number of groups bounded."""
from __future__ import absolute_import, division, print_function

from pleximprovement.read import accumulator, snapshot


def test_unclassified_templates_are_bounded():
    acc = accumulator.MetricsAccumulator()
    acc.begin_file('a')
    acc.feed_lines([b'ERROR (x:1) - unique problem %s' % (u'\u00e9' * (i % 7 + 1) + u'z' * (i // 7 + 1)).encode('utf-8')
                    for i in range(snapshot.MAX_TEMPLATES * 3)])
    acc.finish()
    snap = acc.snapshot()
    assert len(snap['unclassified']) <= snapshot.MAX_TEMPLATES + 1
    assert sum(g['count'] for g in snap['unclassified']) == snapshot.MAX_TEMPLATES * 3
