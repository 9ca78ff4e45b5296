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
    # 20:59 server line are out; the 21:07..21:12 example lines and aebn remain: found,
    # raised (not a title failure), unknown.
    a = snap['agents'][EX]
    assert (a['total_search_ops'], a['titles_found'], a['title_failures'], a['restarts']) == (3, 1, 0, 0)
    assert (a['search_exceptions'], a['outcome_unknown']) == (1, 1)
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


FW = '/usr/lib/plexmediaserver/Resources/Plug-ins-1/Framework.bundle/Contents/Resources/Versions/2/Python/Framework'
SEARCH_FN = 'X0FnZW50S2l0OlNlYXJjaA__'


def write_busy_log(path, agent, searches, failure, start_hour):
    """`searches` searches of `agent`, one per second on four threads, each failing its way:
    'blocked' (Error opening URL + a traceback ending HTTP 403), 'dns' (a traceback ending
    `URLError: ... Name or service not known`, no Error opening URL) or 'picky' (every third
    finds a title, the others log `No results`)."""
    lines = []
    for n in range(searches):
        secs = start_hour * 3600 + n
        ts = '2024-05-02 %02d:%02d:%02d' % (secs // 3600 % 24, secs // 60 % 60, secs % 60)
        th = '7f00%04x' % (n % 4)
        pre = '%s,%03d (%s) :  ' % (ts, n % 1000, th)
        url = 'https://%s.example/search?q=Title+%d' % (failure, n)
        lines.append(pre + 'DEBUG (runtime:717) - Handling request GET /:/plugins/%s/messaging/function/%s/MQo_/MQo_'
                     % (agent, SEARCH_FN))
        lines.append(pre + "INFO (agentkit:961) - Searching for matches for {'name': u'Title %d', 'id': '%s%d'}"
                     % (n, failure, n))
        lines.append(pre + "DEBUG (networking:144) - Requesting '%s'" % url)
        if failure == 'picky':
            found = n % 3 == 0
            lines.append(pre + ('INFO (__init__:20) - Found 1 result' if found else 'INFO (__init__:21) - No results'))
        else:
            if failure == 'blocked':
                lines.append(pre + "ERROR (networking:197) - Error opening URL '%s'" % url)
            lines.append(pre + "CRITICAL (agentkit:1018) - Exception in the search function of agent named 'X', called "
                         "with keyword arguments {'name': 'Title %d'} (most recent call last):" % n)
            lines.append('  File "%s/api/agentkit.py", line 1011, in _search' % FW)
            lines.append('    agent.search(*f_args, **f_kwargs)')
            lines.append('  File "/p/Plug-ins/%s.bundle/Contents/Code/__init__.py", line 40, in search' % failure)
            lines.append('    page = HTML.ElementFromURL(url)')
            lines.append('HTTPError: HTTP Error 403: Forbidden' if failure == 'blocked'
                         else 'URLError: <urlopen error [Errno -2] Name or service not known>')
        lines.append(pre + 'DEBUG (runtime:924) - Response: [200] str, 11 bytes')
    with open(path, 'w') as handle:
        handle.write('\n'.join(lines) + '\n')


def test_counts_and_classes_are_exact_past_the_item_cap(tmpdir):
    """A folder with more searched items than the per-item cap (MAX_ITEMS = 5,000): one agent
    blocked by 403s (5,784 searches), one failing DNS (4,676), one finding a title in a third
    of its 1,500 searches. Hand count: each blocked search is one failed fetch (http 403), one
    traceback and a search that raised; each DNS search the same with class dns; the picky
    agent 500 found, 1,000 not found. Nothing raised is a title failure, at any size; only the
    per-item detail stops at the cap, and the snapshot says so."""
    write_busy_log(str(tmpdir.join('com.example.blocked.log')), 'com.example.blocked', 5784, 'blocked', 0)
    write_busy_log(str(tmpdir.join('com.example.dns.log')), 'com.example.dns', 4676, 'dns', 2)
    write_busy_log(str(tmpdir.join('com.example.picky.log')), 'com.example.picky', 1500, 'picky', 4)
    snap = aggregate.run_aggregation(str(tmpdir))
    blocked, dns, picky = (snap['agents']['com.example.' + name] for name in ('blocked', 'dns', 'picky'))
    assert (blocked['total_search_ops'], blocked['search_exceptions'], blocked['title_failures']) == (5784, 5784, 0)
    assert (blocked['url_errors_by_class'], blocked['statuses'], blocked['tracebacks']) == (
        {'http': 5784}, {'403': 5784}, 5784)
    assert (dns['total_search_ops'], dns['search_exceptions'], dns['title_failures']) == (4676, 4676, 0)
    assert (dns['url_errors_by_class'], dns['statuses'], dns['tracebacks']) == ({'dns': 4676}, {}, 4676)
    assert (picky['total_search_ops'], picky['titles_found'], picky['title_failures']) == (1500, 500, 1000)
    assert picky['title_failures_with_errors'] == 0 and picky['url_errors'] == 0
    assert (snap['errors']['http']['count'], snap['errors']['dns']['count']) == (5784, 4676)
    # per-item detail: bounded, and said to be
    assert len(snap['items']) == snap['items_limit'] == 5000
    assert snap['items_dropped'] == 5784 + 4676 + 1500 - 5000
    kept = [item for item in snap['items'].values()]
    assert all(item['failed'] == 0 for item in kept if item['agent'] != 'com.example.picky')
