# -*- coding: utf-8 -*-
"""The daily schedule: the next run time, a run that starts the loop or only the phases, never
over a running job, and a record that survives a restart (stale running flag cleared)."""
from __future__ import absolute_import, division, print_function

import datetime
import os
import threading
import time

from pleximprovement import runtime
from pleximprovement.menu import app as app_module
from pleximprovement.schedule.daily import next_run

BUNDLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'PlexImprovement.bundle')


def local(hour, minute, day=5):
    return time.mktime(datetime.datetime(2026, 12, day, hour, minute).timetuple())


def test_next_run_is_today_when_still_ahead_else_tomorrow():
    assert next_run(local(2, 0), 3, 0) == local(3, 0)
    assert next_run(local(3, 0), 3, 0) == local(3, 0, day=6)
    assert next_run(local(23, 59), 0, 30) == local(0, 30, day=6)


def make_app(tmpdir, **prefs):
    application = app_module.App(runtime.local_runtime(str(tmpdir), prefs=prefs, bundle_path=BUNDLE))
    timers = []
    application.rt.tasks.timer = lambda seconds, name, fn, *args: timers.append((name, fn)) or FakeTimer()
    return application, timers


class FakeTimer(object):
    def cancel(self):
        pass


def test_off_by_default_and_said_so(tmpdir):
    application, timers = make_app(tmpdir)
    assert application.daily.schedule() is None
    assert any(e['title'] == 'Daily run: off (Prefs: Schedule)' for e in application.status()['entries'])


def test_a_run_with_automatic_fixes_off_only_aggregates_and_diagnoses(tmpdir):
    application, timers = make_app(tmpdir, schedule='daily', schedule_time='03:00')
    started = []
    application.daily.start_phases = lambda: started.append('phases') or True
    application.daily.start_loop = lambda trigger: started.append('loop') or True
    assert application.daily.schedule() is not None
    application.daily.fire()
    assert started == ['phases'] and application.daily.info()['running'] is True
    assert [name for name, _fn in timers].count('schedule-daily') == 2     # armed again after the run


def test_a_run_never_overlaps_a_running_loop(tmpdir):
    application, _timers = make_app(tmpdir, schedule='daily', allow_automatic_fixes='true')
    started = []
    application.daily.start_loop = lambda trigger: started.append(trigger) or True
    release = threading.Event()
    assert application.jobs.start('loop', lambda job: release.wait(10))
    try:
        application.daily.fire()
    finally:
        release.set()
    assert started == [] and 'skipped: the job loop was running' in application.daily.info()['last_error']


def test_the_schedule_survives_a_restart_and_a_stale_running_flag_is_cleared(tmpdir):
    first, _timers = make_app(tmpdir, schedule='daily', schedule_time='04:30')
    first.daily.record(running=True)
    second, timers = make_app(tmpdir, schedule='daily', schedule_time='04:30')
    second.start()
    info = second.daily.info()
    assert info['running'] is False and info['last_error'] == 'interrupted by a restart'
    assert 'schedule-daily' in [name for name, _fn in timers]
    assert datetime.datetime.fromtimestamp(info['next_run']).strftime('%H:%M') == '04:30'
    second.stop_all()


def test_the_scheduled_phases_job_runs_and_records_its_end(tmpdir):
    application, _timers = make_app(tmpdir, schedule='daily')
    application.phases.aggregate = lambda job, settings: None
    application.phases.diagnose = lambda job, settings: {'findings': 0}
    assert application.scheduled_phases()
    deadline = time.time() + 10
    while application.jobs.running() and time.time() < deadline:
        time.sleep(0.02)
    info = application.daily.info()
    assert info['running'] is False and info['duration'] is not None and info['last_error'] is None
