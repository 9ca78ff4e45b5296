# -*- coding: utf-8 -*-
"""The kit stand-ins: prefs with defaults, the plain log, background tasks that can be cancelled."""
from __future__ import absolute_import, division, print_function

import json
import threading

from pleximprovement.runtime.kits import DictPrefs, KitPrefs, StreamLog, Tasks, load_default_prefs


def test_default_prefs_are_decoded_like_the_framework(tmpdir):
    items = [{'id': 'flag', 'type': 'bool', 'default': 'true'}, {'id': 'path', 'type': 'text', 'default': ''},
             {'id': 'hours', 'type': 'text', 'default': '24'}]
    tmpdir.join('DefaultPrefs.json').write_binary(json.dumps(items).encode('utf-8'))
    assert load_default_prefs(str(tmpdir)) == {'flag': True, 'path': None, 'hours': '24'}
    assert load_default_prefs(str(tmpdir.join('missing'))) == {}


def test_prefs_set_values_win_over_defaults_and_unknown_ids_are_none():
    prefs = DictPrefs({'a': '1'}, {'a': '0', 'b': '2'})
    assert (prefs.get('a'), prefs.get('b'), prefs.get('c')) == ('1', '2', None)
    assert KitPrefs({'a': 'x'}).get('nope') is None


def test_stream_log_keeps_lines_and_the_traceback():
    log = StreamLog()
    log.info('read %d files', 3)
    log.warning('100%')
    try:
        raise ValueError('boom')
    except ValueError:
        log.exception('failed')
    assert log.lines[:3] == ['INFO - read 3 files', 'WARNING - 100%', 'CRITICAL - failed']
    assert 'ValueError: boom' in log.lines[3]


def test_cancel_all_stops_timers_and_joins_threads():
    tasks = Tasks()
    fired = threading.Event()
    done = threading.Event()
    tasks.timer(60, 'later', fired.set)
    tasks.spawn('now', done.set)
    tasks.cancel_all()
    assert done.is_set() and not fired.is_set()
    assert tasks.timers == [] and tasks.threads == []
