# -*- coding: utf-8 -*-
"""The plug-in's own schedule: off, or daily at HH:MM (the Prefs `schedule`, `schedule_time`).

In: the runtime (clock, timers), the state (state.py: `tasks`), the job runner, the Settings and
the two things a scheduled run may start: `start_loop(trigger)` (-> True when it started) and
`start_phases()` (aggregate then diagnose as one job, -> True when it started). Out: a framework
timer for the next run; at the run, the loop when "Apply fixes automatically" is on, else only
aggregate and diagnose; and the task's record in the state: next run, last run, its duration,
running flag and last error, which Status shows. A run never overlaps a running job (the loop
included): it is skipped and the reason recorded. The timer is set again at every Start and
after every run, from the Prefs, so the schedule survives restarts; a running flag left by a
process that died is cleared at Start (clear_stale).
"""
from __future__ import absolute_import, division, print_function

import datetime
import time

TASK = 'daily'


def next_run(now, hour, minute):
    """Epoch seconds of the next local HH:MM strictly after `now`."""
    today = datetime.datetime.fromtimestamp(now).replace(hour=hour, minute=minute, second=0, microsecond=0)
    when = today if time.mktime(today.timetuple()) > now else today + datetime.timedelta(days=1)
    return time.mktime(when.timetuple())


class DailyTask(object):
    """The daily run's timer and record (see the module docstring)."""

    def __init__(self, runtime, state, jobs, current_settings, start_loop, start_phases):
        self.rt = runtime
        self.state = state
        self.jobs = jobs
        self.current_settings = current_settings
        self.start_loop = start_loop
        self.start_phases = start_phases
        self.timer = None

    def record(self, **values):
        def change(state):
            state.setdefault('tasks', {}).setdefault(TASK, {}).update(values)
        self.state.update(change)

    def info(self):
        return (self.state.read().get('tasks') or {}).get(TASK) or {}

    def clear_stale(self):
        """At Start: a run marked running belonged to a process that is gone."""
        if self.info().get('running'):
            self.record(running=False, last_error='interrupted by a restart')

    def schedule(self):
        """(Re)arm the timer from the Prefs; returns the next run's time or None when off."""
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        settings = self.current_settings()
        if settings.schedule != 'daily':
            self.record(next_run=None)
            return None
        when = next_run(self.rt.clock.now(), settings.schedule_time[0], settings.schedule_time[1])
        self.record(next_run=when)
        self.timer = self.rt.tasks.timer(max(0.0, when - self.rt.clock.now()), 'schedule-daily', self.fire)
        return when

    def fire(self):
        """The timer's call: start the run unless a job runs, record it, arm the next one."""
        now = self.rt.clock.now()
        running = self.jobs.running()
        try:
            if running is not None:
                self.record(last_run=now, duration=0.0, running=False,
                            last_error='skipped: the job %s was running' % (running,))
            else:
                auto = self.current_settings().allow_automatic_fixes
                # Marked running before the job starts: a quick job's finished() must come after.
                self.record(last_run=now, running=True, duration=None, last_error=None,
                            what='loop' if auto else 'aggregate and diagnose')
                if not (self.start_loop('schedule') if auto else self.start_phases()):
                    self.record(running=False, last_error='skipped: another job had just started')
        except Exception as error:  # noqa: BLE001 - a failed start is recorded; the schedule goes on
            self.record(last_run=now, running=False, last_error='%s: %s' % (type(error).__name__, error))
        self.schedule()

    def finished(self, started, error=None):
        """Called by the scheduled job when it ends."""
        self.record(running=False, duration=round(self.rt.clock.now() - started, 1), last_error=error)
