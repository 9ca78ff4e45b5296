# -*- coding: utf-8 -*-
"""report/aggregation.py: the plain report starts with the specification's five lines."""
from __future__ import absolute_import, division, print_function

import os

from pleximprovement.read import aggregate
from pleximprovement.report import aggregation

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'fixtures', 'logs')


def test_report_text_has_spec_lines():
    snap = aggregate.run_aggregation(os.path.join(FIXTURES, 'server'))
    text = aggregation.report_text(snap)
    lines = text.splitlines()
    assert lines[:5] == ['Total Search Operations: 9', 'Titles Found Events: 3', 'Title Match Failures: 3',
                         'URL Fetch Errors: 3', 'Model Read Errors: 1']
    assert '3 of 9 searches had an outcome the log does not show' in text
