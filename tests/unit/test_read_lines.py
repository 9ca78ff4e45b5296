# -*- coding: utf-8 -*-
"""read/lines.py: every line shape of log-formats.md §2 parses to the same fields; record times."""
from __future__ import absolute_import, division, print_function

import datetime
import itertools

import pytest

from pleximprovement.read import lines

CASES = [
    # framework, 12-hex Linux thread, two spaces
    (b"2020-06-08 17:07:32,866 (7f4caeffd700) :  ERROR (networking:196) - Error opening URL 'x'",
     (b'2020-06-08 17:07:32', b'7f4caeffd700', b'ERROR', b'networking', b"Error opening URL 'x'", None, 0)),
    # newer build thread ending b38
    (b'2024-01-01 00:00:00,000 (7fc6e9765b38) :  INFO (agentkit:961) - Searching for matches for {}',
     (b'2024-01-01 00:00:00', b'7fc6e9765b38', b'INFO', b'agentkit', b'Searching for matches for {}', None, 0)),
    # macOS / FreeBSD 9-hex
    (b'2019-01-01 00:00:00,000 (8045b4000) :  DEBUG (core:1) - m',
     (b'2019-01-01 00:00:00', b'8045b4000', b'DEBUG', b'core', b'm', None, 0)),
    # Windows short hex, one space after the colon
    (b'2014-01-01 00:00:00,000 (d30) : INFO (logkit:16) - m',
     (b'2014-01-01 00:00:00', b'd30', b'INFO', b'logkit', b'm', None, 0)),
    # 32-bit negative thread
    (b'2016-01-01 00:00:00,000 (-490a0254) :  WARNING (sandbox:19) - m',
     (b'2016-01-01 00:00:00', b'-490a0254', b'WARNING', b'sandbox', b'm', None, 0)),
    # dotted logger name in the module slot, transaction prefix
    (b'2022-01-01 00:00:00,000 (7f00) :  INFO (plex_metadata.guid:115) - [T:ab12] hello',
     (b'2022-01-01 00:00:00', b'7f00', b'INFO', b'plex_metadata.guid', b'hello', None, 0)),
    # console form with identifier column
    (b'2015-11-02 19:38:00,787 - com.plexapp.agents.subzero       (-c2bb470) :  INFO (logger:31) - msg',
     (b'2015-11-02 19:38:00', b'-c2bb470', b'INFO', b'logger', b'msg', b'com.plexapp.agents.subzero', 0)),
    # syslog-wrapped console form
    (b'Mar 25 15:01:56 HOST sh[24490]: 2015-11-02 19:38:00,787 - com.plexapp.agents.x   (7f1) :  ERROR (a:1) - m',
     (b'2015-11-02 19:38:00', b'7f1', b'ERROR', b'a', b'm', b'com.plexapp.agents.x', 0)),
    # padded verbose form, level after the parenthesis
    (b'2017-03-12 13:30:46,226 (    +1784/logkit         /Info              /  16) INFO     msg',
     (b'2017-03-12 13:30:46', b'+1784', b'INFO', b'logkit', b'msg', None, 0)),
    # Hama private log
    (b'2019-10-14 12:00:53,014 - 70000919d000 - Handling request GET x',
     (b'2019-10-14 12:00:53', b'70000919d000', b'INFO', b'hama', b'Handling request GET x', None, 0)),
    # prefix-less paste
    (b'CRITICAL (agentkit:1018) - Exception in the search function',
     (None, None, b'CRITICAL', b'agentkit', b'Exception in the search function', None, 0)),
    (b'DEBUG (logger:21) - x$', (None, None, b'DEBUG', b'logger', b'x$', None, 0)),
    # leading fragment of a previous line before the real prefix
    (b'bytes2020-06-08 17:07:32,866 (7f4c) :  ERROR (networking:196) - m',
     (b'2020-06-08 17:07:32', b'7f4c', b'ERROR', b'networking', b'm', None, 0)),
    # server: decimal thread, ASCII dash
    (b'Feb 22, 2019 09:52:44.277 [6740] DEBUG - Issuing search query: x',
     (b'2019-02-22 09:52:44', b'6740', b'DEBUG', b'pms', b'Issuing search query: x', None, 1)),
    # server: hex thread, em dash, title case
    (u'Oct 06, 2022 03:14:31.825 [0xf1a2fd80] Error \u2014 Timeout'.encode('utf-8'),
     (b'2022-10-06 03:14:31', b'0xf1a2fd80', b'ERROR', b'pms', b'Timeout', None, 1)),
    # server: localized level, request tag, 15-digit thread
    (u'Jun 04, 2024 14:13:53.956 [225933063483440] [Req#30c/HCl#13f] Depuraci\u00f3n \u2014 m'.encode('utf-8'),
     (b'2024-06-04 14:13:53', b'225933063483440', b'DEBUG', b'pms', b'm', None, 1)),
    (u'Jun 04, 2024 14:13:53.956 [1] Advertencia \u2014 m'.encode('utf-8'),
     (b'2024-06-04 14:13:53', b'1', b'WARNING', b'pms', b'm', None, 1)),
    # server line with a grep file-name prefix
    (b'./Plex Media Server.log:Feb 22, 2019 09:52:44.277 [6740] WARN - w',
     (b'2019-02-22 09:52:44', b'6740', b'WARNING', b'pms', b'w', None, 1)),
]


