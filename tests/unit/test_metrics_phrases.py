# -*- coding: utf-8 -*-
"""The phrase table rows, one operation per witness set, and noise rows."""
from __future__ import absolute_import, division, print_function

import pytest

from pleximprovement.read import accumulator as metrics
from pleximprovement.read import phrases

H = b'2024-05-02 21:00:%02d,000 (7f01) :  '
SEARCH = (b'DEBUG (runtime:717) - Handling request GET /:/plugins/a/messaging/function/'
          b'X0FnZW50S2l0OlNlYXJjaA__/MQo_/MQo_')
MATCHES = b"INFO (agentkit:961) - Searching for matches for {'name': u'T', 'id': '7'}"
RESPONSE = b'DEBUG (runtime:924) - Response: [200] str, 9 bytes'


def run(bodies, agent='a'):
    acc = metrics.MetricsAccumulator()
    acc.begin_file(agent)
    acc.feed_lines([(H % i) + b for i, b in enumerate(bodies)])
    acc.end_file()
    acc.finish()
    return acc.snapshot()['agents'][agent]


def outcome(agent_line, agent='a'):
    a = run([SEARCH, MATCHES, b'INFO (__init__:1) - ' + agent_line, RESPONSE], agent)
    assert a['total_search_ops'] == 1
    if a['titles_found']:
        return 'found'
    if a['title_failures']:
        return 'failed'
    return 'unknown'


@pytest.mark.parametrize('line,expected', [
    (b"search() - AniDB - score: '100', id: '   12', title: 'X' ", 'found'),
    (b'AEBN - SEARCH:: Titles Found          3 Processing Results Page:  1', 'found'),
    (b'AEBN - SEARCH:: Titles Found          0 Processing Results Page:  1', 'failed'),
    (b'AEBN - SEARCH:: Error: Search Query did not pull any results: x', 'failed'),
    (b'AEBN - SEARCH:: < Title Match Failure! > Page 1: 1 of 3', 'unknown'),
    (b'Found 3 results', 'found'),
    (b'Found 0 results', 'failed'),
    (b'2 matches found', 'found'),
    (b'No results found for T', 'failed'),
    (b'No match found', 'failed'),
    (b'Match found: T (2001)', 'found'),
    (b'Search Title: T', 'unknown'),
    (b'Found: Quiet Mountain [1954] id: 1028 score: 100', 'found'),
    (b'Matched: T (2001)', 'found'),
    (b'Found nothing for T', 'unknown'),
    (b'something else entirely', 'unknown'),
])
def test_outcome_phrases(line, expected):
    assert outcome(line) == expected


def test_found_wins_over_not_found_in_one_search():
    a = run([SEARCH, MATCHES, b'INFO (x:1) - No results on page 2', b'INFO (x:1) - Found 1 result', RESPONSE])
    assert (a['titles_found'], a['title_failures']) == (1, 0)


def test_witnesses_count_one_operation():
    a = run([SEARCH, MATCHES, b'INFO (__init__:1) - Getting Search Settings for: T', RESPONSE])
    assert a['total_search_ops'] == 1


def test_each_witness_alone_counts_one():
    assert run([SEARCH, RESPONSE])['total_search_ops'] == 1
    assert run([MATCHES])['total_search_ops'] == 1
    assert run([b'INFO (__init__:1) - === Search - Begin - ===', b'INFO (__init__:1) - x'])['total_search_ops'] == 1


def test_repeated_witness_is_a_new_operation():
    assert run([MATCHES, MATCHES, MATCHES])['total_search_ops'] == 3
    assert run([SEARCH, MATCHES, SEARCH, MATCHES, RESPONSE])['total_search_ops'] == 2


def test_weak_marker_never_splits():
    a = run([b'INFO (utils:1) - X - SEARCH:: a', b'INFO (utils:1) - X - SEARCH:: b',
             b'INFO (utils:1) - X - SEARCH:: c'])
    assert a['total_search_ops'] == 1


