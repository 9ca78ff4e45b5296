# -*- coding: utf-8 -*-
"""The loop's menu pages: the owner's token and a confirmation before anything runs, two
triggers at once (the second answers "already running since ..."), resuming at Start."""
from __future__ import absolute_import, division, print_function

import os
import threading

from pleximprovement import runtime
from pleximprovement.loop.lock import LoopLock
from pleximprovement.loop.record import LoopRecord
from pleximprovement.menu import app as app_module
from pleximprovement.menu.fixes import fixes_data_dir
from pleximprovement.menu.guard import ask

BUNDLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'PlexImprovement.bundle')
OWNER = 'owner-token-123'


def make_app(tmpdir, **prefs):
    return app_module.App(runtime.local_runtime(str(tmpdir), prefs=prefs, bundle_path=BUNDLE, token=OWNER))


def test_run_needs_the_owners_token_then_a_confirmation(tmpdir):
    application = make_app(tmpdir)
    assert application.loop.run(ask(None, None))['header'] != 'Started'
    assert application.loop.run(ask('someone-else', '1'))['header'] != 'Started'
    confirm = application.loop.run(ask(OWNER, None))
    assert 'change nothing' in confirm['message']       # automatic fixes off: it says so
    assert any('confirm=1' in (e['path'] or '') for e in confirm['entries'])
    assert application.jobs.running() is None


def test_a_second_trigger_answers_already_running_since(tmpdir):
    application = make_app(tmpdir)
    release = threading.Event()
    assert application.jobs.start('loop', lambda job: release.wait(10))
    try:
        busy = application.loop.run(ask(OWNER, '1'))
        assert 'already running since' in busy['message'] and busy['entries']
    finally:
        release.set()


def test_a_loop_run_from_the_command_line_on_the_same_data_folder_counts(tmpdir):
    application = make_app(tmpdir)
    lock = LoopLock(fixes_data_dir(application.rt.paths))
    lock.acquire()
    try:
        assert 'already running since' in application.loop.run(ask(OWNER, '1'))['message']
    finally:
        lock.release()


def test_a_session_cut_by_a_restart_resumes_at_start(tmpdir):
    application = make_app(tmpdir)
    record = LoopRecord(application.rt.store)
    record.begin('menu', False, 3, {'max_iterations': 3, 'plateau_threshold': 5.0, 'plateau_window': 2,
                                    'target_success_rate': 90.0})
    timers = []
    application.rt.tasks.timer = lambda seconds, name, fn, *args: timers.append((seconds, name))
    assert application.loop.resume_at_start() is True
    assert timers == [(60.0, 'loop-resume')]
    record.state['status'] = 'finished'
    record.save()
    assert application.loop.resume_at_start() is False
