# -*- coding: utf-8 -*-
"""read/url_errors.py: a failed fetch counted once, classified by the evidence that follows it."""
from __future__ import absolute_import, division, print_function

import pytest

from log_lines import RESPONSE, SEARCH, run


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