def test_threads_are_separate_contexts():
    lines = [b'2024-05-02 21:00:00,000 (1) :  ' + SEARCH, b'2024-05-02 21:00:00,000 (2) :  ' + SEARCH,
             b'2024-05-02 21:00:01,000 (2) :  INFO (x:1) - Found 1 result',
             b'2024-05-02 21:00:02,000 (1) :  ' + RESPONSE, b'2024-05-02 21:00:02,000 (2) :  ' + RESPONSE]
    acc = metrics.MetricsAccumulator()
    acc.begin_file('a')
    acc.feed_lines(lines)
    acc.finish()
    a = acc.snapshot()['agents']['a']
    assert (a['total_search_ops'], a['titles_found'], a['outcome_unknown']) == (2, 1, 1)


def test_response_404_is_not_an_error():
    a = run([b'DEBUG (runtime:717) - Handling request GET /:/prefs',
             b'DEBUG (runtime:924) - Response: [404] NoneType, 0 bytes'])
    assert a['url_errors'] == 0 and a['updates_failed'] == 0


def test_url_error_dedup_and_standalone():
    a = run([SEARCH, b"ERROR (networking:197) - Error opening URL 'http://x/a'",
             b'WARNING (__init__:9) - failed: HTTP Error 429: Too Many Requests',
             b'WARNING (__init__:9) - Exception: HTTP Error 429: Too Many Requests', RESPONSE])
    assert a['url_errors'] == 1 and a['statuses'] == {'429': 1}
    a = run([b'WARNING (__init__:9) - [SSL: SSLV3_ALERT_HANDSHAKE_FAILURE] sslv3 alert handshake failure (_ssl.c:590)'])
    assert a['url_errors_by_class'] == {'ssl': 1}
    a = run([b"ERROR (networking:197) - Error opening URL 'http://x/a'", RESPONSE])
    assert a['url_errors_by_class'] == {'other': 1}


@pytest.mark.parametrize('msg,cls', [
    (b'<urlopen error [Errno -3] Temporary failure in name resolution>', 'dns'),
    (b'<urlopen error [Errno 11001] getaddrinfo failed>', 'dns'),
    (b'<urlopen error [Errno 111] Connection refused>', 'refused'),
    (b'<urlopen error [Errno 10061] No connection could be made>', 'refused'),
    (b'<urlopen error timed out>', 'timeout'),
    (b'<urlopen error [Errno 101] Network is unreachable>', 'other'),
])
def test_error_classes(msg, cls):
    a = run([b"ERROR (networking:197) - Error opening URL 'http://x/a'", b'WARNING (x:1) - ' + msg])
    assert a['url_errors_by_class'] == {cls: 1}


def test_noise_rows():
    assert phrases.match_noise(u'AEBN - SEARCH:: \u274c File: a.py, Line: 1, Function: f'.encode('utf-8'), 'x')
    assert phrases.match_noise(b'update() - AniDB title', 'com.plexapp.agents.hama') == 'hama_success'
    assert phrases.match_noise(b'update() - AniDB title', 'other') is None


def test_unclassified_templates_are_bounded():
    acc = metrics.MetricsAccumulator()
    acc.begin_file('a')
    acc.feed_lines([b'ERROR (x:1) - unique problem %s' % (u'\u00e9' * (i % 7 + 1) + u'z' * (i // 7 + 1)).encode('utf-8')
                    for i in range(metrics.MAX_TEMPLATES * 3)])
    acc.finish()
    snap = acc.snapshot()
    assert len(snap['unclassified']) <= metrics.MAX_TEMPLATES + 1
    assert sum(g['count'] for g in snap['unclassified']) == metrics.MAX_TEMPLATES * 3


def test_mask_template():
    assert metrics.mask_template(u"id 42 at 'x' http://h/p?q=1 0x7f3a") == u"id <n> at '<*>' <url> <n>"
