# -*- coding: utf-8 -*-
"""read/tracebacks.py: a traceback read from its lines, filed under its last agent frame."""
from __future__ import absolute_import, division, print_function

from pleximprovement.read import tracebacks

AGENT_FILE = b'/p/Plug-ins/A.bundle/Contents/Code/__init__.py'
HEADER = b"Exception in the search function of agent named 'A' (most recent call last):"


def assembler():
    seen = []
    agents = {}
    tbs = tracebacks.TracebackAssembler(agents, lambda *args: seen.append(args))
    return tbs, agents, {}, seen


def read(tbs, lines, header=HEADER):
    tbs.start(u'a', None, b'2024-05-02 21:00:00', 'search', None, header)
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


def test_resource_hashes_traceback_is_a_traceback_and_its_fetch_evidence():
    """The framework's start-up traceback counts like any other (docs/counts.md), and its
    last line classifies the failed fetch."""
    tbs, agents, noise, seen = assembler()
    read(tbs, [b'  File "x.py", line 1, in f', b'URLError: <urlopen error timed out>'],
         header=b'Exception getting hosted resource hashes (most recent call last):')
    assert agents[u'a']['tracebacks'] == 1 and len(seen) == 1


def test_a_tail_without_header():
    """A pasted tail: the exception line alone, or frames then the exception line."""
    tbs, agents, noise, seen = assembler()
    tbs.start(u'a', None, None, 'other', None, b'')
    tbs.line(b'HTTPError: HTTP Error 403: Forbidden')
    assert tbs.open is None and agents[u'a']['tracebacks'] == 1 and len(seen) == 1
    record = list(tbs.records.values())[0]
    assert (record['exception'], record['file'], record['examples']) == (
        u'HTTPError', u'', [u'HTTPError: HTTP Error 403: Forbidden'])
    assert tracebacks.is_lone_exception(b'urllib2.URLError: <urlopen error timed out>  ')
    assert not tracebacks.is_lone_exception(b'Title: x') and not tracebacks.is_lone_exception(b'  KeyError: 0')


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
    assert tracebacks.is_lone_exception(b'KeyError: 0') and tracebacks.is_lone_exception(b'urllib2.URLError')
    assert not tracebacks.is_lone_exception(b'  indented: no')


def test_the_overlay_between_agent_and_framework_does_not_move_the_record():
    overlay = b'/p/Plug-ins/A.bundle/Contents/Libraries/Shared/pleximprovement_overlay/network.py'
    tbs, agents, noise, seen = assembler()
    read(tbs, [b'  File "' + AGENT_FILE + b'", line 41, in search',
               b'    page = HTML.ElementFromURL(url)',
               b'  File "' + overlay + b'", line 77, in fetch',
               b'    return original(*args, **kwargs)',
               b'HTTPError: HTTP Error 403: Forbidden'])
    record = list(tbs.records.values())[0]
    assert (record['line'], record['function']) == (41, u'search')
    assert record['file'].endswith(u'A.bundle/Contents/Code/__init__.py')