@pytest.mark.parametrize('line,expected', CASES)
def test_parse_variants(line, expected):
    assert lines.parse(line) == expected


@pytest.mark.parametrize('line', [case[0] for case in CASES] + [b'  File "x", line 1, in f', b'', b'\xff'])
def test_parse_is_framework_match_else_parse_other(line):
    """feed_lines inlines parse() as these two steps."""
    m = lines.FRAMEWORK_MATCH(line)
    if m is not None:
        expected = (m.group(1), m.group(2), m.group(3), m.group(4), lines.strip_txn(line[m.end():]), None,
                    lines.KIND_PLUGIN)
    else:
        expected = lines.parse_other(line)
    assert lines.parse(line) == expected


@pytest.mark.parametrize('line', [
    b'  File "/x/y.py", line 3, in f',
    b'    agent.search(*f_args)',
    b'HTTPError: HTTP Error 403: Forbidden',
    b'',
    b'\xff\xfe\x00garbage',
    b'...',
])
def test_non_records(line):
    assert lines.parse(line) is None


def test_strip_syslog_on_continuation():
    assert lines.strip_syslog(b'Mar 25 15:01:56 nas sh[1]:   File "a", line 1, in b') == b'  File "a", line 1, in b'
    assert lines.strip_syslog(b'  File "a"') == b'  File "a"'


def test_ts_shift():
    assert lines.ts_shift(b'2024-05-02 01:00:00', 2) == b'2024-05-01 23:00:00'


def strptime_seconds(ts):
    """ts_seconds as it was: strptime for every time."""
    try:
        when = datetime.datetime.strptime(ts.decode('ascii'), '%Y-%m-%d %H:%M:%S')
    except (ValueError, AttributeError):
        return None
    delta = when - datetime.datetime(2000, 1, 1)
    return delta.days * 86400 + delta.seconds


def test_ts_seconds_reads_fields_as_strptime_does():
    """Out-of-range fields (month 13, Feb 30, hour 24, second 60, year 0) are refused alike."""
    years = (b'0000', b'0001', b'1999', b'2000', b'2024', b'2100', b'9999')
    fields = itertools.product(years, (0, 1, 2, 12, 13, 99), (0, 1, 28, 29, 30, 31, 32), (0, 23, 24), (0, 59, 60),
                               (0, 59, 60, 61, 99))
    for year, month, day, hour, minute, second in fields:
        ts = year + ('-%02d-%02d %02d:%02d:%02d' % (month, day, hour, minute, second)).encode('ascii')
        assert lines.ts_seconds(ts) == strptime_seconds(ts), ts
    for ts in (None, b'', b'2024-05-02 03:22:18 ', b' 2024-05-02 03:22:18', b'2024-05-02 3:22:18', b'2024-5-2 03:22:18',
               b'2024-05-02T03:22:18', b'2024-05-02 03:22:1\xff', b'2024-05-02 03:22:18\n', u'2024-05-02 03:22:18'):
        assert lines.ts_seconds(ts) == strptime_seconds(ts), ts
    assert lines.ts_seconds(b'2000-01-02 00:00:01') == 86401


def test_server_level_words_are_remembered_but_not_changed():
    words = [b'DEBUG', b'Debug', b'ERROR', b'Fehler', b'Advertencia', b'Kritisch', b'whatever'] + [
        ('w%d' % n).encode('ascii') for n in range(300)]
    first = [lines.server_level(word) for word in words]
    assert first[:7] == [lines.DEBUG, lines.DEBUG, lines.ERROR, lines.ERROR, lines.WARNING, lines.CRITICAL, lines.INFO]
    assert [lines.server_level(word) for word in words] == first


def test_strip_paste_prefix_on_continuation_lines():
    exc = b'HTTPError: HTTP Error 403: Forbidden'
    frame = b'  File "/p/Plug-ins/A.bundle/Contents/Code/__init__.py", line 3, in search'
    for prefix in (b'', b'Mar 10 18:00:00 my-nas-hostname plexmediaserver[24490]: ', b'plex  | ', b'plex_1  | ',
                   b'./com.plexapp.agents.x.log:', b'com.plexapp.agents.x.log:120:', b'x.log-', b'12: ', b'  12 | ',
                   b'| 12 | ', b'     7\t'):
        assert lines.strip_paste_prefix(prefix + exc) == exc, prefix
        assert lines.strip_paste_prefix(prefix + frame).lstrip() == frame.lstrip(), prefix
    # what is not a prefix stays
    for line in (b'    x = y[0]', b'    1/0', b'ValueError: a | b', b'urllib2.URLError: x', b'Title: x'):
        assert lines.strip_paste_prefix(line) == line, line
