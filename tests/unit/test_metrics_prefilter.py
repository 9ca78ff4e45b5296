# -*- coding: utf-8 -*-
"""The hot-path prefilter (skipping DEBUG chatter without parsing) changes no count."""
from __future__ import absolute_import, division, print_function

import os

import pytest
from hypothesis import given, settings, strategies as st

from pleximprovement.read import reader as logs
from pleximprovement.read import accumulator as metrics

from test_metrics_property import SHAPES

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'fixtures', 'logs')
CHATTER = [
    b"2024-05-02 21:00:00,500 (7f01) :  DEBUG (networking:144) - Requesting 'https://h/search?q=x'",
    b'2024-05-02 21:00:00,600 (7f01) :  DEBUG (__init__:12) - Parsed 3 candidates',
    b'2024-05-02 21:00:00,700 (7f01) :  DEBUG (__init__:12) - Found 2 results',
    b'2024-05-02 21:00:00,800 (7f01) :  DEBUG (runtime:88) - Checking cache',
    b'2024-05-02 21:00:00,900 (7f01) :  DEBUG (__init__:12) - fetch failed: <urlopen error timed out>',
    b'May 02, 2024 21:30:00.000 [6740] DEBUG - Request: [127.0.0.1:1 (Loopback)] GET /x',
    # other times, so the stream time a skipped line leaves behind matters to what follows
    b"2024-05-02 20:59:58,000 (7f02) :  DEBUG (networking:144) - Requesting URL https://h/other?p=2",
    b'2024-05-02 21:00:09,000 (7f02) :  DEBUG (__init__:12) - cand 4: best score: 0.9',
    b'2024-05-02 20:59:59,000 (7f01) :  DEBUG (__init__:12) - Pars Foun resul Searc matc rro SL',
    b'2024-05-02 21:00:07,000 (7f01) :  DEBUG (search:12) - module named like a keyword, plain text',
    b'2024-05-02 21:00:06,000 (7f02) :  DEBUG (__init__:12) - [T:ab12] SEARCH:: Titles Found 0',
    b'2024-05-02 21:00:05,000 (7f01) :  DEBUG (__init__:12) - HTTP Error 500 from h',
    b"2024-05-02 21:00:08,000 (7f02) :  DEBUG (agentkit:5) - Searching for matches for {'name': 'U', 'id': '2'}",
    b'2024-05-02 21:00:03,000 (7f02) :  DEBUG (runtime:717) - Handling request GET /:/plugins/a/messaging/function/'
    b'X0FnZW50S2l0OlVwZGF0ZU1ldGFkYXRh/Z3VpZCBhOi8vOS9x/MQo_',
    b'May 02, 2024 20:30:00.000 [6740] DEBUG - Request: [127.0.0.1:1 (Loopback)] GET /y',
    b'ERROR (x:1) - a problem without a time',
    b'  File "/p/Plug-ins/A.bundle/Contents/Code/__init__.py", line 9, in update',
]


def accumulate(lines, prefilter, batch=None):
    acc = metrics.MetricsAccumulator(item_budget=metrics.ItemBudget(2))
    acc.prefilter = prefilter
    acc.begin_file('a')
    batch = batch or max(1, len(lines))
    states = []
    for start in range(0, len(lines), batch):
        acc.feed_lines(lines[start:start + batch])
        states.append((acc.stream_ts, acc.lazy_line, acc.has_record, acc.in_window, acc.first_ts, acc.last_ts))
    acc.end_file()
    acc.finish()
    return acc.snapshot(), states


def snapshot(lines, prefilter):
    snap = accumulate(lines, prefilter)[0]
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


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SHAPES + CHATTER), max_size=80), st.integers(1, 7))
def test_batches_give_what_one_line_at_a_time_gives(lines, batch):
    """feed_lines keeps what skipped lines change in locals until another line needs it or the
    batch ends; line by line, each is written at once. Every count, the window and the stream
    state the collector reads between batches must agree."""
    one, one_states = accumulate(lines, True, 1)
    whole, whole_states = accumulate(lines, True)
    some, some_states = accumulate(lines, True, batch)
    assert whole == one and some == one
    if lines:
        assert whole_states[-1] == one_states[-1]
    assert some_states == one_states[batch - 1::batch] + ([one_states[-1]] if len(lines) % batch else [])


FRAMEWORK_ONLY = [line for line in SHAPES + CHATTER if line[:4] == b'2024']


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(FRAMEWORK_ONLY), max_size=60))
def test_window_is_the_same_with_and_without_prefilter(lines):
    """Skipped lines feed the window as the min/max of whole lines cut to their time at the end."""
    assert accumulate(lines, True)[0]['window'] == accumulate(lines, False)[0]['window']
