# -*- coding: utf-8 -*-
"""Log lines for the read/ tests: real line shapes, keyword pieces, and a few lines counted."""
from __future__ import absolute_import, division, print_function

from hypothesis import strategies as st

from pleximprovement.read import accumulator

H = b'2024-05-02 21:00:%02d,000 (7f01) :  '


SEARCH = (b'DEBUG (runtime:717) - Handling request GET /:/plugins/a/messaging/function/'
          b'X0FnZW50S2l0OlNlYXJjaA__/MQo_/MQo_')


MATCHES = b"INFO (agentkit:961) - Searching for matches for {'name': u'T', 'id': '7'}"


RESPONSE = b'DEBUG (runtime:924) - Response: [200] str, 9 bytes'


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


def run(bodies, agent='a'):
    acc = accumulator.MetricsAccumulator()
    acc.begin_file(agent)
    acc.feed_lines([(H % i) + b for i, b in enumerate(bodies)])
    acc.end_file()
    acc.finish()
    return acc.snapshot()['agents'][agent]


def cut_words(words):
    """A word, a piece of one, or a byte near the anchors (so partial keywords are tried)."""
    word = st.sampled_from(words)
    return st.one_of(
        word,
        st.tuples(word, st.integers(0, 30), st.integers(0, 30)).map(lambda t: t[0][t[1]:t[1] + 1 + t[2]]),
        st.sampled_from([b' ', b':', b'-', b')', b'S', b's', b'F', b'e', b'r', b'\xc3\xa9', b'\n', b'']),
        st.binary(max_size=4))


def messages(words):
    return st.lists(cut_words(words), max_size=12).map(b''.join)
