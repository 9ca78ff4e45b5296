# -*- coding: utf-8 -*-
"""Random bytes and random mixes of real line shapes: never an exception, never a negative."""
from __future__ import absolute_import, division, print_function

from hypothesis import given, settings, strategies as st

from pleximprovement.read import accumulator as metrics

SHAPES = [
    b'2024-05-02 21:00:00,000 (7f01) :  DEBUG (runtime:717) - Handling request GET /:/plugins/a/messaging/function/'
    b'X0FnZW50S2l0OlNlYXJjaA__/MQo_/MQo_',
    b'2024-05-02 21:00:00,000 (7f01) :  DEBUG (runtime:717) - Handling request GET /:/plugins/a/messaging/function/'
    b'X0FnZW50S2l0OlVwZGF0ZU1ldGFkYXRh/MQo_/MQo_',
    b"2024-05-02 21:00:01,000 (7f02) :  INFO (agentkit:961) - Searching for matches for {'name': u'T', 'id': '1'}",
    b'2024-05-02 21:00:02,000 (7f01) :  DEBUG (runtime:924) - Response: [200] str, 9 bytes',
    b'2024-05-02 21:00:02,000 (7f02) :  DEBUG (runtime:924) - Response: [500] str, 9 bytes',
    b"2024-05-02 21:00:03,000 (7f01) :  ERROR (networking:197) - Error opening URL 'http://x/y'",
    b"2024-05-02 21:00:03,000 (7f01) :  CRITICAL (agentkit:1018) - Exception in the search function of agent named"
    b" 'A', called with keyword arguments {'name': 'T'} (most recent call last):",
    b"2024-05-02 21:00:03,000 (7f01) :  CRITICAL (agentkit:1095) - Exception in the update function of agent named"
    b" 'A', called with guid 'a://1?lang=en' (most recent call last):",
    b'  File "/p/Plug-ins/A.bundle/Contents/Code/__init__.py", line 3, in search',
    b'    x = y[0]',
    b'HTTPError: HTTP Error 403: Forbidden',
    b'IndexError: list index out of range',
    b'2024-05-02 21:00:04,000 (7f01) :  INFO (__init__:1) - Found 2 results',
    b'2024-05-02 21:00:04,000 (7f01) :  INFO (__init__:1) - No results',
    b'2024-05-02 21:00:04,000 (7f01) :  ERROR (model:205) - Cannot read model from /x',
    b'2024-05-02 21:00:04,000 (7f01) :  INFO (core:349) - Starting framework core',
    b'2024-05-02 21:00:04,000 (7f01) :  ERROR (__init__:1) - boom 12',
    b'May 02, 2024 21:30:00.000 [6740] DEBUG - Issuing search query: http://h/system/agents/search?identifier=b',
    u'May 02, 2024 21:30:00.000 [6740] Error \u2014 x'.encode('utf-8'),
    b'CRITICAL (agentkit:1018) - Exception in the search function (most recent call last):',
    b'',
    b'\xff\xfe\x00\x01',
]


def check(snap):
    for name, entry in list(snap['agents'].items()) + [('totals', snap['totals'])]:
        for key, value in entry.items():
            if isinstance(value, (int, float)):
                assert value >= 0, (name, key)
    for key in metrics.TOTAL_KEYS:
        assert snap['totals'][key] == sum(a[key] for a in snap['agents'].values())
    for a in snap['agents'].values():
        assert a['titles_found'] + a['title_failures'] + a['outcome_unknown'] == a['total_search_ops']
    assert 0.0 <= snap['totals']['success_rate'] <= 1.0


def feed(chunks):
    acc = metrics.MetricsAccumulator()
    acc.begin_file('a')
    acc.feed_lines(chunks)
    acc.end_file('x', 0, len(chunks))
    acc.finish()
    return acc.snapshot()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=200), max_size=40))
def test_random_bytes(chunks):
    check(feed(b'\n'.join(chunks).split(b'\n')))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SHAPES), max_size=60))
def test_random_line_mixes(lines):
    snap = feed(lines)
    check(snap)
    merged = metrics.merge(snap, snap)
    check(merged)
    assert merged['totals']['total_search_ops'] == 2 * snap['totals']['total_search_ops']
