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


def test_a_lone_exception_line_is_a_traceback_and_a_failed_fetch():
    """`HTTPError: HTTP Error 403: Forbidden` alone (a pasted tail): one traceback, one failed
    fetch (http 403); `Title: x` is not an exception line."""
    snap = feed([b'HTTPError: HTTP Error 403: Forbidden', b'Title: x'])
    a = snap['agents']['a']
    assert (a['tracebacks'], a['url_errors'], a['statuses']) == (1, 1, {'403': 1})
    assert snap['skipped'] == {'unparsed': 1}


def test_paste_prefixes_are_read_through():
    """Continuation lines keep their meaning under a gutter, a grep name or a compose column."""
    for prefix in (b'12: ', b'  12 | ', b'| 12 | ', b'12\t', b'x.log:12:', b'plex  | '):
        snap = feed([prefix + b'URLError: <urlopen error timed out>'])
        a = snap['agents']['a']
        assert (a['tracebacks'], a['url_errors_by_class']) == (1, {'timeout': 1}), prefix


def test_model_errors_noise_and_unclassified():
    # `Cannot read model from` is what the framework logs on the first update of every item
    # (no model folder yet: modelling/model.py _read): noise, not a model error. Hand count:
    # model errors 2 (the deserializing exception, the missing Info.xml), noise 2.
    snap = feed([H % 1 + b'ERROR (model:205) - Cannot read model from /x',
                 H % 2 + b'ERROR (__init__:1) - Generating a callback path for a function with no route',
                 H % 3 + b'ERROR (__init__:1) - boom 12',
                 H % 4 + b"CRITICAL (model:203) - Exception deserializing Movie with guid 'a://1' (/x)",
                 H % 5 + b'ERROR (model:236) - Unable to deserialize object at /y'])
    assert snap['model']['count'] == 2 and snap['agents']['a']['model_errors'] == 2
    assert snap['noise'] == {'no_route_callback': 1, 'model_not_created_yet': 1}
    assert [g['template'] for g in snap['unclassified']] == [u'boom <n>']


def test_cannot_read_model_on_a_first_update_is_not_a_model_error():
    """What the emulator (and the framework) writes on an item's first update."""
    update = (b'DEBUG (runtime:717) - Handling request GET /:/plugins/a/messaging/function/'
              b'X0FnZW50S2l0OlVwZGF0ZU1ldGFkYXRh/MQo_/MQo_')
    snap = feed([H % 1 + update,
                 H % 1 + b"DEBUG (model:32) - Loading model with GUID a://1?lang=en",
                 H % 1 + b'ERROR (model:205) - Cannot read model from /data/Metadata/Movies/a/bc.bundle/Contents/a',
                 H % 2 + b'DEBUG (model:229) - Serializing to /data/Metadata/Movies/a/bc.bundle/Contents/a/Info.xml',
                 H % 2 + b'DEBUG (runtime:924) - Response: [200] str, 5 bytes'])
    a = snap['agents']['a']
    assert (a['model_errors'], a['updates_ok'], snap['model']['count']) == (0, 1, 0)
    assert snap['unclassified'] == [] and snap['noise'] == {'model_not_created_yet': 1}


def test_system_plugin_search_lines_count_for_the_searched_agent():
    """The System plug-in's `Searching for <type> in <agent>` (agentservice) is a server-side
    witness of that agent's search; it is used only for an agent without lines of its own."""
    snap = feed([H % 1 + b"INFO (agentservice:228) - Searching for Movie in com.x ({'name': 'T'})",
                 H % 2 + b"INFO (agentservice:228) - Searching for Movie in com.x ({'name': 'U'})"],
                agent='com.plexapp.system')
    x = snap['agents']['com.x']
    assert (x['search_ops_system'], x['total_search_ops'], x['outcome_unknown']) == (2, 2, 2)
    assert snap['agents']['com.plexapp.system']['total_search_ops'] == 0


def test_restarts_and_unknown_agent():
    snap = feed([H % 1 + b'INFO (core:349) - Starting framework core'], agent=None)
    assert snap['agents']['unknown']['restarts'] == 1
