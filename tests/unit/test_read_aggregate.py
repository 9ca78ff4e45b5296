# -*- coding: utf-8 -*-
"""read/aggregate.py: a window of the last hours, one agent, progress reports."""
from __future__ import absolute_import, division, print_function

import os

from pleximprovement.read import aggregate

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'fixtures', 'logs')
EX = 'com.plexapp.agents.example'


def test_hours_window_counts_only_recent_lines():
    snap = aggregate.run_aggregation(os.path.join(FIXTURES, 'server'), hours=1)
    # newest line 22:01:00 -> window from 21:01:00: example's .log.1 search, hama and the
    # 20:59 server line are out; the 21:07..21:12 example lines and aebn remain.
    a = snap['agents'][EX]
    assert (a['total_search_ops'], a['titles_found'], a['title_failures'], a['restarts']) == (3, 1, 1, 0)
    assert 'com.plexapp.agents.hama' not in snap['agents']
    assert snap['window']['start'] == '2024-05-02 21:07:13'
    assert snap['skipped']['outside_window'] > 0


def test_agent_filter():
    snap = aggregate.run_aggregation(os.path.join(FIXTURES, 'server'), agent='com.plexapp.agents.hama')
    assert set(snap['agents']) == {'com.plexapp.agents.hama'}
    assert snap['totals']['total_search_ops'] == 1


def test_progress_callback():
    calls = []
    aggregate.run_aggregation(os.path.join(FIXTURES, 'server'), progress=lambda *a: calls.append(a))
    assert calls[0][:2] == (0, 5) and calls[-1][0] == calls[-1][1] == 5
    assert calls[-1][2] == calls[-1][3] > 0
