# -*- coding: utf-8 -*-
"""read/url_errors.py: each failed request counted once, classified by the evidence that follows it."""
from __future__ import absolute_import, division, print_function

import pytest

from pleximprovement.read.accumulator import MetricsAccumulator

from log_lines import H, RESPONSE, SEARCH, run

REQ = b"DEBUG (networking:144) - Requesting 'http://x/%d'"


def run_raw(bodies, agent='a'):
    """As log_lines.run, but only record lines get the time and thread prefix: a traceback's
    frame and exception lines stay as the framework writes them."""
    acc = MetricsAccumulator()
    acc.begin_file(agent)
    acc.feed_lines([(H % i) + b if b.split(b' ', 1)[0] in (b'DEBUG', b'INFO', b'WARNING', b'ERROR', b'CRITICAL')
                    else b for i, b in enumerate(bodies)])
    acc.end_file()
    acc.finish()
    return acc.snapshot()['agents'][agent]


def test_url_error_dedup_and_standalone():
    a = run([SEARCH, b"ERROR (networking:197) - Error opening URL 'http://x/a'",
             b'WARNING (__init__:9) - failed: HTTP Error 429: Too Many Requests',
             b'WARNING (__init__:9) - Exception: HTTP Error 429: Too Many Requests', RESPONSE])
    assert a['url_errors'] == 1 and a['statuses'] == {'429': 1}
    a = run([b'WARNING (__init__:9) - [SSL: SSLV3_ALERT_HANDSHAKE_FAILURE] sslv3 alert handshake failure (_ssl.c:590)'])
    assert a['url_errors_by_class'] == {'ssl': 1}
    # The framework logs `Error opening URL` for an HTTPError only: without a status, http.
    a = run([b"ERROR (networking:197) - Error opening URL 'http://x/a'", RESPONSE])
    assert a['url_errors_by_class'] == {'http': 1} and a['statuses'] == {}


def test_each_failed_request_counts():
    """Three requests in one search time out, each reported by the agent's own ERROR line
    within the same second: three failed fetches; the traceback's last line repeats the
    third (no request since): still three."""
    lines = [SEARCH]
    for i in range(3):
        lines += [REQ % i, b'ERROR (__init__:80) - fetch failed: <urlopen error timed out>']
    lines += [b"CRITICAL (agentkit:1018) - Exception in the search function of agent named 'A', called with "
              b"keyword arguments {'name': 'T'} (most recent call last):",
              b'  File "/p/Plug-ins/A.bundle/Contents/Code/__init__.py", line 3, in search',
              b'URLError: <urlopen error timed out>', RESPONSE]
    a = run_raw(lines)
    assert (a['url_errors'], a['url_errors_by_class'], a['search_exceptions']) == (3, {'timeout': 3}, 1)


def test_repeated_http_error_opening_lines_are_each_a_request():
    """Two requests of the same URL in the same second, both refused with 403."""
    a = run([SEARCH, REQ % 1, b"ERROR (networking:197) - Error opening URL 'http://x/1'",
             b'WARNING (__init__:9) - HTTP Error 403: Forbidden',
             REQ % 1, b"ERROR (networking:197) - Error opening URL 'http://x/1'",
             b'WARNING (__init__:9) - HTTP Error 403: Forbidden', RESPONSE])
    assert (a['url_errors'], a['statuses']) == (2, {'403': 2})


def test_failures_outside_any_call_are_counted_and_set_apart():
    a = run_raw([REQ % 1, b"ERROR (networking:197) - Error opening URL 'http://127.0.0.1:32400/x/resourceHashes'",
                 b'CRITICAL (runtime:1299) - Exception getting hosted resource hashes (most recent call last):',
                 b'  File "/p/Framework.bundle/Contents/Resources/Versions/2/Python/Framework/components/runtime.py",'
                 b' line 1293, in get_resource_hashes',
                 b'HTTPError: HTTP Error 404: Not Found'])
    assert (a['url_errors'], a['url_errors_outside_calls'], a['outside_calls_statuses']) == (1, 1, {'404': 1})
    assert a['tracebacks'] == 1


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
