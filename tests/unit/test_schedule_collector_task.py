# -*- coding: utf-8 -*-
"""The background collector: ticks on a timer, keeps the days the pref asks for, and keeps
running totals and losses in the state for Status."""
from __future__ import absolute_import, division, print_function

import io
import os
import shutil

import pytest

from pleximprovement import runtime
from pleximprovement.menu import app as app_module
from pleximprovement.read import collector
from pleximprovement.schedule import collector_task

BUNDLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'PlexImprovement.bundle')
SERVER_LOGS = os.path.join(os.path.dirname(BUNDLE), 'tests', 'fixtures', 'logs', 'server')


def make_app(tmpdir, **prefs):
    rt = runtime.local_runtime(str(tmpdir), prefs=prefs, bundle_path=BUNDLE)
    return app_module.App(rt)


def test_collector_tick_shows_on_status_and_reschedules(tmpdir):
    logs = tmpdir.join('Logs')
    shutil.copytree(SERVER_LOGS, str(logs))
    application = make_app(tmpdir.join('support'), logs_path=str(logs))
    titles = [e['title'] for e in application.status()['entries']]
    assert 'Background log collection has not run yet' in titles
    application.collector.tick()
    try:
        assert len(application.rt.tasks.timers) == 1  # the next tick is scheduled
    finally:
        application.rt.tasks.cancel_all()
    titles = [e['title'] for e in application.status()['entries']]
    ran = [t for t in titles if t.startswith('Background log collection last ran')]
    assert ran and ' new in ' in ran[0]
    collected = [t for t in titles if t.startswith('Collected so far: ')]
    assert collected and not collected[0].startswith('Collected so far: 0 ')


@pytest.mark.parametrize('keep_days, kept', [(None, set()), ('0', {'2024-05-01', '2024-05-02'}),
                                             ('101', {'2024-05-02'})])
def test_collector_tick_keeps_the_days_the_pref_asks_for(tmpdir, keep_days, kept):
    logs = tmpdir.join('Logs')
    shutil.copytree(SERVER_LOGS, str(logs))
    prefs = {'logs_path': str(logs)}
    if keep_days is not None:
        prefs['collector_keep_days'] = keep_days
    application = make_app(tmpdir.join('support'), **prefs)
    application.rt.clock.now = lambda: 1714680000.0 + 100 * 86400     # 100 days after the fixture's day
    try:
        application.collector.tick()
    finally:
        application.rt.tasks.cancel_all()
    store = application.rt.store
    assert collector.saved_days(store) | set(collector.parts_on_disk(store)) == kept
    titles = [e['title'] for e in application.status()['entries']]
    assert not [t for t in titles if t.startswith('Collected so far: 0 ')]     # a pruned day still counted


def test_collected_totals_run_per_tick_and_match_the_saved_days(tmpdir):
    """Status totals are kept by adding each tick's counts; they must equal a full merge of
    what the collector saved, also after a tick that was never recorded."""
    logs = tmpdir.join('Logs')
    shutil.copytree(SERVER_LOGS, str(logs))
    application = make_app(tmpdir.join('support'), logs_path=str(logs))
    plugin_log = [os.path.join(str(logs), 'PMS Plugin Logs', n) for n in os.listdir(str(logs.join('PMS Plugin Logs')))
                  if n.endswith('.log')][0]
    with io.open(plugin_log, 'rb') as handle:
        lines = handle.read().splitlines(True)
    tick = collector.LogCollector(application.rt, logs_dir=str(logs)).tick

    def totals():
        return application.state.read()['collector']['collected_totals']

    def saved():
        return collector.collected_snapshot(application.rt.store)['totals']

    application.collector.record(tick())
    first = totals()
    assert first == saved() and first['total_search_ops'] > 0
    for unrecorded in (False, True):
        with io.open(plugin_log, 'ab') as handle:
            handle.write(b''.join(lines))
        summary = tick()
        if unrecorded:      # this tick's summary is lost: the next one merges the saved days
            with io.open(plugin_log, 'ab') as handle:
                handle.write(b''.join(lines))
            summary = tick()
        application.collector.record(summary)
        assert totals() == saved()
    assert totals()['total_search_ops'] > first['total_search_ops']      # the appended copies counted


def test_collector_loss_and_errors_are_shown_not_hidden(tmpdir):
    application = make_app(tmpdir)
    application.collector.record({'tick': 1, 'files': 3, 'bytes_read': 10, 'lost': {'bytes_estimated': 3 * 1048576}})
    application.collector.record({'tick': 2, 'files': 3, 'bytes_read': 10, 'lost': {'bytes_estimated': 1048576}})
    titles = [e['title'] for e in application.status()['entries']]
    assert any(t.startswith('About 4.0 MB of log lines rotated away') for t in titles)
    application.collector.record({'tick': 3, 'files': 0, 'bytes_read': 0, 'lost': None, 'error': 'no such folder'})
    titles = [e['title'] for e in application.status()['entries']]
    assert any('could not read the logs: no such folder' in t for t in titles)
    events = [a['event'] for a in application.state.read()['audit']]
    assert events.count('collector_loss') == 2 and 'collector_error' in events


def test_a_refresh_the_contributor_saw_brings_the_next_tick_forward_once(tmpdir):
    application = make_app(tmpdir)
    task = application.collector
    clock = {'now': 1000.0}
    application.rt.clock.now = lambda: clock['now']
    try:
        assert task.wake() is None                      # no timer yet: the collector was never started
        task.schedule()                                 # due in 5 minutes
        first = task.timer
        woken = task.wake()
        assert woken is not None and task.due == 1000.0 + collector_task.WAKE_DELAY
        assert not first.is_alive() or first.finished.is_set()    # the later tick was cancelled
        clock['now'] += 5
        assert task.wake() is None and task.timer is woken      # already due sooner: left alone
        application.contributions.searched(object(), 'en')       # the contributor's record wakes it too
        assert task.timer is woken
    finally:
        application.rt.tasks.cancel_all()


def test_no_wake_while_a_tick_runs_or_when_collection_is_off(tmpdir):
    application = make_app(tmpdir, collector_interval_minutes='0')
    try:
        application.collector.timer = object()
        assert application.collector.wake() is None
        on = make_app(tmpdir.join('on'))
        on.collector.schedule()
        on.collector.ticking = True
        assert on.collector.wake() is None
        on.rt.tasks.cancel_all()
    finally:
        application.rt.tasks.cancel_all()
