# -*- coding: utf-8 -*-
"""read/tracebacks.py: a traceback read from its lines, filed under its last agent frame."""
from __future__ import absolute_import, division, print_function

from pleximprovement.read import tracebacks

AGENT_FILE = b'/p/Plug-ins/A.bundle/Contents/Code/__init__.py'
HEADER = b"Exception in the search function of agent named 'A' (most recent call last):"


def assembler():
    seen = []
    agents, noise = {}, {}
    tbs = tracebacks.TracebackAssembler(agents, noise, lambda *args: seen.append(args))
    return tbs, agents, noise, seen


def read(tbs, lines, header=HEADER, noise=False):
    tbs.start(u'a', None, b'2024-05-02 21:00:00', 'search', noise, None, header)
    for line in lines:
        if tbs.open is None:
            break
        tbs.line(line)


def test_filed_under_the_last_agent_frame_with_its_code_line():
    tbs, agents, noise, seen = assembler()
    read(tbs, [b'  File "' + AGENT_FILE + b'", line 41, in search',
               b'    page = HTML.ElementFromURL(url)',
               b'  File "/p/Framework.bundle/Contents/Resources/Versions/2/Python/Framework/api.py", line 9, in get',
               b'    return x',
               b'IndexError: list index out of range'])
    assert tbs.open is None and agents[u'a']['tracebacks'] == 1 and seen == []
    record = list(tbs.records.values())[0]
    assert (record['exception'], record['line'], record['function']) == (u'IndexError', 41, u'search')
    assert record['file'].endswith(u'A.bundle/Contents/Code/__init__.py')
    assert record['code'] == u'page = HTML.ElementFromURL(url)'
    assert record['message'] == u'list index out of range' and record['count'] == 1
    assert record['first_seen'] == record['last_seen'] == u'2024-05-02 21:00:00'


def test_a_github_paste_with_its_gutter():
    tbs, agents, noise, seen = assembler()
    read(tbs, [b'| 12 |   File "' + AGENT_FILE + b'", line 7, in update',
               b'| 13 |     title = detail[0]',
               b'| 14 | KeyError: 0'])
    record = list(tbs.records.values())[0]
    assert (record['exception'], record['line'], record['code']) == (u'KeyError', 7, u'title = detail[0]')


def test_a_failed_fetch_in_the_exception_line_is_evidence():
    tbs, agents, noise, seen = assembler()
    read(tbs, [b'  File "' + AGENT_FILE + b'", line 3, in search', b'HTTPError: HTTP Error 503: Unavailable'])
    assert len(seen) == 1 and seen[0][0] == u'a' and seen[0][4] == b'HTTPError: HTTP Error 503: Unavailable'


def test_same_place_counts_twice_in_one_record():
    tbs, agents, noise, seen = assembler()
    for _ in range(2):
        read(tbs, [b'  File "' + AGENT_FILE + b'", line 3, in search', b'ValueError: x'])
    assert len(tbs.records) == 1 and list(tbs.records.values())[0]['count'] == 2


def test_resource_hashes_traceback_is_noise():
    tbs, agents, noise, seen = assembler()
    read(tbs, [b'  File "x.py", line 1, in f', b'URLError: <urlopen error timed out>'], noise=True)
    assert noise == {'resource_hashes_traceback': 1} and tbs.records == {} and agents == {} and seen == []


def test_a_header_without_frames_still_counts_when_closed():
    tbs, agents, noise, seen = assembler()
    read(tbs, [])
    tbs.close()
    record = list(tbs.records.values())[0]
    assert (record['exception'], record['file'], record['line']) == (u'(truncated)', u'', 0)


def test_line_shapes():
    assert tracebacks.is_frame_line(b'  File "x.py", line 1, in f')
    assert tracebacks.is_frame_line(b'| 3 |   File "x.py", line 1, in f')
    assert not tracebacks.is_frame_line(b'File x.py')
    assert tracebacks.is_exception_line(b'KeyError: 0') and tracebacks.is_exception_line(b'urllib2.URLError')
    assert not tracebacks.is_exception_line(b'  indented: no')
