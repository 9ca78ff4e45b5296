# -*- coding: utf-8 -*-
"""read/routing.py: each record told to what it means; lines that are not records."""
from __future__ import absolute_import, division, print_function

from pleximprovement.read.accumulator import MetricsAccumulator

from log_lines import H


def feed(lines, agent='a', **kw):
    acc = MetricsAccumulator(**kw)
    acc.begin_file(agent)
    acc.feed_lines(lines)
    acc.end_file()
    acc.finish()
    return acc.snapshot()


def test_server_log_lines():
    lines = [b'May 02, 2024 21:30:00.000 [6740] DEBUG - Issuing search query: '
             b'http://h/system/agents/search?identifier=com.x&title=T',
             b'May 02, 2024 21:30:01.000 [6740] ERROR - Database is locked 12']
    snap = feed(lines, agent=None)
    assert snap['agents']['com.x']['search_ops_server'] == 1
    assert [(g['template'], g['agents']) for g in snap['unclassified']] == [(u'Database is locked <n>', {u'pms': 1})]
    snap = feed(lines, agent=None, agent_filter=u'other')
    assert snap['agents'] == {} and snap['unclassified'] == []


def test_records_before_the_window_are_dropped_with_their_continuations():
    snap = feed([H % 1 + b'ERROR (x:1) - early', b'  continued', H % 9 + b'ERROR (x:1) - late'],
                window_start=b'2024-05-02 21:00:05')
    assert [g['template'] for g in snap['unclassified']] == [u'late']
    assert snap['skipped'] == {'outside_window': 2}


def test_lines_that_are_not_records():
    snap = feed([b'no record yet', b'bin\x01ary'])
    assert snap['skipped'] == {'unparsed': 1, 'binary': 1}


def test_model_errors_noise_and_unclassified():
    snap = feed([H % 1 + b'ERROR (model:205) - Cannot read model from /x',
                 H % 2 + b'ERROR (__init__:1) - Generating a callback path for a function with no route',
                 H % 3 + b'ERROR (__init__:1) - boom 12'])
    assert snap['model']['count'] == 1 and snap['agents']['a']['model_errors'] == 1
    assert snap['noise'] == {'no_route_callback': 1}
    assert [g['template'] for g in snap['unclassified']] == [u'boom <n>']


def test_restarts_and_unknown_agent():
    snap = feed([H % 1 + b'INFO (core:349) - Starting framework core'], agent=None)
    assert snap['agents']['unknown']['restarts'] == 1
