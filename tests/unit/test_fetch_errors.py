# -*- coding: utf-8 -*-
"""fetch_errors.py: which failure text means which class, as evidence in a log line and as the
reason of a failure already known."""
from __future__ import absolute_import, division, print_function

import pytest

from pleximprovement import fetch_errors

EVIDENCE = [
    (b'HTTPError: HTTP Error 403: Forbidden', ('http', u'403')),
    (b'<urlopen error timed out>', ('timeout', None)),
    (b'socket.timeout: the read operation timed out', ('timeout', None)),
    (b'ReadTimeout: HTTPSConnectionPool', ('timeout', None)),
    (b'<urlopen error [Errno -2] Name or service not known>', ('dns', None)),
    (b'<urlopen error [Errno 11001] getaddrinfo failed>', ('dns', None)),
    (b'[Errno -3] Temporary failure in name resolution', ('dns', None)),
    (b'[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed (_ssl.c:590)', ('ssl', None)),
    (b'SSLError: sslv3 alert handshake failure', ('ssl', None)),
    (b'<urlopen error [Errno 111] Connection refused>', ('refused', None)),
    (b'[Errno 10061] No connection could be made', ('refused', None)),
    (b'<urlopen error [Errno 101] Network is unreachable>', ('other', None)),
    (b'error: [Errno 104] Connection reset by peer', ('other', None)),
    (b'<urlopen error [Errno 0] Error>', ('other', None)),
]


def evidence(line):
    m = fetch_errors.EVIDENCE.search(line) or fetch_errors.URLOPEN.search(line)
    return fetch_errors.evidence_class(m) if m is not None else None


@pytest.mark.parametrize('line,expected', EVIDENCE)
def test_evidence_in_a_log_line(line, expected):
    assert evidence(line) == expected
    assert any(hint in line for hint in fetch_errors.EVIDENCE_HINTS)


def test_the_first_evidence_in_a_line_decides():
    assert evidence(b'[Errno -2] Name or service not known, then timed out') == ('dns', None)
    assert evidence(b'timed out, then [Errno -2] Name or service not known') == ('timeout', None)


@pytest.mark.parametrize('line', [b'timeout=20 seconds', b'using SSL for api.example.org', b'Found 3 results',
                                  b'certificate bundle loaded', b'HTTP Error page'])
def test_words_that_only_name_a_class_are_no_evidence(line):
    assert evidence(line) is None


@pytest.mark.parametrize('text,expected', [
    (u'HTTP Error 429: Too Many Requests', ('http', u'429')),
    (u'http error 503', ('http', u'503')),
    (u'timed out', ('timeout', None)),
    (u'Connection timeout', ('timeout', None)),
    (u'[Errno -2] Name or service not known', ('dns', None)),
    (u'Temporary failure in name resolution', ('dns', None)),
    (u'getaddrinfo returns an empty list', ('dns', None)),
    (u'[SSL: CERTIFICATE_VERIFY_FAILED]', ('ssl', None)),
    (u"hostname 'x' doesn't match certificate", ('ssl', None)),
    (u'EOF occurred in violation of protocol (_ssl.c:590)', ('ssl', None)),
    (u'[Errno 111] Connection refused', ('refused', None)),
    (u'Connection reset by peer', ('other', None)),
    (u'<urlopen error unknown url type: ftp>', ('other', None)),
    (u'something else', (None, None)),
    (u'', (None, None)),
    (None, (None, None)),
])
def test_failure_class_of_a_known_failure(text, expected):
    assert fetch_errors.failure_class(text) == expected


def test_failure_class_tries_the_classes_in_order():
    assert fetch_errors.failure_class(u'[Errno -2] Name or service not known, then timed out') == ('timeout', None)
    assert [row[0] for row in fetch_errors.TABLE] == list(fetch_errors.CLASSES)
