# -*- coding: utf-8 -*-
"""The one table that says which failure text means which class of failed fetch.

In: log or exception text. Out: one of CLASSES (http, timeout, dns, ssl, refused, other),
with the status for `http`. Callers:

    read/ (the accumulator)  EVIDENCE.search(msg) or URLOPEN.search(msg), then
                             evidence_class(match) -> (class, status text or None): the
                             evidence that comes first in a log line (bytes, case as
                             written). EVIDENCE_HINTS: a message holding none of these is
                             not searched.
    diagnose/rules.py        failure_class(text) -> (class, status) or (None, None), for a
                             message already known to be an error (unclassified ERROR
                             messages, traceback messages); the status goes to status_kind.
    runtime/http.py          failure_class(str(reason))[0] or 'other' for a URLError reason
                             or socket error (classify_reason; its isinstance checks for
                             socket.timeout / socket.gaierror stay there).

Two scopes, because the same word does not prove the same thing everywhere:
* evidence: text that proves a fetch failed wherever it appears, even in an agent's DEBUG
  line (`timed out`, `[Errno -2]`, `Connection refused`...). The reader counts a URL error
  on it, so it is matched as written.
* reason words: text that only names the class of something already known to have failed
  (`timeout`, `ssl`, `certificate`, `refused`...): an agent's `timeout=20` is not a failure,
  an exception reason holding `timeout` is a timeout. failure_class matches evidence and
  reason words, ignoring case, and tries the classes in CLASSES order.
"""
from __future__ import absolute_import, division, print_function

import re

CLASSES = ('http', 'timeout', 'dns', 'ssl', 'refused', 'other')

# (class, evidence, reason words): regex sources, in CLASSES order.
TABLE = (
    ('http', r'HTTP Error (?P<status>\d{3})', None),
    ('timeout', r'timed out|TimeoutError|socket\.timeout|ReadTimeout|ConnectTimeout', r'timeout'),
    ('dns', r'Errno -[235]\]|Errno 1100[14]\]|Errno 8\] nodename|Name or service not known|getaddrinfo failed'
            r'|nodename nor servname|failure in name resolution|No address associated with hostname',
     r'name or service|getaddrinfo|name resolution'),
    ('ssl', r'\[SSL[:\]]|_ssl\.c|ssl\.c:\d+|SSLError|CERTIFICATE_VERIFY_FAILED|sslv3 alert|handshake failure',
     r'ssl|certificate'),
    ('refused', r'Connection refused|Errno 111\]|Errno 10061\]|Errno 61\]', r'refused'),
    ('other', r'Network is unreachable|Connection reset by peer|BadStatusLine|IncompleteRead', None),
)
# A bare `<urlopen error ...>` without a more specific cause above is class `other`.
URLOPEN_SOURCE = r'<urlopen error'

# Substrings one of which every message worth searching for evidence holds (the reader
# searches only those; read/prefilter.py builds its matcher from these). A pattern holding
# none of them (`_ssl.c`, `ssl.c:NNN`, `handshake failure`) counts only beside one that does.
EVIDENCE_HINTS = (b'rror', b'timed out', b'efused', b'SSL', b'rrno', b'nreachable', b'urlopen', b'eset by', b'imeout',
                  b'ncomplete', b'BadStatus', b'getaddrinfo', b'ame resolution')


def _bytes(source):
    return source.encode('ascii')


EVIDENCE = re.compile(b'|'.join(b'(?P<' + _bytes(cls) + b'>' + _bytes(evidence) + b')'
                                for cls, evidence, _words in TABLE))
URLOPEN = re.compile(b'(?P<other>' + _bytes(URLOPEN_SOURCE) + b')')


def evidence_class(match):
    """(class, status text or None) of an EVIDENCE or URLOPEN match."""
    cls = match.lastgroup
    if cls == 'status':
        cls = 'http'
    if cls != 'http':
        return cls, None
    return cls, match.group('status').decode('ascii')


def _failure_regex(cls, evidence, words):
    source = evidence
    if words:
        source += u'|' + words
    if cls == 'other':
        source += u'|' + URLOPEN_SOURCE
    return cls, re.compile(source, re.I)


_FAILURE_TEXT = [_failure_regex(cls, evidence, words) for cls, evidence, words in TABLE]


def failure_class(text):
    """(class, status or None) of a text known to describe a failure, or (None, None).

    The first class in CLASSES order whose evidence or reason words the text holds, case
    ignored; `status` is the three digits of `HTTP Error NNN` for class http.
    """
    for cls, regex in _FAILURE_TEXT:
        m = regex.search(text or u'')
        if m is not None:
            return cls, (m.group('status') if cls == 'http' else None)
    return None, None
