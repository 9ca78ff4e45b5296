# -*- coding: utf-8 -*-
"""read/prefilter.py: the keyword matchers find exactly the keywords, and skipping DEBUG chatter
without parsing it (accumulator.feed_lines) changes no count.

The keyword tests hold the plain form as a reference (the regex the prefilter had before it
was rewritten for speed) and compare on generated input built from the pieces that matter
(keywords cut anywhere, non-ASCII bytes), so a near miss is tried too.
"""
from __future__ import absolute_import, division, print_function

import os
import re

import pytest
from hypothesis import given, settings, strategies as st

from pleximprovement import fetch_errors
from pleximprovement.read import accumulator, operations, prefilter
from pleximprovement.read.reader import LineReader, discover

from log_lines import SHAPES, messages

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'fixtures', 'logs')

# The prefilter keywords as one plain alternation (what _HOT was).
PLAIN_HOT = re.compile(br'[Ss]core: |[Ff]ound|[Rr]esult|[Mm]atch|SEARCH::|[Ss]earch|rror|timed out|efused|SSL|rrno|'
                       br'nreachable|urlopen|eset by|imeout|ncomplete|BadStatus|getaddrinfo|ame resolution|'
                       br'most recent call last|Starting framework')


PREFIX = b'2024-05-02 21:00:00,600 (7f01) :  DEBUG (__init__:12) - '


@settings(max_examples=500, deadline=None)
@given(messages(prefilter.HOT_WORDS))
def test_hot_is_any_keyword_in_the_message(msg):
    expected = any(word in msg for word in prefilter.HOT_WORDS)
    assert (PLAIN_HOT.search(msg) is not None) == expected
    # as feed_lines uses it: from just after `) - `
    assert (prefilter.HOT.search(PREFIX + msg, len(PREFIX)) is not None) == expected
    assert (prefilter.HOT.search(msg) is not None) == expected


def test_no_keyword_can_start_before_the_message():
    """_HOT's lookbehinds may read the `) - ` before the message: harmless while no keyword
    starts with the space or holds the `-` (see prefilter.anchored_any)."""
    for word in prefilter.HOT_WORDS:
        assert word and b'-' not in word and word[:1] != b' ', word


def test_hot_finds_every_keyword_alone_and_inside_text():
    for word in prefilter.HOT_WORDS:
        for msg in (word, b'x' + word, word + b'x', b'a ' + word + b' b'):
            assert prefilter.HOT.search(PREFIX + msg, len(PREFIX)) is not None, msg
        for n in range(1, len(word)):
            part = word[:n]
            if not any(w in part for w in prefilter.HOT_WORDS):
                assert prefilter.HOT.search(PREFIX + part, len(PREFIX)) is None, part


@settings(max_examples=300, deadline=None)
@given(messages(fetch_errors.EVIDENCE_HINTS + (b'Errno 111]', b'HTTP Error 404', b'<urlopen error ')))
def test_evidence_hint_is_any_hint_in_the_message(msg):
    assert (prefilter.EVIDENCE_HINTED(msg) is not None) == any(hint in msg for hint in fetch_errors.EVIDENCE_HINTS)


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
    acc = accumulator.MetricsAccumulator(item_budget=operations.ItemBudget(2))
    acc.prefilter = prefilter
    acc.begin_file('a')
    batch = batch or max(1, len(lines))
    states = []
    for start in range(0, len(lines), batch):
        acc.feed_lines(lines[start:start + batch])
        states.append((acc.router.stream_ts, acc.router.lazy_line, acc.router.has_record, acc.router.in_window,
                       acc.router.first_ts, acc.router.last_ts))
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
    for f in discover(os.path.join(FIXTURES, folder)):
        lines = []
        for batch in LineReader(f.path).batches():
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
