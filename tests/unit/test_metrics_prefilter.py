# -*- coding: utf-8 -*-
"""The hot-path prefilter (skipping DEBUG chatter without parsing) changes no count."""
from __future__ import absolute_import, division, print_function

import os

import pytest
from hypothesis import given, settings, strategies as st

from pleximprovement import logs, metrics

from test_metrics_property import SHAPES

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'fixtures', 'logs')
CHATTER = [
    b"2024-05-02 21:00:00,500 (7f01) :  DEBUG (networking:144) - Requesting 'https://h/search?q=x'",
    b'2024-05-02 21:00:00,600 (7f01) :  DEBUG (__init__:12) - Parsed 3 candidates',
    b'2024-05-02 21:00:00,700 (7f01) :  DEBUG (__init__:12) - Found 2 results',
    b'2024-05-02 21:00:00,800 (7f01) :  DEBUG (runtime:88) - Checking cache',
    b'2024-05-02 21:00:00,900 (7f01) :  DEBUG (__init__:12) - fetch failed: <urlopen error timed out>',
    b'May 02, 2024 21:30:00.000 [6740] DEBUG - Request: [127.0.0.1:1 (Loopback)] GET /x',
]


def snapshot(lines, prefilter):
    acc = metrics.MetricsAccumulator()
    acc.prefilter = prefilter
    acc.begin_file('a')
    acc.feed_lines(lines)
    acc.end_file()
    acc.finish()
    snap = acc.snapshot()
    for entry in snap['agents'].values():
        entry.pop('plugin_lines')
    snap['totals'].pop('plugin_lines')
    snap.pop('window')
    return snap


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(SHAPES + CHATTER), max_size=80))
def test_same_counts_with_and_without_prefilter(lines):
    assert snapshot(lines, True) == snapshot(lines, False)


@pytest.mark.parametrize('folder', ['server', 'variants'])
def test_fixture_folders_agree(folder):
    for f in logs.discover(os.path.join(FIXTURES, folder)):
        lines = []
        for batch in logs.LineReader(f.path).batches():
            lines.extend(batch)
        assert snapshot(lines, True) == snapshot(lines, False), f.path
