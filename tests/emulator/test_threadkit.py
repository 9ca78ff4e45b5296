# -*- coding: utf-8 -*-
"""Thread kit, stop(), reload(), and several emulators in one process."""
from __future__ import absolute_import, division, print_function

import os
import threading

from .conftest import BASIC, log_lines, make_bundle, read_text

CODE = '''# -*- coding: utf-8 -*-
RESULTS = []


def Start():
    pass


@handler('/video/th', 'TH')
def Main():
    return 'main'


def Worker(tag=None, stop=None):
    RESULTS.append((tag, str(Request.Headers.get('X-Test'))))
    if stop is not None:
        stop.wait(5)


@route('/video/th/spawn')
def Spawn():
    Thread.Create(Worker, True, tag='globalized')
    Thread.Create(Worker, False, tag='plain')
    return 'ok'


def Boom():
    raise ValueError('thread boom')
'''


def test_create_globalize_and_context(emulators, app_support):
    emu = emulators(make_bundle(app_support + '-b', 'Threads', CODE), app_support)
    assert emu.request('/video/th/spawn', headers={'X-Test': 'hdr'}).body == b'ok'
    for thread in list(emu.runtime.threads):
        thread.join(5)
    results = sorted(emu.globals['RESULTS'])
    assert results == [('globalized', 'hdr'), ('plain', 'None')]
    assert any("DEBUG (runtime:1117) - Created a thread named 'Worker'" in line_ for line_ in log_lines(emu))


def test_thread_exception_logged(emulators, app_support):
    emu = emulators(make_bundle(app_support + '-b', 'ThreadBoom', CODE), app_support)
    emu.globals['Thread'].Create(emu.globals['Boom']).join(5)
    assert "CRITICAL (runtime:1128) - Exception in thread named 'Boom' (most recent call last):" in \
        read_text(emu.log_path)


def test_stop_cancels_timers_and_joins_threads(emulators, app_support):
    emu = emulators(make_bundle(app_support + '-b', 'Stopper', CODE), app_support)
    before = threading.active_count()
    stop = threading.Event()
    emu.globals['Thread'].Create(emu.globals['Worker'], stop=stop)
    timer = emu.globals['Thread'].CreateTimer(60, emu.globals['Worker'])
    assert any("Scheduled a timed thread named 'Worker'" in line_ for line_ in log_lines(emu))
    stop.set()
    assert emu.stop() == []
    assert not timer.is_alive()
    assert threading.active_count() <= before


def test_two_emulators_side_by_side(emulators, app_support, tmpdir):
    other_support = os.path.join(str(tmpdir), 'other', 'Plex Media Server')
    first = emulators(BASIC, app_support)
    second = emulators(make_bundle(app_support + '-b', 'Second', CODE), other_support)
    third = emulators(make_bundle(app_support + '-c', 'Third', CODE), app_support)
    assert first.request('/applications/basic/text').body == b'plain text'
    assert second.request('/video/th').body == b'main'
    assert third.request('/video/th').body == b'main'
    assert len({first.log_path, second.log_path, third.log_path}) == 3
    assert 'Handling request GET /video/th' not in read_text(first.log_path)
    assert 'Handling request GET /applications/basic' not in read_text(second.log_path)
    assert second.globals['Log'] is not third.globals['Log']
    first.globals['Dict']['k'] = 1
    assert third.globals['Dict']['k'] is None


def test_reload_rolls_log_and_rereads_code(emulators, app_support):
    bundle = make_bundle(app_support + '-b', 'Reload', CODE)
    emu = emulators(bundle, app_support)
    with open(os.path.join(bundle, 'Contents', 'Code', '__init__.py'), 'ab') as handle:
        handle.write(b"\n\n@route('/video/th/new')\ndef New():\n    return 'new'\n")
    assert emu.request('/video/th/new').status == 404
    emu.reload()
    assert emu.request('/video/th/new').body == b'new'
    assert 'Handling request GET /video/th/new' in read_text(emu.log_path + '.1')


def test_named_semaphores_locks_and_events_are_shared(emulators, app_support):
    """components/runtime.py: a key names one object for the whole plug-in; no key = a new one.
    A named semaphore keeps the limit it was created with."""
    emu = emulators(make_bundle(app_support + '-b', 'Sems', CODE), app_support)
    kit = emu.globals['Thread']
    first = kit.Semaphore('downloads', 2)
    assert kit.Semaphore('downloads') is first and kit.Semaphore('downloads', 5) is first
    assert kit.Semaphore() is not kit.Semaphore()
    assert kit.Semaphore('other') is not first
    assert first.acquire(False) and first.acquire(False) and not first.acquire(False)
    assert kit.Lock('k') is kit.Lock('k') and kit.Lock() is not kit.Lock()
    assert kit.Event('e') is kit.Event('e')
